"""A response's shape read from its JSON example, for operations whose schema says nothing.

The example becomes private `SchemaDef`s (keys start with `EXAMPLE_PREFIX`, which no spec key can
produce) in an overlay of the model that only inference sees; decisions never hand those keys on.
"""

from __future__ import annotations

import json
from dataclasses import replace

from restwright.diagnostics import Location
from restwright.infer.context import is_untyped
from restwright.model.ir import (
    AnyType,
    ApiModel,
    Field,
    JSONValue,
    ListType,
    NamedType,
    SchemaDef,
    TypeExpr,
)
from restwright.model.jsonvalues import scalar_type

EXAMPLE_PREFIX = "(example) "
MAX_DEPTH = 4


def is_example_type(t: TypeExpr | None) -> bool:
    """Whether `t` names a shape made from an example (not a schema of the API)."""
    return isinstance(t, NamedType) and t.key.startswith(EXAMPLE_PREFIX)


def example_type(
    value: JSONValue, key: str, location: Location, out: dict[str, SchemaDef]
) -> TypeExpr:
    """The type a JSON example shows; objects become schemas under `key` in `out`."""
    return _type_of(value, EXAMPLE_PREFIX + key, location, out, 0)


def _type_of(
    value: JSONValue,
    key: str,
    location: Location,
    out: dict[str, SchemaDef],
    depth: int,
) -> TypeExpr:
    scalar = scalar_type(value)
    if scalar is not None:
        return scalar
    if isinstance(value, list):
        if not value or depth >= MAX_DEPTH:
            return ListType(AnyType())
        return ListType(_type_of(value[0], f"{key}[]", location, out, depth + 1))
    if isinstance(value, dict) and depth < MAX_DEPTH:
        fields = tuple(
            Field(
                name,
                _type_of(item, f"{key}.{name}", location, out, depth + 1),
                required=False,
            )
            for name, item in value.items()
        )
        out[key] = SchemaDef(key, location, fields=fields, is_component=False)
        return NamedType(key)
    return AnyType()  # null, or too deep: nothing to learn from


def as_document(example: JSONValue) -> JSONValue:
    """An envelope or array example; one written as a JSON string (as some specs do) is decoded."""
    if isinstance(example, str) and example.lstrip()[:1] in ("{", "["):
        try:
            example = json.loads(example)
        except ValueError:
            return None
    if isinstance(example, dict) and "id" in example:
        return None  # one record, not the page that holds records: it shows no envelope
    return example if isinstance(example, (dict, list)) else None


def with_example_shapes(model: ApiModel) -> tuple[ApiModel, dict[str, TypeExpr]]:
    """The model plus example-made schemas, and each operation's example type by `Operation.key`.

    Only operations whose success response has no usable schema but an example get one.
    """
    extra: dict[str, SchemaDef] = {}
    types: dict[str, TypeExpr] = {}
    for op in model.operations:
        own = op.success_response()
        if not is_untyped(model, own.type if own else None):
            continue
        for response in op.responses:
            document = next(
                (d for d in map(as_document, response.examples) if d is not None), None
            )
            if response.status.startswith("2") and document is not None:
                key = f"{op.key}.{response.status}"
                types[op.key] = example_type(document, key, response.location, extra)
                break
    if not extra:
        return model, types
    return replace(model, schemas={**model.schemas, **extra}), types
