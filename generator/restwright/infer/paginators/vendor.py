"""Vendor extensions that state pagination outright: x-ms-pageable, x-fern-, x-speakeasy-, x-stainless-."""

from __future__ import annotations

from typing import Any

from restwright.infer.context import InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import (
    choice,
    controlled,
    has_more_field,
    page_size_input,
    page_size_value,
    param_key,
    response_path,
    total_field,
)
from restwright.infer.paginators.page_number import base_page
from restwright.infer.selector import selector_path
from restwright.model.ir import JSONValue

SCORE = 0.95


def _input(ctx: OperationContext, ref: str) -> InputInfo | None:
    """`$request.page` / `page` / `$.options.offset` → the operation's input of that name."""
    name = ref.replace("$request.", "").removeprefix("$.").removeprefix("$")
    return next((i for i in ctx.inputs if i.name == name or i.leaf == name), None)


def _response(ref: str) -> str:
    return selector_path(
        ref.replace("$response.", "").removeprefix("$.").removeprefix("$")
    )


def ms_pageable(ctx: OperationContext, value: dict[str, Any]) -> list[PaginatorChoice]:
    next_link = value.get("nextLinkName")
    evidence = [f"x-ms-pageable {value}"]
    if not next_link:
        return [
            choice(
                "single_page", {}, SCORE, evidence + ["nextLinkName is null: one page"]
            )
        ]
    return [
        choice(
            "json_link",
            {"next_url_path": selector_path(str(next_link))},
            SCORE,
            evidence,
        )
    ]


def fern(ctx: OperationContext, value: dict[str, Any]) -> list[PaginatorChoice]:
    evidence = [f"x-fern-pagination {value}"]
    if isinstance(value.get("cursor"), str):
        inp = _input(ctx, value["cursor"])
        if inp is not None and isinstance(value.get("next_cursor"), str):
            params = param_key(inp, "cursor_param", "cursor_body_path")
            params["cursor_path"] = _response(value["next_cursor"])
            return [
                choice(
                    "cursor",
                    params,
                    SCORE,
                    evidence,
                    controlled(inp),
                    page_size_input(ctx, (inp.name,)),
                )
            ]
    if isinstance(value.get("offset"), str):
        inp = _input(ctx, value["offset"])
        if inp is not None:
            return [_offset_or_page(ctx, inp, evidence)]
    if isinstance(value.get("next_uri"), str):
        return [
            choice(
                "json_link",
                {"next_url_path": _response(value["next_uri"])},
                SCORE,
                evidence,
            )
        ]
    return []


def _offset_or_page(
    ctx: OperationContext, inp: InputInfo, evidence: list[str]
) -> PaginatorChoice:
    """Fern and Speakeasy call a page number an "offset" too; the parameter's name tells them apart."""
    size = page_size_input(ctx, exclude=(inp.name,))
    if "page" in inp.leaf.lower():
        base, why = base_page(inp, ctx.hints)
        params: dict[str, JSONValue] = param_key(inp, "page_param", "page_body_path")
        params["base_page"] = base
        total = total_field(ctx, pages=True)
        params["total_path"] = response_path(total) if total else None
        if total is None:
            params["stop_after_empty_page"] = True
        return choice(
            "page_number", params, SCORE, evidence + [why], controlled(inp), size
        )
    params = param_key(inp, "offset_param", "offset_body_path")
    if size is not None:
        params.update(param_key(size, "limit_param", "limit_body_path"))
        params["limit"] = page_size_value(size)[0]
    more = has_more_field(ctx)
    total = total_field(ctx, pages=False)
    params["total_path"] = response_path(total) if total and not more else None
    if more is not None:
        params["has_more_path"] = response_path(more)
    return choice("offset", params, SCORE, evidence, controlled(inp), size)


def speakeasy(ctx: OperationContext, value: dict[str, Any]) -> list[PaginatorChoice]:
    evidence = [f"x-speakeasy-pagination {value}"]
    inputs = {
        str(i.get("type")): _input(ctx, str(i.get("name")))
        for i in value.get("inputs") or []
        if isinstance(i, dict)
    }
    raw_outputs = value.get("outputs")
    outputs: dict[str, Any] = raw_outputs if isinstance(raw_outputs, dict) else {}
    kind = value.get("type")
    if kind == "url" and isinstance(outputs.get("nextUrl"), str):
        return [
            choice(
                "json_link",
                {"next_url_path": _response(outputs["nextUrl"])},
                SCORE,
                evidence,
            )
        ]
    if (
        kind == "cursor"
        and inputs.get("cursor") is not None
        and isinstance(outputs.get("nextCursor"), str)
    ):
        inp = inputs["cursor"]
        assert inp is not None
        params = param_key(inp, "cursor_param", "cursor_body_path")
        params["cursor_path"] = _response(outputs["nextCursor"])
        return [
            choice(
                "cursor", params, SCORE, evidence, controlled(inp), inputs.get("limit")
            )
        ]
    if kind == "offsetLimit":
        inp = inputs.get("page") or inputs.get("offset")
        if inp is not None:
            return [_offset_or_page(ctx, inp, evidence)]
    return []


def stainless(ctx: OperationContext) -> list[PaginatorChoice]:
    """x-stainless-pagination-property on a parameter marks the cursor it sends."""
    for p in ctx.op.parameters:
        prop = p.extensions.get("x-stainless-pagination-property")
        if isinstance(prop, dict) and "cursor" in str(prop.get("purpose", "")):
            inp = _input(ctx, p.name)
            if inp is None:
                continue
            for located in ("next_cursor", "next_page", "cursor"):
                field = ctx.field(located)
                if field is not None:
                    params = param_key(inp, "cursor_param", "cursor_body_path")
                    params["cursor_path"] = response_path(field)
                    return [
                        choice(
                            "cursor",
                            params,
                            SCORE,
                            [f"x-stainless-pagination-property {prop}"],
                            controlled(inp),
                        )
                    ]
    return []


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    ext = ctx.op.extensions
    for key, handler in (
        ("x-ms-pageable", ms_pageable),
        ("x-fern-pagination", fern),
        ("x-speakeasy-pagination", speakeasy),
    ):
        value = ext.get(key)
        if isinstance(value, dict):
            found = handler(ctx, value)
            if found:
                return found
    generic = ext.get("x-pagination")
    if isinstance(generic, dict) and isinstance(generic.get("type"), str):
        params = {k: v for k, v in generic.items() if k != "type"}
        return [
            choice(str(generic["type"]), params, SCORE, [f"x-pagination {generic}"])
        ]
    return stainless(ctx)
