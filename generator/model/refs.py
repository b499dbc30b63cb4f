"""Following local `$ref`s inside a loaded document (every ref is local after the load stage)."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Location
from restwright.load.pointer import resolve_pointer


class LocalRefs:
    """Resolve `#/...` references in one document, reporting dangling or cyclic chains as None."""

    def __init__(self, document: dict[str, Any], file: str) -> None:
        self.document = document
        self.file = file

    def deref(self, value: Any, location: Location) -> tuple[Any, Location]:
        """Follow a chain of `$ref`s to the object it ends at, with that object's location.

        A dangling or cyclic chain yields `(None, location of the last ref)`.
        """
        seen: set[str] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref: str = value["$ref"]
            if not ref.startswith("#") or ref in seen:
                return None, location
            seen.add(ref)
            try:
                value = resolve_pointer(self.document, ref[1:])
            except (KeyError, ValueError):
                return None, location
            location = Location(self.file, ref[1:])
        return value, location
