"""What a dlt `rest_api` resource states beyond an OpenAPI operation, kept beside the IR.

The config front-end builds the same `ApiModel` as OpenAPI does, plus one `ResourcePlan` per
operation (`restwright.model.plan`) holding the resource's `ResourceConfig`.
Templates are kept as the config spells them (`"{resources.posts.id}"`, `"{incremental.start_value}"`),
so render decides how a placeholder becomes code; `Placeholder` says what each one refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from restwright.diagnostics import Location
from restwright.model.ir import JSONValue, TypeExpr

PlaceholderKind = Literal["resource", "incremental"]


@dataclass(frozen=True)
class Placeholder:
    """One `{...}` reference in a template: a parent record's field or an incremental value.

    `text` is the placeholder as written, without braces (`resources.posts.id`,
    `incremental.start_value`); for the legacy `{"type": "resolve"}` param it is the param name.
    `keyword` is the method argument that supplies the value (`posts_id`, `start_value`).
    """

    text: str
    kind: PlaceholderKind
    keyword: str


@dataclass(frozen=True)
class ParentBinding:
    """The parent resource a child reads values from, and the fields it reads."""

    resource: str  # the parent resource name
    fields: tuple[
        str, ...
    ]  # field paths in a parent record, dotted (`id`, `author.id`)
    keywords: tuple[str, ...]  # `<parent>_<field>`, aligned with `fields`
    include_from_parent: tuple[
        str, ...
    ] = ()  # copied into child records as `_<parent>_<field>`


@dataclass(frozen=True)
class HookRef:
    """A callable a config names (`module:function`): imported by name in generated code.

    `module` and `function` are checked identifiers; `location` is where the config names it.
    Generation accepts only the package's own `hooks` module and an explicit allow-list.
    """

    module: str
    function: str
    location: Location

    def __str__(self) -> str:
        return f"{self.module}:{self.function}"


@dataclass(frozen=True)
class Incremental:
    """dlt's `incremental`: the cursor and how the start (and end) value is sent."""

    cursor_path: str
    location: Location
    initial_value: JSONValue = None
    end_value: JSONValue = None
    start_param: str | None = None
    end_param: str | None = None
    start_type: TypeExpr | None = (
        None  # from `initial_value` or the cursor's column hint
    )
    convert: HookRef | None = None  # applied to the value before it is sent


@dataclass(frozen=True)
class ResponseAction:
    """One `response_actions` entry: a match (status and/or content substring) and what to do.

    `ignore` ends the pagination quietly; `callables` are hooks, applied in order as requests
    response hooks. With neither `status_codes` nor `content` it matches every response.
    """

    location: Location
    status_codes: tuple[int, ...] = ()
    content: str | None = None
    ignore: bool = False
    callables: tuple[HookRef, ...] = ()


@dataclass(frozen=True)
class Column:
    """A `columns` hint: dlt data type and nullability, kept for record types and metadata."""

    name: str
    data_type: str | None
    nullable: bool = True
    hints: dict[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True)
class ResourceConfig:
    """A resource from a REST API config after `resource_defaults` are merged in.

    `path` is the endpoint path with every placeholder in `{...}` form (config spelling);
    `params`, `json` and `headers` hold the static values and templates (client-level headers
    come first; their literal braces are doubled so they are never read as placeholders).
    `placeholders` lists every reference used in path, params, json and headers, in order.
    """

    name: str
    location: Location
    path: str
    placeholders: tuple[Placeholder, ...] = ()
    parent: ParentBinding | None = None
    params: dict[str, JSONValue] = field(default_factory=dict)
    json: JSONValue = None
    headers: dict[str, str] = field(default_factory=dict)
    incremental: Incremental | None = None
    response_actions: tuple[ResponseAction, ...] = ()
    record_type: TypeExpr | None = (
        None  # a NamedType from `columns`; None → dict[str, Any]
    )
    primary_key: JSONValue = None
    write_disposition: JSONValue = None
    columns: tuple[Column, ...] = ()
    table_name: str | None = None
