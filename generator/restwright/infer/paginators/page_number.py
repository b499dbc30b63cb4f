"""Page number: the caller asks for page N (0- or 1-based), optionally with a page size."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import NO_HINTS, ApiHints, InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words
from restwright.infer.paginators.common import (
    choice,
    describe,
    has_more_field,
    page_size_input,
    param_key,
    response_path,
    total_field,
)
from restwright.infer.paginators.cursor import cursor_inputs, why_cursor
from restwright.infer.paginators.offset import offset_input
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


def base_page(page: InputInfo, hints: ApiHints = NO_HINTS) -> tuple[int, str]:
    """0 or 1: as the parameter states it; else as the API's other operations or its description
    state it for the same parameter; else 1 (the common case)."""
    stated = stated_base(page)
    if stated is not None:
        return stated
    for convention in (hints.page, hints.page_text):
        if convention is not None and convention.base is not None:
            if convention.name == page.name:
                return (
                    convention.base,
                    f"{convention.why}: first page {convention.base}",
                )
    return 1, f"`{page.name}` base not stated; 1-based assumed"


def stated_base(page: InputInfo) -> tuple[int, str] | None:
    """The first page number when the spec states it (minimum, default or description), else None."""
    if page.minimum is not None and page.minimum in (0, 1):
        return int(page.minimum), f"`{page.name}` minimum is {int(page.minimum)}"
    default = page.number_default()
    if default in (0, 1):
        return int(default), f"`{page.name}` defaults to {default}"
    base = base_in_text(page.description)
    if base is not None:
        return base, f"`{page.name}` is described as {base}-based"
    return None


def base_in_text(text: str | None) -> int | None:
    """The first page number a text states ("0-based", "pages start at 1"), else None."""
    if vocab.mentions(text, vocab.ZERO_BASED_TEXT):
        return 0
    if vocab.mentions(text, vocab.ONE_BASED_TEXT):
        return 1
    return None


PER_PAGE_NAMES = Words(
    "PER_PAGE_NAMES",
    "perpage pagesize pagelimit maxpagesize itemsperpage resultsperpage".split(),
)
PAGE_ECHO_NAMES = PER_PAGE_NAMES | vocab.PAGE_NAMES | vocab.TOTAL_PAGE_NAMES


def _by_api_convention(ctx: OperationContext) -> list[PaginatorChoice]:
    """No page parameter here, but the API's: the one its other operations declare, for an
    operation with a size *per page* whose body says it is one page of several; or the one its
    description names, for an operation that returns a bare array.

    Unknown base: 0. On a 1-based API that reads page 0 as the first page this repeats one page
    (duplicates a primary key removes); starting at 1 on a 0-based API would skip a page unseen.
    """
    if offset_input(ctx) is not None or cursor_inputs(ctx):
        return []
    size = page_size_input(ctx)
    if size is not None and size.where != "query":
        return []
    per_page = size is not None and (
        vocab.norm(size.leaf) in PER_PAGE_NAMES
        or vocab.mentions(size.description, vocab.PER_PAGE_TEXT)
    )
    echo = next(
        (f for f in ctx.response_fields if vocab.norm(f.name) in PAGE_ECHO_NAMES),
        None,
    )
    convention = ctx.hints.page or ctx.hints.page_text
    if per_page and echo is not None and convention is not None:
        body = f"the response echoes `{echo.path}`: the body is one page of several"
    elif ctx.hints.page_text is not None and ctx.response_kind == "array":
        convention = ctx.hints.page_text
        body = (
            "the body is a bare array, one page of the list the API description pages"
        )
    else:
        return []  # nothing says this operation returns one page of several
    base = convention.base if convention.base is not None else 0
    evidence = [
        (
            f"{describe(size)} sets a size per page, but no page parameter is declared here"
            if size is not None
            else "no page parameter is declared here"
        ),
        body,
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
    score = 0.55 if per_page and echo is not None else 0.5
    return [choice("page_number", params, score, evidence, (), size)]


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    page = page_input(ctx)
    if page is None:
        return _by_api_convention(ctx)
    size = page_size_input(ctx, exclude=(page.name,))
    base, why = base_page(page, ctx.hints)
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
