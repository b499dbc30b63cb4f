"""Golden records: every sample's committed client is exactly what the generator produces today.

A failure here means a change altered generated code: run `python samples/regenerate.py`, review the
diff of samples/ (it is what users will see), and commit it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samples.regenerate import generate_command, sample_sources

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sample_sources()
IDS = [name for name, _ in SAMPLES]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize(("name", "source"), SAMPLES, ids=IDS)
def test_committed_client_is_byte_identical_to_a_fresh_generation(
    name: str, source: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "client"
    subprocess.run(
        generate_command(name, source, fresh), check=True, capture_output=True, cwd=ROOT
    )
    committed = source.parent / "client"
    assert _tree(fresh) == _tree(
        committed
    ), f"samples/{name}/client is stale: run python samples/regenerate.py"


@pytest.mark.parametrize(("name", "source"), SAMPLES, ids=IDS)
def test_check_mode_accepts_the_committed_client(name: str, source: Path) -> None:
    committed = source.parent / "client"
    before = _tree(committed)
    result = subprocess.run(
        generate_command(name, source, committed, check=True),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree(committed) == before  # --check never writes


@pytest.mark.parametrize(("name", "source"), SAMPLES, ids=IDS)
def test_inspect_json_is_pinned(name: str, source: Path, snapshot: object) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "restwright",
            "inspect",
            str(source.relative_to(ROOT)),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(result.stdout) == snapshot


def test_black_changes_nothing_in_committed_clients() -> None:
    folders = [str(source.parent / "client") for _, source in SAMPLES]
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", *folders],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_committed_clients_are_mypy_strict_clean(tmp_path: Path) -> None:
    paths = [source.parent / "client" for _, source in SAMPLES]
    # The runtime's source goes on the path too: mypy cannot see through editable-install import hooks.
    env = {
        **os.environ,
        "MYPYPATH": os.pathsep.join(str(p) for p in [*paths, ROOT / "runtime"]),
    }
    args = [a for name, _ in SAMPLES for a in ("-p", f"{name}_client")]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
