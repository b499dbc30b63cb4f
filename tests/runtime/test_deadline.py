"""A total deadline per HTTP exchange, enforced while the body is read.

`requests`' timeout bounds each socket read, not the request: a server sending one byte every
0.3 s never trips a 0.5 s read timeout and can hold a request for as long as it likes. Every
server here trickles over a real socket; every test would pass only after the whole trickle
(many seconds) without a deadline, and then without an error, so reaching the assertion on the
error proves the deadline cut the exchange short.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.exceptions import PageRequestError, RequestDeadlineExceeded
from restwright_runtime.limits import derived_deadline
from restwright_runtime.paginators import SinglePagePaginator
from restwright_runtime.requests import Client
from tests.support.faulty_server import (
    FaultyServer,
    Pause,
    RawRequest,
    Step,
    serve_faulty,
)

BODY = b'{"items": [1, 2, 3], "padding": "' + b"x" * 40 + b'"}'
GAP = 0.3  # between bytes: below every read timeout used here


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    yield from serve_faulty()


def head(**headers: str) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def trickle(body: bytes, **headers: str) -> list[Step]:
    steps: list[Step] = [head(**headers)]
    for byte in body:
        steps += [Pause(GAP), bytes([byte])]
    return steps


def trickled_length(request: RawRequest) -> Sequence[Step]:
    return trickle(BODY, **{"Content-Length": str(len(BODY))})


def trickled_chunks(request: RawRequest) -> Sequence[Step]:
    steps: list[Step] = [head(**{"Transfer-Encoding": "chunked"})]
    for byte in BODY:
        steps += [Pause(GAP), b"1\r\n" + bytes([byte]) + b"\r\n"]
    return [*steps, b"0\r\n\r\n"]


def trickled_until_close(request: RawRequest) -> Sequence[Step]:
    """No length at all: the body ends when the connection does (HTTP/1.0 style)."""
    return trickle(BODY, Connection="close")


def fast_client(**settings: object) -> Client:
    client = Client(
        raise_for_status=False, request_backoff_factor=0, **settings  # type: ignore[arg-type]
    )
    client.sleep = lambda seconds: None
    return client


@pytest.mark.parametrize(
    "script", [trickled_length, trickled_chunks, trickled_until_close]
)
def test_a_trickling_body_fails_at_the_deadline_and_is_retried(
    faulty: FaultyServer, script: object
) -> None:
    faulty.handler = script  # type: ignore[assignment]
    client = fast_client(request_timeout=0.5, request_max_attempts=2)
    with pytest.raises(RequestDeadlineExceeded) as info:
        client.get(f"{faulty.url}/items?api_key=SECRETK")
    error = info.value
    assert isinstance(error, requests.ReadTimeout)  # what dlt code catches for timeouts
    assert "1.0 s deadline" in str(error) and "request_deadline" in str(error)
    assert "SECRETK" not in str(error) and "api_key=***" in str(error)
    assert len(faulty.requests) == 2  # retried like any other timeout


def test_an_explicit_deadline_wins_over_the_timeout(faulty: FaultyServer) -> None:
    faulty.handler = trickled_length
    client = fast_client(
        request_timeout=30, request_deadline=0.6, request_max_attempts=1
    )
    with pytest.raises(RequestDeadlineExceeded, match="0.6 s deadline"):
        client.get(f"{faulty.url}/items")


def test_no_deadline_when_asked_for_none(faulty: FaultyServer) -> None:
    short = b'{"a":1}'
    faulty.handler = lambda request: trickle(short, **{"Content-Length": "7"})
    client = fast_client(
        request_timeout=0.5, request_deadline=None, request_max_attempts=1
    )
    assert client.get(f"{faulty.url}/items").json() == {"a": 1}  # took ~2 s > 1 s


def test_the_deadline_comes_from_the_environment(
    faulty: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_DEADLINE", "0.7")
    faulty.handler = trickled_length
    with pytest.raises(RequestDeadlineExceeded, match="0.7 s deadline"):
        fast_client(request_timeout=30, request_max_attempts=1).get(faulty.url)


def test_a_page_that_trickles_names_the_page(faulty: FaultyServer) -> None:
    faulty.handler = trickled_length
    session = fast_client(request_timeout=0.5, request_max_attempts=2).session
    client = RESTClient(faulty.url, session=session)
    pages = client.paginate("/items", paginator=SinglePagePaginator())
    with pytest.raises(PageRequestError) as info:
        list(pages)
    error = info.value
    assert isinstance(error, requests.Timeout)
    assert str(error).startswith("page 1: GET")
    assert "after 2 attempts" in str(error) and "deadline" in str(error)


def test_the_rest_client_sets_its_own_deadline(faulty: FaultyServer) -> None:
    faulty.handler = trickled_length
    client = RESTClient(faulty.url, request_deadline=0.5)
    setattr(client.session, "_sleep", lambda seconds: None)
    with pytest.raises(requests.Timeout, match="0.5 s deadline"):
        client.request_json("/items")


def test_a_plain_session_given_to_the_rest_client_gets_the_deadline_too(
    faulty: FaultyServer,
) -> None:
    faulty.handler = trickled_length
    client = RESTClient(faulty.url, session=requests.Session())
    with pytest.raises(requests.Timeout, match="1.0 s deadline"):
        client.get("/items", timeout=0.5)


@pytest.mark.parametrize(
    "timeout, expected",
    [
        (2.0, 4.0),
        ((3.05, 27.0), 30.05),
        (None, None),
        ((None, 5.0), None),
    ],
)
def test_the_default_deadline_is_connect_plus_read_timeout(
    timeout: object, expected: float | None
) -> None:
    assert derived_deadline(timeout) == expected
