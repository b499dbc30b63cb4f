"""dlt's own REST-helper tests, run against restwright_runtime through the import shim.

The suite is fetched by hand (`python tests/compat/fetch_dlt_tests.py`; see its docstring) into
a cache outside the repository; without it the run is skipped. It runs in its own pytest
process (dlt's `tests` package must not meet ours), with `dlt_shim` loaded: every test passes
except the white-box ones `skips.py` skips and the deliberate differences it expects to fail.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from tests.compat import fetch_dlt_tests as fetch

HERE = Path(__file__).resolve().parent


def test_dlt_helper_suite_passes_against_the_runtime(tmp_path: Path) -> None:
    if not fetch.is_fetched():
        pytest.skip(
            f"dlt {fetch.DLT_VERSION}'s helper tests are not in {fetch.suite_dir()};"
            " run `python tests/compat/fetch_dlt_tests.py` (dlt's sdist lacks them, so this"
            " needs dlt's public repository or a checkout of it)"
        )
    for module in ("requests_mock", "pytest_mock"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is missing: pip install -e '.[test,compat]'")
    report_path = tmp_path / "report.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        "RESTWRIGHT_COMPAT_REPORT": str(report_path),
    }
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "dlt_shim",
            "tests/sources/helpers",
        ],
        cwd=fetch.suite_dir(),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert report_path.is_file(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    counts = Counter(report["outcomes"].values())
    failed = sorted(k for k, v in report["outcomes"].items() if v == "failed")
    summary = (
        f"dlt {fetch.DLT_VERSION} helper suite against restwright_runtime:"
        f" {counts['passed']} passed, {counts['white-box']} white-box skipped,"
        f" {counts['difference']} deliberate differences (expected failures),"
        f" {counts['skipped']} skipped by dlt itself, {len(failed)} failed"
    )
    print(summary)
    assert (
        report["stale"] == []
    ), f"skips.py lists tests that are gone: {report['stale']}"
    assert failed == [], summary + "\n" + run.stdout[-6000:]
    assert run.returncode == 0, summary + "\n" + run.stdout[-3000:]


def test_shim_maps_every_dlt_helper_module() -> None:
    """Each module of dlt's two helper packages has a counterpart the shim (and users) import."""
    pytest.importorskip("dlt")
    from tests.compat.dlt_shim import ALIASES

    for package in ("dlt.sources.helpers.rest_client", "dlt.sources.helpers.requests"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        folder = Path(next(iter(spec.submodule_search_locations)))
        for module in [package] + [
            f"{package}.{path.stem}"
            for path in folder.glob("*.py")
            if path.stem != "__init__"
        ]:
            assert module in ALIASES, module
    for target in set(ALIASES.values()):
        assert importlib.import_module(target) is not None


def tarball(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def test_fetch_extracts_only_the_helper_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESTWRIGHT_CACHE", str(tmp_path / "cache"))
    data = tarball(
        {
            "dlt-1.31.0/tests/sources/helpers/rest_client/conftest.py": b"# conftest\n",
            "dlt-1.31.0/tests/sources/helpers/rest_client/test_client.py": b"# t\n",
            "dlt-1.31.0/tests/sources/helpers/test_requests.py": b"# r\n",
            "dlt-1.31.0/tests/sources/rest_api/conftest.py": b"# fixtures\n",
            "dlt-1.31.0/tests/sources/rest_api/test_other.py": b"# not wanted\n",
            "dlt-1.31.0/dlt/__init__.py": b"# not wanted\n",
            "dlt-1.31.0/tests/sources/helpers/rest_client/../../../../../evil.py": b"x",
        },
        links={"dlt-1.31.0/tests/sources/helpers/rest_client/link.py": "/etc/passwd"},
    )
    archive = tmp_path / "dlt.tar.gz"
    archive.write_bytes(data)
    assert fetch.main(["--archive", str(archive)]) == 0
    root = fetch.suite_dir()
    found = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
    )
    assert found == [
        "SOURCE",
        "pytest.ini",
        "tests/__init__.py",
        "tests/sources/__init__.py",
        "tests/sources/helpers/__init__.py",
        "tests/sources/helpers/rest_client/__init__.py",
        "tests/sources/helpers/rest_client/conftest.py",
        "tests/sources/helpers/rest_client/test_client.py",
        "tests/sources/helpers/test_requests.py",
        "tests/sources/rest_api/__init__.py",
        "tests/sources/rest_api/conftest.py",
    ]
    assert fetch.is_fetched()
    assert not (tmp_path / "evil.py").exists()


def test_fetch_reports_an_archive_without_the_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RESTWRIGHT_CACHE", str(tmp_path / "cache"))
    archive = tmp_path / "sdist.tar.gz"
    archive.write_bytes(tarball({"dlt-1.31.0/dlt/__init__.py": b""}))
    assert fetch.main(["--archive", str(archive)]) == 1
    assert "has no tests/sources/helpers/rest_client/" in capsys.readouterr().out
    assert not fetch.is_fetched()
