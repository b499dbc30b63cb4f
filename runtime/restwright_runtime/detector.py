"""Guess the data selector and the paginator from the first response, as dlt does, minus its misfires.

- Records are the list under a record-like key at the shallowest depth (dlt took the first list met
  depth-first, so `{"meta": {"tags": [...]}, "products": [...]}` gave the tags).
- Page numbers are only guessed when the body says which page it is: the first page's number is the
  API's base, so 1-based APIs are neither fetched twice nor cut short.
- A cursor is a non-empty string that is not a link: a numeric `next_page` or `next: false` is not.

Each detector returns a `Detection` (paginator, evidence) or None; `detect_paginator` tries them
in order of certainty and falls back to a single page. Detected paginators are built in the state
"the first page was just fetched", so the client feeds them the first response like any other.

dlt's public detector API sits at the end, running these rules: `PaginatorFactory` with
dlt-shaped detectors (a response in, `(paginator, score)` out), `find_response_page_data`,
`find_next_page_path` and `single_entity_path`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Protocol

from .jsonpath import Segment, path_of
from .paginators import (
    BasePaginator,
    HeaderLinkPaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    RecordCursorPaginator,
    SinglePagePaginator,
    response_json,
)

if TYPE_CHECKING:
    from requests import Response

RECORD_KEYS = frozenset(
    """data items results result records entries rows entities payload content objects values
    elements nodes edges hits docs documents list collection members resources""".split()
)
NON_RECORD_KEYS = frozenset(
    "meta metadata pagination paging links _links extras headers errors warnings cursors".split()
)
NEXT_LINK_KEYS = frozenset(
    "next nexturl nextlink nextpage nextpageurl nexthref nextpagelink odatanextlink".split()
)
LINK_DICT_KEYS = ("href", "url", "link")
CURSOR_KEYS = frozenset(
    """next nextcursor cursor nextpagetoken pagetoken nexttoken continuationtoken continuation
    nextpagecursor endcursor after nextpage nextid""".split()
)
CURRENT_PAGE_KEYS = frozenset("page currentpage pagenumber pagenum pageindex".split())
TOTAL_PAGES_KEYS = frozenset(
    "totalpages pages pagecount numpages lastpage totalpagecount".split()
)
TOTAL_ITEMS_KEYS = frozenset(
    "total totalcount totalitems totalresults count totalrecords".split()
)
PAGE_SIZE_KEYS = frozenset("perpage pagesize limit size pagelimit".split())
OFFSET_KEYS = frozenset("offset skip start".split())
LIMIT_KEYS = frozenset("limit perpage pagesize size take".split())
HAS_MORE_KEYS = frozenset("hasmore hasnext hasnextpage more moreresults".split())
MAX_DEPTH = 3


@dataclass(frozen=True)
class Detection:
    """A detected paginator and the evidence that picked it (for logs and `inspect`)."""

    paginator: BasePaginator
    evidence: str


def _normal(key: str) -> str:
    """`next_page`, `nextPage`, `@odata.nextLink` → `nextpage`, `nextpage`, `odatanextlink`."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _walk(
    document: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (path, value) of nested objects, breadth-first (shallow keys win), not into lists."""
    level: list[tuple[tuple[str, ...], Any]] = [(path, document)]
    while level and len(level[0][0]) < MAX_DEPTH:
        following: list[tuple[tuple[str, ...], Any]] = []
        for base, node in level:
            if not isinstance(node, dict):
                continue
            for key, value in node.items():
                if not isinstance(key, str):
                    continue
                item_path = (*base, key)
                yield item_path, value
                if isinstance(value, dict):
                    following.append((item_path, value))
        level = following


def _first(
    document: Any, keys: frozenset[str], accept: Callable[[Any], bool]
) -> tuple[tuple[str, ...], Any] | None:
    for path, value in _walk(document):
        if _normal(path[-1]) in keys and accept(value):
            return path, value
    return None


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().isdigit()


def _looks_like_link(value: Any) -> bool:
    return isinstance(value, str) and (
        value.startswith(("http://", "https://", "/", "?", "./", "../"))
    )


# --- data selector -------------------------------------------------------------------------


def _records_path(document: Any) -> tuple[str, ...] | None:
    """The keys leading to the page's records; None for a top-level list or a single object."""
    if not isinstance(document, dict):
        return None
    best: tuple[tuple[int, int, int, int, int], tuple[str, ...]] | None = None
    for order, (path, value) in enumerate(_walk(document)):
        if not isinstance(value, list):
            continue
        rank = (
            0 if _normal(path[-1]) in RECORD_KEYS else 1,
            1 if any(_normal(part) in NON_RECORD_KEYS for part in path) else 0,
            1 if value and not all(isinstance(item, dict) for item in value) else 0,
            len(path),
            order,
        )
        if best is None or rank < best[0]:
            best = (rank, path)
    return None if best is None else best[1]


def detect_data_selector(document: Any) -> str:
    """The path to the page's records: `$` for a top-level list or a single object."""
    path = _records_path(document)
    return "$" if path is None else path_of(path)


def find_response_page_data(response: Any) -> tuple[tuple[str, ...], Any]:
    """dlt's helper: `(keys, records)` in a decoded body; `(("$",), response)` when the body
    is the page itself (a list, or a single object)."""
    path = _records_path(response)
    if path is None:
        return ("$",), response
    value: Any = response
    for key in path:
        value = value[key]
    return path, value


# --- paginator detectors --------------------------------------------------------------------


def _header_link(
    response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    if response.links.get("next"):
        return Detection(HeaderLinkPaginator(), "Link header with rel=next")
    return None


def _find_next_link(document: Any) -> tuple[tuple[Segment, ...], Any] | None:
    """A next-link key: `next`, `next_url`, `links.next`, `_links.next.href`, `@odata.nextLink`."""
    for path, value in _walk(document):
        if _normal(path[-1]) not in NEXT_LINK_KEYS:
            continue
        if isinstance(value, dict):
            for key in LINK_DICT_KEYS:
                if key in value and (
                    value[key] is None or _looks_like_link(value[key])
                ):
                    return (*path, key), value[key]
        elif value is None or _looks_like_link(value):
            return path, value
    return None


def _json_link(
    response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    found = _find_next_link(document)
    if found is None:
        return None
    path, value = found
    if value is None:
        # `"next": null` on the first page: a link API with one page, or a cursor API's last page.
        return None
    selector = path_of(path)
    return Detection(
        JSONLinkPaginator(next_url_path=selector), f"next-page link at '{selector}'"
    )


def _is_cursor(value: Any) -> bool:
    """An opaque string (not a link) or an integer id (`next_id: 33`); never a boolean."""
    if isinstance(value, str):
        return value != "" and not _looks_like_link(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _cursor_param_for(key: str) -> str:
    """The query parameter a cursor key implies: `next_cursor`→`cursor`, `nextPageToken`→`pageToken`.

    `next_id` gives `cursor`, not `id`: `?id=` would filter the list down to one record.
    """
    stripped = re.sub(r"^next[_\-]?", "", key, flags=re.IGNORECASE)
    if not stripped or _normal(stripped) in ("", "cursor", "id"):
        return "cursor"
    return stripped[0].lower() + stripped[1:]


def _find_cursor(document: Any) -> tuple[tuple[str, ...], Any] | None:
    """A next-page cursor: a cursor-named key holding a token or an id, not a page number."""
    for path, value in _walk(document):
        key = _normal(path[-1])
        if key not in CURSOR_KEYS or not _is_cursor(value):
            continue
        if key in ("next", "after", "nextpage") and _is_int(value):
            continue  # `next: 2` is a page number
        parent = _normal(path[-2]) if len(path) > 1 else ""
        if key in ("next", "after", "endcursor") and parent not in (
            "",
            "cursors",
            "paging",
            "pagination",
            "meta",
            "pageinfo",
            "links",
        ):
            continue
        return path, value
    return None


def _json_cursor(
    response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    found = _find_cursor(document)
    if found is None:
        return None
    selector = path_of(found[0])
    param = _cursor_param_for(found[0][-1])
    return Detection(
        JSONResponseCursorPaginator(cursor_path=selector, cursor_param=param),
        f"cursor at '{selector}' sent as '{param}'",
    )


def _record_cursor(
    response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    """Stripe (`object: list`, `has_more`) and OpenAI (`has_more`, `last_id`) list envelopes."""
    if not isinstance(document, dict) or not isinstance(document.get("has_more"), bool):
        return None
    if not data or not isinstance(data[-1], dict) or "id" not in data[-1]:
        return None
    if "last_id" in document or "first_id" in document:
        param = "after"
    elif document.get("object") == "list":
        param = "starting_after"
    else:
        return None
    return Detection(
        RecordCursorPaginator(
            cursor_param=param, cursor_field="id", has_more_path="has_more"
        ),
        f"list envelope with has_more: last record's id sent as '{param}'",
    )


_PAGE_PARAM_KEYS = frozenset({"page", "currentpage", "number", "index"})


def _current_page(document: Any) -> tuple[tuple[str, ...], Any] | None:
    """The current page number: a page-named key, or `number`/`index` in a page object."""
    found = _first(document, CURRENT_PAGE_KEYS, _is_int)
    if found is not None:
        return found
    for path, value in _walk(document):
        if len(path) < 2 or _normal(path[-1]) not in ("number", "index"):
            continue
        parent = _normal(path[-2])
        if (parent.startswith("page") or parent == "pagination") and _is_int(value):
            return path, value
    return None


def _page_number(
    response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    current = _current_page(document)
    if current is None:
        return None
    page = int(current[1])
    base = 0 if page == 0 else 1
    page_key = current[0][-1]
    # `current_page` is answered by `?page=`, and so is `number` inside a page object (Spring);
    # `pageNumber`-style keys usually echo their parameter (Zoom's `page_number`).
    param = "page" if _normal(page_key) in _PAGE_PARAM_KEYS else page_key
    total_pages = _first(document, TOTAL_PAGES_KEYS, _is_int)
    if total_pages is not None:
        selector = path_of(total_pages[0])
        return Detection(
            PageNumberPaginator(
                base_page=base, page=page, page_param=param, total_path=selector
            ),
            f"page number at '{path_of(current[0])}' ({base}-based) and page count at '{selector}'",
        )
    has_more = _first(document, HAS_MORE_KEYS, lambda value: isinstance(value, bool))
    if has_more is not None:
        selector = path_of(has_more[0])
        return Detection(
            PageNumberPaginator(
                base_page=base,
                page=page,
                page_param=param,
                total_path=None,
                has_more_path=selector,
            ),
            f"page number at '{path_of(current[0])}' and flag at '{selector}'",
        )
    total = _first(document, TOTAL_ITEMS_KEYS, _is_int)
    size = _first(
        document, PAGE_SIZE_KEYS, lambda value: _is_int(value) and int(value) > 0
    )
    if total is not None and size is not None:
        pages = math.ceil(int(total[1]) / int(size[1]))
        return Detection(
            PageNumberPaginator(
                base_page=base,
                page=page,
                page_param=param,
                total_path=None,
                maximum_page=pages + base,
            ),
            f"page number at '{path_of(current[0])}', {total[1]} items of {size[1]} per page",
        )
    return None


def _offset(response: "Response", document: Any, data: list[Any]) -> Detection | None:
    offset = _first(document, OFFSET_KEYS, _is_int)
    limit = _first(
        document, LIMIT_KEYS, lambda value: _is_int(value) and int(value) > 0
    )
    if offset is None or limit is None:
        return None
    offset_param, limit_param = offset[0][-1], limit[0][-1]
    total = _first(document, TOTAL_ITEMS_KEYS, _is_int)
    has_more = _first(document, HAS_MORE_KEYS, lambda value: isinstance(value, bool))
    if total is None and has_more is None:
        return None
    total_path = path_of(total[0]) if total is not None else None
    has_more_path = (
        path_of(has_more[0]) if has_more is not None and total is None else None
    )
    return Detection(
        OffsetPaginator(
            limit=int(limit[1]),
            offset=int(offset[1]),
            offset_param=offset_param,
            limit_param=limit_param,
            total_path=total_path,
            has_more_path=has_more_path,
        ),
        f"offset '{offset_param}' and limit '{limit_param}' with"
        f" {'total at ' + repr(total_path) if total_path else 'flag at ' + repr(has_more_path)}",
    )


Detector = Callable[["Response", Any, list[Any]], "Detection | None"]

DETECTORS: tuple[Detector, ...] = (
    _header_link,
    _json_link,
    _record_cursor,
    _json_cursor,
    _page_number,
    _offset,
)


def detect_paginator(response: "Response", document: Any, data: list[Any]) -> Detection:
    """The most certain paginator for this first response; a single page when nothing is sure."""
    for detector in DETECTORS:
        detection = detector(response, document, data)
        if detection is not None:
            return detection
    return Detection(SinglePagePaginator(), "no pagination found in headers or body")


# --- dlt's public detector API ----------------------------------------------------------------


def find_next_page_path(
    response: Any, path: tuple[str, ...] = ()
) -> tuple[tuple[str, ...] | None, Any]:
    """dlt's helper: `(keys, value)` of the next-page link in a decoded body, else of its
    cursor, the keys prefixed by `path`; `(None, None)` when there is neither."""
    link = _find_next_link(response)
    if link is not None and link[1] is not None:
        return (*path, *(str(key) for key in link[0])), link[1]
    cursor = _find_cursor(response)
    if cursor is not None:
        return (*path, *cursor[0]), cursor[1]
    return None, None


def single_entity_path(path: str) -> bool:
    """Whether `path` ends in a path parameter (`/users/{user_id}`): it returns one object."""
    from pathlib import (
        PurePosixPath,
    )  # rarely needed: kept off the import of the runtime

    last = PurePosixPath(path).name
    return re.search(r"\{[A-Za-z0-9.\-_]+\}", last) is not None


# dlt's detector shape: a first response in, `(paginator, score)` out, `(None, None)` when it
# does not apply. Scores are dlt's: 1.0 sure, 0.5 some settings guessed, 0.0 the fallback.
FactoryDetector = Callable[["Response"], "tuple[BasePaginator | None, float | None]"]


def _factory_detector(detector: Detector, score: float) -> FactoryDetector:
    def detect(response: "Response") -> tuple[BasePaginator | None, float | None]:
        document = response_json(response)
        _, data = find_response_page_data(document)
        records = data if isinstance(data, list) else []
        detection = detector(response, document, records)
        return (None, None) if detection is None else (detection.paginator, score)

    return detect


header_links_detector = _factory_detector(_header_link, 1.0)
json_links_detector = _factory_detector(_json_link, 1.0)
record_cursor_detector = _factory_detector(_record_cursor, 1.0)
cursor_paginator_detector = _factory_detector(_json_cursor, 0.5)
pages_number_paginator_detector = _factory_detector(_page_number, 0.5)
offset_paginator_detector = _factory_detector(_offset, 0.5)


def single_page_detector(response: "Response") -> tuple[BasePaginator, float]:
    """The fallback: one page (also right for a single object)."""
    return SinglePagePaginator(), 0.0


FACTORY_DETECTORS: tuple[FactoryDetector, ...] = (
    header_links_detector,
    json_links_detector,
    record_cursor_detector,
    cursor_paginator_detector,
    pages_number_paginator_detector,
    offset_paginator_detector,
    single_page_detector,
)


class PaginatorFactory:
    """dlt's `PaginatorFactory`: `detectors` tried in order; the first paginator found wins.

    The default list is ours (`FACTORY_DETECTORS`, the same rules the client uses); pass your
    own list, dlt-style functions included, to change them.
    """

    def __init__(self, detectors: list[FactoryDetector] | None = None) -> None:
        self.detectors: list[FactoryDetector] = (
            list(FACTORY_DETECTORS) if detectors is None else list(detectors)
        )

    def create_paginator(
        self, response: "Response"
    ) -> tuple[BasePaginator | None, float | None]:
        """The first detector's answer: `(paginator, score)`, or `(None, None)`."""
        for detector in self.detectors:
            paginator, score = detector(response)
            if paginator is not None:
                return paginator, score
        return None, None


class PaginatorFactoryLike(Protocol):
    """What a `paginator_factory` must do (dlt's protocol): a paginator and a score, or None."""

    def create_paginator(
        self, response: "Response"
    ) -> tuple[BasePaginator | None, float | None]: ...


def detect_with(
    factory: PaginatorFactoryLike, response: "Response", document: Any, data: list[Any]
) -> Detection | None:
    """The factory's paginator for a parsed first page; our detectors keep their evidence."""
    if (
        isinstance(factory, PaginatorFactory)
        and tuple(factory.detectors) == FACTORY_DETECTORS
    ):
        return detect_paginator(response, document, data)
    paginator, score = factory.create_paginator(response)
    if paginator is None:
        return None
    return Detection(paginator, f"chosen by the paginator_factory (score {score})")
