"""Stage progress for long generations: one self-erasing status line on a terminal, nothing elsewhere.

GitHub's full description takes a few seconds; a silent terminal for that long looks hung. Logs and
pipes (CI, `> file`) get no progress at all, so their output stays exactly the summary and warnings.
"""

from __future__ import annotations

import time
from typing import TextIO

_CLEAR_LINE = "\r\x1b[K"


class TerminalProgress:
    """A `pipeline.Progress` sink that rewrites one status line with the current stage."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.perf_counter()
        self.shown = False

    def __call__(self, stage: str) -> None:
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"{_CLEAR_LINE}restwright: {stage}… ({elapsed:.1f}s)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the status line, so that the summary and warnings print on a clean line."""
        if self.shown:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
            self.shown = False


def terminal_progress(stream: TextIO) -> TerminalProgress | None:
    """Progress for `stream` when it is an interactive terminal, else None (stay quiet)."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        interactive = False
    return TerminalProgress(stream) if interactive else None
