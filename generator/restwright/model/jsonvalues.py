"""Spec values (defaults, extensions) as plain JSON for the IR."""

from __future__ import annotations

from typing import Any

from restwright.model.ir import JSONValue, Primitive, TypeExpr


def to_json(value: Any) -> JSONValue:
    """A JSON-compatible copy: string keys, lists for sequences, text for anything exotic."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return str(value)


def scalar_type(value: JSONValue) -> TypeExpr | None:
    """The Python type of a JSON scalar (`bool` before `int`: it is one); None for null, lists and objects."""
    if isinstance(value, bool):
        return Primitive("bool")
    if isinstance(value, int):
        return Primitive("int")
    if isinstance(value, float):
        return Primitive("float")
    if isinstance(value, str):
        return Primitive("str")
    return None


def extensions_of(obj: dict[str, Any]) -> dict[str, JSONValue]:
    """The `x-*` members of a spec object, in spec order."""
    return {
        k: to_json(v)
        for k, v in obj.items()
        if isinstance(k, str) and k.startswith("x-")
    }
