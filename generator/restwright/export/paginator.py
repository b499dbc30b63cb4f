"""restwright's paginator choice → a paginator dlt's `rest_api` builds as is."""

from __future__ import annotations

import re
from typing import Any

from restwright.infer.decision import PaginatorChoice
from restwright.kinds.paginators import AUTO, DltExport, paginator_kind

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dlt_paginator(
    choice: PaginatorChoice, data_selector: str | None
) -> tuple[dict[str, Any] | str, tuple[str, ...]]:
    """The dlt paginator config for `choice`, and notes on whatever it could not keep."""
    kind = paginator_kind(choice.type)
    if kind is not None and kind.runtime_class is None:
        return AUTO, ("the spec does not say how pages link: dlt auto-detects it",)
    if kind is not None and kind.dlt_export is DltExport.LAST_RECORD_CURSOR:
        return _record_cursor(choice, data_selector)
    if kind is None or kind.dlt_export is not DltExport.SAME:
        return AUTO, (
            f"paginator `{choice.type}` has no dlt equivalent: left to dlt's auto-detection",
        )
    allowed = kind.dlt_parameters
    kept = {k: v for k, v in choice.params.items() if k in allowed}
    dropped = sorted(k for k in choice.params if k not in allowed)
    notes = (
        (f"paginator settings dlt does not take were left out: {', '.join(dropped)}",)
        if dropped
        else ()
    )
    return {"type": kind.name, **kept}, notes


def _record_cursor(
    choice: PaginatorChoice, data_selector: str | None
) -> tuple[dict[str, Any] | str, tuple[str, ...]]:
    """The next cursor is a field of the last record: dlt's cursor paginator reading `<records>[-1]`."""
    field = choice.params.get("cursor_field")
    param = choice.params.get("cursor_param")
    last = _last_record_path(data_selector, field)
    if last is None or not isinstance(param, str):
        return AUTO, (
            "record_cursor pagination (cursor taken from the last record) cannot be written"
            " for dlt here: left to dlt's auto-detection",
        )
    config: dict[str, Any] = {
        "type": "cursor",
        "cursor_path": last,
        "cursor_param": param,
    }
    has_more = choice.params.get("has_more_path")
    if isinstance(has_more, str) and has_more:
        config["has_more_path"] = (
            has_more  # dlt 1.x's cursor paginator stops when it reads false
        )
        ends = f"when `{has_more}` is false"
    else:
        ends = "on the first page without records"
    notes = (
        f"record_cursor pagination: dlt's cursor paginator sends the last record's `{field}`"
        f" as `{param}`; pagination ends {ends}",
    )
    return config, notes


def _last_record_path(data_selector: str | None, field: Any) -> str | None:
    """`data` + `id` → `data[-1].id`; None when either part is not a plain dotted path."""
    if data_selector is None or not isinstance(field, str):
        return None
    keys = field.split(".")
    if not all(_PLAIN_KEY.fullmatch(k) for k in keys):
        return None
    selector_keys = [k for k in data_selector.removeprefix("$").split(".") if k]
    if not all(_PLAIN_KEY.fullmatch(k) for k in selector_keys):
        return None
    base = ".".join(selector_keys) if selector_keys else "$"
    return f"{base}[-1].{'.'.join(keys)}"
