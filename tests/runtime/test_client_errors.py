"""Single requests (`request_json`, `get`, `request`) fail like pages do: redacted, typed."""

from __future__ import annotations

import socket
from typing import Any, Callable

import pytest
import requests

import restwright_runtime
from restwright_runtime import (
    HTTPError,
    PageRequestError,
    ResponseBodyError,
    RESTClient,
    RESTClientError,
)
from restwright_runtime.auth import APIKeyAuth
from restwright_runtime.requests import Client
from tests.support.server import LocalServer, Reply

SECRET = "SECRETX"


def free_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def client_for(base_url: str, attempts: int = 1) -> tuple[RESTClient, list[float]]:
    session_client = Client(request_max_attempts=attempts, raise_for_status=False)
    waits: list[float] = []
    session_client.sleep = waits.append
    auth = APIKeyAuth(name="x_key", api_key=SECRET, location="query")
    return RESTClient(base_url, auth=auth, session=session_client.session), waits


CALLS: dict[str, Callable[[RESTClient], Any]] = {
    "request_json": lambda c: c.request_json("/items", params={"api_key": "SECRETP"}),
    "get": lambda c: c.get("/items", params={"api_key": "SECRETP"}),
    "request": lambda c: c.request(
        "/items", method="POST", params={"api_key": "SECRETP"}, json={"a": 1}
    ),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_connection_refused_is_redacted_and_keeps_its_type(call: str) -> None:
    client, waits = client_for(f"http://127.0.0.1:{free_port()}", attempts=2)
    with pytest.raises(PageRequestError) as info:
        CALLS[call](client)
    error = info.value
    assert isinstance(error, requests.ConnectionError)
    assert isinstance(error, RESTClientError)
    text = str(error)
    assert SECRET not in text and "SECRETP" not in text
    assert "x_key=***" in text and "api_key=***" in text
    assert "after 2 attempts" in text and "Max retries exceeded" in text
    assert error.page_number is None and not text.startswith("page")
    assert error.method == ("POST" if call == "request" else "GET")
    assert error.url is not None and SECRET not in error.url
    assert isinstance(error.__cause__, requests.ConnectionError)
    assert SECRET not in str(error.__cause__)  # the chain is redacted too (issue 11)
    assert len(waits) == 1


def test_read_timeout_keeps_its_type() -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        client, _ = client_for(f"http://127.0.0.1:{silent.getsockname()[1]}")
        with pytest.raises(requests.ReadTimeout) as info:
            client.get("/items", timeout=0.1)
    assert isinstance(info.value, PageRequestError)
    assert SECRET not in str(info.value) and "x_key=***" in str(info.value)


def test_http_errors_are_not_wrapped(server: LocalServer) -> None:
    server.route("GET", "/items", lambda r: Reply({"error": "no"}, status=404))
    client, _ = client_for(server.url)
    with pytest.raises(HTTPError) as info:
        client.request_json("/items")
    assert not isinstance(info.value, PageRequestError)
    assert info.value.status_code == 404
    assert client.get("/items").status_code == 404  # get returns any status (dlt)


def test_error_classes_exported_from_the_package() -> None:
    assert restwright_runtime.PageRequestError is PageRequestError
    assert restwright_runtime.ResponseBodyError is ResponseBodyError
    assert {"PageRequestError", "ResponseBodyError"} <= set(restwright_runtime.__all__)
    assert issubclass(ResponseBodyError, RESTClientError)
