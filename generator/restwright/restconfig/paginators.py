"""A config's `paginator` (type string or dict), checked against dlt's vocabulary."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.ir import JSONValue

# dlt's paginator types and the parameters each constructor takes (plus restwright's record_cursor).
PAGINATOR_PARAMS: dict[str, frozenset[str]] = {
    "auto": frozenset(),
    "single_page": frozenset(),
    "json_link": frozenset({"next_url_path"}),
    "header_link": frozenset({"links_next_key"}),
    "offset": frozenset(
        "limit offset offset_param limit_param total_path maximum_offset stop_after_empty_page"
        " has_more_path offset_body_path limit_body_path".split()
    ),
    "page_number": frozenset(
        "base_page page page_param total_path maximum_page stop_after_empty_page has_more_path"
        " page_body_path".split()
    ),
    "cursor": frozenset(
        "cursor_path cursor_param cursor_body_path stop_after_empty_page has_more_path".split()
    ),
    "header_cursor": frozenset({"cursor_key", "cursor_param"}),
    "record_cursor": frozenset(
        {"cursor_param", "cursor_field", "has_more_path", "cursor_body_path"}
    ),
}
ALIASES = {"json_response": "json_link"}  # dlt's deprecated name

# Query parameters a paginator sets itself, by type: (config key, its default name).
CONTROLLED_PARAMS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "offset": (("offset_param", "offset"), ("limit_param", "limit")),
    "page_number": (("page_param", "page"),),
    "cursor": (("cursor_param", "cursor"),),
    "header_cursor": (("cursor_param", "cursor"),),
    "record_cursor": (("cursor_param", None),),
}


# Pairs of parameters a paginator takes one of, never both (the runtime refuses both at call time).
EXCLUSIVE = (
    ("offset_param", "offset_body_path"),
    ("limit_param", "limit_body_path"),
    ("page_param", "page_body_path"),
    ("cursor_param", "cursor_body_path"),
)
INT_PARAMS = ("limit", "offset", "base_page", "page", "maximum_offset", "maximum_page")
REQUIRED = {"offset": ("limit",)}  # `OffsetPaginator(limit)` has no default
POSITIVE = {"offset": ("limit",)}  # a page of 0 records never advances


def check_paginator(
    raw: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> dict[str, JSONValue] | None:
    """The paginator as a dict with `type`, or None when it has errors (each one added to `diagnostics`).

    Checked as the runtime's constructors would check it, but before any code is generated:
    known type and parameters, required and integer arguments, exclusive pairs.
    """
    found: list[Diagnostic] = []

    def error(at: Location, message: str, cause: str | None = None) -> None:
        found.append(Diagnostic("error", f"{owner}: {message}", at, cause))

    config: dict[str, Any] = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(config, dict):
        error(where, "`paginator` must be a type name or a mapping with `type`")
        diagnostics.extend(found)
        return None
    kind = ALIASES.get(str(config.get("type")), config.get("type"))
    if kind not in PAGINATOR_PARAMS:
        error(
            where.child("type") if isinstance(raw, dict) else where,
            f"unknown paginator type `{config.get('type')}`",
            cause=f"known: {', '.join(PAGINATOR_PARAMS)}",
        )
        diagnostics.extend(found)
        return None
    params = {str(k): v for k, v in config.items() if k != "type"}
    for name in sorted(k for k in params if k not in PAGINATOR_PARAMS[kind]):
        error(
            where.child(name),
            f"paginator `{kind}` takes no parameter `{name}`",
            cause=f"it takes: {', '.join(sorted(PAGINATOR_PARAMS[kind])) or 'none'}",
        )
    for name in REQUIRED.get(kind, ()):
        if params.get(name) is None:
            error(where, f"paginator `{kind}` needs `{name}` (a positive integer)")
    for name in INT_PARAMS:
        number = params.get(name)
        if number is None or name not in PAGINATOR_PARAMS[kind]:
            continue
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            error(where.child(name), f"`{name}` must be an integer, got {number!r}")
        elif number == 0 and name in POSITIVE.get(kind, ()):
            error(where.child(name), f"`{name}` must be positive")
    for one, other in EXCLUSIVE:
        if params.get(one) is not None and params.get(other) is not None:
            error(
                where.child(other),
                f"paginator `{kind}` takes `{one}` or `{other}`, not both",
            )
    diagnostics.extend(found)
    return None if found else {"type": kind, **params}


def controlled_params(paginator: dict[str, JSONValue]) -> set[str]:
    """The query parameter names the paginator writes (not exposed as method keywords)."""
    names: set[str] = set()
    for key, default in CONTROLLED_PARAMS.get(str(paginator.get("type")), ()):
        value = paginator.get(key, default)
        body_key = key.replace("_param", "_body_path")
        if isinstance(value, str) and not paginator.get(body_key):
            names.add(value)
    return names
