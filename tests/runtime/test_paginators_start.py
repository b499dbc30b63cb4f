"""The caller's starting values win on the first request, for every paginator kind.

A caller resuming a pagination (page 3, offset 20, a saved cursor) or asking for a page size
must see the first request carry exactly that, and the following pages continue from it.
"""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import Paged, RESTClient
from restwright_runtime.exceptions import PaginatorError
from restwright_runtime.paginators import (
    BasePaginator,
    HeaderCursorPaginator,
    HeaderLinkPaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    RecordCursorPaginator,
    SinglePagePaginator,
)
from tests.support.clients import quiet_rest
from tests.support.server import LocalServer, Reply
from tests.support.server import Request as Seen

RECORDS = [{"id": f"r{i}"} for i in range(10)]


def first_requests(
    server: LocalServer,
    paginator: BasePaginator,
    handler: Any,
    *,
    method: str = "GET",
    params: dict[str, Any] | None = None,
    json: Any = None,
) -> tuple[list[Any], list[Seen]]:
    server.route(method, "/items", handler)
    records = list(
        Paged(
            quiet_rest(server.url),
            "/items",
            method=method,
            params=params,
            json=json,
            paginator=paginator,
            data_selector="data",
        )
    )
    return records, server.requests


def by_page(request: Seen) -> Reply:
    page = int(request.query.get("page") or (request.json or {}).get("page"))
    return Reply({"data": RECORDS[page * 2 : page * 2 + 2]})


def test_page_number_starts_at_the_callers_page(server: LocalServer) -> None:
    records, seen = first_requests(
        server,
        PageNumberPaginator(base_page=0, total_path=None),
        by_page,
        params={"page": 3},
    )
    assert [r.query["page"] for r in seen] == ["3", "4", "5"]
    assert records == RECORDS[6:10]


def test_page_number_in_a_body_starts_at_the_callers_page(server: LocalServer) -> None:
    paginator = PageNumberPaginator(page_body_path="page", total_path=None)
    records, seen = first_requests(
        server, paginator, by_page, method="POST", json={"page": 4, "q": "x"}
    )
    assert [r.json for r in seen] == [
        {"page": 4, "q": "x"},
        {"page": 5, "q": "x"},
    ]
    assert records == RECORDS[8:10]


def by_offset(request: Seen) -> Reply:
    body = request.json or {}
    offset = int(request.query.get("offset", body.get("startAt", 0)))
    limit = int(request.query.get("limit", body.get("maxResults", 0)))
    return Reply({"data": RECORDS[offset : offset + limit]})


def test_offset_and_page_size_from_the_caller(server: LocalServer) -> None:
    records, seen = first_requests(
        server,
        OffsetPaginator(limit=50, total_path=None),
        by_offset,
        params={"offset": 4, "limit": 3},
    )
    assert [(r.query["offset"], r.query["limit"]) for r in seen] == [
        ("4", "3"),
        ("7", "3"),
        ("10", "3"),
    ]
    assert records == RECORDS[4:10]


def test_page_size_in_a_post_body_stays_the_callers(server: LocalServer) -> None:
    # Jira's search: `maxResults=10` must go out as 10 on every page, not as the default 50.
    paginator = OffsetPaginator(
        limit=50,
        offset_body_path="startAt",
        limit_body_path="maxResults",
        total_path=None,
    )
    records, seen = first_requests(
        server, paginator, by_offset, method="POST", json={"jql": "x", "maxResults": 4}
    )
    assert [(r.json["startAt"], r.json["maxResults"]) for r in seen] == [
        (0, 4),
        (4, 4),
        (8, 4),
        (10, 4),
    ]
    assert records == RECORDS


def by_cursor(request: Seen) -> Reply:
    cursor = request.query.get("cursor") or (request.json or {}).get("cursor") or "0"
    start = int(cursor)
    nxt = str(start + 3) if start + 3 < len(RECORDS) else None
    return Reply({"data": RECORDS[start : start + 3], "next": nxt})


def test_cursor_from_the_caller(server: LocalServer) -> None:
    records, seen = first_requests(
        server,
        JSONResponseCursorPaginator(cursor_path="next", cursor_param="cursor"),
        by_cursor,
        params={"cursor": "4"},
    )
    assert [r.query["cursor"] for r in seen] == ["4", "7"]
    assert records == RECORDS[4:10]


def test_cursor_in_a_body_from_the_caller(server: LocalServer) -> None:
    records, seen = first_requests(
        server,
        JSONResponseCursorPaginator(cursor_path="next", cursor_body_path="cursor"),
        by_cursor,
        method="POST",
        json={"cursor": "6"},
    )
    assert [r.json["cursor"] for r in seen] == ["6", "9"]
    assert records == RECORDS[6:10]


def test_record_cursor_from_the_caller(server: LocalServer) -> None:
    def after(request: Seen) -> Reply:
        ids = [r["id"] for r in RECORDS]
        start = ids.index(request.query["starting_after"]) + 1 if request.query else 0
        return Reply({"data": RECORDS[start : start + 4], "has_more": start + 4 < 10})

    records, seen = first_requests(
        server,
        RecordCursorPaginator(cursor_param="starting_after", has_more_path="has_more"),
        after,
        params={"starting_after": "r3"},
    )
    assert [r.query["starting_after"] for r in seen] == ["r3", "r7"]
    assert records == RECORDS[4:10]


def test_header_cursor_from_the_caller(server: LocalServer) -> None:
    def by_header(request: Seen) -> Reply:
        start = int(request.query.get("cursor", "0"))
        headers = {"next": str(start + 5)} if start + 5 < 10 else {}
        return Reply({"data": RECORDS[start : start + 5]}, headers=headers)

    records, seen = first_requests(
        server, HeaderCursorPaginator(), by_header, params={"cursor": "5"}
    )
    assert [r.query["cursor"] for r in seen] == ["5"]
    assert records == RECORDS[5:10]


@pytest.mark.parametrize("kind", ["json_link", "header_link", "single_page"])
def test_link_and_single_page_keep_the_callers_first_query(
    server: LocalServer, kind: str
) -> None:
    def linked(request: Seen) -> Reply:
        start = int(request.query.get("since", "0"))
        link = f"{server.url}/items?since={start + 5}" if start + 5 < 10 else None
        headers = (
            {"Link": f'<{link}>; rel="next"'} if link and kind == "header_link" else {}
        )
        return Reply(
            {"data": RECORDS[start : start + 5], "next": link}, headers=headers
        )

    paginator: BasePaginator = {
        "json_link": JSONLinkPaginator(next_url_path="next"),
        "header_link": HeaderLinkPaginator(),
        "single_page": SinglePagePaginator(),
    }[kind]
    records, seen = first_requests(
        server, paginator, linked, params={"since": "0", "per_page": "5"}
    )
    assert seen[0].query == {"since": "0", "per_page": "5"}
    expected = RECORDS[:5] if kind == "single_page" else RECORDS
    assert records == expected


def test_a_start_that_is_not_a_number_is_a_clear_error(server: LocalServer) -> None:
    with pytest.raises(PaginatorError, match="starting value 'three' given for 'page'"):
        first_requests(
            server,
            PageNumberPaginator(total_path=None),
            by_page,
            params={"page": "three"},
        )
    with pytest.raises(
        PaginatorError, match="page size given for 'limit' must be positive"
    ):
        first_requests(
            server,
            OffsetPaginator(limit=5, total_path=None),
            by_offset,
            params={"limit": 0},
        )


def test_a_reused_request_restarts_but_a_callers_page_wins() -> None:
    """dlt re-initialises a paginator on the same request object: it starts over; a value
    the caller put in a fresh request is where a resumed pagination starts."""
    from requests import Request

    from restwright_runtime.paginators import PageNumberPaginator

    paginator = PageNumberPaginator(base_page=1, total_path=None, maximum_page=9)
    request = Request("GET", "http://127.0.0.1/items", params={})
    paginator.init_request(request)
    paginator.current_value += 1
    paginator.update_request(request)
    assert request.params["page"] == 2
    paginator.init_request(request)
    assert paginator.current_value == 1 and request.params["page"] == 1
    resumed = Request("GET", "http://127.0.0.1/items", params={"page": 2})
    paginator.init_request(resumed)
    assert paginator.current_value == 2 and resumed.params["page"] == 2
