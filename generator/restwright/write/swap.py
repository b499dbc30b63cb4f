"""The swap: a journal of renames written before the first one, so any interruption can be settled.

New files are staged in OUTDIR/.restwright-swap/new (same file system as their targets, so every
step is a rename), the previous ones are moved to OUTDIR/.restwright-swap/old. The journal lists
every rename in order before the first is made. Each rename is atomic, so after a kill the steps
done form a prefix that the file system itself shows (source gone, destination present). The next
run, `--check` included, settles that before anything else: it finishes the remaining renames
(the staged files are complete: the journal is written after them), or, when that is impossible,
puts the done ones back. Then the journal is removed, and only then the swap folder.

One process owns the swap folder at a time (an advisory lock on a file inside it), so a run never
"settles" a swap another live run is in the middle of.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.write.compare import TOP_LEVEL_FILES

# Windows has no advisory lock: two concurrent runs are then not kept apart, the journal still is.
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SWAP_DIR = ".restwright-swap"
JOURNAL = "journal.json"
_JOURNAL_TMP = "journal.tmp"
_LOCK = "lock"
_OURS = frozenset({JOURNAL, _JOURNAL_TMP, _LOCK, "new", "old"})
_FORMAT = "restwright swap journal"

Step = tuple[str, str]  # (source, destination), POSIX paths relative to OUTDIR


@dataclass(frozen=True)
class SwapArea:
    """OUTDIR/.restwright-swap, owned by this process while it exists."""

    outdir: Path

    @property
    def root(self) -> Path:
        return self.outdir / SWAP_DIR

    @property
    def new(self) -> Path:
        return self.root / "new"

    @property
    def old(self) -> Path:
        return self.root / "old"

    def rel(self, kind: str, rel: str) -> str:
        """The place of `rel` inside the `new` or `old` staging folder, relative to OUTDIR."""
        return f"{SWAP_DIR}/{kind}/{rel}"


@contextmanager
def owned_swap_area(outdir: Path, *, create: bool) -> Iterator[SwapArea | None]:
    """Lock OUTDIR's swap folder for the block, settling what an interrupted run left there.

    Without `create`, nothing is created: the block gets None when there is no swap folder
    (the usual case, and what `--check` needs to stay read-only). On leaving, the folder goes.
    """
    area = SwapArea(outdir)
    root = area.root
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise RestwrightError.at(
            Location(str(root)),
            "refusing to use a swap folder that is not a plain folder",
            "move it away, then generate again",
        )
    if not root.exists():
        if not create:
            yield None
            return
        root.mkdir()
    strangers = sorted(p.name for p in root.iterdir() if p.name not in _OURS)
    if strangers:
        raise RestwrightError.at(
            Location(str(root)),
            "the swap folder holds files restwright did not put there",
            f"{', '.join(strangers[:5])}; move them away, then generate again",
        )
    lock = _lock(root)
    try:
        yield area
    finally:
        # A journal left by a failure the rollback could not undo is kept for the next run.
        if not (root / JOURNAL).exists():
            shutil.rmtree(root, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _lock(root: Path) -> int | None:
    if fcntl is None:  # pragma: no cover - Windows
        return None
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(root / _LOCK, flags, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise RestwrightError.at(
            Location(str(root.parent)),
            "another restwright process is writing OUTDIR",
            "wait for it to finish, then run again",
        ) from None
    return handle


def settle_leftovers(area: SwapArea) -> list[Diagnostic]:
    """Finish or roll back the swap a killed run journaled, then empty the swap folder."""
    notes: list[Diagnostic] = []
    journal = area.root / JOURNAL
    if journal.exists():
        steps = read_journal(journal)
        finished, done = settle(area.outdir, steps)
        outcome = "finished its write" if finished else "put the previous files back"
        notes.append(
            Diagnostic(
                "warning",
                f"a previous run was interrupted while writing OUTDIR; {outcome}",
                Location(str(area.outdir)),
                f"{done} of {len(steps)} renames had been made",
            )
        )
        _sync_parents(area.outdir, steps)
        journal.unlink()
    for name in ("new", "old", _JOURNAL_TMP):
        path = area.root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return notes


def write_journal(area: SwapArea, package: str, steps: list[Step]) -> None:
    """Make the plan durable before the first rename (written aside, then renamed into place)."""
    text = json.dumps(
        {"format": _FORMAT, "version": 1, "package": package, "steps": steps},
        indent=1,
    )
    temporary = area.root / _JOURNAL_TMP
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, area.root / JOURNAL)
    _sync_dir(area.root)


def finish_journal(area: SwapArea, steps: list[Step]) -> None:
    """The renames are durable: the journal goes (a kill after this leaves nothing to settle)."""
    _sync_parents(area.outdir, steps)
    (area.root / JOURNAL).unlink()


def read_journal(path: Path) -> list[Step]:
    """The steps of a journal, each checked to stay in the places restwright writes."""
    problem = f"restore OUTDIR from version control, then delete {path.parent}"
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RestwrightError.at(
            Location(str(path)),
            "cannot read the journal of an interrupted write",
            f"{exc}; {problem}",
        ) from None
    package = data.get("package") if isinstance(data, dict) else None
    steps = data.get("steps") if isinstance(data, dict) else None
    if (
        not isinstance(package, str)
        or not package.isidentifier()
        or data.get("format") != _FORMAT
        or not isinstance(steps, list)
        or not all(_allowed(step, package) for step in steps)
    ):
        raise RestwrightError.at(
            Location(str(path)),
            "the journal of an interrupted write is damaged",
            problem,
        )
    return [(src, dst) for src, dst in steps]


def _allowed(step: Any, package: str) -> bool:
    """A step moves one place restwright writes to or from its own side of the swap folder."""
    if not (isinstance(step, list) and len(step) == 2):
        return False
    src, dst = step
    if not (_in_area(src, "new") or _in_area(dst, "old")):
        return False
    outside = dst if _in_area(src, "new") else src
    inside = src if _in_area(src, "new") else dst
    return _in_area(inside, "new", "old") and _writable_place(outside, package)


def _parts(rel: Any) -> tuple[str, ...]:
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel:
        return ()
    parts = PurePosixPath(rel).parts
    return () if ".." in parts or "." in parts else parts


def _in_area(rel: Any, *kinds: str) -> bool:
    parts = _parts(rel)
    return len(parts) >= 3 and parts[0] == SWAP_DIR and parts[1] in kinds


def _writable_place(rel: Any, package: str) -> bool:
    parts = _parts(rel)
    return bool(parts) and (rel in TOP_LEVEL_FILES or parts[0] == package)


def _done(outdir: Path, step: Step) -> bool:
    """Judged by the swap folder's side, which each step uses once (OUTDIR's side may repeat:
    the package folder is moved out, then the new one moved in at the same name)."""
    src, dst = step
    if _in_area(dst, "old"):
        return os.path.lexists(outdir / dst)
    return not os.path.lexists(outdir / src)


def _can_finish(outdir: Path, steps: list[Step]) -> bool:
    """Whether every remaining rename finds its source and a free destination, in order."""
    exists: dict[str, bool] = {}

    def present(rel: str) -> bool:
        if rel not in exists:
            exists[rel] = os.path.lexists(outdir / rel)
        return exists[rel]

    for src, dst in steps:
        if not present(src) or present(dst):
            return False
        exists[src], exists[dst] = False, True
    return True


def settle(outdir: Path, steps: list[Step], pause: Any = None) -> tuple[bool, int]:
    """Make every remaining rename, or undo the done ones if that is impossible.

    The same function runs a fresh swap (nothing done yet) and settles a killed one. Returns
    whether the swap finished (else it was rolled back) and how many steps were done before.
    `pause(point)` is the test hook of `interrupts`. A rename that fails rolls back and raises.
    """
    done = 0
    while done < len(steps) and _done(outdir, steps[done]):
        done += 1
    if not _can_finish(outdir, steps[done:]):
        if not _undo(outdir, steps[:done]):
            raise RestwrightError.at(
                Location(str(outdir / SWAP_DIR / JOURNAL)),
                "an interrupted write can be neither finished nor undone",
                "something changed OUTDIR since; the journal lists each rename made, "
                "the previous files are in the `old` folder beside it",
            )
        return False, done
    index = done
    try:
        for index in range(done, len(steps)):
            if pause is not None:
                pause(f"step-{index}")
            src, dst = steps[index]
            os.replace(outdir / src, outdir / dst)
    except OSError as exc:
        _undo(outdir, steps[:index])
        raise RestwrightError.at(
            Location(str(outdir / steps[index][1])),
            "could not move a new file into place; OUTDIR was left as it was",
            exc.strerror or str(exc),
        ) from None
    return True, done


def _undo(outdir: Path, steps: list[Step]) -> bool:
    """Reverse the done steps, last first; False when one cannot be reversed."""
    for src, dst in reversed(steps):
        if not os.path.lexists(outdir / dst) or os.path.lexists(outdir / src):
            return False
        os.replace(outdir / dst, outdir / src)
    return True


def _sync_parents(outdir: Path, steps: list[Step]) -> None:
    for folder in sorted({(outdir / dst).parent for _, dst in steps}):
        _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    """Make renames in `folder` durable where the platform allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
