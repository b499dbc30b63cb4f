"""Fetch dlt's own REST-helper tests at a pinned version into a cache outside the repository.

    python tests/compat/fetch_dlt_tests.py                   # try the sources below in turn
    python tests/compat/fetch_dlt_tests.py --from ~/src/dlt   # a checkout of dlt's repository
    python tests/compat/fetch_dlt_tests.py --archive dlt-1.31.0.tar.gz

Sources, in order: dlt's sdist on PyPI (`pip download`; dlt's sdists have shipped without
tests so far, so this usually finds nothing), then dlt's source archive for the version tag
from its public repository. The files land in `<cache>/dlt-<version>/tests/...` with the
package markers and a minimal pytest.ini; nothing of dlt's is ever written into this
repository. The cache is $RESTWRIGHT_CACHE, else $XDG_CACHE_HOME/restwright, else
~/.cache/restwright. tests/compat/test_dlt_suite.py runs what it finds there and skips when
nothing is there.

Running the suite also needs `pip install -e '.[test,compat]'` (requests-mock, pytest-mock).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path, PurePosixPath

DLT_VERSION = "1.31.0"
ARCHIVE_URL = "https://github.com/dlt-hub/dlt/archive/refs/tags/{version}.tar.gz"

# What the helper suite needs, relative to dlt's repository root: its two test locations and
# the conftest its fixtures come from (the helper conftest re-exports rest_api's).
WANTED_DIRS = ("tests/sources/helpers/rest_client/",)
WANTED_FILES = (
    "tests/sources/helpers/test_requests.py",
    "tests/sources/rest_api/conftest.py",
)
PACKAGES = (
    "tests",
    "tests/sources",
    "tests/sources/helpers",
    "tests/sources/helpers/rest_client",
    "tests/sources/rest_api",
)
PYTEST_INI = (
    "[pytest]\n# Written by restwright's fetch_dlt_tests.py: none of dlt's settings.\n"
)


def cache_root() -> Path:
    explicit = os.environ.get("RESTWRIGHT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "restwright"


def suite_dir(version: str = DLT_VERSION) -> Path:
    """Where the fetched suite lives; `tests/` below it once fetched."""
    return cache_root() / f"dlt-{version}"


def is_fetched(version: str = DLT_VERSION) -> bool:
    return (
        suite_dir(version) / "tests/sources/helpers/rest_client/conftest.py"
    ).is_file()


def wanted(relative: str) -> bool:
    """Whether a repository-relative path is part of the helper suite (no escapes, no dirs)."""
    parts = PurePosixPath(relative).parts
    if not parts or ".." in parts or relative.startswith("/"):
        return False
    return relative in WANTED_FILES or any(
        relative.startswith(prefix) and not relative.endswith("/")
        for prefix in WANTED_DIRS
    )


def write_suite(files: dict[str, bytes], version: str, source: str) -> Path:
    """Write `files` (repository-relative path -> bytes) as the cached suite, replacing any."""
    if not any(name.endswith("rest_client/conftest.py") for name in files):
        raise LookupError(f"{source} has no tests/sources/helpers/rest_client/")
    target = suite_dir(version)
    staging = Path(tempfile.mkdtemp(prefix="dlt-tests-", dir=target.parent))
    for relative, content in files.items():
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for package in PACKAGES:
        marker = staging / package / "__init__.py"
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    (staging / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    (staging / "SOURCE").write_text(f"dlt {version} from {source}\n", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def files_from_archive(data: bytes) -> dict[str, bytes]:
    """The suite's regular files in a source tarball whose members sit under one top folder."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue  # links and devices are never extracted
            _, _, relative = member.name.partition("/")
            if wanted(relative):
                handle = archive.extractfile(member)
                if handle is not None:
                    found[relative] = handle.read()
    return found


def files_from_checkout(root: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in sorted(root.joinpath("tests").rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and wanted(relative):
            found[relative] = path.read_bytes()
    return found


def sdist_from_pypi(version: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                f"dlt=={version}",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                folder,
                "-q",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        sdists = list(Path(folder).glob("dlt-*.tar.gz"))
        if not sdists:
            raise LookupError("pip downloaded no sdist")
        return sdists[0].read_bytes()


def tag_archive(version: str) -> bytes:
    with urllib.request.urlopen(
        ARCHIVE_URL.format(version=version), timeout=60
    ) as reply:
        data: bytes = reply.read()
        return data


def fetch(version: str, checkout: Path | None, archive: Path | None) -> Path:
    cache_root().mkdir(parents=True, exist_ok=True)
    if checkout is not None:
        return write_suite(files_from_checkout(checkout), version, str(checkout))
    if archive is not None:
        return write_suite(
            files_from_archive(archive.read_bytes()), version, str(archive)
        )
    failures: list[str] = []
    for name, download in (
        ("PyPI sdist", sdist_from_pypi),
        ("tag archive", tag_archive),
    ):
        try:
            return write_suite(files_from_archive(download(version)), version, name)
        except Exception as error:  # each source may be unreachable or lack the tests
            failures.append(f"{name}: {type(error).__name__}: {error}")
    raise LookupError("; ".join(failures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--version", default=DLT_VERSION)
    parser.add_argument("--from", dest="checkout", type=Path, help="a dlt checkout")
    parser.add_argument("--archive", type=Path, help="a dlt source tarball")
    args = parser.parse_args(argv)
    try:
        target = fetch(args.version, args.checkout, args.archive)
    except LookupError as error:
        print(f"dlt {args.version}'s helper tests could not be fetched: {error}")
        return 1
    count = sum(1 for _ in target.rglob("test_*.py"))
    print(f"dlt {args.version}'s helper tests ({count} test files) are in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
