"""RESTClient against the local server: requests, hooks, loop guard, fresh state, auth origin, Paged."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Iterator

import pytest
import requests

from restwright_runtime import (
    HTTPError,
    IgnoreResponseException,
    PageData,
    Paged,
    PaginationLoopError,
    ResponseDecodeError,
    RESTClient,
    paginate,
)
from restwright_runtime.auth import APIKeyAuth, BearerTokenAuth
from restwright_runtime.paginators import (
    BasePaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    SinglePagePaginator,
)
from restwright_runtime.utils import join_url
from tests.support.server import LocalServer, Reply, Request, serve

RECORDS = [{"id": i} for i in range(25)]


def ids(pages: Any) -> list[int]:
    return [record["id"] for page in pages for record in page]


def assert_each_once(pages: Any, expected: list[dict[str, Any]] = RECORDS) -> None:
    got = ids(pages)
    assert len(got) == len(expected) and Counter(got) == Counter(
        r["id"] for r in expected
    )


def offset_route(
    server: LocalServer, path: str = "/items", method: str = "GET"
) -> None:
    def handle(request: Request) -> Reply:
        offset, limit = int(request.query.get("offset", 0)), int(
            request.query.get("limit", 10)
        )
        return Reply({"items": RECORDS[offset : offset + limit], "total": len(RECORDS)})

    server.route(method, path, handle)


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    yield from serve()


# --- single requests ------------------------------------------------------------------------


def test_get_post_and_request(server: LocalServer) -> None:
    server.route("GET", "/api/things", lambda r: Reply({"q": r.query}))
    server.route(
        "POST",
        "/api/things",
        lambda r: Reply(
            {"body": r.body.decode(), "type": r.headers.get("Content-Type")}
        ),
    )
    client = RESTClient(server.url + "/api", headers={"X-App": "t"})
    assert client.get("/things", params={"a": "1"}).json() == {"q": {"a": "1"}}
    assert client.post("things", json={"x": 1}).json() == {
        "body": '{"x": 1}',
        "type": "application/json",
    }
    form = client.post("things", data={"f": "v"}).json()
    assert form == {"body": "f=v", "type": "application/x-www-form-urlencoded"}
    assert client.request("/things", method="GET", params={"b": 2}).json() == {
        "q": {"b": "2"}
    }
    assert all(r.headers["X-App"] == "t" for r in server.requests)
    with pytest.raises(ValueError) as info:
        client.post("things", json={"x": 1}, data={"y": 2})
    assert str(info.value) == (  # dlt's text, word for word
        "Cannot use both 'json' and 'data' parameters simultaneously. "
        "Use 'json' for JSON payloads or 'data' for form-encoded/raw data."
    )


@pytest.mark.parametrize(
    "base, path, expected",
    [
        ("http://api.example/v1", "/items", "http://api.example/v1/items"),
        ("http://api.example/v1/", "items", "http://api.example/v1/items"),
        ("http://api.example///", "//items", "http://api.example/items"),
        ("http://api.example", "", "http://api.example"),
        ("", "items", "items"),
        # A path that looks like a scheme is still a path: only http(s) URLs are absolute.
        (
            "http://api.example/v1",
            "my://protocol",
            "http://api.example/v1/my://protocol",
        ),
        (
            "http://api.example/v1",
            "catalog:search",
            "http://api.example/v1/catalog:search",
        ),
    ],
)
def test_join_url_is_dlts(base: str, path: str, expected: str) -> None:
    assert join_url(base, path) == expected


def test_join_url_refuses_none() -> None:
    with pytest.raises(ValueError, match="Base URL must be provided"):
        join_url(None, "path")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        join_url("http://api.example", None)  # type: ignore[arg-type]


def test_non_http_scheme_is_joined_to_the_base_url(server: LocalServer) -> None:
    """dlt's rule: `get("my://protocol")` asks the API, it does not leave for another scheme."""
    server.route("GET", "/v1/my://protocol", lambda r: Reply({"ok": True}))
    client = RESTClient(server.url + "/v1")
    response = client.get("my://protocol")
    assert response.json() == {"ok": True}
    assert response.url == server.url + "/v1/my://protocol"
    assert [r.path for r in server.requests] == ["/v1/my://protocol"]


def test_request_json(server: LocalServer) -> None:
    server.route(
        "GET", "/one", lambda r: Reply({"id": 1, "h": r.headers.get("X-Per-Call")})
    )
    server.route("DELETE", "/one", lambda r: Reply(b"", status=204, raw=True))
    server.route("GET", "/missing", lambda r: Reply({"error": "no"}, status=404))
    client = RESTClient(
        server.url, auth=APIKeyAuth(name="api_key", api_key="s3cr3t", location="query")
    )
    assert client.request_json("/one", headers={"X-Per-Call": "y"}) == {
        "id": 1,
        "h": "y",
    }
    assert client.request_json("/one", "DELETE") is None
    with pytest.raises(HTTPError) as info:
        client.request_json("/missing", params={"q": 1})
    assert info.value.status_code == 404
    assert "404" in str(info.value) and "GET" in str(info.value)
    assert "s3cr3t" not in str(info.value) and "api_key=***" in str(info.value)


def test_request_json_not_json(server: LocalServer) -> None:
    server.route(
        "GET",
        "/html",
        lambda r: Reply("<html>", raw=True, headers={"Content-Type": "text/html"}),
    )
    with pytest.raises(ResponseDecodeError, match="text/html"):
        RESTClient(server.url).request_json("/html")


# --- paginate basics --------------------------------------------------------------------------


def test_page_data_fields(server: LocalServer) -> None:
    offset_route(server)
    auth = BearerTokenAuth(token="tok")
    paginator = OffsetPaginator(limit=10)
    pages = list(
        RESTClient(server.url, auth=auth).paginate("/items", paginator=paginator)
    )
    assert_each_once(pages)
    for number, page in enumerate(pages):
        assert isinstance(page, PageData) and isinstance(page, list)
        # The request that produced this page, not the next one.
        assert page.request.params["offset"] == number * 10
        assert page.response.url.endswith(f"offset={number * 10}&limit=10")
        assert page.auth is auth
        assert (
            isinstance(page.paginator, OffsetPaginator)
            and page.paginator is not paginator
        )
    assert all(r.headers["Authorization"] == "Bearer tok" for r in server.requests)


def test_caller_objects_never_mutated_and_state_fresh(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        offset = request.json["page"]["offset"]
        return Reply({"items": RECORDS[offset : offset + 10], "total": len(RECORDS)})

    server.route("POST", "/search", handle)
    paginator = OffsetPaginator(
        limit=10, offset_body_path="page.offset", limit_body_path="page.limit"
    )
    client = RESTClient(server.url, paginator=paginator)
    params = {"q": "x"}
    body: dict[str, Any] = {"filter": {"a": 1}, "page": {}}
    first = list(client.paginate("/search", method="POST", params=params, json=body))
    second = list(
        client.paginate(
            "/search", method="POST", params=params, json=body, paginator=paginator
        )
    )
    assert_each_once(first)
    assert_each_once(second)
    assert params == {"q": "x"} and body == {"filter": {"a": 1}, "page": {}}
    assert paginator.current_value == 0 and paginator.has_next_page
    assert [r.json["page"]["offset"] for r in server.requests] == [0, 10, 20, 0, 10, 20]


def test_parent_child_reuse_of_one_paginator(server: LocalServer) -> None:
    def children(request: Request) -> Reply:
        offset = int(request.query["offset"])
        parent = int(request.path.split("/")[2])
        chunk = [{"id": parent * 100 + i} for i in range(offset, min(offset + 2, 5))]
        return Reply({"items": chunk, "total": 5})

    for parent in range(3):
        server.route("GET", f"/parents/{parent}/children", children)
    shared = OffsetPaginator(limit=2)
    client = RESTClient(server.url)
    got = []
    for parent in range(3):
        got.extend(
            ids(client.paginate(f"/parents/{parent}/children", paginator=shared))
        )
    assert sorted(got) == sorted(p * 100 + i for p in range(3) for i in range(5))
    assert len(got) == len(set(got))


def test_module_level_paginate(server: LocalServer) -> None:
    offset_route(server)
    assert_each_once(
        paginate(server.url + "/items", paginator=OffsetPaginator(limit=10))
    )


def test_max_pages(server: LocalServer) -> None:
    offset_route(server)
    pages = list(
        RESTClient(server.url).paginate(
            "/items", paginator=OffsetPaginator(limit=10), max_pages=2
        )
    )
    assert_each_once(pages, RECORDS[:20])
    assert len(server.requests) == 2


# --- hooks and errors -------------------------------------------------------------------------


def test_hooks_see_every_response(server: LocalServer) -> None:
    offset_route(server)
    seen: list[int] = []

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        seen.append(response.status_code)

    pages = list(
        RESTClient(server.url).paginate(
            "/items", paginator=OffsetPaginator(limit=10), hooks={"response": [hook]}
        )
    )
    assert_each_once(pages)
    assert seen == [200, 200, 200]


def test_ignore_response_exception_ends_quietly(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        offset = int(request.query["offset"])
        if offset >= 20:
            return Reply({"error": "gone"}, status=404)
        return Reply({"items": RECORDS[offset : offset + 10], "total": 100})

    server.route("GET", "/items", handle)

    def ignore_404(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code == 404:
            raise IgnoreResponseException

    pages = list(
        RESTClient(server.url).paginate(
            "/items",
            paginator=OffsetPaginator(limit=10),
            hooks={"response": [ignore_404]},
        )
    )
    assert_each_once(pages, RECORDS[:20])


def test_http_error_is_redacted(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("GET", "/items", lambda r: Reply({"error": "denied"}, status=403))
    client = RESTClient(
        server.url, auth=APIKeyAuth(name="key", api_key="hunter2", location="query")
    )
    caplog.set_level(logging.DEBUG, logger="restwright_runtime")
    with pytest.raises(HTTPError) as info:
        list(client.paginate("/items", params={"token": "abc"}))
    message = str(info.value)
    assert "403" in message and "GET" in message
    assert "hunter2" not in message and "abc" not in message
    assert "hunter2" not in caplog.text and "token=abc" not in caplog.text


def test_not_json_page_names_page_and_url(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        if request.query.get("offset") == "10":
            return Reply(
                "<html>oops</html>", raw=True, headers={"Content-Type": "text/html"}
            )
        return Reply({"items": RECORDS[:10], "total": 25})

    server.route("GET", "/items", handle)
    client = RESTClient(
        server.url,
        auth=APIKeyAuth(name="api_key", api_key="zz-secret", location="query"),
    )
    with pytest.raises(ResponseDecodeError) as info:
        list(client.paginate("/items", paginator=OffsetPaginator(limit=10)))
    assert info.value.page_number == 2
    assert "page 2" in str(info.value) and "offset=10" in str(info.value)
    assert "zz-secret" not in str(info.value)


# --- loop guard -------------------------------------------------------------------------------


def test_loop_guard_same_link(server: LocalServer) -> None:
    server.route(
        "GET", "/items", lambda r: Reply({"results": RECORDS[:5], "next": "/items?p=1"})
    )
    with pytest.raises(PaginationLoopError, match="repeat") as info:
        list(RESTClient(server.url).paginate("/items", paginator=JSONLinkPaginator()))
    # Page 2 repeats page 1 byte for byte: caught there, before its records are yielded twice.
    assert info.value.page_number == 2
    assert len(server.requests) == 2


def test_loop_guard_same_cursor(server: LocalServer) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"items": RECORDS[:5], "cursors": {"next": "same"}}),
    )
    pages = RESTClient(server.url).paginate(
        "/items", paginator=JSONResponseCursorPaginator()
    )
    first = next(pages)
    assert ids([first]) == [0, 1, 2, 3, 4]
    with pytest.raises(PaginationLoopError):
        list(pages)
    assert len(server.requests) == 2


def test_loop_guard_custom_paginator_that_never_advances(server: LocalServer) -> None:
    class Stuck(BasePaginator):
        def update_state(self, response: Any, data: list[Any] | None = None) -> None:
            pass

        def update_request(self, request: Any) -> None:
            pass

    offset_route(server)
    with pytest.raises(PaginationLoopError):
        list(RESTClient(server.url).paginate("/items", paginator=Stuck()))
    assert len(server.requests) == 1


# --- credentials stay on their origin ---------------------------------------------------------


def test_next_link_to_other_origin_gets_no_credentials(
    server: LocalServer, other_server: LocalServer
) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"results": RECORDS[:10], "next": f"{other_server.url}/more"}),
    )
    other_server.route(
        "GET", "/more", lambda r: Reply({"results": RECORDS[10:], "next": None})
    )
    session = requests.Session()
    session.headers["X-Api-Key"] = "session-secret"
    client = RESTClient(
        server.url,
        headers={"Authorization": "Bearer header-secret"},
        auth=BearerTokenAuth(token="tok"),
        session=session,
    )
    pages = list(client.paginate("/items", paginator=JSONLinkPaginator()))
    assert_each_once(pages)
    assert server.requests[0].headers["Authorization"] == "Bearer tok"
    foreign = other_server.requests[0].headers
    assert "Authorization" not in foreign and "X-Api-Key" not in foreign


def test_query_api_key_not_sent_to_other_origin(
    server: LocalServer, other_server: LocalServer
) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"results": RECORDS[:10], "next": f"{other_server.url}/more"}),
    )
    other_server.route("GET", "/more", lambda r: Reply({"results": RECORDS[10:]}))
    auth = APIKeyAuth(name="api_key", api_key="qsecret", location="query")
    assert_each_once(
        RESTClient(server.url, auth=auth).paginate(
            "/items", paginator=JSONLinkPaginator()
        )
    )
    assert server.requests[0].query["api_key"] == "qsecret"
    assert "api_key" not in other_server.requests[0].query


def test_same_origin_link_keeps_credentials(server: LocalServer) -> None:
    server.route(
        "GET",
        "/items",
        lambda r: Reply({"results": RECORDS[:10], "next": f"{server.url}/more"}),
    )
    server.route("GET", "/more", lambda r: Reply({"results": RECORDS[10:]}))
    assert_each_once(
        RESTClient(server.url, auth=BearerTokenAuth(token="tok")).paginate(
            "/items", paginator=JSONLinkPaginator()
        )
    )
    assert [r.headers.get("Authorization") for r in server.requests] == [
        "Bearer tok",
        "Bearer tok",
    ]


# --- Paged ------------------------------------------------------------------------------------


def test_paged_iterates_records_and_pages_freshly(server: LocalServer) -> None:
    offset_route(server)
    params = {"sort": "id"}
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(server.url),
        "/items",
        params=params,
        paginator=OffsetPaginator(limit=10),
        data_selector="items",
    )
    assert [r["id"] for r in paged] == list(range(25))
    assert [r["id"] for r in paged] == list(range(25))  # a second iteration starts over
    pages = list(paged.pages())
    assert [len(p) for p in pages] == [10, 10, 5]
    assert params == {"sort": "id"}
    assert all(r.query["sort"] == "id" for r in server.requests)
    assert len(server.requests) == 9


def test_paged_max_pages_and_post_body(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        page = request.json["page"]
        return Reply({"data": RECORDS[page * 5 : page * 5 + 5], "total": 5})

    server.route("POST", "/search", handle)
    body = {"q": "x"}
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(server.url),
        "/search",
        method="POST",
        json=body,
        paginator=PageNumberPaginator(page_body_path="page"),
        max_pages=3,
    )
    assert [r["id"] for r in paged] == list(range(15))
    assert body == {"q": "x"}


def test_single_page_paginator_one_request(server: LocalServer) -> None:
    offset_route(server)
    pages = list(
        RESTClient(server.url, paginator=SinglePagePaginator()).paginate("/items")
    )
    assert_each_once(pages, RECORDS[:10])
    assert len(server.requests) == 1


def test_paged_form_body_pages_and_is_not_mutated(server: LocalServer) -> None:
    from urllib.parse import parse_qs

    def handle(request: Request) -> Reply:
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        assert form["q"] == "x"
        page = int(request.query.get("page", "0"))
        return Reply({"data": RECORDS[page * 5 : page * 5 + 5], "total": 3})

    server.route("POST", "/search", handle)
    form = {"q": "x"}
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(server.url),
        "/search",
        method="POST",
        data=form,
        paginator=PageNumberPaginator(),
    )
    assert [r["id"] for r in paged] == list(range(15))
    assert form == {"q": "x"}
    assert all(
        r.headers["Content-Type"] == "application/x-www-form-urlencoded"
        for r in server.requests
    )


def test_paged_refuses_json_and_form_body_together() -> None:
    with pytest.raises(ValueError, match="not both"):
        Paged(RESTClient("http://127.0.0.1:9"), "/x", json={"a": 1}, data={"b": 2})
