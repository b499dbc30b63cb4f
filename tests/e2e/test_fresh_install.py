"""A generated package installs on a fresh machine, where no index has `restwright-runtime`.

Each test makes a new virtual environment, installs a generated sample into it with pip (no
package index: the runtime comes from a wheel built here, or from its source folder via
`--runtime-path`), then imports it in that environment and pages the local server. The runtime's
own dependencies (requests, jsonpath-ng) and the build backend are linked in from this environment,
so the test works offline and only the runtime has to be found the way a user's pip finds it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.markers import Marker

from tests.e2e.support import RUNTIME_ROOT, generate
from tests.support.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "samples" / "stripe_like" / "spec.yaml"
CALL = """
import json, sys
import restwright_runtime
from fresh_payments import Client

client = Client(sys.argv[1], token="sk_test")
print(json.dumps({
    "ids": [c["id"] for c in client.customers.get_customers()],
    "runtime": restwright_runtime.__file__,
}))
"""


def _closure(names: list[str]) -> Iterator[Distribution]:
    """The installed distributions `names` need at run time (extras and other platforms aside)."""
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = re.split(r"[\s\[<>=!~;(@]", pending.pop(), maxsplit=1)[0].lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            found = distribution(name)
        except PackageNotFoundError:
            continue  # an optional or platform-only requirement
        yield found
        for requirement in found.requires or ():
            marker = requirement.partition(";")[2]
            if "extra" not in marker and _marker_holds(marker):
                pending.append(requirement)


def _marker_holds(marker: str) -> bool:
    return not marker.strip() or Marker(marker).evaluate()


def _link_dependencies(target: Path) -> None:
    """Symlink the runtime's dependencies and setuptools from this environment into `target`."""
    target.mkdir()
    wanted = [
        r for r in distribution("restwright-runtime").requires or () if "extra" not in r
    ]
    for found in _closure([*wanted, "setuptools"]):
        base = Path(str(found.locate_file("")))
        tops = {Path(str(f)).parts[0] for f in found.files or ()}
        for top in sorted(tops - {"..", "__pycache__"}):
            source, link = base / top, target / top
            if source.exists() and not link.exists() and not top.endswith(".pth"):
                link.symlink_to(source)


@pytest.fixture
def fresh_python(tmp_path: Path) -> Path:
    """A new virtual environment (no pip, no packages) that sees only the runtime's dependencies."""
    venv = tmp_path / "venv"
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot create a virtual environment here: {made.stderr.strip()}")
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    _link_dependencies(tmp_path / "deps")
    (Path(purelib) / "outer_dependencies.pth").write_text(f"{tmp_path / 'deps'}\n")
    return python


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """This environment's pip, run by `python`, with no index and no user configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "--no-input"]
        + [args[0], "--no-index", "--no-build-isolation", *args[1:]],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return result


def _pip_ok(python: Path, *args: str) -> None:
    result = _pip(python, *args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _runtime_copy(tmp_path: Path) -> Path:
    """The runtime's source folder, copied so that building it leaves the checkout untouched."""
    copy = tmp_path / "runtime"
    shutil.copytree(
        RUNTIME_ROOT,
        copy,
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "dist"),
    )
    return copy


def _call(python: Path, server: LocalServer, tmp_path: Path) -> dict[str, object]:
    """Import the installed package in the fresh environment (from elsewhere) and page the server."""
    server.route(
        "GET",
        "/v1/customers",
        lambda r: Reply({"object": "list", "url": "/v1/customers", "has_more": False,
                         "data": [{"id": "cus_1"}, {"id": "cus_2"}]}),
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", CALL, server.url],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def _installed_here(module_file: object, python: Path) -> bool:
    return str(module_file).startswith(str(python.parent.parent))


def test_installs_with_the_runtime_from_a_wheel(
    fresh_python: Path, server: LocalServer, tmp_path: Path
) -> None:
    wheels = tmp_path / "wheels"
    _pip_ok(
        fresh_python,
        "wheel",
        "--no-deps",
        "-w",
        str(wheels),
        str(_runtime_copy(tmp_path)),
    )
    outdir = tmp_path / "out"
    generate(SPEC, outdir, "fresh_payments")
    assert '"restwright-runtime>=0.2,<0.3"' in (outdir / "pyproject.toml").read_text()
    # The fresh environment has no runtime of its own: without the wheel, pip finds none.
    missing = _pip(fresh_python, "install", str(outdir))
    assert missing.returncode != 0 and "restwright-runtime" in missing.stderr
    _pip_ok(fresh_python, "install", "--find-links", str(wheels), str(outdir))
    found = _call(fresh_python, server, tmp_path)
    assert found["ids"] == ["cus_1", "cus_2"]
    assert _installed_here(found["runtime"], fresh_python)


def test_installs_with_the_runtime_from_its_folder(
    fresh_python: Path, server: LocalServer, tmp_path: Path
) -> None:
    runtime = _runtime_copy(tmp_path)
    outdir = tmp_path / "out"
    generate(SPEC, outdir, "fresh_payments", "--runtime-path", str(runtime))
    pyproject = (outdir / "pyproject.toml").read_text()
    assert f'"restwright-runtime @ {runtime.resolve().as_uri()}"' in pyproject
    _pip_ok(fresh_python, "install", str(outdir))
    found = _call(fresh_python, server, tmp_path)
    assert found["ids"] == ["cus_1", "cus_2"]
    assert _installed_here(found["runtime"], fresh_python)
