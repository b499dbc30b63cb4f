"""No secret survives anywhere in an error the runtime lets out: message, repr, chain, traceback, log.

`raise ... from error` keeps the urllib3/requests error whose text quotes the full URL, query keys
included; `traceback.format_exception` and `logging.exception` print every link of the chain.
Each test makes a real request fail (refused port, reset connection, bad header value) through a
public entry point and searches everything a person or a log shipper could see.
"""

from __future__ import annotations

import io
import logging
import socket
import traceback
from typing import Any, Callable, Iterator

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.auth import APIKeyAuth, BearerTokenAuth, OAuth2ClientCredentials
from restwright_runtime.exceptions import AuthError
from restwright_runtime.paginators import SinglePagePaginator
from restwright_runtime.requests import Client
from tests.support.faulty_server import RESET, FaultyServer, serve_faulty

SECRET = "SECRETV4LUE"


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    yield from serve_faulty()


def closed_port() -> int:
    with socket.socket() as probe:  # bound, then closed: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def chain(error: BaseException) -> list[BaseException]:
    """Every exception reachable from `error`: causes, contexts and exceptions held in args."""
    seen: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop()
        if any(current is known for known in seen):
            continue
        seen.append(current)
        pending += [
            link
            for link in (current.__cause__, current.__context__, *current.args)
            if isinstance(link, BaseException)
        ]
    return seen


def everything_shown(error: BaseException) -> str:
    """What a traceback, `logging.exception` and `repr` of each link would print."""
    stream = io.StringIO()
    logger = logging.getLogger("restwright-test-error-chains")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        try:
            raise error
        except BaseException:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    parts = [stream.getvalue(), "".join(traceback.format_exception(error))]
    for link in chain(error):
        parts += [
            str(link),
            repr(link),
            repr(vars(link)) if hasattr(link, "__dict__") else "",
        ]
    return "\n".join(parts)


def assert_nothing_leaks(error: BaseException, *secrets: str) -> None:
    shown = everything_shown(error)
    for secret in secrets or (SECRET,):
        assert secret not in shown, f"{secret!r} leaked:\n{shown}"


def failure(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_requests_client_get_on_a_refused_connection_hides_the_key() -> None:
    url = f"http://127.0.0.1:{closed_port()}/items?api_key={SECRET}&page=2"
    error = failure(lambda: Client(request_max_attempts=1).get(url))
    assert isinstance(error, requests.ConnectionError)  # the type dlt code catches
    assert "api_key=***" in str(error)
    assert_nothing_leaks(error)


def test_module_level_get_hides_the_key_after_retries_give_up(
    faulty: FaultyServer,
) -> None:
    faulty.handler = lambda request: [RESET]
    client = Client(request_max_attempts=3, request_backoff_factor=0)
    error = failure(lambda: client.get(f"{faulty.url}/items?token={SECRET}"))
    assert len(faulty.requests) == 3
    assert isinstance(error, requests.ConnectionError)
    assert_nothing_leaks(error)


def test_an_unparsable_url_does_not_echo_its_key() -> None:
    error = failure(
        lambda: Client(request_max_attempts=1).get(f"http://h:99999x/?api_key={SECRET}")
    )
    assert_nothing_leaks(error)


def test_paginate_with_a_query_key_auth_hides_it_in_the_whole_chain() -> None:
    client = RESTClient(
        f"http://127.0.0.1:{closed_port()}",
        auth=APIKeyAuth(name="appid", api_key=SECRET, location="query"),
        session=Client(request_max_attempts=1, raise_for_status=False).session,
    )
    pages = client.paginate("/items", paginator=SinglePagePaginator())
    error = failure(lambda: list(pages))
    assert isinstance(error, requests.ConnectionError)
    assert_nothing_leaks(error)


def test_a_plain_session_passed_to_the_client_is_redacted_too() -> None:
    """No retrying session in the way: the client's own boundary redacts."""
    client = RESTClient(f"http://127.0.0.1:{closed_port()}", session=requests.Session())
    for call in (
        lambda: client.request_json("/items", params={"access_token": SECRET}),
        lambda: list(client.paginate("/items", params={"access_token": SECRET})),
    ):
        assert_nothing_leaks(failure(call))


def test_a_token_fetch_that_cannot_connect_hides_the_secret() -> None:
    auth = OAuth2ClientCredentials(
        f"http://127.0.0.1:{closed_port()}/token?client_secret={SECRET}",
        client_id="id",
        client_secret="other-secret-value",
        session=requests.Session(),
    )
    client = RESTClient("http://127.0.0.1:9", auth=auth)
    error = failure(lambda: client.request_json("/items"))
    assert isinstance(error, AuthError)
    assert_nothing_leaks(error, SECRET, "other-secret-value")


def test_a_token_with_a_newline_is_not_echoed_by_the_header_check(
    faulty: FaultyServer,
) -> None:
    """http.client and requests quote a bad header value in full: a token read with its newline."""
    client = RESTClient(faulty.url, auth=BearerTokenAuth(f"{SECRET}\n"))
    error = failure(lambda: client.request_json("/items"))
    assert_nothing_leaks(error)
    assert faulty.requests == []
