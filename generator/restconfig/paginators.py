"""A config's `paginator` (type string or dict), checked against dlt's vocabulary."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Location, RestwrightError
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
    "cursor": frozenset({"cursor_path", "cursor_param", "cursor_body_path"}),
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


def check_paginator(raw: Any, where: Location, owner: str) -> dict[str, JSONValue]:
    """The paginator as a dict with `type`; unknown types and parameters are one-line errors."""
    config: dict[str, Any] = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(config, dict):
        raise RestwrightError.at(
            where, f"{owner}: `paginator` must be a type name or a mapping with `type`"
        )
    kind = ALIASES.get(str(config.get("type")), config.get("type"))
    if kind not in PAGINATOR_PARAMS:
        raise RestwrightError.at(
            where.child("type") if isinstance(raw, dict) else where,
            f"{owner}: unknown paginator type `{config.get('type')}`",
            cause=f"known: {', '.join(PAGINATOR_PARAMS)}",
        )
    params = {str(k): v for k, v in config.items() if k != "type"}
    unknown = sorted(k for k in params if k not in PAGINATOR_PARAMS[kind])
    if unknown:
        raise RestwrightError.at(
            where.child(unknown[0]),
            f"{owner}: paginator `{kind}` takes no parameter `{unknown[0]}`",
            cause=f"it takes: {', '.join(sorted(PAGINATOR_PARAMS[kind])) or 'none'}",
        )
    return {"type": kind, **params}


def controlled_params(paginator: dict[str, JSONValue]) -> set[str]:
    """The query parameter names the paginator writes (not exposed as method keywords)."""
    names: set[str] = set()
    for key, default in CONTROLLED_PARAMS.get(str(paginator.get("type")), ()):
        value = paginator.get(key, default)
        body_key = key.replace("_param", "_body_path")
        if isinstance(value, str) and not paginator.get(body_key):
            names.add(value)
    return names
