"""A repeated request after an empty page ends a stream quietly; after a full page it is a loop.

Box's `/events` answers its last page with no entries and the very `next_stream_position`
it was sent: reading such a stream to the end must not raise.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from restwright_runtime import PaginationLoopError, RESTClient
from restwright_runtime.paginators import (
    BasePaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
)
from tests.support.server import LocalServer, Reply, Request

EVENTS = [{"event_id": f"e{i}"} for i in range(7)]
CHUNK = 3


def position(request: Request, kind: str) -> int:
    return int(request.query.get("stream_position" if kind == "cursor" else "pos", 0))


def reply(kind: str, entries: list[Any], next_position: int) -> Reply:
    if kind == "cursor":
        return Reply({"entries": entries, "next_stream_position": next_position})
    return Reply({"entries": entries, "next": f"/events?pos={next_position}"})


def paginator(kind: str) -> BasePaginator:
    if kind == "cursor":
        return JSONResponseCursorPaginator(
            cursor_path="next_stream_position", cursor_param="stream_position"
        )
    return JSONLinkPaginator(next_url_path="next")


def box_events(kind: str) -> Callable[[Request], Reply]:
    """Box's stream: at the end, no entries and the position just sent."""

    def handle(request: Request) -> Reply:
        start = position(request, kind)
        entries = EVENTS[start : start + CHUNK]
        return reply(kind, entries, min(start + CHUNK, len(EVENTS)))

    return handle


def event_ids(pages: Any) -> list[str]:
    return [record["event_id"] for page in pages for record in page]


@pytest.mark.parametrize("kind", ["cursor", "link"])
def test_stream_read_to_the_end_stops_quietly(server: LocalServer, kind: str) -> None:
    server.route("GET", "/events", box_events(kind))
    pages = list(
        RESTClient(server.url).paginate(
            "/events", paginator=paginator(kind), data_selector="entries"
        )
    )
    assert event_ids(pages) == [event["event_id"] for event in EVENTS]
    # 0, 3, 6, then 7 answers empty with position 7: the would-be fifth request is not sent.
    assert [position(r, kind) for r in server.requests] == [0, 3, 6, 7]
    assert [len(page) for page in pages] == [3, 3, 1, 0]


@pytest.mark.parametrize("kind", ["cursor", "link"])
def test_stream_empty_from_the_start_stops_quietly(
    server: LocalServer, kind: str
) -> None:
    server.route("GET", "/events", lambda request: reply(kind, [], 5))
    pages = list(
        RESTClient(server.url).paginate(
            "/events",
            params={"stream_position": 5} if kind == "cursor" else {"pos": 5},
            paginator=paginator(kind),
            data_selector="entries",
        )
    )
    assert event_ids(pages) == []
    assert len(server.requests) == 1


def test_cursor_zero_is_followed(server: LocalServer) -> None:
    """A next position of 0 is a cursor, not "no cursor" (`0 == False` in Python)."""

    def handle(request: Request) -> Reply:
        if "stream_position" not in request.query:
            return reply("cursor", EVENTS[:1], 0)
        return Reply({"entries": EVENTS[1:2], "next_stream_position": None})

    server.route("GET", "/events", handle)
    pages = RESTClient(server.url).paginate(
        "/events", paginator=paginator("cursor"), data_selector="entries"
    )
    assert event_ids(pages) == ["e0", "e1"]
    assert [r.query for r in server.requests] == [{}, {"stream_position": "0"}]


@pytest.mark.parametrize("kind", ["cursor", "link"])
def test_repeat_after_a_full_page_is_still_a_loop(
    server: LocalServer, kind: str
) -> None:
    """Position 6 hands back position 6 with an entry: the same events would come forever."""

    def handle(request: Request) -> Reply:
        start = position(request, kind)
        next_position = start if start >= 6 else start + CHUNK
        return reply(kind, EVENTS[start : start + CHUNK], next_position)

    server.route("GET", "/events", handle)
    pages = RESTClient(server.url).paginate(
        "/events", paginator=paginator(kind), data_selector="entries"
    )
    got: list[str] = []
    with pytest.raises(PaginationLoopError, match="repeat") as info:
        for page in pages:
            got.extend(record["event_id"] for record in page)
    assert got == [event["event_id"] for event in EVENTS]  # each once, none twice
    assert info.value.page_number == 4
    assert [position(r, kind) for r in server.requests] == [0, 3, 6]
