"""JSONPath compiled once, with a fast path for plain dotted paths.

Almost every selector in the wild is `data`, `meta.total` or `data[-1].id`; walking those by hand
is an order of magnitude faster than jsonpath-ng and keeps it out of the import. Anything else
(wildcards, filters, slices, recursive descent) is compiled by jsonpath-ng, imported lazily.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, Union

Segment = Union[str, int]


class JSONPathObject(Protocol):
    """A jsonpath-ng `JSONPath` (dlt's paginators and selectors take these as well as text)."""

    def find(self, data: Any) -> Any: ...

    def update_or_create(self, data: Any, val: Any) -> Any: ...


# What every path argument takes: text, an already compiled path, or a jsonpath-ng expression.
PathLike = Union[str, "CompiledPath", JSONPathObject]

# One segment: a bare key, a bracketed quoted key or a bracketed integer index.
_SEGMENT = re.compile(
    r"""
    (?:^|\.)(?P<key>[^.\[\]'"*$@?()]+)      # .key (or key at the start)
    | \[(?P<index>-?\d+)\]                  # [0], [-1]
    | \[(?P<quote>['"])(?P<quoted>[^'"]*)(?P=quote)\]  # ['a.b'], ["x"]
    """,
    re.VERBOSE,
)


class CompiledPath:
    """A path compiled once: `find` returns every match, `first` the first (or a default)."""

    __slots__ = ("path", "_segments", "_compiled")

    def __init__(self, path: str, expression: JSONPathObject | None = None) -> None:
        """`expression`, when given, is a parsed jsonpath-ng path and `path` only its text."""
        self.path = path
        self._segments: tuple[Segment, ...] | None = (
            _parse_plain(path) if expression is None else None
        )
        self._compiled: Any = expression
        if self._segments is None and expression is None:
            # jsonpath-ng only for paths the fast path cannot walk.
            from jsonpath_ng.ext.parser import parse

            self._compiled = parse(path)

    @property
    def is_plain(self) -> bool:
        """True when the path is walked without jsonpath-ng."""
        return self._segments is not None

    @property
    def segments(self) -> tuple[Segment, ...] | None:
        return self._segments

    def find(self, document: Any) -> list[Any]:
        """Every value the path selects in `document` (a plain path selects at most one)."""
        if self._segments is None:
            return [match.value for match in self._compiled.find(document)]
        node = document
        for segment in self._segments:
            if isinstance(segment, str):
                if not isinstance(node, dict) or segment not in node:
                    return []
                node = node[segment]
            else:
                if not isinstance(node, list) or not -len(node) <= segment < len(node):
                    return []
                node = node[segment]
        return [node]

    def first(self, document: Any, default: Any = None) -> Any:
        """The first selected value, or `default` when nothing matches."""
        values = self.find(document)
        return values[0] if values else default

    def set(self, document: dict[str, Any], value: Any) -> None:
        """Write `value` at the path inside `document`, creating missing objects on the way."""
        if self._segments is None:
            self._compiled.update_or_create(document, value)
            return
        if not self._segments:
            raise ValueError("cannot set a value at the root path '$'")
        node: Any = document
        for segment, following in zip(self._segments, self._segments[1:]):
            if isinstance(segment, str):
                if not isinstance(node.get(segment), (dict, list)):
                    node[segment] = [] if isinstance(following, int) else {}
            node = node[segment]
        node[self._segments[-1]] = value

    def __deepcopy__(self, memo: dict[int, Any]) -> "CompiledPath":
        return self  # immutable: paginators copied per call share their compiled paths

    def __repr__(self) -> str:
        return f"CompiledPath({self.path!r})"

    def __str__(self) -> str:
        return self.path


def _parse_plain(path: str) -> tuple[Segment, ...] | None:
    """Segments of a plain path (`a.b`, `a[0].b`, `$.a['x.y']`), or None when it is not plain."""
    text = path.strip()
    if text in ("$", ""):
        return ()
    if text.startswith("$."):
        text = text[2:]
    elif text.startswith("$["):
        text = text[1:]
    segments: list[Segment] = []
    position = 0
    while position < len(text):
        match = _SEGMENT.match(text, position)
        if match is None or match.end() == position:
            return None
        if match.group("key") is not None:
            key = match.group("key")
            if key != key.strip() or (position == 0 and text.startswith(".")):
                return None
            segments.append(key)
        elif match.group("index") is not None:
            segments.append(int(match.group("index")))
        else:
            segments.append(match.group("quoted"))
        position = match.end()
    return tuple(segments)


_cache: dict[str, CompiledPath] = {}


def compile_path(path: PathLike) -> CompiledPath:
    """Compile `path` (cached: the same selector text is parsed once per process).

    A jsonpath-ng expression is used as it is (its text is kept for messages only).
    """
    if isinstance(path, CompiledPath):
        return path
    if not isinstance(path, str):
        return CompiledPath(str(path), path)
    compiled = _cache.get(path)
    if compiled is None:
        compiled = CompiledPath(path)
        if len(_cache) < 1024:
            _cache[path] = compiled
    return compiled


def find_values(path: PathLike, document: Any) -> list[Any]:
    """Every value `path` selects in `document` (dlt's `jsonpath.find_values`)."""
    return compile_path(path).find(document)


def set_value_at_path(document: dict[str, Any], path: PathLike, value: Any) -> None:
    """Write `value` at `path` in `document` (dlt's `jsonpath.set_value_at_path`)."""
    compile_path(path).set(document, value)


def path_of(segments: tuple[Segment, ...]) -> str:
    """The plain path text for `segments`, quoting keys that are not bare identifiers."""
    if not segments:
        return "$"
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", segment):
            parts.append(f".{segment}" if parts else segment)
        else:
            quote = "'" if "'" not in segment else '"'
            parts.append(f"[{quote}{segment}{quote}]")
    return "".join(parts)
