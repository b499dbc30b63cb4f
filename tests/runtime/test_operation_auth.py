"""Per-operation auth: `CombinedAuth`, and `auth=` on `request_json` and `Paged` replacing the client's.

No auth here is named `token`: test_client_origin needs that name unannounced in the process.
"""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import HTTPError, Paged, RESTClient
from restwright_runtime.auth import APIKeyAuth, BearerTokenAuth, CombinedAuth
from restwright_runtime.paginators import OffsetPaginator
from tests.support.server import LocalServer, Reply, Request


def _echo(request: Request) -> Reply:
    return Reply(
        {
            "key": request.query.get("key"),
            "token": request.query.get("board_token"),
            "bearer": request.headers.get("Authorization"),
        }
    )


def test_combined_auth_applies_every_auth_and_names_all_secrets(
    server: LocalServer,
) -> None:
    server.route("GET", "/echo", _echo)
    both = CombinedAuth(
        APIKeyAuth(name="key", api_key="k1", location="query"),
        APIKeyAuth(name="board_token", api_key="t1", location="query"),
        BearerTokenAuth("b1"),
    )
    assert RESTClient(server.url, auth=both).request_json("/echo") == {
        "key": "k1",
        "token": "t1",
        "bearer": "Bearer b1",
    }
    assert both.sensitive_names() == ("key", "board_token", "Authorization")
    assert "k1" not in repr(both) and "t1" not in repr(both)


def test_empty_combined_auth_sends_nothing_instead_of_the_client_default(
    server: LocalServer,
) -> None:
    server.route("GET", "/echo", _echo)
    client = RESTClient(server.url, auth=BearerTokenAuth("default"))
    assert client.request_json("/echo")["bearer"] == "Bearer default"
    assert client.request_json("/echo", auth=CombinedAuth()) == {
        "key": None,
        "token": None,
        "bearer": None,
    }


def test_request_json_auth_replaces_the_client_auth_and_is_redacted(
    server: LocalServer,
) -> None:
    server.route("GET", "/echo", _echo)
    server.route("GET", "/fail", lambda r: Reply({"error": "no"}, status=404))
    client = RESTClient(server.url, auth=BearerTokenAuth("default"))
    own = APIKeyAuth(name="key", api_key="op-secret", location="query")
    assert client.request_json("/echo", auth=own) == {
        "key": "op-secret",
        "token": None,
        "bearer": None,
    }
    with pytest.raises(HTTPError) as info:
        client.request_json("/fail", auth=own, params={"q": 1})
    assert "op-secret" not in str(info.value) and "key=***" in str(info.value)


def test_paged_sends_its_auth_on_every_page(server: LocalServer) -> None:
    records = [{"id": i} for i in range(7)]

    def items(request: Request) -> Reply:
        offset, limit = int(request.query["offset"]), int(request.query["limit"])
        return Reply({"items": records[offset : offset + limit], "total": 7})

    server.route("GET", "/items", items)
    client = RESTClient(server.url, auth=BearerTokenAuth("default"))
    paged: Paged[dict[str, Any]] = Paged(
        client,
        "/items",
        paginator=OffsetPaginator(limit=3, total_path="total"),
        data_selector="items",
        auth=CombinedAuth(
            APIKeyAuth(name="key", api_key="k", location="query"),
            APIKeyAuth(name="X-Token", api_key="t"),
        ),
    )
    assert [r["id"] for r in paged] == list(range(7))
    assert len(server.requests) == 3
    for request in server.requests:
        assert request.query["key"] == "k" and request.headers["X-Token"] == "t"
        assert "Authorization" not in request.headers
