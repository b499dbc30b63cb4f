"""Responses by media type through `RESTClient.call`: None, JSON, text, binary, events."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from restwright_runtime.exceptions import NotFoundError
from restwright_runtime.responses import (
    BinaryResponse,
    EventStream,
    ServerSentEvent,
    iter_events,
)
from tests.support.faulty_server import (
    CLOSE,
    FaultyServer,
    Pause,
    RawRequest,
    Step,
    http_response,
)
from tests.support.clients import quiet_rest as rest
from tests.support.server import LocalServer, Reply


def chunked(content_type: str, *chunks: bytes | Pause) -> list[Step]:
    """A chunked response: each bytes item is one chunk, flushed on its own."""
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    steps: list[Step] = [head]
    for item in chunks:
        if isinstance(item, Pause):
            steps.append(item)
        else:
            steps.append(f"{len(item):x}\r\n".encode() + item + b"\r\n")
    steps.append(b"0\r\n\r\n")
    return steps


# --------------------------------------------------------------------------- no content


@pytest.mark.parametrize("status", [204, 205])
def test_no_content_statuses_give_none(server: LocalServer, status: int) -> None:
    server.route("DELETE", "/sites/1", lambda r: Reply(b"", status=status, raw=True))
    assert rest(server.url).call("DELETE", "/sites/1") is None


def test_empty_bodies_and_undeclared_content_give_none(server: LocalServer) -> None:
    server.route("POST", "/empty", lambda r: Reply(b"", raw=True))
    server.route("POST", "/ignored", lambda r: Reply({"ok": True}))
    client = rest(server.url)
    assert client.call("POST", "/empty") is None
    assert client.call("POST", "/ignored", accept=None) is None
    assert "Accept" not in server.requests[-1].headers or (
        server.requests[-1].headers["Accept"] != "application/json"
    )


def test_json_and_problem_json(server: LocalServer) -> None:
    server.route("GET", "/item", lambda r: Reply({"id": 1}))
    client = rest(server.url)
    assert client.call("GET", "/item") == {"id": 1}
    assert server.requests[-1].headers["Accept"] == "application/json"
    assert client.call("GET", "/item", accept="application/hal+json") == {"id": 1}
    assert server.requests[-1].headers["Accept"] == "application/hal+json"


# --------------------------------------------------------------------------- text


def test_text_uses_the_declared_charset_else_utf8(server: LocalServer) -> None:
    server.route(
        "GET",
        "/report.csv",
        lambda r: Reply(
            "name\nZoë\n".encode("latin-1"),
            raw=True,
            headers={"Content-Type": "text/csv; charset=latin-1"},
        ),
    )
    server.route(
        "GET",
        "/notes",
        lambda r: Reply(
            "naïve ✓".encode(), raw=True, headers={"Content-Type": "text/plain"}
        ),
    )
    client = rest(server.url)
    assert client.call("GET", "/report.csv", accept="text/csv") == "name\nZoë\n"
    assert client.call("GET", "/notes", accept="text/plain") == "naïve ✓"


# --------------------------------------------------------------------------- binary


def test_binary_download_is_streamed_to_a_file(
    server: LocalServer, tmp_path: Path
) -> None:
    payload = os.urandom(4 * 1024 * 1024)
    server.route(
        "GET",
        "/invoice.pdf",
        lambda r: Reply(payload, raw=True, headers={"Content-Type": "application/pdf"}),
    )
    target = tmp_path / "invoice.pdf"
    result = rest(server.url).call("GET", "/invoice.pdf", accept="application/pdf")
    assert isinstance(result, BinaryResponse)
    assert result.status_code == 200 and result.content_type == "application/pdf"
    tracemalloc.start()
    try:
        written = result.write_to(target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written == len(payload) and target.read_bytes() == payload
    # Streamed: far below the 4 MiB body (chunks of 64 KiB), never whole in memory.
    assert peak < 1024 * 1024, peak
    assert result.response.raw.closed or result.response.raw.isclosed()


def test_binary_content_chunks_and_close(server: LocalServer) -> None:
    payload = bytes(range(256)) * 100
    server.route(
        "GET",
        "/blob",
        lambda r: Reply(payload, raw=True, headers={"Content-Type": "image/png"}),
    )
    client = rest(server.url)
    assert client.call("GET", "/blob", accept="image/*").content == payload
    chunks = list(client.call("GET", "/blob", accept="*/*").iter_bytes(1000))
    assert b"".join(chunks) == payload and max(map(len, chunks)) <= 1000
    with client.call("GET", "/blob", accept="application/octet-stream") as unread:
        assert unread.headers["Content-Length"] == str(len(payload))
    assert unread.response.raw.closed or unread.response.raw.isclosed()


def test_a_download_cut_short_leaves_no_file(
    faulty: FaultyServer, tmp_path: Path
) -> None:
    def cut(request: RawRequest) -> list[Step]:
        head = http_response(
            b"x" * 1000, content_type="application/zip", content_length=5000
        )
        return [head, CLOSE]

    faulty.handler = cut
    target = tmp_path / "archive.zip"
    target.write_bytes(b"the previous archive")
    download = rest(faulty.url).call("GET", "/archive", accept="application/zip")
    with pytest.raises(requests.RequestException):
        download.write_to(target)
    assert target.read_bytes() == b"the previous archive"  # untouched, not truncated
    assert [p.name for p in tmp_path.iterdir()] == ["archive.zip"]


def test_binary_error_responses_raise_typed_errors(server: LocalServer) -> None:
    server.route(
        "GET", "/file", lambda r: Reply({"message": "no such file"}, status=404)
    )
    with pytest.raises(NotFoundError, match="no such file"):
        rest(server.url).call("GET", "/file", accept="application/octet-stream")


# --------------------------------------------------------------------------- events


def events(*chunks: bytes) -> list[ServerSentEvent]:
    return list(iter_events(iter(chunks)))


def test_sse_fields_and_defaults() -> None:
    stream = (
        b": a comment\n"
        b"data: first\n\n"
        b'event: update\nid: 7\ndata: {"a": 1}\ndata: second line\n\n'
        b"data:no space\nretry: 3000\n\n"
        b"unknown: field\ndata\n\n"
    )
    assert events(stream) == [
        ServerSentEvent("message", "first", None, None),
        ServerSentEvent("update", '{"a": 1}\nsecond line', "7", None),
        ServerSentEvent("message", "no space", "7", 3000),  # ids and retry persist
        ServerSentEvent("message", "", "7", 3000),  # a bare `data` line is empty data
    ]
    assert events(b'data: {"x": [1]}\n\n')[0].json() == {"x": [1]}


def test_sse_line_endings_split_anywhere() -> None:
    stream = (
        b"\xef\xbb\xbfdata: a\r\ndata: b\rdata: c\n\r\nevent: e\r\r\ndata: \xc3\xa9\n\n"
    )
    whole = events(stream)
    assert whole == [
        ServerSentEvent("message", "a\nb\nc"),
        ServerSentEvent(
            "message", "é"
        ),  # `event: e` was reset by the blank line (no data)
    ]
    # The same bytes in every split, one byte at a time included (CR|LF and UTF-8 split).
    assert events(*(stream[i : i + 1] for i in range(len(stream)))) == whole
    for cut in range(1, len(stream)):
        assert events(stream[:cut], stream[cut:]) == whole


def test_sse_ignored_fields_and_unfinished_event() -> None:
    assert events(b"id: a\x00b\ndata: x\n\nretry: soon\ndata: y\n\ndata: lost") == [
        ServerSentEvent("message", "x", None, None),
        ServerSentEvent("message", "y", None, None),
    ]
    assert events(b"event: ping\nid: 1\n\ndata: z\n\n") == [
        ServerSentEvent("message", "z", "1", None)
    ]


def test_event_stream_is_read_as_it_arrives(faulty: FaultyServer) -> None:
    # The second event comes only after a long pause: had the client waited for the whole
    # body, it would hit the 5 s read timeout instead of seeing the first event.
    faulty.handler = lambda request: chunked(
        "text/event-stream",
        b'id: 1\ndata: {"n": 1}\n',
        b"\n",
        Pause(60),
        b"data: never read\n\n",
    )
    stream = rest(faulty.url).call(
        "GET", "/events", accept="text/event-stream", timeout=5
    )
    assert isinstance(stream, EventStream)
    assert faulty.requests[-1].headers["Accept"] == "text/event-stream"
    with stream:
        first = next(stream)
        assert first.json() == {"n": 1} and stream.last_event_id == "1"
    assert stream.response.raw.closed or stream.response.raw.isclosed()


def test_event_stream_ends_with_the_body(faulty: FaultyServer) -> None:
    faulty.handler = lambda request: chunked(
        "text/event-stream",
        b"data: a\n\nda",
        b"ta: b\r",
        b"\n\r\n",
    )
    stream = rest(faulty.url).call("GET", "/events", accept="text/event-stream")
    assert [event.data for event in stream] == ["a", "b"]


def test_event_stream_without_chunking(server: LocalServer) -> None:
    body = b"event: done\ndata: 1\n\n"
    server.route(
        "GET",
        "/events",
        lambda r: Reply(body, raw=True, headers={"Content-Type": "text/event-stream"}),
    )
    stream: Any = rest(server.url).call("GET", "/events", accept="text/event-stream")
    assert list(stream) == [ServerSentEvent("done", "1")]


def test_event_stream_delimited_by_the_connection_is_read_live(
    faulty: FaultyServer,
) -> None:
    # No length, no chunking: the body ends when the server closes. Reading must still
    # hand out the first event before the server's long pause, not wait for the end.
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    faulty.handler = lambda request: [head, b"data: live\n\n", Pause(60), CLOSE]
    with rest(faulty.url).call(
        "GET", "/events", accept="text/event-stream", timeout=5
    ) as stream:
        assert next(stream).data == "live"
