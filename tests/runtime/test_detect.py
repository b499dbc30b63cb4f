"""Auto-detection of records and paginator: what dlt detects, without dlt's misfires.

Every case runs a real pagination with no paginator and no selector, and checks that each record
arrives exactly once and that no page is fetched twice.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.detector import detect_data_selector
from restwright_runtime.paginators import (
    HeaderLinkPaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    RecordCursorPaginator,
    SinglePagePaginator,
)
from tests.support.server import LocalServer, Reply, Request

RECORDS = [{"id": i} for i in range(25)]


def run(server: LocalServer, path: str = "/items") -> tuple[list[int], type]:
    pages = list(RESTClient(server.url).paginate(path))
    got = [record["id"] for page in pages for record in page]
    return got, type(pages[0].paginator)


def assert_each_once(got: list[int], expected: list[dict[str, Any]] = RECORDS) -> None:
    assert len(got) == len(expected) and Counter(got) == Counter(
        r["id"] for r in expected
    )


def assert_no_repeat(server: LocalServer) -> None:
    urls = [r.url for r in server.requests]
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize(
    "document, selector",
    [
        ([{"id": 1}], "$"),
        ({"id": 1, "name": "one"}, "$"),
        ({"meta": {"tags": ["a", "b"]}, "products": [{"id": 1}]}, "products"),
        ({"tags": ["a"], "products": [{"id": 1}]}, "products"),
        ({"errors": [], "data": {"items": [{"id": 1}]}}, "data.items"),
        ({"count": 2, "results": [{"id": 1}], "links": [{"rel": "self"}]}, "results"),
        ({"response": {"users": [{"id": 1}]}}, "response.users"),
        ({"value": [{"id": 1}], "@odata.nextLink": None}, "value"),
    ],
)
def test_data_selector(document: Any, selector: str) -> None:
    assert detect_data_selector(document) == selector


def test_records_shallowest_record_like_list(server: LocalServer) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"meta": {"tags": ["x", "y"]}, "products": RECORDS}),
    )
    got, kind = run(server)
    assert_each_once(got)
    assert kind is SinglePagePaginator


@pytest.mark.parametrize(
    "shape",
    [
        "next",
        "next_url",
        "links.next",
        "_links.next.href",
        "pagination.next",
        "@odata.nextLink",
    ],
)
@pytest.mark.parametrize("relative", [False, True])
def test_next_link_in_body(server: LocalServer, shape: str, relative: bool) -> None:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("p", 0))
        link = None
        if page < 2:
            link = (
                f"/items?p={page + 1}"
                if relative
                else f"{server.url}/items?p={page + 1}"
            )
        body: dict[str, Any] = {"data": RECORDS[page * 10 : page * 10 + 10]}
        if shape == "links.next":
            body["links"] = {"self": "/items", "next": link}
        elif shape == "_links.next.href":
            body["_links"] = {"next": {"href": link}} if link else {}
        elif shape == "pagination.next":
            body["pagination"] = {"next": link}
        else:
            body[shape] = link
        return Reply(body)

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is JSONLinkPaginator
    assert len(server.requests) == 3


def test_link_header(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("page", 1))
        headers = (
            {"Link": f'<{server.url}/items?page={page + 1}>; rel="next"'}
            if page < 3
            else {}
        )
        return Reply(RECORDS[(page - 1) * 10 : page * 10], headers=headers)

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is HeaderLinkPaginator


@pytest.mark.parametrize("base", [0, 1])
def test_page_number_with_total_pages_not_fetched_twice_nor_cut_short(
    server: LocalServer, base: int
) -> None:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("page", base))
        start = (page - base) * 10
        return Reply(
            {"data": RECORDS[start : start + 10], "page": page, "total_pages": 3}
        )

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is PageNumberPaginator
    assert [r.query.get("page") for r in server.requests] == [
        None,
        str(base + 1),
        str(base + 2),
    ]


def test_laravel_style_page_meta(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("page", 1))
        return Reply(
            {
                "data": RECORDS[(page - 1) * 10 : page * 10],
                "meta": {"current_page": page, "last_page": 3, "per_page": 10},
            }
        )

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is PageNumberPaginator
    assert_no_repeat(server)


def test_page_number_from_total_items(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        page = int(request.query.get("page", 1))
        return Reply(
            {
                "results": RECORDS[(page - 1) * 10 : page * 10],
                "page": page,
                "per_page": 10,
                "total": 25,
            }
        )

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert len(server.requests) == 3


def test_offset_with_total(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        skip, limit = int(request.query.get("skip", 0)), int(
            request.query.get("limit", 10)
        )
        return Reply(
            {
                "products": RECORDS[skip : skip + limit],
                "total": 25,
                "skip": skip,
                "limit": limit,
            }
        )

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is OffsetPaginator
    assert [r.query.get("skip") for r in server.requests] == [None, "10", "20"]


def test_string_cursor(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        start = int(request.query.get("cursor", "c0")[1:])
        following = f"c{start + 10}" if start + 10 < 25 else None
        return Reply({"items": RECORDS[start : start + 10], "next_cursor": following})

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is JSONResponseCursorPaginator


def test_page_token_cursor(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        start = int(request.query.get("pageToken", "t0")[1:])
        following = f"t{start + 10}" if start + 10 < 25 else ""
        return Reply({"items": RECORDS[start : start + 10], "nextPageToken": following})

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert len(server.requests) == 3


def test_stripe_list_envelope(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        after = request.query.get("starting_after")
        start = int(after) + 1 if after is not None else 0
        return Reply(
            {
                "object": "list",
                "data": RECORDS[start : start + 10],
                "has_more": start + 10 < 25,
            }
        )

    server.route("GET", "/items", handle)
    got, kind = run(server)
    assert_each_once(got)
    assert kind is RecordCursorPaginator


@pytest.mark.parametrize(
    "body", [{"next_page": 2}, {"next": False}, {"next": 2}, {"next_page": "2"}]
)
def test_numeric_next_or_false_is_not_a_cursor(
    server: LocalServer, body: dict[str, Any]
) -> None:
    server.route("GET", "/items", lambda r: Reply({"data": RECORDS, **body}))
    got, kind = run(server)
    assert_each_once(got)
    assert kind is not JSONResponseCursorPaginator
    assert len(server.requests) == 1


def test_no_pagination_is_single_page(server: LocalServer) -> None:
    server.route("GET", "/items", lambda r: Reply({"data": RECORDS, "total": 25}))
    got, kind = run(server)
    assert_each_once(got)
    assert kind is SinglePagePaginator


def test_single_entity(server: LocalServer) -> None:
    server.route("GET", "/items/1", lambda r: Reply({"id": 1, "name": "one"}))
    pages = list(RESTClient(server.url).paginate("/items/1"))
    assert pages == [[{"id": 1, "name": "one"}]]


def test_null_next_link_on_only_page(server: LocalServer) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"results": RECORDS, "next": None, "previous": None}),
    )
    got, _ = run(server)
    assert_each_once(got)
    assert len(server.requests) == 1
