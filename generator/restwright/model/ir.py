"""The intermediate representation (IR) shared by infer, render and the REST-config input.

Plain, immutable-ish dataclasses: no behaviour beyond small lookups. Everything carries the
`Location` it came from so a later stage can name the place in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from restwright.diagnostics import Diagnostic, Location
from restwright.load.document import SourceKind

JSONScalar = Union[str, int, float, bool, None]
JSONValue = Union[JSONScalar, list["JSONValue"], dict[str, "JSONValue"]]

# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class AnyType:
    """A value we cannot (or need not) type more precisely: `Any` in generated code."""


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar. `name` is the Python type; `format` and bounds are kept for inference."""

    name: Literal["str", "int", "float", "bool", "None"]
    format: str | None = None


@dataclass(frozen=True)
class NamedType:
    """A reference to a `SchemaDef` in `ApiModel.schemas` by its unique key."""

    key: str


@dataclass(frozen=True)
class ListType:
    item: "TypeExpr"


@dataclass(frozen=True)
class MapType:
    """`dict[str, value]`: additionalProperties, or a free-form object (value AnyType)."""

    value: "TypeExpr"


@dataclass(frozen=True)
class LiteralType:
    """An enum: `Literal[...]` over JSON scalars, in spec order (duplicates removed)."""

    values: tuple[JSONScalar, ...]


@dataclass(frozen=True)
class UnionType:
    """oneOf / anyOf / type arrays / nullable. Members are de-duplicated, in spec order."""

    members: tuple["TypeExpr", ...]


TypeExpr = Union[
    AnyType, Primitive, NamedType, ListType, MapType, LiteralType, UnionType
]


def nullable(t: TypeExpr) -> TypeExpr:
    """`t | None`, flattening an existing union and never adding None twice."""
    none = Primitive("None")
    members = t.members if isinstance(t, UnionType) else (t,)
    if none in members or isinstance(t, AnyType):
        return t
    return UnionType(members + (none,))


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class Field:
    """One property of an object schema, under its JSON key exactly as the spec spells it."""

    name: str
    type: TypeExpr
    required: bool
    description: str | None = None
    read_only: bool = False
    write_only: bool = False
    default: JSONValue = None
    has_default: bool = False


@dataclass(frozen=True)
class SchemaDef:
    """A named type in the generated `models` module.

    Exactly one of `fields` (an object → TypedDict) and `alias` (anything else → a type alias) is set.
    `key` is unique in the model: a component key (`simple-user`) or, for inline objects hoisted out
    of their parent, a key derived from the parent's key and the property/operation path
    (`simple-user.address`, `listAnimals.200`), never from a counter.
    `extra`: the additionalProperties type next to declared fields (TypedDict cannot express it;
    render documents it and keeps the declared fields).
    """

    key: str
    location: Location
    fields: tuple[Field, ...] | None = None
    alias: TypeExpr | None = None
    extra: TypeExpr | None = None
    description: str | None = None
    title: str | None = None
    is_component: bool = True


# --------------------------------------------------------------------------- operations

ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True)
class Parameter:
    """A path/query/header/cookie parameter after path-level and operation-level merge."""

    name: str
    location: ParamLocation
    required: bool
    type: TypeExpr
    location_in_spec: Location
    description: str | None = None
    default: JSONValue = None
    has_default: bool = False
    minimum: float | None = None
    maximum: float | None = None
    deprecated: bool = False
    style: str | None = None
    explode: bool | None = None
    extensions: dict[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestBody:
    """The request body for the preferred media type (JSON first, then form, then anything)."""

    content_type: str
    type: TypeExpr
    required: bool
    location: Location
    description: str | None = None
    # Every media type the spec offers, in spec order (`content_type` is one of them): a caller
    # may pick another one.
    content_types: tuple[str, ...] = ()
    # The chosen media type's Encoding Object, per property: `style`, `explode`,
    # `contentType`, `allowReserved` (form and multipart bodies only).
    encoding: dict[str, dict[str, JSONValue]] = field(default_factory=dict)


@dataclass(frozen=True)
class ResponseHeader:
    name: str
    type: TypeExpr
    description: str | None = None


@dataclass(frozen=True)
class Response:
    """One declared response. `type` is None when it has no (JSON) body."""

    status: str  # "200", "2XX", "default"
    location: Location
    content_type: str | None = None
    type: TypeExpr | None = None
    description: str | None = None
    headers: tuple[ResponseHeader, ...] = ()
    links: tuple[str, ...] = ()  # names of OpenAPI links, kept as a pagination hint
    # JSON examples of the body (media `example`, then each `examples.*.value`), in spec order:
    # the response's shape when its schema is absent or untyped (inference reads them).
    examples: tuple[JSONValue, ...] = ()


SecurityRequirement = tuple[str, ...]  # scheme keys that must all be satisfied together


@dataclass(frozen=True)
class Operation:
    """One HTTP operation.

    `security` is the effective requirement list after applying the global default: a tuple of
    alternatives, each a tuple of scheme keys; `((),)` or `()` means no auth. What only one kind
    of input knows (a dlt config's resource) travels beside the model, keyed by `key`.
    """

    method: str  # lower case: get, post, ...
    path: str
    operation_id: str | None
    location: Location
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    deprecated: bool = False
    extensions: dict[str, JSONValue] = field(default_factory=dict)
    # The operation's or its path item's own servers (e.g. an upload host), when declared.
    servers: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A stable identity: `GET /pets/{id}`."""
        return f"{self.method.upper()} {self.path}"

    def read_response(self) -> Response | None:
        """The success response whose body a client reads: of the 2XX responses with content,
        `success_response()` when it has a media type, else the first (None: no 2XX content).
        """
        with_content = [
            r
            for r in self.responses
            if r.status.upper().startswith("2") and r.content_type
        ]
        if not with_content:
            return None
        primary = self.success_response()
        return primary if primary and primary.content_type else with_content[0]

    def success_response(self) -> Response | None:
        """The response that carries records: 200, else the first 2XX with a body; `default`
        only when no 2XX is declared (otherwise it describes errors, not what a 204 returns).
        """
        by_status = {r.status: r for r in self.responses}
        for status in ("200", "201", "2XX", "203", "206", "202"):
            if status in by_status and by_status[status].type is not None:
                return by_status[status]
        for r in self.responses:
            if r.status.startswith("2") and r.type is not None:
                return r
        if any(r.status.startswith("2") for r in self.responses):
            return None
        if "default" in by_status and by_status["default"].type is not None:
            return by_status["default"]
        return None


# --------------------------------------------------------------------------- security

SecurityKind = Literal[
    "bearer",
    "basic",
    "api_key",
    "oauth2_client_credentials",
    "oauth2",
    "openid",
    "other",
]


@dataclass(frozen=True)
class SecurityScheme:
    """A securitySchemes entry, reduced to what a client needs to authenticate."""

    key: str
    kind: SecurityKind
    location: Location
    description: str | None = None
    api_key_name: str | None = None
    api_key_in: Literal["header", "query", "cookie"] | None = None
    bearer_format: str | None = None
    token_url: str | None = None  # OAuth2 client credentials (may be relative)
    scopes: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()  # oauth2 flow names present


# --------------------------------------------------------------------------- the whole API


@dataclass
class ApiModel:
    """Everything later stages need; `diagnostics` holds the warnings found while building it."""

    title: str
    version: str
    source_kind: SourceKind
    source_file: str
    description: str | None = None
    servers: tuple[str, ...] = ()
    operations: list[Operation] = field(default_factory=list)
    schemas: dict[str, SchemaDef] = field(default_factory=dict)
    security_schemes: dict[str, SecurityScheme] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Headers every request carries unless the user overrides them (a REST config's `client.headers`).
    default_headers: dict[str, str] = field(default_factory=dict)

    def resolve(self, t: TypeExpr | None) -> TypeExpr | None:
        """Follow NamedType aliases to the underlying type (objects stay NamedType)."""
        seen: set[str] = set()
        while isinstance(t, NamedType) and t.key not in seen:
            seen.add(t.key)
            schema = self.schemas.get(t.key)
            if schema is None or schema.alias is None:
                return t
            t = schema.alias
        return t

    def fields_of(self, t: TypeExpr | None) -> tuple[Field, ...] | None:
        """The object fields behind `t` (through aliases), or None when `t` is not an object."""
        t = self.resolve(t)
        if isinstance(t, NamedType):
            schema = self.schemas.get(t.key)
            return schema.fields if schema is not None else None
        return None
