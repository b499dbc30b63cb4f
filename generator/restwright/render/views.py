"""Plain view models the templates print: names, annotations and literals, never whole statements.

Every string field typed `Code` is already what the generated file says (a sanitised name, an
annotation, an escaped literal); every `str` field is spec or config text that a template must
pass through an escaping filter (`|str`, `|literal`, `|docstring`).
"""

from __future__ import annotations

from dataclasses import dataclass

from restwright.diagnostics import Location
from restwright.model.ir import JSONValue
from restwright.render.environment import Code
from restwright.render.types import TypeText

PARAMETER_INDENT = " " * 8


@dataclass(frozen=True)
class ArgView:
    """One parameter of a method: `name`, `name: annotation` or `name: annotation = default`."""

    name: Code
    annotation: Code | None = None
    default: Code | None = None


def arg(name: str, annotation: TypeText, default: str | None = None) -> ArgView:
    """A parameter whose annotation is spelled so that black and ruff lay it out alike."""
    tail = f" = {default}" if default is not None else ""
    line = f"{PARAMETER_INDENT}{name}: {annotation.text}{tail},"
    return ArgView(
        Code(name),
        annotation.annotation(line),
        Code(default) if default is not None else None,
    )


@dataclass(frozen=True)
class PaginatorArgView:
    """One paginator argument: a config value, or a method argument that sets it when given."""

    name: Code
    value: JSONValue
    follows: Code | None = None  # the method argument to use instead
    fallback: bool = False  # `follows if follows is not None else value`


@dataclass(frozen=True)
class PaginatorView:
    """`paginator=<cls>(...)`; `cls` None is the runtime's auto-detection (`paginator=None`)."""

    cls: Code | None
    args: tuple[PaginatorArgView, ...] = ()


@dataclass(frozen=True)
class Entry:
    """`"wire name": argument` in a params or headers dict."""

    wire: str
    value: Code


@dataclass(frozen=True)
class QueryStyle:
    """How `styled_query` encodes one parameter (OpenAPI style and explode)."""

    wire: str
    style: str
    explode: bool


@dataclass(frozen=True)
class DeprecationView:
    """A `DeprecationWarning` a method raises: always (`when` None) or when `when` is passed."""

    message: str
    when: Code | None = None


@dataclass
class MethodView:
    """What every generated method shares: where it came from, its name, signature and README use.

    `macro` names the macro in `templates/macros/methods.jinja` that prints the method.
    """

    macro: str
    name: Code
    positional: tuple[ArgView, ...]
    keywords: tuple[ArgView, ...]
    returns: Code
    doc: tuple[str | None, ...]
    paginated: bool
    example: Code  # one call for the README
    location: Location | None = None  # the operation in the spec, for error messages
    uses_auth: bool = (
        False  # calls the client's `_auth_for` (an operation's own credential)
    )


@dataclass
class RequestView(MethodView):
    """A method that makes a request: what every kind of generated request states."""

    client: Code = Code(
        "self"
    )  # the object holding `rest` (the client, or a resource's)
    http_method: str = "GET"
    path: str = "/"
    paginator: PaginatorView | None = None
    data_selector: str | None = None


@dataclass
class OperationView(RequestView):
    """A method for an OpenAPI operation: one request, or `Paged` over its pages."""

    path_args: tuple[Code, ...] = ()  # filled into the path's `{}` slots by build_path
    query: tuple[Entry, ...] = ()
    styles: tuple[QueryStyle, ...] = ()  # set: the query goes through styled_query
    headers: tuple[Entry, ...] = ()
    body: Code | None = None  # the body argument, when the operation sends one
    # The request media type: a literal, or the caller's `content_type` keyword (Code) when
    # the spec offers several; None: the runtime's default (application/json).
    content_type: str | Code | None = None
    encoding: JSONValue = None  # the spec's Encoding Object of a form/multipart body
    # The success response's media type, when not JSON: `call(accept=...)`; "" is no content.
    accept: str | None = None
    # The header the API reads an idempotency key from, for a POST/PATCH that declares one: the
    # runtime sends a key (the caller's, or a fresh one kept across retries) and may retry.
    idempotency_header: str | None = None
    # `warnings.warn` messages at call time: the operation's or a given parameter's deprecation.
    deprecations: tuple[DeprecationView, ...] = ()
    auth: tuple[tuple[Code, ...], ...] = ()  # the operation's credential alternatives
    # paged | typed (`result: T = ...`) | cast (`cast("T", ...)`, where black and ruff would
    # break a too-long `result: T = call(` differently) | any | none
    result: str = "typed"


@dataclass(frozen=True)
class PlaceholderValue:
    """What one `{placeholder}` of a config resource stands for in a call.

    A method argument (`keyword`, passed through `convert` when the config names one), or the
    config's own constant (`{incremental.initial_value}`).
    """

    text: str
    keyword: Code | None = None
    constant: JSONValue = None
    convert: Code | None = None


@dataclass(frozen=True)
class TemplateValue:
    """A params, json or headers value: static JSON, or a template filled by `expand(..., values)`."""

    value: JSONValue
    templated: bool = False


@dataclass(frozen=True)
class ConfigParam:
    """One query parameter of a config resource: a method argument, or a (template) value."""

    key: str
    exposed: Code | None = None
    value: TemplateValue | None = None


@dataclass(frozen=True)
class ActionView:
    """One dlt response action: its match and what to do (hooks imported by name)."""

    status_codes: tuple[int, ...] = ()
    content: str | None = None
    ignore: bool = False
    callables: tuple[Code, ...] = ()


@dataclass(frozen=True)
class ParentValue:
    """A child's keyword filled from a field of the parent record (dotted path)."""

    keyword: Code
    field: str


@dataclass(frozen=True)
class FanOutView:
    """`all_<name>()`: every record of a child resource for every record of its parent."""

    name: Code
    keywords: tuple[ArgView, ...]
    returns: Code
    doc: str
    source: Code  # the client method yielding the parent records
    parent_values: tuple[ParentValue, ...]
    passed: tuple[Code, ...]  # the child's own keywords, passed on
    include: tuple[
        tuple[str, str], ...
    ] = ()  # (record key, parent field) copied into records


@dataclass(frozen=True)
class HookImport:
    """`from module import name as alias`: a hook the config names, imported as plain code."""

    module: Code
    name: Code
    alias: Code


@dataclass
class ConfigMethodView(RequestView):
    """A method for a resource of a dlt `rest_api` config: `Paged` over its records.

    `path` holds placeholders when `path_templated` (filled by expand_path), else it is sent as is.
    """

    path_templated: bool = False
    values: tuple[PlaceholderValue, ...] = ()
    params: tuple[ConfigParam, ...] = ()
    headers: TemplateValue | None = None
    headers_as_text: bool = (
        False  # filled from values that may be numbers: compact_headers
    )
    json: TemplateValue | None = None
    actions: tuple[ActionView, ...] = ()
    hooks: tuple[HookImport, ...] = ()
    fan_out: FanOutView | None = None
