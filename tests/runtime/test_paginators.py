"""Every paginator against a real local server: GET and body variants, every stop condition.

Each test checks that every record arrives exactly once and that no extra request is made.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

import pytest
import requests

from restwright_runtime import PageData, RESTClient
from restwright_runtime.exceptions import PaginatorError
from restwright_runtime.paginators import (
    BasePaginator,
    HeaderCursorPaginator,
    HeaderLinkPaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    RangePaginator,
    RecordCursorPaginator,
    SinglePagePaginator,
    create_paginator,
)
from tests.support.server import LocalServer, Reply, Request

RECORDS = [{"id": i, "name": f"r{i}"} for i in range(23)]


def assert_each_once(
    pages: Iterable[list[Any]], expected: list[dict[str, Any]] = RECORDS
) -> None:
    ids = [record["id"] for page in pages for record in page]
    assert Counter(ids) == Counter(record["id"] for record in expected)
    assert len(ids) == len(expected)


def collect(client: RESTClient, path: str, **kwargs: Any) -> list[PageData[Any]]:
    return list(client.paginate(path, **kwargs))


# --- offset ---------------------------------------------------------------------------------


def offset_handler(
    body: bool = False, total: bool = True, has_more: bool = False
) -> Any:
    def handle(request: Request) -> Reply:
        source = request.json if body else request.query
        offset, limit = int(source["offset"]), int(source["limit"])
        reply: dict[str, Any] = {"items": RECORDS[offset : offset + limit]}
        if total:
            reply["total"] = len(RECORDS)
        if has_more:
            reply["has_more"] = offset + limit < len(RECORDS)
        return Reply(reply)

    return handle


def test_offset_total_stops_at_total(server: LocalServer) -> None:
    server.route("GET", "/items", offset_handler())
    pages = collect(
        RESTClient(server.url), "/items", paginator=OffsetPaginator(limit=10)
    )
    assert [len(page) for page in pages] == [10, 10, 3]
    assert_each_once(pages)
    assert [r.query["offset"] for r in server.requests] == ["0", "10", "20"]


def test_offset_in_body_with_post(server: LocalServer) -> None:
    server.route("POST", "/search", offset_handler(body=True))
    paginator = OffsetPaginator(
        limit=10, offset_body_path="offset", limit_body_path="limit"
    )
    pages = collect(
        RESTClient(server.url),
        "/search",
        method="POST",
        json={"q": "x"},
        paginator=paginator,
    )
    assert_each_once(pages)
    assert [r.json for r in server.requests] == [
        {"q": "x", "offset": 0, "limit": 10},
        {"q": "x", "offset": 10, "limit": 10},
        {"q": "x", "offset": 20, "limit": 10},
    ]
    assert all(r.query == {} for r in server.requests)


def test_offset_nested_body_path(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        page = request.json["page"]
        offset, limit = page["offset"], page["limit"]
        return Reply(
            {"items": RECORDS[offset : offset + limit], "meta": {"total": len(RECORDS)}}
        )

    server.route("POST", "/search", handle)
    paginator = OffsetPaginator(
        limit=5,
        offset_body_path="page.offset",
        limit_body_path="page.limit",
        total_path="meta.total",
    )
    assert_each_once(
        collect(RESTClient(server.url), "/search", method="POST", paginator=paginator)
    )
    assert len(server.requests) == 5


def test_offset_empty_page_stop_without_total(server: LocalServer) -> None:
    server.route("GET", "/items", offset_handler(total=False))
    pages = collect(
        RESTClient(server.url),
        "/items",
        paginator=OffsetPaginator(limit=10, total_path=None),
    )
    assert_each_once(pages)
    assert [len(page) for page in pages] == [10, 10, 3, 0]


def test_offset_maximum_offset(server: LocalServer) -> None:
    server.route("GET", "/items", offset_handler(total=False))
    paginator = OffsetPaginator(limit=5, maximum_offset=10, total_path=None)
    pages = collect(RESTClient(server.url), "/items", paginator=paginator)
    assert_each_once(pages, RECORDS[:10])
    assert len(server.requests) == 2


def test_offset_has_more(server: LocalServer) -> None:
    server.route("GET", "/items", offset_handler(total=False, has_more=True))
    paginator = OffsetPaginator(
        limit=10, total_path=None, has_more_path="has_more", stop_after_empty_page=False
    )
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert len(server.requests) == 3


def test_offset_null_total_falls_back_to_empty_page(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        offset = int(request.query["offset"])
        return Reply({"items": RECORDS[offset : offset + 10], "total": None})

    server.route("GET", "/items", handle)
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=OffsetPaginator(limit=10))
    )
    assert len(server.requests) == 4


def test_offset_start_value_and_custom_names(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        skip, take = int(request.query["skip"]), int(request.query["take"])
        return Reply({"items": RECORDS[skip : skip + take], "count": len(RECORDS)})

    server.route("GET", "/items", handle)
    paginator = OffsetPaginator(
        limit=10, offset=10, offset_param="skip", limit_param="take", total_path="count"
    )
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=paginator), RECORDS[10:]
    )


def test_offset_limit_zero_pages_by_what_the_server_sends(server: LocalServer) -> None:
    """`limit=0` (dlt takes it): the server picks the size, the offset follows the records."""

    def handle(request: Request) -> Reply:
        offset = int(request.query["offset"])
        assert request.query["limit"] == "0"
        return Reply({"items": RECORDS[offset : offset + 7], "total": len(RECORDS)})

    server.route("GET", "/items", handle)
    pages = collect(
        RESTClient(server.url), "/items", paginator=OffsetPaginator(limit=0)
    )
    assert_each_once(pages)
    assert [r.query["offset"] for r in server.requests] == ["0", "7", "14", "21"]


def test_offset_missing_total_raises_when_nothing_else_stops(
    server: LocalServer,
) -> None:
    """Without an empty-page stop, a maximum or a flag, the total is the only way out (dlt's error)."""
    server.route("GET", "/items", offset_handler(total=False))
    paginator = OffsetPaginator(limit=10, stop_after_empty_page=False)
    with pytest.raises(PaginatorError, match="Total `items` not found"):
        collect(RESTClient(server.url), "/items", paginator=paginator)
    assert len(server.requests) == 1


# --- page number ----------------------------------------------------------------------------


def page_handler(
    base: int, per_page: int = 10, body: bool = False, has_more: bool = False
) -> Any:
    pages = (len(RECORDS) + per_page - 1) // per_page

    def handle(request: Request) -> Reply:
        source = request.json if body else request.query
        page = int(source.get("page", base))
        start = (page - base) * per_page
        reply: dict[str, Any] = {
            "data": RECORDS[start : start + per_page],
            "total_pages": pages,
        }
        if has_more:
            reply["has_more"] = page - base + 1 < pages
        return Reply(reply)

    return handle


@pytest.mark.parametrize("base", [0, 1])
def test_page_number_total_pages(server: LocalServer, base: int) -> None:
    server.route("GET", "/items", page_handler(base))
    paginator = PageNumberPaginator(base_page=base, total_path="total_pages")
    pages = collect(RESTClient(server.url), "/items", paginator=paginator)
    assert_each_once(pages)
    assert [r.query["page"] for r in server.requests] == [
        str(base + i) for i in range(3)
    ]


def test_page_number_in_body(server: LocalServer) -> None:
    server.route("POST", "/search", page_handler(1, body=True))
    paginator = PageNumberPaginator(
        base_page=1, page_body_path="page", total_path="total_pages"
    )
    assert_each_once(
        collect(
            RESTClient(server.url),
            "/search",
            method="POST",
            json={},
            paginator=paginator,
        )
    )
    assert [r.json["page"] for r in server.requests] == [1, 2, 3]


def test_page_number_maximum_page(server: LocalServer) -> None:
    server.route("GET", "/items", page_handler(0))
    paginator = PageNumberPaginator(maximum_page=2, total_path=None)
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=paginator), RECORDS[:20]
    )
    assert len(server.requests) == 2


def test_page_number_empty_page(server: LocalServer) -> None:
    server.route("GET", "/items", page_handler(1))
    paginator = PageNumberPaginator(base_page=1, total_path=None)
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert len(server.requests) == 4


def test_page_number_has_more(server: LocalServer) -> None:
    server.route("GET", "/items", page_handler(1, has_more=True))
    paginator = PageNumberPaginator(
        base_page=1,
        total_path=None,
        has_more_path="has_more",
        stop_after_empty_page=False,
    )
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert len(server.requests) == 3


def test_page_number_missing_total_falls_back(server: LocalServer) -> None:
    server.route("GET", "/items", page_handler(0))
    paginator = PageNumberPaginator(total_path="not_there")
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert len(server.requests) == 4  # the empty page ends it


@pytest.mark.parametrize("flag", [{"has_more": "maybe"}, {"has_more": 1}, {}])
def test_page_number_bad_or_missing_has_more_raises(
    server: LocalServer, flag: dict[str, Any]
) -> None:
    """A configured flag that is missing or not a boolean is an error, as in dlt, not a guess."""
    server.route("GET", "/items", lambda request: Reply({"data": RECORDS, **flag}))
    paginator = PageNumberPaginator(total_path=None, has_more_path="has_more")
    with pytest.raises(PaginatorError, match="has_more"):
        collect(RESTClient(server.url), "/items", paginator=paginator)
    assert len(server.requests) == 1


# --- links ----------------------------------------------------------------------------------


def link_handler(
    server: LocalServer, relative: bool, nested: bool = False, header: bool = False
) -> Any:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("p", 0))
        chunk = RECORDS[page * 10 : page * 10 + 10]
        following: str | None = None
        if page * 10 + 10 < len(RECORDS):
            following = (
                f"/items?p={page + 1}"
                if relative
                else f"{server.url}/items?p={page + 1}"
            )
        if header:
            headers = {"Link": f'<{following}>; rel="next"'} if following else {}
            return Reply(chunk, headers=headers)
        if nested:
            return Reply({"results": chunk, "pagination": {"next": following}})
        return Reply({"results": chunk, "next": following})

    return handle


@pytest.mark.parametrize("relative", [False, True])
def test_json_link(server: LocalServer, relative: bool) -> None:
    server.route("GET", "/items", link_handler(server, relative))
    pages = collect(
        RESTClient(server.url),
        "/items",
        params={"keep": "1"},
        paginator=JSONLinkPaginator(),
    )
    assert_each_once(pages)
    # The link carries its own query: the first call's params are not appended again.
    assert [r.query for r in server.requests] == [{"keep": "1"}, {"p": "1"}, {"p": "2"}]


def test_json_link_nested_path(server: LocalServer) -> None:
    server.route("GET", "/items", link_handler(server, False, nested=True))
    paginator = JSONLinkPaginator(next_url_path="pagination.next")
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))


def test_json_link_empty_string_ends(server: LocalServer) -> None:
    server.route("GET", "/items", lambda r: Reply({"results": RECORDS, "next": ""}))
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=JSONLinkPaginator())
    )
    assert len(server.requests) == 1


@pytest.mark.parametrize("relative", [False, True])
def test_header_link(server: LocalServer, relative: bool) -> None:
    server.route("GET", "/items", link_handler(server, relative, header=True))
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=HeaderLinkPaginator())
    )
    assert len(server.requests) == 3


def endless_link_handler(server: LocalServer, header: bool) -> Any:
    """An API that always links a next page and marks the end with an empty one."""

    def handle(request: Request) -> Reply:
        page = int(request.query.get("p", 0))
        chunk = RECORDS[page * 10 : page * 10 + 10]
        following = f"{server.url}/items?p={page + 1}"
        if header:
            return Reply(chunk, headers={"Link": f'<{following}>; rel="next"'})
        return Reply({"results": chunk, "next": following})

    return handle


@pytest.mark.parametrize(
    "header, build",
    [
        (True, lambda: HeaderLinkPaginator(stop_after_empty_page=True)),
        (False, lambda: JSONLinkPaginator(stop_after_empty_page=True)),
        (
            True,
            lambda: create_paginator(
                {"type": "header_link", "stop_after_empty_page": True}
            ),
        ),
        (
            False,
            lambda: create_paginator(
                {"type": "json_link", "stop_after_empty_page": True}
            ),
        ),
    ],
)
def test_links_stop_after_empty_page(
    server: LocalServer, header: bool, build: Any
) -> None:
    server.route("GET", "/items", endless_link_handler(server, header))
    pages = collect(RESTClient(server.url), "/items", paginator=build())
    assert_each_once(pages)
    assert [len(page) for page in pages] == [10, 10, 3, 0]
    assert len(server.requests) == 4


@pytest.mark.parametrize("header", [True, False])
def test_links_follow_past_an_empty_page_by_default(
    server: LocalServer, header: bool
) -> None:
    """dlt's behaviour stays the default: an empty page with a next link is followed."""
    served = {"count": 0}

    def handle(request: Request) -> Reply:
        served["count"] += 1
        page = int(request.query.get("p", 0))
        chunk = [] if page == 0 else RECORDS
        following = f"{server.url}/items?p=1" if page == 0 else None
        if header:
            headers = {"Link": f'<{following}>; rel="next"'} if following else {}
            return Reply(chunk, headers=headers)
        return Reply({"results": chunk, "next": following})

    server.route("GET", "/items", handle)
    paginator = HeaderLinkPaginator() if header else JSONLinkPaginator()
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert served["count"] == 2


# --- cursors --------------------------------------------------------------------------------


def cursor_handler(
    body: bool = False, header: bool = False, empty_end: Any = None
) -> Any:
    def handle(request: Request) -> Reply:
        source = request.json if body else request.query
        cursor = (source or {}).get("cursor") or (source or {}).get(
            "pagination", {}
        ).get("cursor")
        start = int(cursor[1:]) if cursor else 0
        chunk = RECORDS[start : start + 10]
        following = f"c{start + 10}" if start + 10 < len(RECORDS) else empty_end
        if header:
            return Reply(chunk, headers={"X-Next": following} if following else {})
        return Reply({"items": chunk, "cursors": {"next": following}})

    return handle


@pytest.mark.parametrize("end", [None, ""])
def test_json_cursor_query(server: LocalServer, end: Any) -> None:
    server.route("GET", "/items", cursor_handler(empty_end=end))
    assert_each_once(
        collect(
            RESTClient(server.url), "/items", paginator=JSONResponseCursorPaginator()
        )
    )
    assert [r.query.get("cursor") for r in server.requests] == [None, "c10", "c20"]


def test_json_cursor_body_path(server: LocalServer) -> None:
    server.route("POST", "/search", cursor_handler(body=True))
    paginator = JSONResponseCursorPaginator(
        cursor_path="cursors.next", cursor_body_path="pagination.cursor"
    )
    pages = collect(
        RESTClient(server.url),
        "/search",
        method="POST",
        json={"q": 1},
        paginator=paginator,
    )
    assert_each_once(pages)
    assert server.requests[1].json == {"q": 1, "pagination": {"cursor": "c10"}}


def test_header_cursor(server: LocalServer) -> None:
    server.route("GET", "/items", cursor_handler(header=True))
    paginator = HeaderCursorPaginator(cursor_key="X-Next", cursor_param="cursor")
    assert_each_once(collect(RESTClient(server.url), "/items", paginator=paginator))
    assert len(server.requests) == 3


def stripe_handler(body: bool = False) -> Any:
    def handle(request: Request) -> Reply:
        source = request.json if body else request.query
        after = (source or {}).get("starting_after")
        start = int(after) + 1 if after is not None else 0
        chunk = RECORDS[start : start + 10]
        return Reply(
            {"object": "list", "data": chunk, "has_more": start + 10 < len(RECORDS)}
        )

    return handle


def test_record_cursor_has_more(server: LocalServer) -> None:
    server.route("GET", "/v1/charges", stripe_handler())
    paginator = RecordCursorPaginator(
        cursor_param="starting_after", has_more_path="has_more"
    )
    pages = collect(
        RESTClient(server.url + "/v1"),
        "/charges",
        data_selector="data",
        paginator=paginator,
    )
    assert_each_once(pages)
    assert [r.query.get("starting_after") for r in server.requests] == [None, "9", "19"]


def test_record_cursor_empty_page_and_body(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        after = (request.json or {}).get("after")
        start = int(after) + 1 if after is not None else 0
        return Reply({"data": RECORDS[start : start + 10]})

    server.route("POST", "/list", handle)
    paginator = RecordCursorPaginator(cursor_body_path="after", cursor_field="id")
    assert_each_once(
        collect(RESTClient(server.url), "/list", method="POST", paginator=paginator)
    )
    assert len(server.requests) == 4


def test_single_page(server: LocalServer) -> None:
    server.route(
        "GET", "/items", lambda r: Reply({"items": RECORDS, "next": "/items?p=2"})
    )
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=SinglePagePaginator())
    )
    assert len(server.requests) == 1


def test_custom_paginator_protocol(server: LocalServer) -> None:
    class QueryParamPaginator(BasePaginator):
        def __init__(self) -> None:
            super().__init__()
            self.page = 0

        def init_request(self, request: Any) -> None:
            self.update_request(request)

        def update_state(self, response: Any, data: list[Any] | None = None) -> None:
            if not response.json()["data"]:
                self._has_next_page = False
            else:
                self.page += 1

        def update_request(self, request: Any) -> None:
            request.params = {**(request.params or {}), "page": self.page}

    server.route("GET", "/items", page_handler(0))
    assert_each_once(
        collect(RESTClient(server.url), "/items", paginator=QueryParamPaginator())
    )


# --- validation and factory -------------------------------------------------------------------


def stop_message(maximum: str) -> str:
    return (
        f"One of `total_path`, `{maximum}`, `has_more_path`, or `stop_after_empty_page`"
        " must be provided."
    )


def not_both(label: str) -> str:
    return f"Either '{label}_param' or '{label}_body_path' must be provided, not both."


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: OffsetPaginator(
                limit=10, total_path=None, stop_after_empty_page=False
            ),
            stop_message("maximum_offset"),
        ),
        (
            lambda: PageNumberPaginator(total_path=None, stop_after_empty_page=False),
            stop_message("maximum_page"),
        ),
        (
            lambda: RangePaginator(
                "p", initial_value=0, value_step=1, stop_after_empty_page=False
            ),
            stop_message("maximum_value"),
        ),
        (
            lambda: OffsetPaginator(limit=10, offset_param="o", offset_body_path="o"),
            not_both("offset"),
        ),
        (
            lambda: OffsetPaginator(limit=10, limit_param="l", limit_body_path="l"),
            not_both("limit"),
        ),
        (
            lambda: PageNumberPaginator(page_param="p", page_body_path="p"),
            not_both("page"),
        ),
        (
            lambda: JSONResponseCursorPaginator(cursor_param="c", cursor_body_path="c"),
            not_both("cursor"),
        ),
        (
            lambda: RecordCursorPaginator(cursor_param="c", cursor_body_path="c"),
            not_both("cursor"),
        ),
        (
            lambda: OffsetPaginator(limit=-1),
            "`limit` must be a non-negative integer, got -1",
        ),
        # An empty name would send `?=2` (dlt refuses it too).
        (lambda: OffsetPaginator(limit=10, offset_param=""), not_both("offset")),
        (lambda: OffsetPaginator(limit=10, limit_param=""), not_both("limit")),
        (lambda: OffsetPaginator(limit=10, offset_body_path=""), not_both("offset")),
        (lambda: OffsetPaginator(limit=10, limit_body_path=""), not_both("limit")),
        (lambda: PageNumberPaginator(page_param=""), not_both("page")),
        (lambda: PageNumberPaginator(page_body_path=""), not_both("page")),
        (lambda: JSONResponseCursorPaginator(cursor_param=""), not_both("cursor")),
        # The base class wants exactly one place too, as dlt's does.
        (
            lambda: RangePaginator(
                "p", initial_value=0, value_step=1, param_body_path="page.number"
            ),
            "Either 'param_name' or 'param_body_path' must be provided, not both.",
        ),
        (
            lambda: RangePaginator(None, initial_value=0, value_step=1),
            "Either 'param_name' or 'param_body_path' must be provided, not both.",
        ),
        # Several impossible settings at once: the first check's message, as before.
        (
            lambda: OffsetPaginator(
                limit=-1,
                offset_param="o",
                offset_body_path="o",
                total_path=None,
                stop_after_empty_page=False,
            ),
            not_both("offset"),
        ),
        (
            lambda: OffsetPaginator(
                limit=-1, total_path=None, stop_after_empty_page=False
            ),
            stop_message("maximum_offset"),
        ),
    ],
)
def test_impossible_settings_raise(build: Any, message: str) -> None:
    with pytest.raises(PaginatorError) as info:
        build()
    assert str(info.value) == message  # dlt's texts
    assert isinstance(
        info.value, ValueError
    )  # dlt raised ValueError: old except clauses still match


def test_range_paginator_puts_the_value_in_the_body_path() -> None:
    paginator = RangePaginator(
        None, initial_value=3, value_step=1, param_body_path="page.number"
    )
    request = requests.Request("POST", "http://api.example/items")
    paginator.init_request(request)
    assert (request.params, request.json) == ({}, {"page": {"number": 3}})


def test_dlt_defaults() -> None:
    offset = OffsetPaginator(limit=5)
    assert (offset.param_name, offset.limit_param, str(offset.total_path)) == (
        "offset",
        "limit",
        "total",
    )
    page = PageNumberPaginator()
    assert (
        page.base_index,
        page.current_value,
        page.param_name,
        str(page.total_path),
    ) == (0, 0, "page", "total")
    assert str(JSONLinkPaginator().next_url_path) == "next"
    cursor = JSONResponseCursorPaginator()
    assert (str(cursor.cursor_path), cursor.cursor_param) == ("cursors.next", "cursor")
    header = HeaderCursorPaginator()
    assert (header.cursor_key, header.cursor_param) == ("next", "cursor")
    assert HeaderLinkPaginator().links_next_key == "next"


@pytest.mark.parametrize(
    "config, kind",
    [
        ("single_page", SinglePagePaginator),
        ({"type": "json_link", "next_url_path": "links.next"}, JSONLinkPaginator),
        ({"type": "header_link"}, HeaderLinkPaginator),
        ({"type": "offset", "limit": 10}, OffsetPaginator),
        (
            {"type": "page_number", "base_page": 1, "total_path": None},
            PageNumberPaginator,
        ),
        (
            {"type": "cursor", "cursor_path": "next", "cursor_param": "after"},
            JSONResponseCursorPaginator,
        ),
        ({"type": "header_cursor", "cursor_key": "X-Next"}, HeaderCursorPaginator),
        (
            {
                "type": "record_cursor",
                "cursor_param": "after",
                "has_more_path": "has_more",
            },
            RecordCursorPaginator,
        ),
    ],
)
def test_create_paginator(config: Any, kind: type[BasePaginator]) -> None:
    assert type(create_paginator(config)) is kind


def test_create_paginator_unknown() -> None:
    with pytest.raises(PaginatorError, match="unknown paginator type 'nope'"):
        create_paginator({"type": "nope"})
    with pytest.raises(PaginatorError, match="bad parameters"):
        create_paginator({"type": "offset", "limit": 1, "bogus": 2})
