"""YAML text → plain data, built straight from parser events with a budget on alias expansion.

Why not PyYAML's composer and constructor: the composed node graph is five to six times the size
of the data it becomes (a 4 MB spec peaked at 150 MB), and it counts nothing, so an alias bomb
stays small as nodes and explodes in whichever later stage walks the data as a tree. Here every
alias charges the full expanded size of its anchor against a budget proportional to the input,
so a bomb is refused at the alias that crosses it, wherever it sits (a default, an extension, a
flow mapping), and peak memory stays near the size of the data itself.

Aliases share one Python object, as with PyYAML. Data is JSON-shaped: explicit tags other than
YAML's core scalar, sequence and mapping tags are refused, implicitly typed keys (`200:`) stay
strings, timestamps stay strings, `<<` merge keys merge, and a duplicate key is a warning (the
last value wins, as in JSON).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from restwright.diagnostics import Diagnostic, Location, RestwrightError

# libyaml is ~10x faster than the pure-Python parser; a 4 MB spec is unusable without it.
_BaseLoader: type[Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

# Expanded nodes allowed: one per two input bytes, at least this many. Real specs hold one node
# per 13-27 bytes, so a spec may repeat its whole self several times over through aliases.
MIN_NODE_BUDGET = 250_000
BYTES_PER_NODE = 2

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_SEQ = _CORE + "seq"
_MAP = _CORE + "map"
_MERGE = _CORE + "merge"
# Scalars whose tag gives them a JSON value other than their text.
_TYPED = frozenset(_CORE + name for name in ("int", "float", "bool", "null"))
# Scalars kept as their text: dates stay strings; `=` and `<<` outside a key are just text.
_AS_TEXT = frozenset((_STR, _CORE + "timestamp", _CORE + "value", _MERGE))


def node_budget(text: str) -> int:
    """How many nodes a document of this size may expand to through its aliases."""
    return max(MIN_NODE_BUDGET, len(text) // BYTES_PER_NODE)


def _implicit_resolvers() -> tuple[list[Any], dict[str, list[Any]]]:
    """PyYAML's implicit resolvers: those for any first character, and those by first character."""
    table: dict[Any, list[Any]] = _BaseLoader.yaml_implicit_resolvers
    wildcard = list(table.get(None, []))
    by_first = {
        first: list(resolvers) + wildcard
        for first, resolvers in table.items()
        if first is not None
    }
    return wildcard, by_first


class _Parser(_BaseLoader):  # type: ignore[misc]
    """The libyaml event parser with PyYAML's implicit resolvers, looked up by first character.

    `resolve` is PyYAML's minus path resolvers (unused by the safe loader): PyYAML's own version
    took a third of the load time of a 4 MB spec.
    """

    _wildcard, _by_first_char = _implicit_resolvers()

    def resolve_scalar(self, value: str) -> str:
        """The implicit tag of a plain scalar (`12` → int, `true` → bool, `x` → str)."""
        for tag, regexp in self._by_first_char.get(value[:1], self._wildcard):
            if regexp.match(value):
                return tag  # type: ignore[no-any-return]
        return _STR


class _NoKey:
    """Marks a mapping that waits for its next key (None is a valid key's value in YAML)."""


_NO_KEY = _NoKey()
_MERGE_KEY = _NoKey()


class _Open:
    """A sequence or mapping being built, with what its place in the document needs."""

    __slots__ = ("value", "key", "key_line", "anchor", "start", "merges")

    def __init__(self, value: Any, anchor: str | None, start: int) -> None:
        self.value = value
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.anchor = anchor
        self.start = start  # the node count before this node: its expanded size follows
        self.merges: list[Any] = []


class _Anchor:
    """A finished anchored node: its value, expanded size and, for a scalar, its source text."""

    __slots__ = ("value", "size", "text")

    def __init__(self, value: Any, size: int, text: str | None) -> None:
        self.value = value
        self.size = size
        self.text = text


def load_yaml(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document into plain data; returns it with its warnings (duplicate keys).

    Raises `RestwrightError` (file, JSON pointer, line) for invalid YAML, several documents,
    unsupported tags, unknown or recursive aliases, and aliases expanding past the budget.
    """
    parser = _Parser(text)
    try:
        builder = _Builder(parser, file, node_budget(text))
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            raise RestwrightError.at(Location(file), "the file holds no YAML document")
        parser.get_event()  # document start
        value = builder.build()
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            line = parser.peek_event().start_mark.line + 1
            raise RestwrightError.at(
                Location(file),
                "the file holds more than one YAML document",
                cause=f"the second starts at line {line}",
            )
        return value, builder.warnings
    except yaml.YAMLError as exc:
        raise RestwrightError.at(
            Location(file), "invalid YAML", cause=_yaml_cause(exc)
        ) from None
    finally:
        parser.dispose()


def _yaml_cause(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)


class _Builder:
    """Turns the events of one document into data, counting nodes as aliases expand them."""

    def __init__(self, parser: _Parser, file: str, budget: int) -> None:
        self.parser = parser
        self.file = file
        self.budget = budget
        # Nodes of the document so far, each alias counting its whole expansion.
        self.count = 0
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Open] = []
        self.warnings: list[Diagnostic] = []

    def build(self) -> Any:
        """Consume events up to the end of the root node and return its value."""
        get_event = self.parser.get_event
        stack = self.stack
        while True:
            event = get_event()
            kind = type(event)
            text: str | None = None
            if kind is ScalarEvent:
                text = event.value
                value = self.scalar(event)
                size = 1
                self.count += 1
                anchor = event.anchor
            elif kind is AliasEvent:
                value, size, text = self.alias(event)
                anchor = None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.start(event, {} if kind is MappingStartEvent else [])
                continue
            else:  # the end of a sequence or mapping
                frame = stack.pop()
                value = self.finish(frame)
                size = self.count - frame.start
                anchor = frame.anchor
                if anchor is not None:
                    self.open_anchors.discard(anchor)
            if anchor is not None:
                self.anchors[anchor] = _Anchor(value, size, text)
            if not stack:
                return value
            self.add(stack[-1], value, text, event)

    def scalar(self, event: ScalarEvent) -> Any:
        """A scalar's value: text, or int/float/bool/None by its tag (never a key's)."""
        if event.anchor is not None:
            self.check_new_anchor(event.anchor, event)
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted: always a string
            tag = self.parser.resolve_scalar(event.value)
        if tag in _AS_TEXT:
            return event.value
        if tag not in _TYPED:
            raise self.unsupported_tag(tag, event)
        stack = self.stack
        if stack and stack[-1].key is _NO_KEY and isinstance(stack[-1].value, dict):
            return event.value  # `200:` is the key "200": OpenAPI keys are strings
        node = ScalarNode(tag, event.value)  # these constructors never fail: no marks
        return self.parser.yaml_constructors[tag](self.parser, node)

    def alias(self, event: AliasEvent) -> tuple[Any, int, str | None]:
        """The anchored value an alias stands for, charged at its expanded size."""
        name = str(event.anchor)
        if name in self.open_anchors:
            raise self.error(event, "refusing a recursive YAML alias", f"*{name}")
        found = self.anchors.get(name)
        if found is None:
            raise self.error(event, "invalid YAML", f"alias *{name} names no anchor")
        self.count += found.size
        if self.count > self.budget:
            raise self.error(
                event,
                "refusing a YAML document whose aliases expand too far (an alias bomb?)",
                f"more than {self.budget} nodes with aliases expanded, "
                f"the limit for a file of this size; *{name} expands to {found.size}",
            )
        return found.value, found.size, found.text

    def start(self, event: Any, value: Any) -> None:
        """Open a sequence or mapping (a key must be a scalar: data keys are strings)."""
        tag = event.tag
        if tag not in (None, "!", _SEQ if isinstance(value, list) else _MAP):
            raise self.unsupported_tag(tag, event)
        if self.stack and self.in_key_position():
            raise self.error(
                event, "refusing a YAML mapping key that is a sequence or mapping"
            )
        if event.anchor is not None:
            self.check_new_anchor(event.anchor, event)
            self.open_anchors.add(event.anchor)
        self.stack.append(_Open(value, event.anchor, self.count))
        self.count += 1

    def finish(self, frame: _Open) -> Any:
        """A closed container's value; `<<` merges apply under the mapping's own keys."""
        if not frame.merges:
            return frame.value
        merged: dict[Any, Any] = {}
        for source in frame.merges:
            # In a list of merged mappings the first one wins, hence the reverse order.
            for mapping in reversed(source) if isinstance(source, list) else [source]:
                merged.update(mapping)
        merged.update(frame.value)
        return merged

    def add(self, frame: _Open, value: Any, text: str | None, event: Any) -> None:
        """Put a finished value into the open container: as an item, a key or a value."""
        container = frame.value
        if isinstance(container, list):
            container.append(value)
            return
        key = frame.key
        if key is _NO_KEY:
            if isinstance(value, (dict, list)):  # an alias to a collection, as a key
                raise self.error(
                    event, "refusing a YAML mapping key that is a sequence or mapping"
                )
            frame.key_line = event.start_mark.line + 1
            if type(event) is ScalarEvent and event.implicit[0] and text == "<<":
                frame.key = _MERGE_KEY
            else:
                frame.key = value if isinstance(value, str) or text is None else text
            return
        frame.key = _NO_KEY
        if key is _MERGE_KEY:
            if not _mergeable(value):
                raise self.error(
                    event,
                    "invalid YAML",
                    "a `<<` merge key needs a mapping or a list of them",
                )
            frame.merges.append(value)
            return
        if key in container:
            self.warnings.append(
                Diagnostic(
                    "warning",
                    f"duplicate key {key!r}; the last value is used",
                    Location(self.file, self.pointer(key)),
                    f"line {frame.key_line}",
                )
            )
        container[key] = value

    def in_key_position(self) -> bool:
        top = self.stack[-1]
        return isinstance(top.value, dict) and top.key is _NO_KEY

    def check_new_anchor(self, name: str, event: Any) -> None:
        if name in self.anchors or name in self.open_anchors:
            raise self.error(event, "invalid YAML", f"anchor &{name} is defined twice")

    def pointer(self, last: Any = _NO_KEY) -> str:
        """The JSON pointer of the node being built (with `last`, of that key in the top mapping)."""
        location = Location(self.file)
        for frame in self.stack:
            if isinstance(frame.value, list):
                location = location.child(len(frame.value))
            elif frame is self.stack[-1] and last is not _NO_KEY:
                location = location.child(str(last))
            elif frame.key is not _NO_KEY and frame.key is not _MERGE_KEY:
                location = location.child(str(frame.key))
        return location.pointer

    def error(self, event: Any, message: str, detail: str = "") -> RestwrightError:
        line = f"line {event.start_mark.line + 1}, column {event.start_mark.column + 1}"
        return RestwrightError.at(
            Location(self.file, self.pointer()),
            message,
            cause=f"{line}: {detail}" if detail else line,
        )

    def unsupported_tag(self, tag: str, event: Any) -> RestwrightError:
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        return self.error(
            event,
            f"refusing the YAML tag {shown}: a spec holds JSON-like data "
            "(strings, numbers, booleans, null, lists, mappings)",
        )


def _mergeable(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)
