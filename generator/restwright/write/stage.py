"""Stage the new files and plan the renames that swap them in.

Where possible the package folder is swapped whole (two renames: the old folder out, the new one
in), so a reader never sees it half old, half new. The new folder is a full copy of what OUTDIR/NAME
will hold: the generated files, and the user's own files hard-linked (copied where links are not
supported) with their folders and links, so nothing of theirs is lost. When the package folder
holds something that cannot be linked or copied (a socket, a pipe, an unreadable file), each
changed file is swapped on its own instead; the journal covers both.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from restwright.write.compare import WriteResult, package_entries
from restwright.write.swap import Step, SwapArea


class _NotCopyable(Exception):
    """A user's entry in the package folder that the new folder cannot hold."""


def stage(
    files: Mapping[str, str], result: WriteResult, area: SwapArea, package: str
) -> list[Step]:
    """Write the staged files under `area` and return the renames that put them in place."""
    outdir = area.outdir
    area.old.mkdir(parents=True, exist_ok=True)
    steps: list[Step] = []
    package_changes = [
        rel
        for rel in result.changed + result.removed
        if PurePosixPath(rel).parts[0] == package
    ]
    if package_changes:
        try:
            _stage_package_folder(files, result, area, package)
            steps += _replace(area, outdir, package)
        except _NotCopyable:
            shutil.rmtree(area.new / package, ignore_errors=True)
            steps += _stage_package_files(files, result, area, package)
    for rel in result.changed:
        if rel not in package_changes:
            _write(area.new / rel, files[rel])
            steps += _replace(area, outdir, rel)
    return steps


def _replace(area: SwapArea, outdir: Path, rel: str) -> list[Step]:
    """Move what is at `rel` aside (if anything), then the staged one in."""
    aside = [(rel, area.rel("old", rel))] if os.path.lexists(outdir / rel) else []
    return aside + [(area.rel("new", rel), rel)]


def _stage_package_folder(
    files: Mapping[str, str], result: WriteResult, area: SwapArea, package: str
) -> None:
    outdir = area.outdir
    changed = set(result.changed)
    dropped = set(result.removed)
    new_root = area.new / package
    new_root.mkdir(parents=True)
    if (outdir / package).is_dir():
        shutil.copymode(outdir / package, new_root)
    for rel in package_entries(outdir, package):
        source = outdir / rel
        staged = area.new / rel
        if rel in changed or rel in dropped:
            continue
        mode = source.lstat().st_mode
        if stat.S_ISDIR(mode):
            if _is_empty(source):  # the user's empty folder stays
                staged.mkdir(parents=True, exist_ok=True)
            continue
        staged.parent.mkdir(parents=True, exist_ok=True)
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(source), staged)
        elif stat.S_ISREG(mode):
            _link_or_copy(source, staged)
        else:
            raise _NotCopyable(rel)
    for rel in sorted(changed):
        if PurePosixPath(rel).parts[0] == package:
            _write(area.new / rel, files[rel])
    _copy_folder_modes(outdir, area.new, package)


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _link_or_copy(source: Path, staged: Path) -> None:
    """The same file in the new folder: a hard link, else a copy that keeps its times."""
    try:
        os.link(source, staged, follow_symlinks=False)
        return
    except OSError:
        pass
    try:
        shutil.copy2(source, staged, follow_symlinks=False)
    except OSError as exc:
        raise _NotCopyable(str(source)) from exc


def _copy_folder_modes(outdir: Path, new: Path, package: str) -> None:
    for folder, dirs, _ in os.walk(new / package):
        for name in dirs:
            staged = Path(folder) / name
            original = outdir / staged.relative_to(new)
            if original.is_dir() and not original.is_symlink():
                shutil.copymode(original, staged)


def _stage_package_files(
    files: Mapping[str, str], result: WriteResult, area: SwapArea, package: str
) -> list[Step]:
    """The fallback: one swap per changed or stale file of the package."""
    outdir = area.outdir
    steps: list[Step] = []
    for rel in result.changed:
        if PurePosixPath(rel).parts[0] == package:
            _write(area.new / rel, files[rel])
            (area.old / rel).parent.mkdir(parents=True, exist_ok=True)
            # Folders for new files exist before the journal: an empty folder mixes nothing.
            (outdir / rel).parent.mkdir(parents=True, exist_ok=True)
            steps += _replace(area, outdir, rel)
    for rel in result.removed:
        (area.old / rel).parent.mkdir(parents=True, exist_ok=True)
        steps.append((rel, area.rel("old", rel)))
    return steps


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
