"""SIGINT and SIGTERM wait while OUTDIR is being swapped, and a test hook can pause the swap.

A swap takes milliseconds; stopping halfway leaves OUTDIR mixed until the next run settles it.
So a signal that arrives during the write is remembered, the write finishes (OUTDIR all new, the
swap folder gone), and then the signal is delivered as if it had just arrived: Ctrl-C still
raises KeyboardInterrupt, SIGTERM still terminates. SIGKILL cannot wait; the journal covers it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# Tests set this to a point name ("staged", "step-2", ...) to pause the write there and signal it.
PAUSE_VARIABLE = "RESTWRIGHT_TEST_SWAP_PAUSE"
_PAUSE_SECONDS = 30.0
_DEFERRED = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """The signals received while deferred, in order."""

    def __init__(self) -> None:
        self.received: list[int] = []

    def note(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)

    def pause_point(self, point: str) -> None:
        """The test hook: when asked to, announce the point and wait for a signal (or 30 s)."""
        if os.environ.get(PAUSE_VARIABLE) != point:
            return
        sys.stderr.write(f"restwright: test pause at {point}\n")
        sys.stderr.flush()
        deadline = time.monotonic() + _PAUSE_SECONDS
        while not self.received and time.monotonic() < deadline:
            time.sleep(0.01)


@contextmanager
def interrupts_deferred() -> Iterator[Interrupts]:
    """Hold SIGINT/SIGTERM for the block, then deliver the first one that came.

    Outside the main thread handlers cannot be installed; signals then act at once and the
    journal makes the next run settle OUTDIR.
    """
    interrupts = Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts
        return
    previous = {sig: signal.signal(sig, interrupts.note) for sig in _DEFERRED}
    try:
        yield interrupts
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if interrupts.received:
            signal.raise_signal(interrupts.received[0])
