"""Knowledge taken from real APIs, as named entries that can be traced and held out.

Inference knows words (`next_cursor` is a cursor field), phrases ("returned by the previous
response") and a few special rules (a `{server: {...}}` body is one server) because real APIs
use them. A rule-based system can fit the specs it was written against, so every such entry
has an id (`CURSOR_NAMES:continue`, `CURSOR_TEXT:page token`, `rule:map-records`) and two
switches that only measurement uses:

- `recording()` collects the ids of the entries that fired (a word matched, a phrase was found,
  a rule decided), so a benchmark learns on which specs each entry is ever used;
- `holding_out(ids)` makes those entries match nothing, so a spec can be scored without the
  knowledge only it provided (leave-one-spec-out, see `benchmarks/inference_accuracy.py`).

Outside those two blocks every entry is simply on.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator

_HELD_OUT: ContextVar[frozenset[str]] = ContextVar("held_out", default=frozenset())
_FIRED: ContextVar[set[str] | None] = ContextVar("fired", default=None)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the ids of every entry that fires inside the block."""
    fired: set[str] = set()
    token = _FIRED.set(fired)
    try:
        yield fired
    finally:
        _FIRED.reset(token)


@contextmanager
def holding_out(ids: Iterable[str]) -> Iterator[None]:
    """Inside the block, the entries with these ids match nothing."""
    token = _HELD_OUT.set(_HELD_OUT.get() | frozenset(ids))
    try:
        yield
    finally:
        _HELD_OUT.reset(token)


def _fires(ids: tuple[str, ...]) -> bool:
    """Whether any of these ids is on; the ones that are get recorded."""
    held = _HELD_OUT.get()
    fired = _FIRED.get()
    if not held and fired is None:
        return bool(ids)  # generation: every entry on, nothing to record
    on = [i for i in ids if i not in held] if held else ids
    if fired is not None:
        fired.update(on)
    return bool(on)


def rule(name: str) -> bool:
    """Whether the special rule `name` may decide (call it only once its condition holds)."""
    return _fires((f"rule:{name}",))


class Words:
    """A set of normalised names; each word is an entry `GROUP:word` (unions keep both ids)."""

    __slots__ = ("_ids",)

    def __init__(self, group: str, words: Iterable[str] = ()) -> None:
        self._ids: dict[str, tuple[str, ...]] = {w: (f"{group}:{w}",) for w in words}

    @classmethod
    def _of(cls, ids: dict[str, tuple[str, ...]]) -> Words:
        made = cls("")
        made._ids = ids
        return made

    def __contains__(self, word: object) -> bool:
        ids = self._ids.get(word) if isinstance(word, str) else None
        return ids is not None and _fires(ids)

    def __iter__(self) -> Iterator[str]:
        held = _HELD_OUT.get()
        return iter(
            [
                w
                for w, ids in self._ids.items()
                if not held or any(i not in held for i in ids)
            ]
        )

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __or__(self, other: Words) -> Words:
        merged = dict(self._ids)
        for word, ids in other._ids.items():
            merged[word] = tuple(dict.fromkeys(merged.get(word, ()) + ids))
        return Words._of(merged)

    def __sub__(self, other: Words | set[str]) -> Words:
        gone = other._ids if isinstance(other, Words) else other
        return Words._of({w: i for w, i in self._ids.items() if w not in gone})

    def __repr__(self) -> str:
        return f"Words({sorted(self._ids)})"

    def within(self, text: str) -> str | None:
        """The first word (in declaration order) that occurs inside `text`, e.g. in a header name."""
        for word, ids in self._ids.items():
            if word in text and _fires(ids):
                return word
        return None

    def prefix_of(self, text: str) -> str | None:
        """The first word `text` starts with."""
        for word, ids in self._ids.items():
            if text.startswith(word) and _fires(ids):
                return word
        return None

    def ids(self) -> set[str]:
        return {i for ids in self._ids.values() for i in ids}


class Phrases:
    """A case-insensitive regular expression made of alternatives; each is an entry `GROUP:alt`."""

    __slots__ = ("_alternatives", "_compiled")

    def __init__(self, group: str, *alternatives: str) -> None:
        self._alternatives: tuple[tuple[str, str], ...] = tuple(
            (f"{group}:{a}", a) for a in alternatives
        )
        self._compiled: dict[frozenset[str], re.Pattern[str] | None] = {}

    def __or__(self, other: Phrases) -> Phrases:
        merged = Phrases("")
        merged._alternatives = self._alternatives + other._alternatives
        return merged

    def _pattern(self) -> re.Pattern[str] | None:
        held = _HELD_OUT.get()
        if held:
            held = held & {i for i, _ in self._alternatives}
        if held not in self._compiled:
            on = [
                (i, a) for n, (i, a) in enumerate(self._alternatives) if i not in held
            ]
            self._compiled[held] = (
                re.compile(
                    "|".join(f"(?:{a})" for _, a in on),
                    re.IGNORECASE,
                )
                if on
                else None
            )
        return self._compiled[held]

    def search(self, text: str | None) -> re.Match[str] | None:
        """The first match in `text`; while recording, every alternative that matches it is
        recorded (each one alone would have decided)."""
        pattern = self._pattern() if text else None
        found = pattern.search(text) if pattern is not None and text else None
        if found is not None and _FIRED.get() is not None:
            held = _HELD_OUT.get()
            _fires(
                tuple(
                    i
                    for i, a in self._alternatives
                    if i not in held and re.search(a, text or "", re.IGNORECASE)
                )
            )
        return found

    def ids(self) -> set[str]:
        return {i for i, _ in self._alternatives}

    def __repr__(self) -> str:
        return f"Phrases({[a for _, a in self._alternatives]})"


_TUNED: ContextVar[dict[str, float]] = ContextVar("tuned", default={})


class Tunable:
    """A threshold set by judgement, with the other values measurement may try (`grid`)."""

    __slots__ = ("name", "default", "grid")

    def __init__(self, name: str, default: float, grid: tuple[float, ...]) -> None:
        self.name, self.default, self.grid = name, default, grid

    @property
    def value(self) -> float:
        return _TUNED.get().get(self.name, self.default)

    def __repr__(self) -> str:
        return f"Tunable({self.name}={self.value})"


TUNABLES: dict[str, Tunable] = {}


def tunable(name: str, default: float, grid: tuple[float, ...]) -> Tunable:
    """Declare a threshold; measurement finds every one in `TUNABLES`."""
    made = TUNABLES[name] = Tunable(name, default, grid)
    return made


@contextmanager
def tuning(values: dict[str, float]) -> Iterator[None]:
    """Inside the block, these tunables take these values."""
    token = _TUNED.set({**_TUNED.get(), **values})
    try:
        yield
    finally:
        _TUNED.reset(token)
