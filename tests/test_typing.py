"""`mypy --strict` over the generator and the runtime: both are typed code users import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _mypy(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # The generator imports the runtime (its JSONPath parser); editable installs hide it from mypy.
    env = {**os.environ, "MYPY_FORCE_COLOR": "0", "MYPYPATH": str(ROOT / "runtime")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(cwd / ".mypy_cache"),
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def test_runtime_is_mypy_strict_clean(tmp_path: Path) -> None:
    result = _mypy([str(ROOT / "runtime" / "restwright_runtime")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_is_mypy_strict_clean(tmp_path: Path) -> None:
    result = _mypy([str(ROOT / "generator" / "restwright")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sources_are_black_formatted() -> None:
    folders = [str(ROOT / d) for d in ("generator", "runtime", "tests", "benchmarks")]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--quiet",
            *folders,
            str(ROOT / "samples" / "regenerate.py"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
