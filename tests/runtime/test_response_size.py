"""Responses are capped at a decoded size, decoded as a stream, and the loop guard stays small.

A 1 MB gzip bomb used to become gigabytes of RSS: `requests` reads and inflates a body whole.
Here every body is counted as it is decoded and refused past `max_response_size`, with an error
that names the limit and how to raise it. Memory is measured in a subprocess (RSS) or with
tracemalloc, never with timings.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import tracemalloc
import zlib
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.auth import OAuth2ClientCredentials
from restwright_runtime.exceptions import ResponseTooLargeError
from restwright_runtime.limits import DEFAULT_MAX_RESPONSE_SIZE
from restwright_runtime.paginators import JSONResponseCursorPaginator
from restwright_runtime.requests import Client
from tests.support.faulty_server import (
    FaultyServer,
    RawRequest,
    http_response,
    json_response,
    serve_faulty,
)
from tests.support.server import LocalServer, Reply, Request

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    yield from serve_faulty()


def bomb(size: int, wrap: str) -> bytes:
    """`size` bytes of a JSON string's padding, compressed as `wrap` (gzip or deflate)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if wrap == "gzip" else 15)
    block = b" " * MiB
    parts = [compressor.compress(b'{"padding": "')]
    parts += [compressor.compress(block) for _ in range(size // MiB)]
    parts.append(compressor.compress(b'"}') + compressor.flush())
    return b"".join(parts)


def client(limit: int | None) -> Client:
    return Client(
        raise_for_status=False, request_max_attempts=1, max_response_size=limit
    )


def test_the_default_limit_is_64_mib() -> None:
    assert DEFAULT_MAX_RESPONSE_SIZE == 64 * MiB
    assert Client().session.response_limits.max_size == 64 * MiB  # type: ignore[attr-defined]


def test_a_body_over_the_limit_is_refused_naming_the_limit(
    faulty: FaultyServer,
) -> None:
    faulty.handler = lambda request: [http_response(b"[" + b"1," * MiB + b"1]")]
    with pytest.raises(ResponseTooLargeError) as info:
        client(MiB).get(f"{faulty.url}/big?token=SECRETT")
    message = str(info.value)
    assert "1 MiB" in message and "max_response_size" in message
    assert "RUNTIME__MAX_RESPONSE_SIZE" in message
    assert "token=***" in message and "SECRETT" not in message
    assert info.value.limit == MiB


def test_a_chunked_body_without_a_length_is_counted_as_it_arrives(
    faulty: FaultyServer,
) -> None:
    chunk = b"x" * 65536
    wire = b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(40)) + b"0\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    faulty.handler = lambda request: [head + wire]
    with pytest.raises(ResponseTooLargeError):
        client(MiB).get(faulty.url)
    assert client(4 * MiB).get(faulty.url).content == chunk * 40


@pytest.mark.parametrize("wrap", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_limit(faulty: FaultyServer, wrap: str) -> None:
    body = bomb(64 * MiB, wrap)
    assert len(body) < MiB
    faulty.handler = lambda request: [
        http_response(body, headers={"Content-Encoding": wrap})
    ]
    with pytest.raises(ResponseTooLargeError, match="decoded"):
        client(4 * MiB).get(faulty.url)


def test_brotli_bombs_stop_at_the_limit_too(faulty: FaultyServer) -> None:
    brotli = pytest.importorskip("brotli")
    body = brotli.compress(b"[" + b" " * (64 * MiB) + b"]")
    faulty.handler = lambda request: [
        http_response(body, headers={"Content-Encoding": "br"})
    ]
    with pytest.raises(ResponseTooLargeError):
        client(4 * MiB).get(faulty.url)


def test_no_limit_when_asked_for_none(faulty: FaultyServer) -> None:
    body = gzip.compress(b"[" + b" " * (3 * MiB) + b"]")
    faulty.handler = lambda request: [
        http_response(body, headers={"Content-Encoding": "gzip"})
    ]
    assert client(None).get(faulty.url).json() == []
    with pytest.raises(ResponseTooLargeError):
        client(2 * MiB).get(faulty.url)


def test_a_page_over_the_limit_names_the_page(faulty: FaultyServer) -> None:
    def page(request: RawRequest) -> list[Any]:
        cursor = request.query.get("cursor")
        padding = "x" * (2 * MiB if cursor else 10)
        document = {"items": [{"pad": padding}], "next": None if cursor else "c2"}
        return [json_response(document)]

    faulty.handler = page
    api = RESTClient(faulty.url, max_response_size=MiB)
    pages = api.paginate(
        "/items",
        paginator=JSONResponseCursorPaginator("next", "cursor"),
        data_selector="items",
    )
    first = next(pages)
    assert len(first) == 1
    with pytest.raises(ResponseTooLargeError) as info:
        next(pages)
    assert info.value.page_number == 2
    assert str(info.value).startswith("page 2:") or "(page 2)" in str(info.value)


def test_a_redirect_body_is_capped_even_when_streaming(faulty: FaultyServer) -> None:
    """`requests` reads a redirect's body itself (to free the connection), streaming or not."""
    body = bomb(64 * MiB, "gzip")

    def answer(request: RawRequest) -> list[Any]:
        if request.path == "/moved":
            return [
                http_response(
                    body,
                    status=302,
                    reason="Found",
                    headers={"Content-Encoding": "gzip", "Location": "/there"},
                )
            ]
        return [http_response(b"[]")]

    faulty.handler = answer
    with pytest.raises(ResponseTooLargeError):
        client(4 * MiB).get(faulty.url + "/moved", stream=True)


def test_a_token_answer_is_capped_even_through_a_plain_session(
    faulty: FaultyServer,
) -> None:
    body = bomb(80 * MiB, "gzip")
    faulty.handler = lambda request: [
        http_response(body, headers={"Content-Encoding": "gzip"})
    ]
    auth = OAuth2ClientCredentials(
        faulty.url + "/token", "id", "cs", session=requests.Session()
    )
    with pytest.raises(ResponseTooLargeError, match="64 MiB"):
        RESTClient(faulty.url, auth=auth).request_json("/items")


BOMB_SCRIPT = """
import resource, sys, zlib
sys.path.insert(0, {root!r})
from tests.support.faulty_server import FaultyServer, http_response
from restwright_runtime.exceptions import ResponseTooLargeError
from restwright_runtime.requests import Client

compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
block = b" " * (1 << 20)
body = b"".join([compressor.compress(b"[")] + [compressor.compress(block) for _ in range(256)]
                + [compressor.compress(b"]") + compressor.flush()])
server = FaultyServer(
    lambda request: [
        http_response(b"[]")
        if request.path == "/small"
        else http_response(body, headers={{"Content-Encoding": "gzip"}})
    ]
)
server.start()
client = Client(raise_for_status=False, request_max_attempts=1, max_response_size=16 << 20)
client.get(server.url + "/small")  # warm up imports and the connection pool
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    client.get(server.url + "/bomb")
except ResponseTooLargeError:
    outcome = "refused"
else:
    outcome = "accepted"
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(outcome, (after - before) // 1024)
"""


def test_a_256_mib_gzip_bomb_never_inflates_in_memory() -> None:
    """RSS of a fresh process: the 1 MB-bomb-to-3-GB finding, scaled down."""
    script = textwrap.dedent(BOMB_SCRIPT).format(root=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    outcome, grown_mib = result.stdout.split()
    assert outcome == "refused"
    assert int(grown_mib) < 96  # the 16 MiB cap and its copies; 512+ MiB before


def test_the_loop_guard_keeps_hashes_not_growing_cursors(server: LocalServer) -> None:
    """A cursor that grows 30 KB a page: the guard once kept every request body it saw."""
    pages, growth = 120, 30_000

    def page(request: Request) -> Reply:
        server.requests.clear()  # the test server would otherwise keep every body
        cursor = json.loads(request.body).get("cursor", "")
        number = len(cursor) // growth
        grown = cursor + "c" * growth if number < pages else None
        return Reply({"items": [number], "next": grown})

    server.route("POST", "/items", page)
    api = RESTClient(server.url)
    paginator = JSONResponseCursorPaginator("next", cursor_body_path="cursor")
    tracemalloc.start()
    try:
        seen = 0
        for records in api.paginate(
            "/items", method="POST", json={}, paginator=paginator, data_selector="items"
        ):
            seen += len(records)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen == pages + 1
    # All request bodies together: ~218 MB. Alive at once: the client's and the server's
    # copies of the last cursor (3.6 MB each), fifteen or so.
    assert peak < 100 * MiB, f"peak {peak / MiB:.0f} MiB"


def test_a_streamed_calls_error_body_is_capped(faulty: FaultyServer) -> None:
    """A download's error answer is read whole (to raise the typed error): it gets the cap too."""
    body = bomb(64 * MiB, "gzip")
    faulty.handler = lambda request: [
        http_response(body, status=500, headers={"Content-Encoding": "gzip"})
    ]
    rest = RESTClient(faulty.url, session=client(4 * MiB).session)
    with pytest.raises(ResponseTooLargeError):
        rest.call("GET", "/report.pdf", accept="application/pdf", max_attempts=1)
