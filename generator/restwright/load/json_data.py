"""JSON bytes → plain data, with duplicate keys as warnings and lone surrogates as errors.

Both need a place: a duplicate key silently drops a value the author wrote, and a lone surrogate
(`"\\ud800"`, legal JSON syntax, not text) would surface later as an encoding crash while writing
the client. The standard parser (not orjson) is used because only it reports each object's key
pairs; on GitHub's 13 MB description that costs 0.1 s.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError

# Every lone surrogate in parsed JSON comes from a `\uD800`-`\uDFFF` escape: UTF-8 input cannot
# hold one (decoding refuses it). Most specs have none, so the tree is searched only on a match.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def load_json(data: bytes, file: str) -> tuple[Any, list[Diagnostic]]:
    """Parse JSON; returns the value and a warning per duplicate key (the last value is used)."""
    duplicated: dict[int, list[str]] = {}

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            duplicated[id(result)] = [key for key, n in counts.items() if n > 1]
        return result

    try:
        value = json.loads(
            data.removeprefix(b"\xef\xbb\xbf"), object_pairs_hook=pairs_to_dict
        )
    except json.JSONDecodeError as exc:
        raise RestwrightError.at(
            Location(file), "invalid JSON", cause=str(exc)
        ) from None
    except UnicodeDecodeError as exc:
        raise RestwrightError.at(
            Location(file), "the file is not UTF-8 text", cause=str(exc)
        ) from None
    warnings: list[Diagnostic] = []
    if duplicated or _SURROGATE_ESCAPE.search(data):
        _inspect(value, Location(file), duplicated, warnings)
    return value, warnings


def _inspect(
    root: Any,
    root_location: Location,
    duplicated: dict[int, list[str]],
    warnings: list[Diagnostic],
) -> None:
    """Locate duplicate keys (warnings) and refuse the first string with a lone surrogate."""
    stack: list[tuple[Any, Location]] = [(root, root_location)]
    while stack:
        value, location = stack.pop()
        if isinstance(value, str):
            _check_text(value, location)
        elif isinstance(value, dict):
            for key in duplicated.get(id(value), ()):
                warnings.append(
                    Diagnostic(
                        "warning",
                        f"duplicate key {key!r}; the last value is used",
                        location.child(key),
                    )
                )
            for key, item in value.items():
                _check_text(key, location.child(key))
                stack.append((item, location.child(key)))
        elif isinstance(value, list):
            stack.extend((item, location.child(i)) for i, item in enumerate(value))
    warnings.sort(key=lambda d: d.location)


def _check_text(text: str, location: Location) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RestwrightError.at(
            location,
            "a string holds a lone UTF-16 surrogate escape, which is not text",
            cause=f"\\u{ord(text[exc.start]):04x} at character {exc.start}",
        ) from None
