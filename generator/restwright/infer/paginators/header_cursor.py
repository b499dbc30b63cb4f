"""Header cursor: a response header carries the next cursor or page (`X-Next-Page`, `X-Next-Cursor`)."""

from __future__ import annotations

from restwright.infer import vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words
from restwright.infer.paginators.common import choice, page_size_input

HEADER_WORDS = Words(
    "HEADER_CURSOR_WORDS",
    "nextpage nextcursor nexttoken continuation nextpagetoken cursor".split(),
)


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    found = []
    for header in ctx.response_headers:
        key = vocab.norm(header)
        if HEADER_WORDS.within(key) is None:
            continue
        wants_page = "page" in key and "token" not in key
        inputs = ctx.find_inputs(vocab.PAGE_NAMES if wants_page else vocab.CURSOR_NAMES)
        inputs = [i for i in inputs if i.where == "query"]
        if not inputs:
            continue
        target = inputs[0]
        evidence = [
            f"response header `{header}` carries the next value for parameter `{target.name}`"
        ]
        found.append(
            choice(
                "header_cursor",
                {"cursor_key": header, "cursor_param": target.name},
                0.8,
                evidence,
                (target.name,),
                page_size_input(ctx),
            )
        )
    return found
