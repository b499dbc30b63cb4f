"""Cut an `ApiModel` down to the operations a user selected, keeping only the schemas they reach.

A client for five endpoints of GitHub's API should not carry 3,800 TypedDicts. Selection is by tag
(`--include-tags`, `--exclude-tags`) and by path (`--include-paths`); the schemas kept are exactly
the closure of what the kept operations mention (parameters, bodies, responses, response headers),
followed through fields, aliases and additionalProperties, so no kept type names a dropped one.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.load.pointer import split_pointer
from restwright.model.ir import (
    ApiModel,
    ListType,
    MapType,
    NamedType,
    Operation,
    SchemaDef,
    TypeExpr,
    UnionType,
)


@dataclass(frozen=True)
class Selection:
    """Which operations to generate; empty tuples select nothing away (everything is kept)."""

    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    include_paths: tuple[str, ...] = ()

    @property
    def is_everything(self) -> bool:
        return not (self.include_tags or self.exclude_tags or self.include_paths)


def named_keys(t: TypeExpr | None) -> Iterator[str]:
    """The schema keys a type expression names directly (not through other schemas)."""
    if isinstance(t, NamedType):
        yield t.key
    elif isinstance(t, ListType):
        yield from named_keys(t.item)
    elif isinstance(t, MapType):
        yield from named_keys(t.value)
    elif isinstance(t, UnionType):
        for member in t.members:
            yield from named_keys(member)


def operation_types(op: Operation) -> Iterator[TypeExpr]:
    """Every type an operation's generated method can mention."""
    for parameter in op.parameters:
        yield parameter.type
    if op.request_body is not None:
        yield op.request_body.type
    for response in op.responses:
        if response.type is not None:
            yield response.type
        for header in response.headers:
            yield header.type


def schema_types(schema: SchemaDef) -> Iterator[TypeExpr]:
    """Every type a schema's definition mentions."""
    for field in schema.fields or ():
        yield field.type
    if schema.alias is not None:
        yield schema.alias
    if schema.extra is not None:
        yield schema.extra


def schema_closure(model: ApiModel, roots: Iterable[TypeExpr]) -> set[str]:
    """The keys of every schema reachable from `roots` (keys absent from the model are skipped)."""
    reached: set[str] = set()
    pending = [key for t in roots for key in named_keys(t)]
    while pending:
        key = pending.pop()
        schema = model.schemas.get(key)
        if key in reached or schema is None:
            continue
        reached.add(key)
        for t in schema_types(schema):
            pending.extend(named_keys(t))
    return reached


def dangling_references(model: ApiModel) -> list[tuple[str, str]]:
    """(where, key) for every reference to a schema key the model does not define: should be none."""
    found: list[tuple[str, str]] = []
    for op in model.operations:
        found += [
            (op.key, k)
            for t in operation_types(op)
            for k in named_keys(t)
            if k not in model.schemas
        ]
    for name, schema in model.schemas.items():
        found += [
            (name, k)
            for t in schema_types(schema)
            for k in named_keys(t)
            if k not in model.schemas
        ]
    return found


def path_matches(path: str, pattern: str) -> bool:
    """A glob (`/repos/*/issues*`), an exact path, or a prefix ending at a segment (`/repos`)."""
    if fnmatch.fnmatchcase(path, pattern):
        return True
    prefix = pattern.rstrip("/")
    return path == prefix or path.startswith(prefix + "/")


def is_selected(op: Operation, selection: Selection) -> bool:
    """Tags select by any of the operation's tags; exclusion wins over inclusion."""
    if selection.include_tags and not set(op.tags) & set(selection.include_tags):
        return False
    if set(op.tags) & set(selection.exclude_tags):
        return False
    if selection.include_paths and not any(
        path_matches(op.path, p) for p in selection.include_paths
    ):
        return False
    return True


def _unknown_tags(model: ApiModel, selection: Selection) -> list[str]:
    known = {tag for op in model.operations for tag in op.tags}
    asked = selection.include_tags + selection.exclude_tags
    return sorted({t for t in asked if t not in known})


def _selection_error(model: ApiModel, message: str) -> RestwrightError:
    tags = sorted({tag for op in model.operations for tag in op.tags})
    shown = ", ".join(repr(t) for t in tags[:40]) + (" …" if len(tags) > 40 else "")
    cause = f"the tags are: {shown}" if tags else "the API tags no operation"
    return RestwrightError.at(Location(model.source_file, "/paths"), message, cause)


def _kept_schemes(model: ApiModel, operations: Sequence[Operation]) -> set[str]:
    """Schemes the kept operations use; all of them when the API declares schemes but uses none."""
    used = {key for op in operations for alt in op.security for key in alt}
    if not any(alt for op in model.operations for alt in op.security):
        return set(model.security_schemes)
    return used


def _outside(
    diagnostic: Diagnostic, dropped_schemas: set[str], dropped_paths: set[str]
) -> bool:
    """True when a warning points into a schema or path that is no longer generated."""
    tokens = (
        split_pointer(diagnostic.location.pointer)
        if diagnostic.location.pointer
        else []
    )
    if len(tokens) >= 3 and tokens[:2] == ["components", "schemas"]:
        return tokens[2] in dropped_schemas
    return len(tokens) >= 2 and tokens[0] == "paths" and tokens[1] in dropped_paths


def subset_model(model: ApiModel, selection: Selection) -> ApiModel:
    """A model with the selected operations and only the schemas and security schemes they need.

    Raises RestwrightError when a named tag does not exist (a typo would otherwise silently select
    nothing or everything) or when the selection keeps no operation.
    """
    if selection.is_everything:
        return model
    unknown = _unknown_tags(model, selection)
    if unknown:
        raise _selection_error(
            model, f"no operation is tagged {', '.join(map(repr, unknown))}"
        )
    operations = [op for op in model.operations if is_selected(op, selection)]
    if not operations:
        raise _selection_error(model, "the tag and path selection keeps no operation")
    reached = schema_closure(
        model, (t for op in operations for t in operation_types(op))
    )
    schemas = {key: s for key, s in model.schemas.items() if key in reached}
    schemes = _kept_schemes(model, operations)
    dropped_schemas = {
        key for key, s in model.schemas.items() if s.is_component
    } - reached
    dropped_paths = {op.path for op in model.operations} - {
        op.path for op in operations
    }
    return replace(
        model,
        operations=operations,
        schemas=schemas,
        security_schemes={
            k: s for k, s in model.security_schemes.items() if k in schemes
        },
        diagnostics=[
            d
            for d in model.diagnostics
            if not _outside(d, dropped_schemas, dropped_paths)
        ],
    )


__all__ = [
    "Selection",
    "dangling_references",
    "is_selected",
    "named_keys",
    "operation_types",
    "path_matches",
    "schema_closure",
    "subset_model",
]
