"""Following local `$ref`s inside a loaded document (every ref is local after the load stage)."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Location
from restwright.load.pointer import resolve_pointer

_DANGLING = (None, None)


class LocalRefs:
    """Resolve `#/...` references in one document, reporting dangling or cyclic chains as None.

    One instance serves a whole model build: each distinct `$ref` string is split and walked once
    (GitHub's description repeats the same few thousand refs tens of thousands of times).
    """

    def __init__(self, document: dict[str, Any], file: str) -> None:
        self.document = document
        self.file = file
        self._hops: dict[str, tuple[Any, Location | None]] = {}

    def deref(self, value: Any, location: Location) -> tuple[Any, Location]:
        """Follow a chain of `$ref`s to the object it ends at, with that object's location.

        A dangling or cyclic chain yields `(None, location of the last ref)`.
        """
        seen: set[str] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref: str = value["$ref"]
            if ref in seen:
                return None, location
            seen.add(ref)
            target, target_location = self.hop(ref)
            if target_location is None:
                return None, location
            value, location = target, target_location
        return value, location

    def hop(self, ref: str) -> tuple[Any, Location | None]:
        """What one `$ref` points at and where, or `(None, None)` when it points nowhere local."""
        cached = self._hops.get(ref)
        if cached is not None:
            return cached
        result: tuple[Any, Location | None] = _DANGLING
        if ref.startswith("#"):
            try:
                result = resolve_pointer(self.document, ref[1:]), Location(
                    self.file, ref[1:]
                )
            except (KeyError, ValueError):
                pass
        self._hops[ref] = result
        return result
