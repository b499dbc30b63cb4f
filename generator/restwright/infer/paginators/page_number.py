"""Page number: the caller asks for page N (0- or 1-based), optionally with a page size."""

from __future__ import annotations

import re

from restwright.infer import vocabulary as vocab
from restwright.infer.context import InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words
from restwright.infer.paginators.cursor import cursor_inputs, why_cursor
from restwright.infer.paginators.offset import offset_input
from restwright.infer.paginators.common import (
    choice,
    describe,
    has_more_field,
    page_size_input,
    param_key,
    response_path,
    total_field,
)
from restwright.model.ir import JSONValue


def page_input(ctx: OperationContext) -> InputInfo | None:
    """A page-number input; a `page` that takes a cursor, or says it is no page number, is none."""
    for i in ctx.find_inputs(vocab.PAGE_NAMES):
        if i.kind in ("bool", "object", "array") or why_cursor(ctx, i) is not None:
            continue
        if vocab.mentions(i.description, vocab.NOT_PAGE_NUMBER_TEXT):
            continue
        return i
    return None


def base_page(page: InputInfo) -> tuple[int, str]:
    """0 or 1: from the minimum, the default, or the description; 1 (the common case) otherwise."""
    return stated_base(page) or (1, f"`{page.name}` base not stated; 1-based assumed")


def stated_base(page: InputInfo) -> tuple[int, str] | None:
    """The first page number when the spec states it (minimum, default or description), else None."""
    if page.minimum is not None and page.minimum in (0, 1):
        return int(page.minimum), f"`{page.name}` minimum is {int(page.minimum)}"
    default = page.number_default()
    if default in (0, 1):
        return int(default), f"`{page.name}` defaults to {default}"
    text = page.description
    if re.search(
        r"\b(0|zero)[- ]based|starts? (at|from) (0|zero)|first page is 0",
        text,
        re.IGNORECASE,
    ):
        return 0, f"`{page.name}` is described as 0-based"
    if re.search(
        r"\b(1|one)[- ]based|starts? (at|from) (1|one)|first page is 1",
        text,
        re.IGNORECASE,
    ):
        return 1, f"`{page.name}` is described as 1-based"
    return None


PER_PAGE_NAMES = Words(
    "PER_PAGE_NAMES",
    "perpage pagesize pagelimit maxpagesize itemsperpage resultsperpage".split(),
)
PAGE_ECHO_NAMES = PER_PAGE_NAMES | vocab.PAGE_NAMES | vocab.TOTAL_PAGE_NAMES


def _by_api_convention(ctx: OperationContext) -> list[PaginatorChoice]:
    """A size *per page* with nothing saying where a page starts: the API's own page parameter.

    Unknown base: 0. On a 1-based API that reads page 0 as the first page this repeats one page
    (duplicates a primary key removes); starting at 1 on a 0-based API would skip a page unseen.
    """
    convention = ctx.hints.page
    size = page_size_input(ctx)
    if convention is None or size is None or size.where != "query":
        return []
    if not (
        vocab.norm(size.leaf) in PER_PAGE_NAMES
        or vocab.mentions(size.description, vocab.PER_PAGE_TEXT)
    ):
        return []
    if offset_input(ctx) is not None or cursor_inputs(ctx):
        return []
    echo = next(
        (f for f in ctx.response_fields if vocab.norm(f.name) in PAGE_ECHO_NAMES),
        None,
    )
    if echo is None:
        return []  # nothing in the body says it is one page of several
    base = convention.base if convention.base is not None else 0
    evidence = [
        f"{describe(size)} sets a size per page, but no page parameter is declared here",
        f"the response echoes `{echo.path}`: the body is one page of several",
        convention.why + ": the same parameter assumed",
        f"first page {base}"
        + (
            ""
            if convention.base is not None
            else " (base not stated: starting low repeats a page at worst, never skips one)"
        ),
    ]
    params: dict[str, JSONValue] = {
        "page_param": convention.name,
        "base_page": base,
        "total_path": None,
        "stop_after_empty_page": True,
    }
    return [choice("page_number", params, 0.55, evidence, (), size)]


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    page = page_input(ctx)
    if page is None:
        return _by_api_convention(ctx)
    size = page_size_input(ctx, exclude=(page.name,))
    base, why = base_page(page)
    evidence = [f"{describe(page)} selects a page", why]
    params: dict[str, JSONValue] = param_key(page, "page_param", "page_body_path")
    params["base_page"] = base
    score = 0.6 if page.kind in ("int", "float") else 0.5
    if size is not None:
        score += 0.1
        evidence.append(f"{describe(size)} sets the page size")
    total = total_field(ctx, pages=True)
    more = has_more_field(ctx)
    if total is not None:
        params["total_path"] = response_path(total)
        evidence.append(f"`{total.path}` counts pages")
        score += 0.15
    else:
        params["total_path"] = None
        items = total_field(ctx, pages=False)
        if items is not None:
            evidence.append(
                f"`{items.path}` counts records, not pages: not used as total"
            )
    if more is not None:
        params["has_more_path"] = response_path(more)
        evidence.append(f"`{more.path}` says whether more pages follow")
        score += 0.1
    if (total is None and more is None) or ctx.shape_note is not None:
        params["stop_after_empty_page"] = (
            True  # a borrowed shape may lack its stop field
        )
    controls = (page.name,) if page.where == "query" else ()
    return [choice("page_number", params, score, evidence, controls, size)]
