"""A flattened view of one operation that every detector reads: inputs, response fields, headers, records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import Callable, Literal, TypeVar
from weakref import WeakKeyDictionary

import restwright.infer.vocabulary as vocab
from restwright.infer.knowledge import Phrases, Words
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

_BRACKETED = re.compile(r"[A-Za-z_][\w-]*\[([\w-]+)\]")
# Bracketed names that name a page as a whole (JSON:API's `page[number]`, `page[size]`).
_WHOLE_NAMES = vocab.PAGE_NAMES | vocab.LIMIT_NAMES | vocab.CURSOR_NAMES

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
    default: JSONValue = None  # the schema's declared default (request bodies read it)
    has_default: bool = False


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
        """The name's last part: `continue` of `listOptions.continue`, `offset` of
        `page[offset]` (but `page[number]` and `page[size]` stay whole: they name a page).
        """
        last = self.name.rsplit(".", 1)[-1]
        nested = _BRACKETED.fullmatch(last)
        if nested is None or vocab.norm(last) in _WHOLE_NAMES:
            return last
        return nested.group(1)

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
) -> tuple[FieldInfo, ...]:
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
                    f.default,
                    f.has_default,
                )
            )
            walk(f.type, path, depth + 1, seen | {bare.key})

    walk(t, "", 0, frozenset())
    return tuple(out)


@dataclass(frozen=True)
class ResponseShape:
    """The response type detectors read, and why, when it is not the operation's own schema."""

    type: TypeExpr | None
    note: str | None = (
        None  # evidence for a shape read elsewhere (an example, sibling operations)
    )
    # The op's schema says nothing about its JSON body and it has no example: the shape of
    # sibling operations may stand in, once they are known.
    borrowed: bool = False


@dataclass(frozen=True)
class PageConvention:
    """The page-number parameter the API's operations declare, and its base when they state one."""

    name: str
    users: int
    base: int | None
    why: str


@dataclass(frozen=True)
class ApiHints:
    """What the whole API says that one operation may leave out, read once and handed to every context."""

    page: PageConvention | None = None  # the page parameter other operations declare
    link_header: str | None = None  # evidence of an API-wide Link-header convention
    # The API's own response-header prefix (`X-Nomad-`).
    header_prefix: str | None = None
    # The page parameter the API description names (`users` is 0: no operation told).
    page_text: PageConvention | None = None


NO_HINTS = ApiHints()


class FieldCache:
    """`flatten` per (type, depth) for one model: many operations return or send the same schema."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self._found: dict[tuple[TypeExpr | None, int], tuple[FieldInfo, ...]] = {}

    def below(self, t: TypeExpr | None, max_depth: int) -> tuple[FieldInfo, ...]:
        key = (t, max_depth)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = flatten(self.model, t, max_depth)
        return found


def own_shape(op: Operation) -> ResponseShape:
    """The success response's schema exactly as the spec declares it."""
    response = op.success_response()
    return ResponseShape(response.type if response is not None else None)


T = TypeVar("T")


def per_context(
    compute: Callable[[OperationContext], T],
) -> Callable[[OperationContext], T]:
    """Computed once per operation context: several detectors ask the same question."""
    found: WeakKeyDictionary[OperationContext, T] = WeakKeyDictionary()

    @wraps(compute)
    def cached(ctx: OperationContext) -> T:
        if ctx not in found:
            found[ctx] = compute(ctx)
        return found[ctx]

    return cached


class OperationContext:
    """Everything detectors ask about one operation, computed once.

    It is handed what it reads (the response shape, the API's hints, a shared field cache) and
    points back at nothing: the API-wide conventions are computed before any context.
    """

    def __init__(
        self,
        model: ApiModel,
        op: Operation,
        shape: ResponseShape | None = None,
        hints: ApiHints = NO_HINTS,
        fields: FieldCache | None = None,
    ) -> None:
        self.model = model
        self.op = op
        self.shape = shape if shape is not None else own_shape(op)
        self.hints = hints
        self.fields = (
            fields
            if fields is not None and fields.model is model
            else FieldCache(model)
        )

    @property
    def response_type(self) -> TypeExpr | None:
        return self.shape.type

    @property
    def shape_note(self) -> str | None:
        """Evidence for a shape not read from the op's own schema (None when it was)."""
        return self.shape.note

    @cached_property
    def response_kind(self) -> Kind | None:
        if self.response_type is None:
            return None
        return kind_of(self.model, self.response_type)[0]

    @cached_property
    def response_fields(self) -> tuple[FieldInfo, ...]:
        return self._flatten(self.response_type)

    def _flatten(
        self, t: TypeExpr | None, max_depth: int = MAX_DEPTH
    ) -> tuple[FieldInfo, ...]:
        """`flatten`, shared by every operation of the API with this type."""
        return self.fields.below(t, max_depth)

    @cached_property
    def fields_by_path(self) -> dict[str, FieldInfo]:
        """`response_fields` by dotted path (the first declared wins, as in a scan)."""
        found: dict[str, FieldInfo] = {}
        for f in self.response_fields:
            found.setdefault(f.path, f)
        return found

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
            for f in self._flatten(body.type, max_depth=2):
                if f.kind in ("object",):
                    continue
                found.append(
                    InputInfo(
                        f.path,
                        "body",
                        f.kind,
                        f.description,
                        f.default,
                        f.has_default,
                        format=f.format,
                    )
                )
        return found

    def find_inputs(
        self, names: Words | set[str], text: Phrases | None = None
    ) -> list[InputInfo]:
        """Inputs whose name (leaf, normalised) is one of `names`, or whose description matches `text`."""
        return [
            i
            for i in self.inputs
            if vocab.norm(i.leaf) in names
            or (text is not None and vocab.mentions(i.description, text))
        ]

    def field(self, path: str) -> FieldInfo | None:
        return self.fields_by_path.get(path)

    @cached_property
    def path_words(self) -> list[str]:
        """Literal path segments as word lists, last segment last (`{id}` segments dropped)."""
        segments = [s for s in self.op.path.split("/") if s and not s.startswith("{")]
        return [w for s in segments for w in [re.sub(r"\.(json|xml)$", "", s)] if w]

    @cached_property
    def ends_with_parameter(self) -> bool:
        last = [s for s in self.op.path.split("/") if s][-1:] or [""]
        return last[0].startswith("{") and last[0].rstrip("/").endswith("}")
