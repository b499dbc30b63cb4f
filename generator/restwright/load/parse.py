"""Bytes → plain data: JSON, YAML or TOML, refusing empty, binary and alias-bomb input."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from restwright.diagnostics import Location, RestwrightError

try:  # orjson is twice as fast on the 13 MB GitHub description; plain json is the fallback.
    import orjson

    def _json_loads(data: bytes) -> Any:
        return orjson.loads(data)

    _JSONError: tuple[type[Exception], ...] = (orjson.JSONDecodeError,)
except ImportError:  # pragma: no cover - depends on the environment

    def _json_loads(data: bytes) -> Any:
        return json.loads(data)

    _JSONError = (json.JSONDecodeError,)

try:  # Python 3.11+ has tomllib; on 3.10 the `tomli` backport (a dependency there) is the same API.
    tomllib: Any = importlib.import_module("tomllib")
except ImportError:  # pragma: no cover - Python 3.10
    try:
        tomllib = importlib.import_module("tomli")
    except ImportError:
        tomllib = None

# libyaml is ~10x faster than the pure-Python parser; a 4 MB spec is unusable without it.
_BaseLoader: type[Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

# Expanded nodes beyond the document's own: a real spec shares a few anchors, a bomb multiplies.
MAX_ALIAS_EXPANSION = 1_000_000

_STR_TAG = "tag:yaml.org,2002:str"
# An anchor token (`&name` after whitespace or a flow indicator): without one there are no aliases.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]")
# Implicitly typed keys (`200:`, `true:`, `1.0:`) become strings; `<<` merge keys stay as they are.
_KEY_TAGS_TO_STR = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("int", "float", "bool", "null", "timestamp")
)


def _implicit_resolvers_by_first_char() -> dict[str, list[tuple[str, Any]]]:
    table: dict[Any, list[tuple[str, Any]]] = _BaseLoader.yaml_implicit_resolvers
    wildcard = table.get(None, [])
    return {
        first: list(resolvers) + list(wildcard)
        for first, resolvers in table.items()
        if first is not None
    }


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader whose timestamps stay strings and whose mapping keys are strings.

    `resolve` is PyYAML's, minus path resolvers (unused by the safe loader): PyYAML's own
    version is a third of the load time of a 4 MB spec.
    """

    _by_first_char = _implicit_resolvers_by_first_char()
    _wildcard = list(_BaseLoader.yaml_implicit_resolvers.get(None, []))

    def resolve(
        self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]
    ) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first_char.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return _STR_TAG
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        # YAML reads `200:` as an int key; OpenAPI keys are strings (`<<` merge keys stay).
        for key, _ in node.value:
            if key.tag in _KEY_TAGS_TO_STR:
                key.tag = _STR_TAG
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


_SpecLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _SpecLoader.construct_yaml_str
)


def read_bytes(path: Path, file: str) -> bytes:
    """Read a file, turning OS errors into a located error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RestwrightError.at(
            Location(file), "cannot read the file", cause=exc.strerror or str(exc)
        ) from None


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 text or a clear refusal: an empty or binary file is not a spec."""
    if not data.strip():
        raise RestwrightError.at(Location(file), "the file is empty")
    if b"\x00" in data[:8192]:
        raise RestwrightError.at(
            Location(file), "the file is binary, not a JSON/YAML/TOML document"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RestwrightError.at(
            Location(file),
            "the file is not UTF-8 text (binary?)",
            cause=f"byte {exc.start}: {exc.reason}",
        ) from None


def parse_data(data: bytes, file: str) -> Any:
    """Parse by content (JSON when it looks like JSON, TOML by suffix, else YAML)."""
    text = decode_text(data, file)
    suffix = Path(file).suffix.lower()
    if suffix == ".toml":
        return _parse_toml(text, file)
    if suffix == ".json" or text.lstrip()[:1] in ("{", "["):
        return _parse_json(data, file)
    return _parse_yaml(text, file)


def _parse_json(data: bytes, file: str) -> Any:
    try:
        return _json_loads(data.removeprefix(b"\xef\xbb\xbf"))
    except _JSONError as exc:
        raise RestwrightError.at(
            Location(file), "invalid JSON", cause=str(exc)
        ) from None


def _parse_toml(text: str, file: str) -> Any:
    if tomllib is None:  # pragma: no cover - Python 3.10
        raise RestwrightError.at(Location(file), "TOML input needs Python 3.11+")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RestwrightError.at(
            Location(file), "invalid TOML", cause=str(exc)
        ) from None


def _parse_yaml(text: str, file: str) -> Any:
    loader = _SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RestwrightError.at(Location(file), "the file holds no YAML document")
        if _ANCHOR.search(text):
            _check_nodes(node, file)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise RestwrightError.at(
            Location(file), "invalid YAML", cause=_yaml_cause(exc)
        ) from None
    finally:
        loader.dispose()


def _yaml_cause(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)


def _check_nodes(root: yaml.Node, file: str) -> None:
    """Refuse alias bombs and recursive aliases.

    Aliases share one composed node, so the expanded size is computed with a memo over node
    identities in one pass over the distinct nodes.
    """
    size: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            on_stack.discard(ident)
            size[ident] = 1 + sum(size[id(c)] for c in _children(node))
            if size[ident] - len(size) > MAX_ALIAS_EXPANSION:
                raise RestwrightError.at(
                    Location(file),
                    "refusing a YAML document whose aliases expand too far (an alias bomb?)",
                    cause=f"more than {MAX_ALIAS_EXPANSION} nodes beyond the document's own",
                )
            continue
        if ident in size:
            continue
        if ident in on_stack:
            raise RestwrightError.at(Location(file), "refusing a recursive YAML alias")
        on_stack.add(ident)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_stack:
                raise RestwrightError.at(
                    Location(file), "refusing a recursive YAML alias"
                )
            if id(child) not in size:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
