"""`columns` hints → `Column` metadata and a record TypedDict (dlt data types → Python types)."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.ir import (
    AnyType,
    Field,
    JSONValue,
    Primitive,
    SchemaDef,
    TypeExpr,
    nullable,
)
from restwright.model.resource import Column

# dlt's data types as they arrive in JSON: timestamps, dates and times are ISO strings.
DLT_TYPES: dict[str, TypeExpr] = {
    "text": Primitive("str"),
    "bigint": Primitive("int"),
    "double": Primitive("float"),
    "decimal": Primitive("float"),
    "bool": Primitive("bool"),
    "timestamp": Primitive("str", "date-time"),
    "date": Primitive("str", "date"),
    "time": Primitive("str", "time"),
    "binary": Primitive("str"),
    "wei": Primitive("int"),
    "json": AnyType(),
    "complex": AnyType(),  # dlt's older name for json
}


def columns_of(
    hints: dict[str, dict[str, Any]], primary_key: Any = None
) -> tuple[Column, ...]:
    """Column metadata in config order; primary key columns are never null (as in dlt)."""
    keys = {primary_key} if isinstance(primary_key, str) else set(primary_key or ())
    out = []
    for name, column in hints.items():
        if name in keys:
            column = {"nullable": False, **column}
        data_type = column.get("data_type")
        extra: dict[str, JSONValue] = {
            str(k): v
            for k, v in column.items()
            if k not in ("name", "data_type", "nullable")
        }
        out.append(
            Column(
                name,
                str(data_type) if data_type else None,
                column.get("nullable", True) is not False,
                extra,
            )
        )
    return tuple(out)


def column_type(
    column: Column, where: Location, diagnostics: list[Diagnostic]
) -> TypeExpr:
    """The Python type of one column's values (`Any` when untyped or unknown)."""
    if column.data_type is None:
        return AnyType()
    base = DLT_TYPES.get(column.data_type)
    if base is None:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"column `{column.name}`: unknown dlt data type `{column.data_type}`",
                where,
            )
        )
        return AnyType()
    return nullable(base) if column.nullable else base


def record_schema(
    key: str,
    columns: tuple[Column, ...],
    extra_fields: tuple[Field, ...],
    where: Location,
    diagnostics: list[Diagnostic],
) -> SchemaDef | None:
    """A TypedDict of the hinted columns (none required: records may omit them); None without hints."""
    fields = [
        Field(c.name, column_type(c, where.child(c.name), diagnostics), required=False)
        for c in columns
    ]
    names = {f.name for f in fields}
    fields.extend(f for f in extra_fields if f.name not in names)
    if not fields:
        return None
    # Records carry more keys than the hints name.
    return SchemaDef(
        key, where, fields=tuple(fields), extra=AnyType(), is_component=True
    )
