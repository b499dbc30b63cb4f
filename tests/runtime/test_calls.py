"""`RESTClient.call` and `Paged`: bodies by media type, per-call options and raw access."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import requests

from restwright_runtime import Paged, RESTClient
from restwright_runtime.calls import RawResponse, raw_response, with_raw_response
from restwright_runtime.paginators import OffsetPaginator
from tests.support.faulty_server import (
    FaultyServer,
    Pause,
    RawRequest,
    Step,
    json_response,
)
from tests.support.clients import quiet_rest as rest
from tests.support.server import LocalServer, Reply


def echo(request: Any) -> Reply:
    return Reply(
        {
            "query": request.query_all,
            "headers": request.headers,
            "body": request.body.decode("latin-1"),
        },
        headers={"ETag": '"v1"', "X-RateLimit-Remaining": "41"},
    )


# --------------------------------------------------------------------------- bodies


def test_json_form_and_multipart_bodies_through_call(server: LocalServer) -> None:
    server.route("POST", "/echo", echo)
    client = rest(server.url)
    sent = client.call("POST", "/echo", body={"name": "Zed"})
    assert sent["body"] == '{"name": "Zed"}'
    assert sent["headers"]["Content-Type"] == "application/json"
    sent = client.call(
        "POST",
        "/echo",
        body={"metadata": {"order": 42}, "items": [{"price": "p1"}]},
        content_type="application/x-www-form-urlencoded",
        encoding={"metadata": {"style": "deepObject", "explode": True}},
    )
    assert sent["body"] == "metadata%5Border%5D=42&items%5B0%5D%5Bprice%5D=p1"
    sent = client.call(
        "POST",
        "/echo",
        body={"file": ("a.txt", b"hello", "text/plain"), "purpose": "x"},
        content_type="multipart/form-data",
    )
    assert sent["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert 'filename="a.txt"' in sent["body"] and "hello" in sent["body"]


# --------------------------------------------------------------------------- options


def test_extra_headers_query_and_body(server: LocalServer) -> None:
    server.route("PATCH", "/items/1", echo)
    sent = rest(server.url).call(
        "PATCH",
        "/items/1",
        params={"expand": "owner"},
        headers={"X-Version": "1"},
        body={"name": "a"},
        extra_headers={"X-Version": "2", "X-Trace": "t"},
        extra_query={"beta": "true"},
        extra_body={"undocumented": True},
    )
    assert sent["query"] == {"expand": ["owner"], "beta": ["true"]}
    assert sent["headers"]["X-Version"] == "2" and sent["headers"]["X-Trace"] == "t"
    assert sent["body"] == '{"name": "a", "undocumented": true}'


def test_timeout_applies_to_this_call(faulty: FaultyServer) -> None:
    faulty.handler = lambda request: [Pause(30), json_response({})]
    client = rest(faulty.url)
    with pytest.raises(requests.ReadTimeout):
        client.call("GET", "/slow", timeout=0.3)


def test_max_attempts_applies_to_this_call(server: LocalServer) -> None:
    server.route("GET", "/busy", lambda r: Reply({"message": "busy"}, status=503))
    client = rest(server.url, attempts=5)
    with pytest.raises(requests.HTTPError):
        client.call("GET", "/busy", max_attempts=2)
    assert len(server.requests) == 2


def test_paged_takes_the_same_options(
    server: LocalServer, faulty: FaultyServer
) -> None:
    def search(request: Any) -> Reply:
        start = request.json["startAt"]
        if request.headers.get("X-Extra") != "1" or request.query.get("beta") != "1":
            return Reply({"message": "options missing"}, status=400)
        return Reply({"issues": [start, start + 1] if start < 4 else []})

    server.route("POST", "/search", search)
    paged: Paged[int] = Paged(
        rest(server.url),
        "/search",
        method="POST",
        json={"jql": "x"},
        paginator=OffsetPaginator(
            limit=2,
            offset_body_path="startAt",
            limit_body_path="maxResults",
            total_path=None,
        ),
        data_selector="issues",
        extra_headers={"X-Extra": "1"},
        extra_query={"beta": "1"},
        extra_body={"fields": ["summary"]},
        timeout=5,
        max_attempts=1,
    )
    assert list(paged) == [0, 1, 2, 3]
    assert all(r.json["fields"] == ["summary"] for r in server.requests)
    faulty.handler = lambda request: [Pause(30), json_response([])]
    with pytest.raises(requests.ReadTimeout):
        list(Paged(rest(faulty.url), "/slow", timeout=0.3))


# --------------------------------------------------------------------------- raw access


class ItemsResource:
    """What a generated resource looks like, with its raw view."""

    def __init__(self, client: RESTClient) -> None:
        self._client = client

    def get_item(self, item_id: int, *, verbose: bool | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._client.call(
            "GET", f"/items/{item_id}", params={"verbose": verbose}
        )
        return result

    def list_items(self) -> Paged[Any]:
        return Paged(self._client, "/items")


class ItemsWithRawResponse:
    def __init__(self, resource: ItemsResource) -> None:
        self.get_item = with_raw_response(resource.get_item)
        self.list_items = with_raw_response(resource.list_items)


def test_raw_response_has_headers_status_and_the_parsed_value(
    server: LocalServer,
) -> None:
    server.route("GET", "/items/3", echo)
    resource = ItemsResource(rest(server.url))
    raw = ItemsWithRawResponse(resource).get_item(3, verbose=True)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert (
        raw.headers["ETag"] == '"v1"' and raw.headers["x-ratelimit-remaining"] == "41"
    )
    assert raw.parsed == resource.get_item(3, verbose=True)
    assert raw.parsed["query"] == {"verbose": ["true"]}
    # The raw view is per call: the next plain call returns the plain value again.
    assert isinstance(resource.get_item(3), dict)


def test_raw_response_of_a_paged_method_is_refused(server: LocalServer) -> None:
    with pytest.raises(TypeError, match=r"\.pages\(\)"):
        ItemsWithRawResponse(ItemsResource(rest(server.url))).list_items()


def test_raw_response_of_a_call_as_generated_views_make_it(
    server: LocalServer,
) -> None:
    server.route("GET", "/items/4", echo)
    resource = ItemsResource(rest(server.url))
    raw = raw_response(lambda: resource.get_item(4, verbose=False))
    assert raw.status_code == 200 and raw.headers["ETag"] == '"v1"'
    assert raw.parsed["query"] == {"verbose": ["false"]}
    with pytest.raises(TypeError, match=r"^list_items made no request.*\.pages\(\)"):
        raw_response(lambda: resource.list_items(), "list_items")


def test_paged_form_body_takes_extra_body(server: LocalServer) -> None:
    server.route("POST", "/list", echo)
    paged: Paged[Any] = Paged(
        rest(server.url),
        "/list",
        method="POST",
        data=[("status", "open")],
        data_selector="body",
        extra_body={"filter": {"owner": "me"}},
    )
    assert list(paged) == ["status=open&filter%5Bowner%5D=me"]


def test_header_parameters_as_the_spec_types_them(server: LocalServer) -> None:
    server.route("GET", "/echo", echo)
    sent = rest(server.url).call(
        "GET",
        "/echo",
        headers={"X-Page-Size": 20, "X-Dry-Run": True, "X-Unset": None},
    )
    assert sent["headers"]["X-Page-Size"] == "20"
    assert sent["headers"]["X-Dry-Run"] == "true"
    assert "X-Unset" not in sent["headers"]
