"""Record cursor: the next cursor is a field of the last record (`starting_after=<last id>`)."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import (
    choice,
    controlled,
    describe,
    has_more_field,
    page_size_input,
    param_key,
    response_path,
    reverse_inputs,
)
from restwright.infer.selector import record_item
from restwright.model.ir import JSONValue

CURSOR_OR_PAGINATION_TEXT = vocab.CURSOR_TEXT | vocab.PAGINATION_TEXT


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    item = record_item(ctx)
    record_fields = (
        {f.name for f in ctx.model.fields_of(item) or ()} if item is not None else set()
    )
    if "id" not in record_fields:
        return []
    found = []
    for inp in ctx.inputs:
        key = vocab.norm(inp.leaf)
        if inp.kind not in ("str", "int", "float", "any") or inp.format in (
            "date-time",
            "date",
        ):
            continue
        named = key in vocab.RECORD_CURSOR_NAMES
        described = vocab.mentions(inp.description, vocab.RECORD_CURSOR_TEXT)
        if not (
            described
            or (named and vocab.mentions(inp.description, CURSOR_OR_PAGINATION_TEXT))
        ):
            continue
        if key.startswith("before") and not vocab.mentions(
            inp.description, vocab.PAGINATION_TEXT
        ):
            continue
        params: dict[str, JSONValue] = param_key(
            inp, "cursor_param", "cursor_body_path"
        )
        params["cursor_field"] = "id"
        evidence = [
            f"{describe(inp)} takes the id of a record",
            "records carry `id`; the last one's id is the cursor",
        ]
        score = 0.65
        if key.startswith(("before", "ending", "end")):
            score -= 0.15  # pages backwards: only when nothing pages forwards
        more = has_more_field(ctx)
        if more is not None:
            params["has_more_path"] = response_path(more)
            evidence.append(f"`{more.path}` says whether more records follow")
            score += 0.1
        found.append(
            choice(
                "record_cursor",
                params,
                score,
                evidence,
                controlled(inp) + reverse_inputs(ctx, inp),
                page_size_input(ctx),
            )
        )
    return found
