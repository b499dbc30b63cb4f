"""Write: put rendered files into OUTDIR as one recoverable swap, or compare them (`--check`).

Only OUTDIR/pyproject.toml, OUTDIR/README.md and OUTDIR/NAME/... are ever changed, plus the
transient OUTDIR/.restwright-swap folder while writing. Stale files under OUTDIR/NAME are removed
only when they carry our header line; other files there are the user's and are kept.

`compare` decides what differs, `places` where writing is allowed, `stage` builds the new files
and the list of renames, `swap` journals and performs them, `interrupts` keeps signals from
stopping a swap halfway.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.write.compare import (
    GENERATED_MARKER,
    TOP_LEVEL_FILES,
    WriteResult,
    compare,
    is_generated,
)
from restwright.write.interrupts import interrupts_deferred
from restwright.write.places import check_no_links, check_places, validate_paths
from restwright.write.stage import stage
from restwright.write.swap import (
    finish_journal,
    owned_swap_area,
    settle,
    settle_leftovers,
    write_journal,
)

__all__ = [
    "GENERATED_MARKER",
    "WriteResult",
    "is_generated",
    "recover_interrupted_write",
    "write_output",
]


def recover_interrupted_write(outdir: str | Path) -> list[Diagnostic]:
    """Settle a swap a killed run left in OUTDIR (finish it, or put the old files back).

    Runs first in every `generate`, `--check` included; returns a warning when there was one.
    Creates nothing: without a swap folder it only looks.
    """
    with interrupts_deferred(), owned_swap_area(Path(outdir), create=False) as area:
        return [] if area is None else settle_leftovers(area)


def write_output(
    files: Mapping[str, str], outdir: Path, package: str, *, check: bool
) -> WriteResult:
    """Write `files` (relative POSIX path → text) under `outdir`; with `check`, only compare.

    Nothing in OUTDIR changes until every new file is staged; then a journaled series of renames
    swaps them in (the package folder as a whole where possible). An interruption is settled by
    the next run; a failed rename puts the previous files back.
    """
    outdir = Path(outdir)
    validate_paths(files, package)
    if outdir.exists() and not outdir.is_dir():
        raise RestwrightError.at(
            Location(str(outdir)), "OUTDIR exists and is not a directory"
        )
    recover_interrupted_write(outdir)
    result = _compared(files, outdir, package, check=check)
    if check or result.up_to_date:
        return result
    check_places(result.changed, outdir)
    created = not outdir.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        with interrupts_deferred() as interrupts:
            with owned_swap_area(outdir, create=True) as area:
                assert area is not None
                settle_leftovers(area)  # a run killed since the check above
                steps = stage(files, result, area, package)
                interrupts.pause_point("staged")
                write_journal(area, package, steps)
                settle(outdir, steps, interrupts.pause_point)
                interrupts.pause_point("renamed")
                finish_journal(area, steps)
                interrupts.pause_point("journal-removed")
        return result
    except BaseException:
        if created and not any(outdir.iterdir()):
            outdir.rmdir()
        raise


def _compared(
    files: Mapping[str, str], outdir: Path, package: str, *, check: bool
) -> WriteResult:
    """Compare after making sure no write or removal would pass through a link."""
    check_no_links([*files, *TOP_LEVEL_FILES, package], outdir)
    return compare(files, outdir, package, check)
