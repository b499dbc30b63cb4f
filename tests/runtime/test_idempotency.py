"""Retries of non-idempotent requests only when safe; idempotency keys kept across attempts;
a caller's session keeps the retry policy and the User-Agent."""

from __future__ import annotations

import socket
import uuid
from typing import Any, Iterator

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.exceptions import InternalServerError, RateLimitError
from restwright_runtime.idempotency import resend_allowed
from restwright_runtime.requests import USER_AGENT, Client
from tests.support.faulty_server import (
    RESET,
    FaultyServer,
    RawRequest,
    Step,
    json_response,
)
from tests.support.clients import quiet_rest, quiet_session_client
from tests.support.server import LocalServer, Reply


def rest(url: str, attempts: int = 4) -> RESTClient:
    return quiet_rest(url, attempts)


def fail_then_succeed(status: int = 503, failures: int = 2) -> Any:
    seen: list[Any] = []

    def handler(request: Any) -> Reply:
        seen.append(request)
        if len(seen) <= failures:
            return Reply({"message": "try later"}, status=status)
        return Reply({"id": "ch_1"})

    return handler


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --------------------------------------------------------------------------- keys


def test_declared_idempotency_key_is_kept_across_attempts(server: LocalServer) -> None:
    server.route("POST", "/charges", fail_then_succeed())
    client = rest(server.url)
    result = client.call(
        "POST", "/charges", body={"amount": 5}, idempotency_header="Idempotency-Key"
    )
    assert result == {"id": "ch_1"}
    keys = [r.headers.get("Idempotency-Key") for r in server.requests]
    assert len(keys) == 3 and len(set(keys)) == 1
    assert uuid.UUID(keys[0]).version == 4
    # The next call is another logical operation: another key.
    server.requests.clear()
    client.call("POST", "/charges", body={}, idempotency_header="Idempotency-Key")
    assert server.requests[0].headers["Idempotency-Key"] != keys[0]


def test_custom_key_header_name_and_callers_key(server: LocalServer) -> None:
    server.route("PATCH", "/orders/1", fail_then_succeed(status=500, failures=1))
    client = rest(server.url)
    client.idempotency_header = "X-Request-Token"  # configured for the whole client
    client.call("PATCH", "/orders/1", body={}, idempotency_key="my-key-1")
    assert [r.headers["X-Request-Token"] for r in server.requests] == ["my-key-1"] * 2


def test_a_key_the_caller_put_in_headers_is_kept(server: LocalServer) -> None:
    server.route("POST", "/charges", fail_then_succeed(failures=1))
    rest(server.url).call(
        "POST",
        "/charges",
        headers={"Idempotency-Key": "from-a-parameter"},
        idempotency_header="Idempotency-Key",
    )
    assert [r.headers["Idempotency-Key"] for r in server.requests] == [
        "from-a-parameter"
    ] * 2


def test_idempotent_methods_get_no_key(server: LocalServer) -> None:
    server.route("PUT", "/items/1", lambda r: Reply({}))
    rest(server.url).call(
        "PUT", "/items/1", body={}, idempotency_header="Idempotency-Key"
    )
    assert "Idempotency-Key" not in server.requests[0].headers


# --------------------------------------------------------------------------- no key


def test_post_without_a_key_is_not_resent_after_a_5xx(server: LocalServer) -> None:
    server.route("POST", "/charges", fail_then_succeed())
    with pytest.raises(InternalServerError):
        rest(server.url).call("POST", "/charges", body={"amount": 5})
    assert len(server.requests) == 1


def test_post_without_a_key_is_not_resent_after_a_reset(faulty: FaultyServer) -> None:
    # The server read the request, then the connection died: it may have been processed.
    def reset_after_reading(request: RawRequest) -> list[Step]:
        return [RESET]

    faulty.handler = reset_after_reading
    with pytest.raises(requests.ConnectionError):
        rest(faulty.url).call("POST", "/charges", body={"amount": 5})
    assert len(faulty.requests) == 1
    faulty.requests.clear()
    with pytest.raises(requests.ConnectionError):
        rest(faulty.url).call("GET", "/charges")
    assert len(faulty.requests) == 4  # a GET is resent as usual


def test_post_is_resent_when_it_never_left(server: LocalServer) -> None:
    client = rest(f"http://127.0.0.1:{free_port()}", attempts=3)
    with pytest.raises(requests.ConnectionError, match="after 3 attempts"):
        client.call("POST", "/charges", body={"amount": 5})


def test_post_is_resent_after_429(server: LocalServer) -> None:
    server.route("POST", "/charges", fail_then_succeed(status=429, failures=1))
    assert rest(server.url).call("POST", "/charges", body={}) == {"id": "ch_1"}
    assert len(server.requests) == 2
    server.requests.clear()
    server.route("POST", "/limited", lambda r: Reply({}, status=429))
    with pytest.raises(RateLimitError):
        rest(server.url, attempts=2).call("POST", "/limited")
    assert len(server.requests) == 2


def test_dlt_behaviour_and_safe_blocks_can_be_asked_for(server: LocalServer) -> None:
    server.route("POST", "/token", fail_then_succeed(failures=1))
    client = quiet_session_client(4)
    with resend_allowed():
        assert client.post(server.url + "/token").status_code == 200
    assert len(server.requests) == 2
    server.requests.clear()
    server.route("POST", "/jobs", fail_then_succeed(failures=1))
    client.policy.resend_non_idempotent = True  # dlt's own rule: every method alike
    assert client.post(server.url + "/jobs").status_code == 200
    assert len(server.requests) == 2


# --------------------------------------------------------------------------- sessions


def test_a_callers_session_keeps_retries_and_gets_the_user_agent(
    server: LocalServer,
) -> None:
    # What a generated Client does with `session=`: wrap it, never use it bare.
    server.route("GET", "/flaky", fail_then_succeed(failures=2))
    plain = requests.Session()
    wrapper = Client(request_max_attempts=3, raise_for_status=False, session=plain)
    wrapper.sleep = lambda seconds: None
    assert (
        wrapper.session is plain
    )  # wrapped in place: its adapters, cookies, auth stay
    client = RESTClient(server.url, session=plain)
    assert client.call("GET", "/flaky") == {"id": "ch_1"}
    assert len(server.requests) == 3
    assert server.requests[0].headers["User-Agent"] == USER_AGENT


def test_a_callers_own_user_agent_is_kept(server: LocalServer) -> None:
    server.route("GET", "/x", lambda r: Reply({}))
    mine = requests.Session()
    mine.headers["User-Agent"] = "my-app/2.0"
    Client(session=mine, raise_for_status=False)
    RESTClient(server.url, session=mine).call("GET", "/x")
    assert server.requests[0].headers["User-Agent"] == "my-app/2.0"


def test_a_paginated_post_is_a_query_and_is_resent(server: LocalServer) -> None:
    # Jira-style POST search: paging reads, so a 503 on a page is retried like a GET.
    attempts: list[int] = []

    def search(request: Any) -> Reply:
        attempts.append(1)
        if len(attempts) == 1:
            return Reply({"message": "busy"}, status=503)
        return Reply({"issues": [1, 2]})

    server.route("POST", "/search", search)
    pages = list(rest(server.url).paginate("/search", method="POST", json={"jql": "x"}))
    assert [list(page) for page in pages] == [[1, 2]] and len(attempts) == 2
