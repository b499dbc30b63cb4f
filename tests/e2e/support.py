"""Helpers for tests that run the real CLI and import the packages it generates."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from collections.abc import Iterator
from types import ModuleType

import restwright_runtime

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RUNTIME_ROOT = Path(restwright_runtime.__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real `restwright` command in a subprocess (no shared state with the test process)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("RESTWRIGHT_DEBUG", None)
    return subprocess.run(
        [PYTHON, "-m", "restwright.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def write_spec(directory: Path, text: str, name: str = "spec.yaml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def generate(
    spec: Path, outdir: Path, package: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    result = run_cli(
        "generate", str(spec), "-o", str(outdir), "--package", package, *extra
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result


def forget_imports(*prefixes: str) -> Iterator[None]:
    """Fixture body: after the test, drop the modules it imported whose names start with one of
    `prefixes` (generated packages), and restore sys.path."""
    before, path = set(sys.modules), list(sys.path)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(prefixes):
            del sys.modules[name]
    sys.path[:] = path


def import_generated(outdir: Path, package: str) -> ModuleType:
    """Import a generated package from OUTDIR (package names are unique per test)."""
    if str(outdir) not in sys.path:
        sys.path.insert(0, str(outdir))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def run_black_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "black", "--check", "--diff", "-q", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_mypy(
    outdir: Path, package: str, *modules: str
) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` on a generated package (and `modules` of `outdir` that use it, to check
    what a caller writes type-checks), with the runtime's sources on the path."""
    env = {**os.environ, "MYPYPATH": f"{outdir}{os.pathsep}{RUNTIME_ROOT}"}
    return subprocess.run(
        [
            PYTHON,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "-p",
            package,
            *(arg for module in modules for arg in ("-m", module)),
        ],
        capture_output=True,
        text=True,
        cwd=outdir,
        env=env,
        timeout=300,
    )
