"""Header link: the response declares an RFC 8288 `Link` header (rel="next")."""

from __future__ import annotations

from restwright.infer import vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import choice, page_size_input


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    if not any(h.lower() == "link" for h in ctx.response_headers):
        return []
    size = page_size_input(ctx)
    page = ctx.find_inputs(vocab.PAGE_NAMES)
    evidence = ["the response declares a `Link` header"]
    if page:
        evidence.append(f"page parameter `{page[0].name}` is followed through the link")
    controls = tuple(p.name for p in page if p.where == "query")
    return [
        choice("header_link", {"links_next_key": "next"}, 0.9, evidence, controls, size)
    ]
