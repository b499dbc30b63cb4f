"""Where writes may go: only OUTDIR's two top-level files and OUTDIR/NAME, never through a link.

Checked before anything is written: a folder symlinked out of the package, or a user's file where
a generated folder goes, would otherwise surface halfway through the write.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from restwright.diagnostics import Location, RestwrightError
from restwright.write.compare import TOP_LEVEL_FILES


def validate_paths(files: Iterable[str], package: str) -> None:
    """Every rendered path is a top-level file or below the package, with no `..`."""
    for rel in files:
        parts = PurePosixPath(rel).parts
        ok = rel in TOP_LEVEL_FILES or (
            len(parts) >= 2
            and parts[0] == package
            and ".." not in parts
            and not rel.startswith("/")
        )
        if not ok:
            raise RestwrightError.at(
                Location(rel), "refusing to write outside OUTDIR/<package>"
            )


def check_no_links(rels: Iterable[str], outdir: Path) -> None:
    """No place from OUTDIR down to each of `rels` is a symbolic link.

    OUTDIR itself may be one (the user named it); a link below it, even one pointing inside,
    would let a later write or removal land somewhere the user never named.
    """
    checked: set[str] = set()
    for rel in sorted(rels):
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts) + 1):
            step = "/".join(parts[:depth])
            if step in checked:
                continue
            checked.add(step)
            place = outdir / step
            if place.is_symlink():
                raise RestwrightError.at(
                    Location(str(place)),
                    "refusing to write through a symbolic link below OUTDIR",
                    cause=f"{place} links to {os.readlink(place)}",
                )


def check_places(rels: Iterable[str], outdir: Path) -> None:
    """Each of `rels` can be written as a file: no folder where a file goes, no file where a folder goes."""
    for rel in sorted(rels):
        target = outdir / rel
        for place in [*reversed(target.relative_to(outdir).parents), Path(rel)]:
            if place == Path("."):
                continue
            path = outdir / place
            if path == target and path.exists() and not path.is_file():
                raise RestwrightError.at(
                    Location(str(path)),
                    "refusing to replace something that is not a file",
                    "move it away, then generate again",
                )
            if path != target and path.exists() and not path.is_dir():
                raise RestwrightError.at(
                    Location(str(path)),
                    "a file stands where restwright writes a folder",
                    "move it away, then generate again",
                )
