"""Offset: the caller asks for `limit` records starting at `offset` (query or JSON body)."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import (
    FALLBACK_PAGE_SIZE,
    choice,
    controlled,
    describe,
    has_more_field,
    page_size_input,
    page_size_value,
    param_key,
    response_path,
    total_field,
)
from restwright.model.ir import JSONValue


def offset_input(ctx: OperationContext) -> InputInfo | None:
    """An input that skips records: named like an offset, or described as one (never a page or cursor)."""
    for i in ctx.inputs:
        if i.kind not in ("int", "str", "any", "float") or vocab.mentions(
            i.description, vocab.CURSOR_TEXT
        ):
            continue
        if vocab.norm(i.leaf) in vocab.PAGE_NAMES:
            continue
        named = vocab.norm(i.leaf) in vocab.OFFSET_NAMES
        if named and (
            i.kind != "str"
            or vocab.mentions(i.description, vocab.OFFSET_TEXT)
            or not i.description
        ):
            return i
        if (
            i.kind in ("int", "float")
            and vocab.mentions(i.description, vocab.OFFSET_TEXT)
            and vocab.norm(i.leaf) not in vocab.LIMIT_NAMES
        ):
            return i
    return None


def _stop_params(ctx: OperationContext, evidence: list[str]) -> dict[str, JSONValue]:
    """has_more beats total: a total is often null unless asked for, a has_more flag never is.

    A shape not read from the operation's own schema may lack the field: an empty page stops too.
    """
    guard: dict[str, JSONValue] = (
        {"stop_after_empty_page": True} if ctx.shape_note else {}
    )
    more = has_more_field(ctx)
    if more is not None:
        evidence.append(f"`{more.path}` says whether more records follow")
        return {"total_path": None, "has_more_path": response_path(more), **guard}
    total = total_field(ctx, pages=False)
    if total is not None:
        evidence.append(f"`{total.path}` counts all records")
        return {"total_path": response_path(total), **guard}
    evidence.append("no total or has-more field: stops after an empty page")
    return {"total_path": None, "stop_after_empty_page": True}


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    offset = offset_input(ctx)
    if offset is None:
        return _from_response_echo(ctx)
    size = page_size_input(ctx, exclude=(offset.name,))
    evidence = [f"{describe(offset)} skips records"]
    params: dict[str, JSONValue] = param_key(offset, "offset_param", "offset_body_path")
    score = 0.55
    if size is not None:
        value, why = page_size_value(size)
        params.update(param_key(size, "limit_param", "limit_body_path"))
        params["limit"] = value
        evidence.append(f"{describe(size)} sets the page size; {why}")
        score = 0.75
    else:
        params["limit"] = FALLBACK_PAGE_SIZE
        evidence.append("no page-size input found")
    stop = _stop_params(ctx, evidence)
    if stop.get("total_path") or stop.get("has_more_path"):
        score += 0.1
    params.update(stop)
    return [choice("offset", params, score, evidence, controlled(offset), size)]


def _from_response_echo(ctx: OperationContext) -> list[PaginatorChoice]:
    """Undeclared parameters the response echoes back (`meta: {offset, limit, total}`): weak evidence."""
    fields = {f.name: f for f in ctx.response_fields if f.kind == "int"}
    offset = next(
        (f for f in fields.values() if vocab.norm(f.name) in vocab.OFFSET_NAMES), None
    )
    limit = next(
        (f for f in fields.values() if vocab.norm(f.name) in vocab.LIMIT_NAMES), None
    )
    if (
        offset is None
        or limit is None
        or offset.path.rsplit(".", 1)[0] != limit.path.rsplit(".", 1)[0]
    ):
        return []
    evidence = [
        f"the response echoes `{offset.path}` and `{limit.path}` although no such parameters are declared",
    ]
    params: dict[str, JSONValue] = {
        "offset_param": offset.name,
        "limit_param": limit.name,
        "limit": FALLBACK_PAGE_SIZE,
    }
    params.update(_stop_params(ctx, evidence))
    return [choice("offset", params, 0.5, evidence)]
