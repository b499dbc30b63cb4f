"""Typed API errors: class per status, the API's own message (redacted), request id, body."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from restwright_runtime import HTTPError
from restwright_runtime.auth import APIKeyAuth, BearerTokenAuth
from restwright_runtime.exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseHTTPError,
    UnprocessableEntityError,
)
from restwright_runtime.paginators import PageNumberPaginator
from tests.support.clients import quiet_rest
from tests.support.server import LocalServer, Reply

TOKEN = "tok_SECRET_123"


@pytest.mark.parametrize(
    "status, kind",
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (410, ClientError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
def test_each_status_raises_its_class_and_stays_an_http_error(
    server: LocalServer, status: int, kind: type[APIError]
) -> None:
    server.route("GET", "/x", lambda request: Reply({"message": "no"}, status=status))
    with pytest.raises(kind) as info:
        quiet_rest(server.url).request_json("/x")
    error = info.value
    assert type(error) is kind
    # Every older `except` keeps matching: dlt-style, the runtime's own and requests'.
    assert isinstance(error, APIError) and isinstance(error, ResponseHTTPError)
    assert isinstance(error, HTTPError) and isinstance(error, requests.HTTPError)
    assert error.status_code == status and error.response.status_code == status
    assert error.body == {"message": "no"} and error.api_message == "no"
    family = ClientError if status < 500 else InternalServerError
    assert isinstance(error, family)


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"message": "Plain message"}, "Plain message"),
        ({"error": {"message": "Nested", "type": "invalid"}}, "Nested"),
        ({"error": "invalid_grant", "error_description": "Bad code"}, "Bad code"),
        ({"type": "about:blank", "title": "Bad", "detail": "Field x"}, "Field x"),
        ({"title": "Only a title"}, "Only a title"),
        ({"errors": [{"message": "First"}, {"message": "Second"}]}, "First"),
        ({"errors": [{"status": "422", "detail": "JSON:API"}]}, "JSON:API"),
        (
            {"detail": [{"loc": ["body", "x"], "msg": "field required"}]},
            "field required",
        ),
        ({"ok": False, "error": "channel_not_found"}, "channel_not_found"),
        ({"error": {"errors": [{"message": "Google style"}]}}, "Google style"),
        ({"message": "multi\nline   text"}, "multi line text"),
    ],
)
def test_the_apis_own_message_is_in_the_error_text(
    server: LocalServer, body: Any, expected: str
) -> None:
    server.route("POST", "/x", lambda request: Reply(body, status=400))
    with pytest.raises(BadRequestError) as info:
        quiet_rest(server.url).request_json("/x", method="POST", json={})
    assert info.value.api_message == expected
    assert (
        str(info.value) == f"HTTP 400 Bad Request for POST {server.url}/x: {expected}"
    )


def test_plain_text_and_html_bodies(server: LocalServer) -> None:
    server.route(
        "GET",
        "/text",
        lambda r: Reply("Service down", status=503, raw=True),
    )
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.route(
        "GET",
        "/html",
        lambda r: Reply(
            html, status=502, raw=True, headers={"Content-Type": "text/html"}
        ),
    )
    with pytest.raises(InternalServerError) as info:
        quiet_rest(server.url).request_json("/text")
    assert str(info.value).endswith(": Service down")
    assert info.value.body == "Service down"
    with pytest.raises(InternalServerError) as info:
        quiet_rest(server.url).request_json("/html")
    assert info.value.api_message is None and info.value.body == html
    assert str(info.value) == f"HTTP 502 Bad Gateway for GET {server.url}/html"


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"X-Request-Id": "req_1"}, "req_1"),
        ({"Request-Id": "req_2"}, "req_2"),
        ({"x-amzn-RequestId": "amzn-3"}, "amzn-3"),
        ({"CF-Ray": "ray-4", "X-GitHub-Request-Id": "gh-5"}, "gh-5"),
        ({}, None),
    ],
)
def test_request_id_from_the_usual_headers(
    server: LocalServer, headers: dict[str, str], expected: str | None
) -> None:
    server.route(
        "GET", "/x", lambda r: Reply({"message": "m"}, status=404, headers=headers)
    )
    with pytest.raises(NotFoundError) as info:
        quiet_rest(server.url).request_json("/x")
    assert info.value.request_id == expected
    if expected is not None:
        assert str(info.value).endswith(f": m (request id {expected})")


def test_echoed_credentials_are_masked_in_the_message(server: LocalServer) -> None:
    # APIs echo what they were sent: the token, a query key, a URL with credentials.
    def echo(request: Any) -> Reply:
        return Reply(
            {
                "message": f"Invalid key {TOKEN} for {request.url}"
                f" (header: {request.headers['Authorization']}, key {request.query['token']})"
            },
            status=401,
        )

    server.route("GET", "/x", echo)
    client = quiet_rest(server.url, auth=BearerTokenAuth(TOKEN))
    with pytest.raises(AuthenticationError) as info:
        client.request_json(
            "/x", params={"token": "qk_SECRET_9", "api_key": "AK_SECRET"}
        )
    text = str(info.value)
    assert "SECRET" not in text, text
    assert "Invalid key ***" in text and "api_key=***" in text
    assert "SECRET" not in (info.value.api_message or "")
    # .body is the API's data, unchanged: the caller asked for it.
    assert TOKEN in info.value.body["message"]


def test_query_auth_value_is_masked(server: LocalServer) -> None:
    server.route(
        "GET",
        "/x",
        lambda r: Reply({"error": f"key {r.query['appid']} is revoked"}, status=403),
    )
    client = quiet_rest(
        server.url,
        auth=APIKeyAuth(name="appid", api_key="Q_SECRET_KEY", location="query"),
    )
    with pytest.raises(PermissionDeniedError) as info:
        client.request_json("/x")
    assert "Q_SECRET_KEY" not in str(info.value)
    assert "key *** is revoked" in str(info.value)


def test_body_is_capped(server: LocalServer) -> None:
    big = "y" * (200 * 1024)
    server.route("GET", "/x", lambda r: Reply({"message": big}, status=400))
    with pytest.raises(BadRequestError) as info:
        quiet_rest(server.url).request_json("/x")
    body = info.value.body
    assert isinstance(body, str) and len(body) < 70 * 1024
    assert body.endswith("more bytes]")
    assert len(str(info.value)) < 1000


def test_explicitly_hidden_bodies_hide_the_message_too(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(
        "GET", "/x", lambda r: Reply({"message": "private detail"}, status=400)
    )
    hidden = quiet_rest(server.url, config={"http_show_error_body": False})
    with pytest.raises(BadRequestError) as info:
        hidden.request_json("/x")
    assert "private detail" not in str(info.value)
    assert info.value.api_message == "private detail"
    monkeypatch.setenv("RUNTIME__HTTP_SHOW_ERROR_BODY", "false")
    with pytest.raises(BadRequestError) as info:
        quiet_rest(server.url).request_json("/x")
    assert "private detail" not in str(info.value)


def test_rate_limit_error_carries_retry_after(server: LocalServer) -> None:
    server.route(
        "GET",
        "/x",
        lambda r: Reply(
            {"message": "slow down"}, status=429, headers={"Retry-After": "7"}
        ),
    )
    with pytest.raises(RateLimitError) as info:
        quiet_rest(server.url).request_json("/x")
    assert info.value.retry_after == 7.0


def test_paging_raises_typed_errors_naming_the_page(server: LocalServer) -> None:
    def pages(request: Any) -> Reply:
        if request.query.get("page") == "2":
            return Reply({"error": {"message": "cursor expired"}}, status=409)
        return Reply({"data": [1, 2]})

    server.route("GET", "/items", pages)
    client = quiet_rest(server.url, data_selector="data")
    paginator = PageNumberPaginator(base_page=1, total_path=None, maximum_page=5)
    with pytest.raises(ConflictError) as info:
        list(client.paginate("/items", paginator=paginator))
    assert info.value.page_number == 2
    assert "cursor expired" in str(info.value) and "(page 2" in str(info.value)
