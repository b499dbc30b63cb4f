"""Header link: the response declares an RFC 8288 `Link` header (rel="next"), or the API does so by convention."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.listing import item_schema_of_list
from restwright.infer.paginators.common import (
    choice,
    describe,
    link_stop,
    page_size_input,
)
from restwright.infer.paginators.cursor import cursor_inputs
from restwright.infer.paginators.page_number import page_input
from restwright.model.ir import JSONValue, ResponseHeader


def _why(ctx: OperationContext) -> tuple[float, str] | None:
    """How sure a `Link` header pages this operation, and why; None when nothing says so."""
    if any(h.lower() == "link" for h in ctx.response_headers):
        return 0.9, "the response declares a `Link` header"
    for i in ctx.inputs:
        stated = vocab.LINK_TEXT.search(i.description)
        if stated is not None and vocab.mentions(i.description, vocab.PAGING_WORDS):
            return 0.85, f"{describe(i)} says pages are linked: {stated.group(0)!r}"
    convention = ctx.hints.link_header
    listed = item_schema_of_list(ctx)
    # A cursor parameter with a bare-array body: the next cursor can only travel in a header.
    cursor_in_header = ctx.response_kind == "array" and bool(cursor_inputs(ctx))
    if convention is not None and (
        page_input(ctx) is not None or listed or cursor_in_header
    ):
        return 0.75, f"no `Link` header declared here, but {convention}"
    if listed is not None and not ctx.inputs:
        # Nothing declared to page with: a Link header is the one way that needs no parameter,
        # and with no such header it is simply one page.
        return 0.5, (
            f"{listed}; no paging parameter is declared, so a `Link: rel=next` header is"
            " followed if the server sends one (one page otherwise)"
        )
    return None


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    found = _why(ctx)
    if found is None:
        return []
    score, why = found
    size = page_size_input(ctx)
    page = ctx.find_inputs(vocab.PAGE_NAMES)
    evidence = [why]
    if page:
        evidence.append(f"page parameter `{page[0].name}` is followed through the link")
    # The next link carries the page or cursor: the paginator sets them, not the caller.
    controls = tuple(
        dict.fromkeys(p.name for p in page + cursor_inputs(ctx) if p.where == "query")
    )
    link = next(
        (h.description for h in _headers(ctx) if h.name.lower() == "link"), None
    )
    params: dict[str, JSONValue] = {"links_next_key": "next"}
    params.update(link_stop(ctx, link, evidence))
    return [choice("header_link", params, score, evidence, controls, size)]


def _headers(ctx: OperationContext) -> list[ResponseHeader]:
    response = ctx.op.success_response()
    return list(response.headers) if response is not None else []
