"""Run an action when a deadline passes, from one shared background thread.

A blocked socket read cannot be interrupted from the thread that is blocked in it; closing the
socket from another thread can. So each exchange with a deadline arms an alarm that shuts its
connection down when the deadline passes, and disarms it when the body has been read. One
daemon thread serves every alarm of the process (a heap ordered by time), so arming costs a
heap push, not a thread.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Callable

__all__ = ["Alarm", "arm"]


class Alarm:
    """A pending action; `cancel()` makes sure it never runs (it may already have)."""

    __slots__ = ("when", "action", "cancelled")

    def __init__(self, when: float, action: Callable[[], None]) -> None:
        self.when = when
        self.action = action
        self.cancelled = False

    def cancel(self) -> None:
        if not self.cancelled:
            self.cancelled = True
            _watch.forget()


class _Watch:
    """The heap of alarms and the thread that fires them."""

    def __init__(self) -> None:
        self.heap: list[tuple[float, int, Alarm]] = []
        self.order = itertools.count()  # ties broken by arming order, never by Alarm
        self.cancelled = 0
        self.changed = threading.Condition(threading.Lock())
        self.thread: threading.Thread | None = None

    def arm(self, alarm: Alarm) -> None:
        with self.changed:
            heapq.heappush(self.heap, (alarm.when, next(self.order), alarm))
            if (
                self.thread is None or not self.thread.is_alive()
            ):  # first use, or forked
                self.thread = threading.Thread(
                    target=self.run, name="restwright-deadlines", daemon=True
                )
                self.thread.start()
            elif self.heap[0][2] is alarm:
                self.changed.notify()

    def forget(self) -> None:
        """Count a cancellation; drop cancelled alarms once they are most of the heap."""
        with self.changed:
            self.cancelled += 1
            if self.cancelled > 64 and self.cancelled * 2 > len(self.heap):
                self.heap = [entry for entry in self.heap if not entry[2].cancelled]
                heapq.heapify(self.heap)
                self.cancelled = 0

    def due(self) -> Alarm:
        """Wait for the next alarm that is due and not cancelled; take it off the heap."""
        with self.changed:
            while True:
                while self.heap and self.heap[0][2].cancelled:
                    heapq.heappop(self.heap)
                    self.cancelled = max(0, self.cancelled - 1)
                if not self.heap:
                    self.changed.wait()
                    continue
                wait = self.heap[0][0] - time.monotonic()
                if wait <= 0:
                    return heapq.heappop(self.heap)[2]
                self.changed.wait(wait)

    def run(self) -> None:
        while True:
            alarm = self.due()
            if alarm.cancelled:
                continue
            try:
                alarm.action()
            except Exception:  # an action's failure must not stop every later deadline
                pass


_watch = _Watch()


def arm(when: float, action: Callable[[], None]) -> Alarm:
    """Run `action` (in the watch thread) at `when` on the `time.monotonic()` clock."""
    alarm = Alarm(when, action)
    _watch.arm(alarm)
    return alarm
