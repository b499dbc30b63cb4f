"""Header cursor: a response header carries the next cursor or page (`X-Next-Page`, `X-Next-Cursor`).

Declared headers first; else, for a cursor parameter whose body is a bare array (no room for the
next cursor), the header a description names, or one named after the parameter under the API's
own header prefix (a guess, said as one).
"""

from __future__ import annotations

import re

import restwright.infer.vocabulary as vocab
from restwright.infer.context import InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words, rule
from restwright.infer.paginators.common import choice, page_size_input
from restwright.infer.paginators.cursor import cursor_inputs

HEADER_WORDS = Words(
    "HEADER_CURSOR_WORDS",
    "nextpage nextcursor nexttoken continuation nextpagetoken cursor".split(),
)


HEADER_NAME = re.compile(r"\bX-[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]")


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    return _declared(ctx) or _undeclared(ctx)


def _undeclared(ctx: OperationContext) -> list[PaginatorChoice]:
    bare = ctx.response_kind == "array" and ctx.hints.link_header is None
    found = []
    for inp in cursor_inputs(ctx):
        if inp.where != "query":
            continue
        described = _described_header(ctx, inp)
        if described is not None:
            score, (header, where) = 0.8, described
            why = f"{where} names the response header `{header}` for the next value"
        elif (
            bare
            and ctx.hints.header_prefix
            # `next_token` is the response's NextToken sent back; `after` or `page_token`
            # more often ride a Link header, which the runtime's auto-detection follows.
            and "next" in vocab.words(inp.leaf)
            and rule("vendor-header-cursor")
        ):
            score = 0.5
            header = ctx.hints.header_prefix + "".join(
                w.capitalize() for w in vocab.words(inp.leaf)
            )
            why = (
                f"the body is a bare array, so the next `{inp.name}` can only come back in a"
                f" header; none is declared or described: `{header}` (the API's own"
                f" `{ctx.hints.header_prefix}` prefix and the parameter's name) is assumed"
            )
        else:
            continue
        found.append(
            choice(
                "header_cursor",
                {"cursor_key": header, "cursor_param": inp.name},
                score,
                [why],
                (inp.name,),
                page_size_input(ctx, exclude=(inp.name,)),
            )
        )
    return found


def _described_header(ctx: OperationContext, inp: InputInfo) -> tuple[str, str] | None:
    """A cursor-like header (`X-Next-Token`) the parameter's, the response's or the API's
    description names, and which description."""
    response = ctx.op.success_response()
    texts = (
        (f"the description of `{inp.name}`", inp.description),
        ("the response description", response.description if response else None),
        ("the API description", ctx.model.description),
    )
    for where, text in texts:
        for header in HEADER_NAME.findall(text or ""):
            if HEADER_WORDS.within(vocab.norm(header)):
                return header, where
    return None


def _declared(ctx: OperationContext) -> list[PaginatorChoice]:
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
