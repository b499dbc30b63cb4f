"""Every paginator kind in one record: its runtime class, what it takes, what it controls, its dlt name.

Inference, the config and override checks, render and the dlt export all read these records, so a
new pagination style is one record here, one detector in `infer/paginators/` and one class in the
runtime. `tests/generator/test_kinds.py` holds every record against the runtime's constructors
and against dlt's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.jsonpaths import jsonpath_problem
from restwright.model.ir import JSONValue


class DltExport(enum.Enum):
    """How a kind is written into a dlt `rest_api` config."""

    SAME = "same"  # dlt has the kind under the same name, with (a subset of) its parameters
    LAST_RECORD_CURSOR = (
        "last_record_cursor"  # dlt's `cursor` reading the last record's field
    )
    AUTO = "auto"  # dlt has no such kind: left to dlt's auto-detection


@dataclass(frozen=True)
class Param:
    """One constructor parameter: its annotation in the runtime (`int`, `PathLike | None`, ...).

    The annotation says which config values type-check in generated code; `jsonpath` marks text
    the runtime parses as a JSONPath, which is therefore parsed at generate time too.
    """

    annotation: str
    jsonpath: bool = False

    @property
    def nullable(self) -> bool:
        return "None" in self.annotation.split(" | ")

    def accepts(self, value: Any) -> bool:
        """Whether `value` from a config fits the annotation (so generated code type-checks)."""
        if value is None:
            return self.nullable
        base = self.annotation.split(" | ")[0]
        if base == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if base == "bool":
            return isinstance(value, bool)
        return isinstance(value, str)  # str, PathLike


@dataclass(frozen=True)
class QueryControl:
    """A query parameter the paginator writes itself: the setting naming it and its default name.

    With `body_key` set instead, the value travels in the JSON body and no query parameter is
    written; a paginator takes one of the two, never both.
    """

    key: str
    default: str | None
    body_key: str | None = None


@dataclass(frozen=True)
class PaginatorKind:
    """One pagination style in dlt's vocabulary (plus restwright's `record_cursor`)."""

    name: str
    runtime_class: (
        str | None
    )  # in `restwright_runtime.paginators`; None: auto-detection
    params: Mapping[str, Param] = field(default_factory=dict)
    dlt_export: DltExport = DltExport.SAME
    # Parameters dlt's class of the same name takes, when fewer than `params` (the export keeps these).
    dlt_params: frozenset[str] | None = None
    controls: tuple[QueryControl, ...] = ()
    required: tuple[str, ...] = ()
    positive: tuple[
        str, ...
    ] = ()  # integers that must not be 0 (a page of 0 never advances)
    # The constructor argument a page-size method keyword feeds (`OffsetPaginator(limit=...)`).
    page_size: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def dlt_parameters(self) -> frozenset[str]:
        """What dlt's paginator of this name takes (all of `params` unless listed apart)."""
        return frozenset(self.params) if self.dlt_params is None else self.dlt_params

    @property
    def exclusive(self) -> tuple[tuple[str, str], ...]:
        """Pairs of parameters the kind takes one of (a query parameter or a body path)."""
        return tuple((c.key, c.body_key) for c in self.controls if c.body_key)

    def page_size_control(self) -> QueryControl | None:
        """The control naming the page-size query parameter (`limit_param`), if the kind has one."""
        key = f"{self.page_size}_param" if self.page_size else None
        return next((c for c in self.controls if c.key == key), None)


AUTO = "auto"  # the kind of an operation whose paging the runtime detects
_STR = Param("str | None")
_PATH = Param("PathLike | None", jsonpath=True)
_BODY_PATH = Param("str | None", jsonpath=True)
_INT = Param("int | None")
_STOP = Param("bool | None")

PAGINATOR_KINDS: dict[str, PaginatorKind] = {
    kind.name: kind
    for kind in (
        PaginatorKind("single_page", "SinglePagePaginator"),
        PaginatorKind(
            "json_link",
            "JSONLinkPaginator",
            {
                "next_url_path": Param("PathLike", jsonpath=True),
                "stop_after_empty_page": Param("bool"),
            },
            dlt_params=frozenset({"next_url_path"}),
            aliases=("json_response",),  # dlt's former name
        ),
        PaginatorKind(
            "header_link",
            "HeaderLinkPaginator",
            {"links_next_key": Param("str"), "stop_after_empty_page": Param("bool")},
            dlt_params=frozenset({"links_next_key"}),
        ),
        PaginatorKind(
            "offset",
            "OffsetPaginator",
            {
                "limit": Param("int"),
                "offset": Param("int"),
                "offset_param": _STR,
                "limit_param": _STR,
                "total_path": _PATH,
                "maximum_offset": _INT,
                "stop_after_empty_page": _STOP,
                "has_more_path": _PATH,
                "offset_body_path": _BODY_PATH,
                "limit_body_path": _BODY_PATH,
            },
            controls=(
                QueryControl("offset_param", "offset", "offset_body_path"),
                QueryControl("limit_param", "limit", "limit_body_path"),
            ),
            required=("limit",),
            positive=("limit",),
            page_size="limit",
        ),
        PaginatorKind(
            "page_number",
            "PageNumberPaginator",
            {
                "base_page": Param("int"),
                "page": _INT,
                "page_param": _STR,
                "total_path": _PATH,
                "maximum_page": _INT,
                "stop_after_empty_page": _STOP,
                "has_more_path": _PATH,
                "page_body_path": _BODY_PATH,
            },
            controls=(QueryControl("page_param", "page", "page_body_path"),),
        ),
        PaginatorKind(
            "cursor",
            "JSONResponseCursorPaginator",
            {
                "cursor_path": Param("PathLike", jsonpath=True),
                "cursor_param": _STR,
                "cursor_body_path": _BODY_PATH,
                "stop_after_empty_page": Param("bool"),
                "has_more_path": _PATH,
            },
            controls=(QueryControl("cursor_param", "cursor", "cursor_body_path"),),
        ),
        PaginatorKind(
            "header_cursor",
            "HeaderCursorPaginator",
            {"cursor_key": Param("str"), "cursor_param": Param("str")},
            controls=(QueryControl("cursor_param", "cursor"),),
        ),
        PaginatorKind(
            "record_cursor",
            "RecordCursorPaginator",
            {
                "cursor_param": _STR,
                "cursor_field": Param("str", jsonpath=True),
                "has_more_path": _PATH,
                "cursor_body_path": _BODY_PATH,
            },
            dlt_export=DltExport.LAST_RECORD_CURSOR,
            # The runtime's default name (`starting_after`) is no reason to hide a parameter.
            controls=(QueryControl("cursor_param", None, "cursor_body_path"),),
        ),
        PaginatorKind(AUTO, None, dlt_export=DltExport.AUTO),
    )
}
PAGINATOR_TYPES: tuple[str, ...] = tuple(PAGINATOR_KINDS)
_BY_ALIAS = {alias: kind for kind in PAGINATOR_KINDS.values() for alias in kind.aliases}


def paginator_kind(name: object) -> PaginatorKind | None:
    """The record for a type name (dlt's former names too); None when there is no such kind."""
    if not isinstance(name, str):
        return None
    return PAGINATOR_KINDS.get(name) or _BY_ALIAS.get(name)


def check_paginator(
    raw: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> dict[str, JSONValue] | None:
    """The paginator as a dict with `type`, or None when it has errors (each one added to `diagnostics`).

    Checked as the runtime's constructor would check it, before any code is generated: known type
    and parameters, value types (so generated code type-checks), JSONPaths that parse, required
    and positive integers, exclusive pairs.
    """
    found: list[Diagnostic] = []

    def error(at: Location, message: str, cause: str | None = None) -> None:
        found.append(Diagnostic("error", f"{owner}: {message}", at, cause))

    config: Any = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(config, dict):
        error(where, "`paginator` must be a type name or a mapping with `type`")
        diagnostics.extend(found)
        return None
    kind = paginator_kind(config.get("type"))
    if kind is None:
        error(
            where.child("type") if isinstance(raw, dict) else where,
            f"unknown paginator type `{config.get('type')}`",
            cause=f"known: {', '.join(PAGINATOR_TYPES)}",
        )
        diagnostics.extend(found)
        return None
    params = {str(k): v for k, v in config.items() if k != "type"}
    for name in sorted(params):
        param = kind.params.get(name)
        if param is None:
            taken = ", ".join(sorted(kind.params)) or "none"
            error(
                where.child(name),
                f"paginator `{kind.name}` takes no parameter `{name}`",
                cause=f"it takes: {taken}",
            )
        else:
            _check_value(kind, name, param, params[name], where.child(name), error)
    for name in kind.required:
        if params.get(name) is None:
            error(where, f"paginator `{kind.name}` needs `{name}` (a positive integer)")
    for one, other in kind.exclusive:
        if params.get(one) is not None and params.get(other) is not None:
            error(
                where.child(other),
                f"paginator `{kind.name}` takes `{one}` or `{other}`, not both",
            )
    diagnostics.extend(found)
    return None if found else {"type": kind.name, **params}


def _check_value(
    kind: PaginatorKind, name: str, param: Param, value: Any, at: Location, error: Any
) -> None:
    if not param.accepts(value):
        wanted = {"int": "an integer", "bool": "true or false"}.get(
            param.annotation.split(" | ")[0], "a string"
        )
        error(at, f"`{name}` must be {wanted}, got {value!r}")
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            error(at, f"`{name}` must be an integer, got {value!r}")
        elif value == 0 and name in kind.positive:
            error(at, f"`{name}` must be positive")
    elif param.jsonpath and isinstance(value, str):
        problem = jsonpath_problem(value)
        if problem is not None:
            error(at, f"`{name}` is not a JSONPath the runtime can read", problem)


def controlled_params(paginator: Mapping[str, Any]) -> set[str]:
    """The query parameter names the paginator writes (not exposed as method keywords)."""
    kind = paginator_kind(paginator.get("type"))
    names: set[str] = set()
    for control in kind.controls if kind is not None else ():
        value = paginator.get(control.key, control.default)
        in_body = control.body_key is not None and paginator.get(control.body_key)
        if isinstance(value, str) and not in_body:
            names.add(value)
    return names
