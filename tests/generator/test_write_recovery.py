"""Killing the real CLI while it swaps OUTDIR: after the next run (or `--check`), OUTDIR is always
wholly the old client or wholly the new one, the user's files are all there, and no swap folder
is left. The write pauses at a named point through a test hook, then gets SIGKILL, SIGTERM or
SIGINT; both the whole-folder swap and the file-by-file fallback are covered.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from restwright.write.interrupts import PAUSE_VARIABLE
from restwright.write.swap import SWAP_DIR
from tests.e2e.support import PYTHON, run_cli
from tests.support.specs import json_response

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

PACKAGE = "zoo"
USER_FILES = {"notes.md": "mine\n", f"{PACKAGE}/extras.py": "VALUE = 1\n"}


def _operation(name: str, tag: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": name,
            "tags": [tag],
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": json_response(
                    {"type": "array", "items": {"$ref": "#/components/schemas/Animal"}}
                )
            },
        }
    }


def _spec(version: int) -> dict[str, Any]:
    """v1 has a `birds` resource module that v2 drops (a stale file) and v2 adds `fish`."""
    tags = ["animals", "birds"] if version == 1 else ["animals", "fish"]
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Zoo v{version}", "version": str(version)},
        "paths": {f"/{tag}": _operation(f"list_{tag}", tag) for tag in tags},
        "components": {
            "schemas": {
                "Animal": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        f"field_v{version}": {"type": "integer"},
                    },
                }
            }
        },
    }


def _generated(outdir: Path) -> dict[str, bytes]:
    """The files restwright owns in OUTDIR (no user files, no bytecode)."""
    found = {}
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir).as_posix()
        skip = rel in USER_FILES or "__pycache__" in rel or rel.startswith(SWAP_DIR)
        if path.is_file() and not skip:
            found[rel] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both specs and the client each generates into a fresh folder."""
    root = tmp_path_factory.mktemp("versions")
    refs: dict[str, Any] = {}
    for version in (1, 2):
        spec = root / f"v{version}.json"
        spec.write_text(json.dumps(_spec(version)), encoding="utf-8")
        out = root / f"ref{version}"
        result = run_cli("generate", str(spec), "-o", str(out), "--package", PACKAGE)
        assert result.returncode == 0, result.stderr
        refs[f"spec{version}"] = spec
        refs[f"ref{version}"] = out
        refs[f"files{version}"] = _generated(out)
    assert refs["files1"] != refs["files2"]
    assert f"{PACKAGE}/resources/birds.py" in refs["files1"]
    assert f"{PACKAGE}/resources/birds.py" not in refs["files2"]
    return refs


def _outdir(tmp_path: Path, versions: dict[str, Any], fallback: bool) -> Path:
    """OUTDIR holding the v1 client and the user's files (and a pipe, to force the fallback)."""
    out = tmp_path / "out"
    shutil.copytree(versions["ref1"], out)
    for rel, text in USER_FILES.items():
        (out / rel).write_text(text, encoding="utf-8")
    if fallback:
        os.mkfifo(out / PACKAGE / "events.fifo")
    return out


def _start(spec: Path, out: Path, point: str) -> subprocess.Popen[str]:
    env = {**os.environ, PAUSE_VARIABLE: point, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [PYTHON, "-m", "restwright.cli", "generate", str(spec), "-o", str(out)]
        + ["--package", PACKAGE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _paused(process: subprocess.Popen[str], point: str) -> bool:
    """Wait for the pause announcement; False when the run ended without reaching `point`."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.strip() == f"restwright: test pause at {point}":
            return True
    process.wait(timeout=60)
    return False


def _assert_whole(out: Path, versions: dict[str, Any], fallback: bool) -> str:
    """OUTDIR is exactly one version, with every user file and no swap folder."""
    assert not (out / SWAP_DIR).exists()
    files = _generated(out)
    assert files in (versions["files1"], versions["files2"]), sorted(
        set(files) ^ set(versions["files2"])
    )
    for rel, text in USER_FILES.items():
        assert (out / rel).read_text(encoding="utf-8") == text
    if fallback:
        assert (out / PACKAGE / "events.fifo").exists()
    assert not (out / SWAP_DIR).exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".restwright")]
    return "old" if files == versions["files1"] else "new"


POINTS = ["staged"] + [f"step-{i}" for i in range(12)] + ["renamed", "journal-removed"]


@pytest.mark.parametrize(
    "fallback", [False, True], ids=["whole-folder", "file-by-file"]
)
def test_sigkill_at_every_point_is_settled_by_the_next_run(
    tmp_path: Path, versions: dict[str, Any], fallback: bool
) -> None:
    reached = []
    for point in POINTS:
        case = tmp_path / point
        case.mkdir()
        out = _outdir(case, versions, fallback)
        process = _start(versions["spec2"], out, point)
        if not _paused(process, point):
            assert process.returncode == 0
            assert _assert_whole(out, versions, fallback) == "new"
            continue
        reached.append(point)
        process.kill()
        process.wait(timeout=60)
        # The next run is `--check`: it settles first, then compares without writing.
        check = run_cli(
            "generate",
            str(versions["spec2"]),
            "-o",
            str(out),
            "--package",
            PACKAGE,
            "--check",
        )
        state = _assert_whole(out, versions, fallback)
        if point == "staged":  # killed before the journal: nothing was renamed
            assert state == "old" and check.returncode == 1
        else:  # a journaled swap is finished
            assert state == "new" and check.returncode == 0, check.stdout
        if point not in ("staged", "journal-removed"):
            assert (
                "interrupted while writing OUTDIR; finished its write" in check.stderr
            )
        again = run_cli(
            "generate", str(versions["spec2"]), "-o", str(out), "--package", PACKAGE
        )
        assert again.returncode == 0 and _assert_whole(out, versions, fallback) == "new"
    renames = [p for p in reached if p.startswith("step-")]
    # The whole-folder swap is 6 renames (package, README, pyproject: each out, then in);
    # the fallback makes one per changed or stale file.
    assert len(renames) == 6 if not fallback else len(renames) > 6
    assert reached[0] == "staged" and reached[-2:] == ["renamed", "journal-removed"]


@pytest.mark.parametrize(
    ("sig", "point"),
    [
        (signal.SIGTERM, "staged"),
        (signal.SIGTERM, "step-1"),
        (signal.SIGTERM, "renamed"),
        (signal.SIGINT, "staged"),
        (signal.SIGINT, "step-3"),
        (signal.SIGINT, "journal-removed"),
    ],
)
def test_sigterm_and_sigint_wait_for_the_swap_to_finish(
    tmp_path: Path, versions: dict[str, Any], sig: signal.Signals, point: str
) -> None:
    out = _outdir(tmp_path, versions, fallback=False)
    process = _start(versions["spec2"], out, point)
    assert _paused(process, point)
    process.send_signal(sig)
    process.wait(timeout=60)
    # The signal still ends the run (Ctrl-C exits 130, SIGTERM kills), after the swap.
    assert process.returncode == (130 if sig == signal.SIGINT else -signal.SIGTERM)
    assert _assert_whole(out, versions, fallback=False) == "new"


def test_a_damaged_journal_is_refused_and_left_for_the_user(
    tmp_path: Path, versions: dict[str, Any]
) -> None:
    out = _outdir(tmp_path, versions, fallback=False)
    area = out / SWAP_DIR
    area.mkdir()
    (area / "journal.json").write_text(
        json.dumps(
            {
                "format": "restwright swap journal",
                "version": 1,
                "package": PACKAGE,
                "steps": [["../../etc/passwd", f"{SWAP_DIR}/old/x"]],
            }
        ),
        encoding="utf-8",
    )
    result = run_cli(
        "generate", str(versions["spec2"]), "-o", str(out), "--package", PACKAGE
    )
    assert result.returncode == 2
    assert "journal of an interrupted write is damaged" in result.stderr
    assert (area / "journal.json").exists()
    assert _generated(out) == versions["files1"]


def test_a_folder_of_the_users_named_like_the_swap_folder_is_kept(
    tmp_path: Path, versions: dict[str, Any]
) -> None:
    out = _outdir(tmp_path, versions, fallback=False)
    (out / SWAP_DIR).mkdir()
    (out / SWAP_DIR / "mine.txt").write_text("keep\n", encoding="utf-8")
    result = run_cli(
        "generate", str(versions["spec2"]), "-o", str(out), "--package", PACKAGE
    )
    assert result.returncode == 2 and "did not put there" in result.stderr
    assert (out / SWAP_DIR / "mine.txt").read_text(encoding="utf-8") == "keep\n"


def test_a_second_writer_waits_its_turn(
    tmp_path: Path, versions: dict[str, Any]
) -> None:
    """While one run holds the swap folder, another is refused instead of 'settling' it."""
    out = _outdir(tmp_path, versions, fallback=False)
    first = _start(versions["spec2"], out, "step-2")
    assert _paused(first, "step-2")
    second = run_cli(
        "generate", str(versions["spec2"]), "-o", str(out), "--package", PACKAGE
    )
    assert second.returncode == 2
    assert "another restwright process is writing OUTDIR" in second.stderr
    first.send_signal(signal.SIGINT)
    first.wait(timeout=60)
    assert _assert_whole(out, versions, fallback=False) == "new"
