"""A flattened view of one operation that every detector reads: inputs, response fields, headers, records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from restwright.infer import vocabulary as vocab
from restwright.model.ir import (
    AnyType,
    ApiModel,
    JSONValue,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)

if TYPE_CHECKING:
    from restwright.infer.conventions import ApiConventions

Kind = Literal["str", "int", "float", "bool", "None", "object", "array", "map", "any"]
MAX_DEPTH = 4


@dataclass(frozen=True)
class FieldInfo:
    """One value in a JSON document, addressed by a dotted path (`meta.total_pages`)."""

    path: str
    name: str
    kind: Kind
    type: TypeExpr
    description: str = ""
    format: str | None = None
    nullable: bool = False


@dataclass(frozen=True)
class InputInfo:
    """A value the caller sends: a query parameter, or a field of the JSON request body (dotted path)."""

    name: str
    where: Literal["query", "body"]
    kind: Kind
    description: str = ""
    default: JSONValue = None
    has_default: bool = False
    minimum: float | None = None
    maximum: float | None = None
    format: str | None = None

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def number_default(self) -> int | None:
        """The declared default as an int, or one stated in the description ("defaults to 100")."""
        if (
            self.has_default
            and isinstance(self.default, (int, float, str))
            and not isinstance(self.default, bool)
        ):
            try:
                return int(self.default)
            except ValueError:
                pass
        m = re.search(
            r"default(?:s| value)?(?: is| to|:)? `?(\d+)",
            self.description,
            re.IGNORECASE,
        )
        return int(m.group(1)) if m else None


MAX_UNION_DEPTH = 8


def kind_of(
    model: ApiModel, t: TypeExpr | None, depth: int = 0
) -> tuple[Kind, TypeExpr, bool, str | None]:
    """The JSON kind behind a type (through aliases and `| None`), the bare type, nullability and format.

    `depth` bounds the walk through unions of aliases: `A = A | str` is a legal, endless alias.
    """
    t = model.resolve(t)
    if depth > MAX_UNION_DEPTH:
        return "any", AnyType(), False, None
    is_nullable = False
    if isinstance(t, UnionType):
        members = [m for m in t.members if m != Primitive("None")]
        is_nullable = len(members) < len(t.members)
        resolved = [model.resolve(m) for m in members]
        if len(resolved) == 1:
            t = resolved[0]
        else:
            kinds = {kind_of(model, m, depth + 1)[0] for m in resolved}
            if len(kinds) == 1:
                return kinds.pop(), resolved[0] or AnyType(), is_nullable, None
            return "any", t or AnyType(), is_nullable, None
    if t is None or isinstance(t, AnyType):
        return "any", AnyType(), is_nullable, None
    if isinstance(t, Primitive):
        return t.name, t, is_nullable, t.format
    if isinstance(t, ListType):
        return "array", t, is_nullable, None
    if isinstance(t, MapType):
        return "map", t, is_nullable, None
    if isinstance(t, LiteralType):
        scalar = {type(v).__name__ for v in t.values if v is not None}
        name: Kind = (
            "str" if scalar <= {"str"} else "int" if scalar <= {"int"} else "any"
        )
        return name, t, is_nullable, None
    if isinstance(t, NamedType):
        schema = model.schemas.get(t.key)
        if schema is not None and schema.fields is not None:
            return "object", t, is_nullable, None
    return "any", t, is_nullable, None


def is_untyped(model: ApiModel, t: TypeExpr | None) -> bool:
    """No schema, `{}`, a free-form `{type: object}`, or an object without properties: no shape to read."""
    kind, bare, _, _ = kind_of(model, t)
    if kind == "any":
        return True
    if kind == "map":
        return isinstance(bare, MapType) and isinstance(bare.value, AnyType)
    if kind == "object":
        return not model.fields_of(bare)
    return False


def flatten(
    model: ApiModel, t: TypeExpr | None, max_depth: int = MAX_DEPTH
) -> list[FieldInfo]:
    """Every field below an object type, depth first in declaration order; arrays are leaves."""
    out: list[FieldInfo] = []

    def walk(
        current: TypeExpr | None, prefix: str, depth: int, seen: frozenset[str]
    ) -> None:
        kind, bare, _, _ = kind_of(model, current)
        if (
            kind != "object"
            or depth >= max_depth
            or not isinstance(bare, NamedType)
            or bare.key in seen
        ):
            return
        for f in model.fields_of(bare) or ():
            f_kind, f_type, f_nullable, f_format = kind_of(model, f.type)
            path = f"{prefix}.{f.name}" if prefix else f.name
            out.append(
                FieldInfo(
                    path,
                    f.name,
                    f_kind,
                    f_type,
                    f.description or "",
                    f_format,
                    f_nullable,
                )
            )
            walk(f.type, path, depth + 1, seen | {bare.key})

    walk(t, "", 0, frozenset())
    return out


@dataclass
class OperationContext:
    """Everything detectors ask about one operation, computed once."""

    model: ApiModel
    op: Operation
    conventions: ApiConventions | None = None
    _cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def own_response_type(self) -> TypeExpr | None:
        """The success response's schema exactly as the spec declares it."""
        response = self.op.success_response()
        return response.type if response is not None else None

    @cached_property
    def shape(self) -> tuple[TypeExpr | None, str | None]:
        """The response shape detectors read, and where it came from when not from the op's own schema.

        The op's own schema wins; when it is untyped, its JSON example; else the shape its sibling
        operations with the same paging parameters return (an API-wide convention).
        """
        own = self.own_response_type
        if self.conventions is None or not is_untyped(self.model, own):
            return own, None
        if any(
            r.status.startswith("2")
            and r.content_type is not None
            and "json" not in r.content_type
            for r in self.op.responses
        ):
            return (
                own,
                None,
            )  # a declared non-JSON body (CSV, iCalendar) has no envelope
        from_example = self.conventions.example_types.get(self.op.key)
        if from_example is not None:
            return (
                from_example,
                "the response schema is untyped; its shape is read from the response example",
            )
        borrowed = self.conventions.borrowed_shape(self)
        if borrowed is not None:
            return borrowed
        return own, None

    @property
    def response_type(self) -> TypeExpr | None:
        return self.shape[0]

    @property
    def shape_note(self) -> str | None:
        """Evidence for a shape not read from the op's own schema (None when it was)."""
        return self.shape[1]

    @cached_property
    def response_kind(self) -> Kind | None:
        if self.response_type is None:
            return None
        return kind_of(self.model, self.response_type)[0]

    @cached_property
    def response_fields(self) -> list[FieldInfo]:
        return flatten(self.model, self.response_type)

    @cached_property
    def response_headers(self) -> list[str]:
        response = self.op.success_response()
        if response is None:
            responses = [r for r in self.op.responses if r.status.startswith("2")]
            return [h.name for r in responses for h in r.headers]
        return [h.name for h in response.headers]

    @cached_property
    def inputs(self) -> list[InputInfo]:
        """Query parameters, then JSON body fields (two levels deep) for operations that send a body."""
        found: list[InputInfo] = []
        for p in self.op.parameters:
            if p.location != "query":
                continue
            kind, _, _, fmt = kind_of(self.model, p.type)
            found.append(
                InputInfo(
                    p.name,
                    "query",
                    kind,
                    p.description or "",
                    p.default,
                    p.has_default,
                    p.minimum,
                    p.maximum,
                    fmt,
                )
            )
        body = self.op.request_body
        if body is not None and "json" in body.content_type:
            for f in flatten(self.model, body.type, max_depth=2):
                if f.kind in ("object",):
                    continue
                default = self._body_default(f.path)
                found.append(
                    InputInfo(
                        f.path,
                        "body",
                        f.kind,
                        f.description,
                        default[0],
                        default[1],
                        format=f.format,
                    )
                )
        return found

    def _body_default(self, path: str) -> tuple[JSONValue, bool]:
        current = self.op.request_body.type if self.op.request_body else None
        parts = path.split(".")
        for i, part in enumerate(parts):
            for f in self.model.fields_of(current) or ():
                if f.name == part:
                    if i == len(parts) - 1:
                        return f.default, f.has_default
                    current = f.type
                    break
            else:
                return None, False
        return None, False

    def find_inputs(self, names: set[str], text: str | None = None) -> list[InputInfo]:
        """Inputs whose name (leaf, normalised) is one of `names`, or whose description matches `text`."""
        return [
            i
            for i in self.inputs
            if vocab.norm(i.leaf) in names
            or (text is not None and vocab.mentions(i.description, text))
        ]

    def field(self, path: str) -> FieldInfo | None:
        for f in self.response_fields:
            if f.path == path:
                return f
        return None

    @cached_property
    def path_words(self) -> list[str]:
        """Literal path segments as word lists, last segment last (`{id}` segments dropped)."""
        segments = [s for s in self.op.path.split("/") if s and not s.startswith("{")]
        return [w for s in segments for w in [re.sub(r"\.(json|xml)$", "", s)] if w]

    @cached_property
    def ends_with_parameter(self) -> bool:
        last = [s for s in self.op.path.split("/") if s][-1:] or [""]
        return last[0].startswith("{") and last[0].rstrip("/").endswith("}")
