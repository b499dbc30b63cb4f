"""Calls for the generated README: every required argument gets a placeholder of its own type.

The README's examples are code users paste, so they must type-check as written: a path parameter
typed `int` gets `0`, an enum its first value, a required body a dict with its required keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from restwright.model.ir import (
    ApiModel,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Primitive,
    TypeExpr,
    UnionType,
)
from restwright.render.environment import Code
from restwright.render.literals import py_literal, py_str
from restwright.render.schemas import required_key

_PRIMITIVES = {
    "str": '"..."',
    "int": "0",
    "float": "0.0",
    "bool": "False",
    "None": "None",
}


def example_call(
    name: str,
    positional: Sequence[TypeExpr | None],
    keywords: Sequence[tuple[str, TypeExpr | None]],
    model: ApiModel,
) -> Code:
    """`name(<positional placeholders>, keyword=<placeholder>, ...)` for the required arguments."""
    values = [example_value(t, model) for t in positional]
    values += [f"{keyword}={example_value(t, model)}" for keyword, t in keywords]
    return Code(f"{name}({', '.join(values)})")


def example_value(t: TypeExpr | None, model: ApiModel) -> str:
    """A Python expression of type `t`: the smallest one a reader recognises as a placeholder."""
    return _value(t, model, frozenset())


def _value(t: TypeExpr | None, model: ApiModel, seen: frozenset[str]) -> str:
    t = model.resolve(t)
    if isinstance(t, Primitive):
        # A binary string is bytes on the way out (a file part, a raw upload).
        return 'b"..."' if t.format == "binary" else _PRIMITIVES[t.name]
    if isinstance(t, LiteralType):
        concrete = [v for v in t.values if v is not None]
        return py_literal(concrete[0] if concrete else None)
    if isinstance(t, ListType):
        return "[]"
    if isinstance(t, MapType):
        return "{}"
    if isinstance(t, UnionType):
        # A concrete member reads better than None: the example shows what to pass.
        members = [m for m in t.members if m != Primitive("None")] or list(t.members)
        return _value(members[0], model, seen)
    if isinstance(t, NamedType):
        return _object(t.key, model, seen)
    return '"..."'  # Any (or unknown): a string is as good as anything


def _object(key: str, model: ApiModel, seen: frozenset[str]) -> str:
    """A dict with the required keys of the TypedDict `key` (a cycle stops at an empty dict)."""
    schema = model.schemas.get(key)
    if schema is None or schema.fields is None or key in seen:
        return "{}"
    items = [
        f"{py_str(f.name)}: {_value(f.type, model, seen | {key})}"
        for f in schema.fields
        if required_key(f)
    ]
    return "{" + ", ".join(items) + "}"
