"""Helpers the paginator detectors share: stop signals, page sizes, and building a choice."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import FieldInfo, InputInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words
from restwright.infer.selector import selector_path
from restwright.model.ir import JSONValue

FALLBACK_PAGE_SIZE = (
    20  # small enough that no API caps it below, so offsets never skip records
)


# Names of request values a response echoes back (`maxResults`, `offset`): never a total.
REQUEST_ECHO_NAMES = (
    (vocab.LIMIT_NAMES - vocab.TOTAL_ITEM_NAMES) | vocab.OFFSET_NAMES | vocab.PAGE_NAMES
)


def has_more_field(ctx: OperationContext) -> FieldInfo | None:
    """A boolean that says whether more pages follow (`has_more`, `more`, `hasNextPage`)."""
    for f in ctx.response_fields:
        if f.kind == "bool" and (
            vocab.norm(f.name) in vocab.HAS_MORE_NAMES
            or vocab.mentions(f.description, vocab.HAS_MORE_TEXT)
        ):
            return f
    return None


def total_field(ctx: OperationContext, pages: bool) -> FieldInfo | None:
    """An integer total: of pages (`pages=True`) or of items, told apart by name and description."""
    by_text: list[FieldInfo] = []
    size = page_size_input(ctx)
    echoed = vocab.norm(size.leaf) if size is not None else None
    for f in ctx.response_fields:
        if f.kind != "int":
            continue
        key = vocab.norm(f.name)
        if key in REQUEST_ECHO_NAMES or "per" in vocab.words(f.name) or key == echoed:
            # An echo of the request (`maxResults`, `per_page`; `count` where `count` sets the
            # page size): the size of this page, never a total.
            continue
        text_pages = vocab.mentions(f.description, vocab.TOTAL_PAGE_TEXT)
        text_items = (
            vocab.mentions(f.description, vocab.TOTAL_ITEM_TEXT) and not text_pages
        )
        if pages and (
            key in vocab.TOTAL_PAGE_NAMES
            or (key not in vocab.TOTAL_ITEM_NAMES and text_pages)
        ):
            if key in vocab.TOTAL_PAGE_NAMES:
                return f
            by_text.append(f)
        if not pages and (key in vocab.TOTAL_ITEM_NAMES and not text_pages):
            return f
        if (
            not pages
            and text_items
            and key not in vocab.TOTAL_PAGE_NAMES
            and "total" in key
        ):
            by_text.append(f)
    return by_text[0] if by_text else None


def page_size_input(
    ctx: OperationContext, exclude: tuple[str, ...] = ()
) -> InputInfo | None:
    """The input that sets how many records a page holds (`limit`, `per_page`, `maxResults`)."""
    by_name = [
        i
        for i in ctx.find_inputs(vocab.LIMIT_NAMES)
        if i.name not in exclude and i.kind in ("int", "str", "any", "float")
    ]
    if by_name:
        return by_name[0]
    by_text = [
        i
        for i in ctx.find_inputs(set(), vocab.LIMIT_TEXT)
        if i.name not in exclude
        and i.kind in ("int", "float")
        and not vocab.mentions(i.description, vocab.CURSOR_TEXT)
    ]
    return by_text[0] if by_text else None


def page_size_value(size: InputInfo) -> tuple[int, str]:
    """The page size to request: the declared default, else the maximum (capped), else a safe small size."""
    default = size.number_default()
    if default is not None and default > 0:
        return default, f"`{size.name}` defaults to {default}"
    if size.maximum is not None and size.maximum >= 1:
        value = int(min(size.maximum, 100))
        return value, f"`{size.name}` allows up to {int(size.maximum)}"
    return (
        FALLBACK_PAGE_SIZE,
        f"`{size.name}` has no default; {FALLBACK_PAGE_SIZE} assumed",
    )


def link_stop(
    ctx: OperationContext, link: str | None, evidence: list[str]
) -> dict[str, JSONValue]:
    """`stop_after_empty_page` for a link paginator when the spec says the link alone won't stop.

    An API that sends `next` on every page (its description says the link is always there, or
    that an empty page ends the list) and marks the end in the body (`has_more`) would be paged
    forever by the link alone; the first empty page stops it. `link` is the next link's own
    description (the field's, or the declared `Link` header's).
    """
    response = ctx.op.success_response()
    texts = (
        link,
        ctx.op.description,
        response.description if response else None,
        ctx.model.description,
    )
    stated = vocab.ALWAYS_TEXT.search(link) or next(
        (m for t in texts if (m := vocab.LINK_STOP_TEXT.search(t))), None
    )
    if stated is not None:
        evidence.append(f"the spec says {stated.group(0)!r}: an empty page stops it")
        return {"stop_after_empty_page": True}
    more = has_more_field(ctx)
    if more is not None:
        evidence.append(
            f"`{more.path}` marks the end in the body, which a link cannot read: an empty"
            " page stops it"
        )
        return {"stop_after_empty_page": True}
    return {}


def describe(info: InputInfo) -> str:
    where = "body field" if info.where == "body" else "parameter"
    text = f" ({info.description.strip()[:80]!r})" if info.description.strip() else ""
    return f"{where} `{info.name}`{text}"


def param_key(info: InputInfo, query_key: str, body_key: str) -> dict[str, JSONValue]:
    """`{offset_param: name}` for a query parameter, `{offset_body_path: path}` for a body field."""
    return {body_key: info.name} if info.where == "body" else {query_key: info.name}


def controlled(*inputs: InputInfo | None) -> tuple[str, ...]:
    """Names of query parameters the paginator sets itself (body fields are not method parameters)."""
    return tuple(i.name for i in inputs if i is not None and i.where == "query")


FORWARD_CURSOR_NAMES = Words(
    "FORWARD_CURSOR_NAMES", "startingafter after afterid startafter cursor".split()
)
BACKWARD_CURSOR_NAMES = Words(
    "BACKWARD_CURSOR_NAMES", "endingbefore before beforeid endbefore".split()
)


def reverse_inputs(ctx: OperationContext, forward: InputInfo) -> tuple[str, ...]:
    """Query parameters that page the other way (`ending_before` beside `starting_after`).

    A forward paginator owns them: sent together with its cursor, APIs reject the request
    (Stripe) or page inconsistently, so the method does not expose them.
    """
    if vocab.norm(forward.leaf) not in FORWARD_CURSOR_NAMES:
        return ()
    return tuple(
        i.name
        for i in ctx.inputs
        if i.where == "query"
        and i.name != forward.name
        and vocab.norm(i.leaf) in BACKWARD_CURSOR_NAMES
    )


def choice(
    kind: str,
    params: dict[str, JSONValue],
    score: float,
    evidence: list[str],
    controls: tuple[str, ...] = (),
    page_size: InputInfo | None = None,
) -> PaginatorChoice:
    size_param = (
        page_size.name if page_size is not None and page_size.where == "query" else None
    )
    return PaginatorChoice(
        type=kind,
        params=params,
        score=round(min(score, 1.0), 3),
        evidence=tuple(evidence),
        controlled_params=tuple(c for c in controls if c != size_param),
        page_size_param=size_param,
    )


def response_path(info: FieldInfo) -> str:
    return selector_path(info.path)
