"""Runtime faults over a real socket: resets, truncated and non-JSON bodies, timeouts, 429 storms,
shifting page sizes and repeated pages.

Every scenario pages 25 records (10 a page) through `Paged` with a realistic paginator and checks
one of two outcomes: recovered, so every record arrives exactly once and in order; or not
recoverable, so the error names the page, the redacted URL and the cause, and the records before
it arrived exactly once. Waits between attempts go to an injected sleep: nothing sleeps for real
except the timeout scenarios, which use sub-second timeouts.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import pytest
import requests

from restwright_runtime import (
    HTTPError,
    Paged,
    PaginationLoopError,
    ResponseDecodeError,
    RESTClient,
)
from restwright_runtime.exceptions import PageRequestError, ResponseBodyError
from restwright_runtime.paginators import (
    BasePaginator,
    JSONLinkPaginator,
    JSONResponseCursorPaginator,
    OffsetPaginator,
    PageNumberPaginator,
)
from restwright_runtime.requests import Client
from tests.support.faulty_server import (
    CLOSE,
    RESET,
    FaultyServer,
    Pause,
    RawRequest,
    Step,
    http_response,
    json_response,
    serve_faulty,
)

TOTAL = 25
PAGE_SIZE = 10
SECRET = "s3cret-value"
ALL_IDS = list(range(TOTAL))
STYLES = ("offset", "link", "cursor")

Fault = Callable[
    [bytes], Sequence[Step]
]  # the healthy response in, the faulty script out


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    yield from serve_faulty()


# --- the API under test ------------------------------------------------------------------------


@dataclass
class Api:
    """25 records behind one of three paginator styles, with faults injected per page and attempt.

    `faults[page]` lists one fault per attempt at that page; attempts beyond the list are
    healthy, and a fault listed as None is a healthy attempt too. `forever[page]` faults every
    attempt.
    """

    style: str
    faults: dict[int, list[Fault | None]] = field(default_factory=dict)
    forever: dict[int, Fault] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)

    def start_of(self, request: RawRequest) -> int:
        if self.style == "offset":
            return int(request.query.get("offset", 0))
        if self.style == "link":
            return int(request.query.get("start", 0))
        return int(request.query.get("cursor", "c0")[1:])

    def document(self, start: int, request: RawRequest) -> dict[str, Any]:
        items = [{"id": i} for i in range(start, min(start + PAGE_SIZE, TOTAL))]
        following = start + PAGE_SIZE
        if self.style == "offset":
            return {"items": items, "total": TOTAL}
        if self.style == "link":
            link = f"/items?start={following}&api_key={request.query['api_key']}"
            return {"items": items, "next": link if following < TOTAL else None}
        cursor = f"c{following}" if following < TOTAL else None
        return {"items": items, "cursors": {"next": cursor}}

    def __call__(self, request: RawRequest) -> Sequence[Step]:
        start = self.start_of(request)
        page = start // PAGE_SIZE + 1
        attempt = self.attempts[page] = self.attempts.get(page, 0) + 1
        healthy = json_response(self.document(start, request))
        fault = self.forever.get(page)
        if fault is None and attempt <= len(self.faults.get(page, [])):
            fault = self.faults[page][attempt - 1]
        return fault(healthy) if fault is not None else [healthy]

    def paginator(self) -> BasePaginator:
        if self.style == "offset":
            return OffsetPaginator(limit=PAGE_SIZE, total_path="total")
        if self.style == "link":
            return JSONLinkPaginator(next_url_path="next")
        return JSONResponseCursorPaginator(
            cursor_path="cursors.next", cursor_param="cursor"
        )


def make_paged(
    server: FaultyServer,
    api: Api,
    *,
    attempts: int = 3,
    timeout: float = 5.0,
    waits: list[float] | None = None,
    paginator: BasePaginator | None = None,
) -> Paged[dict[str, Any]]:
    """A Paged over `api` with a retrying session whose waits land in `waits`, not in sleep."""
    server.handler = api
    session_client = Client(
        request_max_attempts=attempts,
        request_timeout=timeout,
        request_backoff_factor=1,
        raise_for_status=False,
    )
    recorded = waits if waits is not None else []
    session_client.sleep = recorded.append
    rest = RESTClient(server.url, session=session_client.session)
    return Paged(
        rest,
        "/items",
        params={"api_key": SECRET},
        paginator=paginator or api.paginator(),
        data_selector="items",
    )


def drain(paged: Paged[dict[str, Any]]) -> tuple[list[int], BaseException | None]:
    """The ids yielded before pagination ended, and the error that ended it (if any)."""
    got: list[int] = []
    try:
        for record in paged:
            got.append(record["id"])
    except Exception as error:  # the scenario decides which errors are right
        return got, error
    return got, None


def assert_names_page(error: BaseException, page: int) -> None:
    """The message names the page and the URL, with the secret masked."""
    message = str(error)
    assert f"page {page}" in message, message
    assert "/items" in message and "127.0.0.1" in message, message
    assert SECRET not in message and "***" in message, message
    assert getattr(error, "page_number", None) == page


# --- faults -------------------------------------------------------------------------------------


def cut_then(end: Step) -> Fault:
    """Headers and half the body (Content-Length promises all of it), then `end`."""

    def fault(healthy: bytes) -> Sequence[Step]:
        head, _, body = healthy.partition(b"\r\n\r\n")
        return [head + b"\r\n\r\n" + body[: len(body) // 2], end]

    return fault


def truncated_json(healthy: bytes) -> Sequence[Step]:
    """Half a JSON document whose Content-Length honestly says half: valid HTTP, broken JSON."""
    body = healthy.partition(b"\r\n\r\n")[2]
    return [http_response(body[: len(body) // 2])]


def html_page(healthy: bytes) -> Sequence[Step]:
    """A gateway's maintenance page, with status 200."""
    page = b"<!doctype html><html><body><h1>Down for maintenance</h1></body></html>"
    return [http_response(page, content_type="text/html; charset=utf-8")]


def stall(seconds: float) -> Fault:
    """Answer only after `seconds` (past the client's read timeout)."""

    def fault(healthy: bytes) -> Sequence[Step]:
        return [Pause(seconds), healthy]

    return fault


def stall_mid_body(seconds: float) -> Fault:
    """Send headers and part of the body, then stall."""

    def fault(healthy: bytes) -> Sequence[Step]:
        return [
            healthy[: len(healthy) - 10],
            Pause(seconds),
            healthy[len(healthy) - 10 :],
        ]

    return fault


def too_many_requests(healthy: bytes) -> Sequence[Step]:
    """429 with `Retry-After: 0`: the server says "now", a polite client still backs off."""
    return [
        json_response(
            {"error": "slow down"},
            status=429,
            reason="Too Many Requests",
            headers={"Retry-After": "0"},
        )
    ]


# --- connection reset mid-body ------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("end", [RESET, CLOSE], ids=["reset", "close"])
def test_cut_mid_body_once_is_retried(
    faulty: FaultyServer, style: str, end: Step
) -> None:
    api = Api(style, faults={3: [cut_then(end)]})
    waits: list[float] = []
    got, error = drain(make_paged(faulty, api, waits=waits))
    assert error is None
    assert got == ALL_IDS
    assert api.attempts == {1: 1, 2: 1, 3: 2}
    assert len(waits) == 1 and waits[0] >= 1.0


@pytest.mark.parametrize("style", STYLES)
def test_cut_mid_body_always_names_the_page(faulty: FaultyServer, style: str) -> None:
    api = Api(style, forever={3: cut_then(RESET)})
    got, error = drain(make_paged(faulty, api, attempts=3))
    assert got == list(range(20))  # pages 1 and 2, once each
    assert isinstance(error, PageRequestError)
    # Still the `requests` exception type, so dlt-style `except` clauses keep working.
    assert isinstance(error, requests.exceptions.ChunkedEncodingError)
    assert_names_page(error, 3)
    assert "ChunkedEncodingError" in str(error) and "3 attempts" in str(error)
    assert isinstance(error.__cause__, requests.exceptions.ChunkedEncodingError)
    assert api.attempts[3] == 3


# --- truncated JSON, HTML with 200 --------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_truncated_json_is_a_decode_error_not_a_retry_loop(
    faulty: FaultyServer, style: str
) -> None:
    api = Api(style, forever={3: truncated_json})
    waits: list[float] = []
    got, error = drain(make_paged(faulty, api, waits=waits))
    assert got == list(range(20))
    assert isinstance(error, ResponseDecodeError)
    assert_names_page(error, 3)
    assert "is not JSON" in str(error) and "HTTP 200" in str(error)
    # A complete HTTP response with a broken body is the server's bug: asking again is the
    # retry_condition's call, not the default's. One request, no waiting.
    assert api.attempts[3] == 1 and waits == []


def test_truncated_json_retried_when_the_caller_asks(faulty: FaultyServer) -> None:
    """A retry_condition that checks the body turns a one-off truncation into a recovery."""

    def broken_json(
        response: requests.Response | None, error: BaseException | None
    ) -> bool:
        if response is None:
            return False
        try:
            json.loads(response.content)
        except ValueError:
            return True
        return False

    api = Api("cursor", faults={3: [truncated_json]})
    faulty.handler = api
    session_client = Client(
        request_max_attempts=3, raise_for_status=False, retry_condition=broken_json
    )
    waits: list[float] = []
    session_client.sleep = waits.append
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url, session=session_client.session),
        "/items",
        paginator=api.paginator(),
        data_selector="items",
    )
    assert [record["id"] for record in paged] == ALL_IDS
    assert api.attempts[3] == 2 and len(waits) == 1


@pytest.mark.parametrize("style", STYLES)
def test_html_page_with_status_200_names_page_and_content_type(
    faulty: FaultyServer, style: str
) -> None:
    api = Api(style, forever={3: html_page})
    got, error = drain(make_paged(faulty, api))
    assert got == list(range(20))
    assert isinstance(error, ResponseDecodeError)
    assert_names_page(error, 3)
    assert "text/html" in str(error) and "HTTP 200" in str(error)
    assert api.attempts[3] == 1


# --- slow responses -----------------------------------------------------------------------------

TIMEOUT = 0.25
SLOW = 0.8


def test_slow_once_is_retried_and_recovers(faulty: FaultyServer) -> None:
    api = Api("offset", faults={3: [stall(SLOW)]})
    waits: list[float] = []
    got, error = drain(make_paged(faulty, api, timeout=TIMEOUT, waits=waits))
    assert error is None and got == ALL_IDS
    assert api.attempts[3] == 2 and len(waits) == 1


@pytest.mark.parametrize(
    "style, fault",
    [("link", stall(SLOW)), ("cursor", stall_mid_body(SLOW))],
    ids=["before-headers", "mid-body"],
)
def test_slow_always_gives_up_with_a_timeout_naming_the_url(
    faulty: FaultyServer, style: str, fault: Fault
) -> None:
    api = Api(style, forever={3: fault})
    waits: list[float] = []
    got, error = drain(
        make_paged(faulty, api, attempts=2, timeout=TIMEOUT, waits=waits)
    )
    assert got == list(range(20))
    assert isinstance(error, PageRequestError)
    # Before the headers it is requests' ReadTimeout; stalled mid-body requests reports a
    # ConnectionError wrapping urllib3's read timeout. Either way the message says "timed out".
    assert isinstance(error, (requests.Timeout, requests.ConnectionError))
    assert_names_page(error, 3)
    assert "timed out" in str(error).lower() and "2 attempts" in str(error)
    assert api.attempts[3] == 2 and len(waits) == 1


# --- 429 storms ---------------------------------------------------------------------------------


def assert_backoff(waits: list[float]) -> None:
    """Exponential backoff (factor 1: 1, 2, 4... s) plus at most 10 % jitter; never instant."""
    for attempt, wait in enumerate(waits, start=1):
        backoff = 2.0 ** (attempt - 1)
        assert backoff <= wait <= backoff * 1.1, waits


@pytest.mark.parametrize("style", STYLES)
def test_429_storm_with_retry_after_zero_gives_up_with_http_error(
    faulty: FaultyServer, style: str
) -> None:
    api = Api(style, forever={2: too_many_requests})
    waits: list[float] = []
    got, error = drain(make_paged(faulty, api, attempts=5, waits=waits))
    assert got == list(range(10))
    assert isinstance(error, HTTPError) and error.status_code == 429
    assert isinstance(error, requests.HTTPError)
    assert_names_page(error, 2)
    assert "429 Too Many Requests" in str(error) and "5 attempts" in str(error)
    assert api.attempts[2] == 5
    assert len(waits) == 4
    assert_backoff(waits)


def test_429_storm_that_passes_recovers(faulty: FaultyServer) -> None:
    api = Api("link", faults={2: [too_many_requests] * 3, 3: [too_many_requests]})
    waits: list[float] = []
    got, error = drain(make_paged(faulty, api, attempts=5, waits=waits))
    assert error is None and got == ALL_IDS
    assert api.attempts == {1: 1, 2: 4, 3: 2}
    assert_backoff(waits[:3])  # page 2's storm
    assert_backoff(waits[3:])  # page 3 starts its own count
    assert len(waits) == 4


# --- page size changing mid-way ----------------------------------------------------------------


def shrinking_offset_api(
    sizes: Callable[[int], int], total: bool
) -> Callable[[RawRequest], Sequence[Step]]:
    """Offset API whose page size is `sizes(offset)`, whatever `limit` asks for."""

    def handle(request: RawRequest) -> Sequence[Step]:
        offset = int(request.query.get("offset", 0))
        size = sizes(offset)
        items = [{"id": i} for i in range(offset, min(offset + size, TOTAL))]
        document: dict[str, Any] = {"items": items}
        if total:
            document["total"] = TOTAL
        return [json_response(document)]

    return handle


@pytest.mark.parametrize("total", [True, False], ids=["total", "empty-page-stop"])
@pytest.mark.parametrize(
    "sizes",
    [
        lambda offset: 10 if offset < 10 else 4,  # the server starts capping at 4
        lambda offset: 3,  # caps from the first page
        lambda offset: 15 if offset == 0 else 10,  # one page bigger than asked
    ],
    ids=["shrinks", "capped", "grows"],
)
def test_offset_survives_page_size_changes(
    faulty: FaultyServer, sizes: Callable[[int], int], total: bool
) -> None:
    """Offsets advance by the records received, so a short page never skips the rest."""
    faulty.handler = shrinking_offset_api(sizes, total)
    paginator = OffsetPaginator(limit=PAGE_SIZE, total_path="total" if total else None)
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url), "/items", paginator=paginator, data_selector="items"
    )
    assert [record["id"] for record in paged] == ALL_IDS
    offsets = [int(request.query.get("offset", 0)) for request in faulty.requests]
    assert offsets == sorted(set(offsets))  # each offset asked once, always forward


# --- the same page twice ------------------------------------------------------------------------


def test_server_ignoring_offset_stops_after_the_first_page(
    faulty: FaultyServer,
) -> None:
    """Every request differs (offset 0, 10, 20) but the body does not: stop, don't duplicate."""
    faulty.handler = lambda request: [
        json_response({"items": [{"id": i} for i in range(10)], "total": TOTAL})
    ]
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url),
        "/items",
        params={"api_key": SECRET},
        paginator=OffsetPaginator(limit=PAGE_SIZE, total_path="total"),
        data_selector="items",
    )
    got, error = drain(paged)
    assert got == list(range(10))
    assert isinstance(error, PaginationLoopError)
    assert_names_page(error, 2)
    assert "page 1" in str(error)
    assert len(faulty.requests) == 2


def test_repeated_cursor_stops_with_loop_error(faulty: FaultyServer) -> None:
    """Page 2 hands back page 1's cursor: the next request would repeat page 2's."""

    def handle(request: RawRequest) -> Sequence[Step]:
        start = int(request.query.get("cursor", "c0")[1:])
        document = {
            "items": [{"id": i} for i in range(start, start + PAGE_SIZE)],
            "cursors": {"next": "c10"},
        }
        return [json_response(document)]

    faulty.handler = handle
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url),
        "/items",
        params={"api_key": SECRET},
        paginator=JSONResponseCursorPaginator(cursor_param="cursor"),
        data_selector="items",
    )
    got, error = drain(paged)
    assert got == list(range(20))
    assert isinstance(error, PaginationLoopError)
    assert_names_page(error, 3)
    assert len(faulty.requests) == 2


def test_identical_empty_pages_are_not_a_loop(faulty: FaultyServer) -> None:
    """Identical bodies without records (an API hiding what it counts) are not a repeated page."""
    faulty.handler = lambda request: [json_response({"items": [], "total": TOTAL})]
    paginator = OffsetPaginator(
        limit=PAGE_SIZE, total_path="total", stop_after_empty_page=False
    )
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url), "/items", paginator=paginator, data_selector="items"
    )
    assert list(paged) == []
    assert [request.query["offset"] for request in faulty.requests] == ["0", "10", "20"]


def test_server_ignoring_page_number_stops_after_the_first_page(
    faulty: FaultyServer,
) -> None:
    faulty.handler = lambda request: [
        json_response({"items": [{"id": i} for i in range(10)], "total": 3})
    ]
    paginator = PageNumberPaginator(base_page=1, total_path="total")
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(faulty.url), "/items", paginator=paginator, data_selector="items"
    )
    got, error = drain(paged)
    assert got == list(range(10))
    assert isinstance(error, PaginationLoopError) and error.page_number == 2


# --- secrets in requests' own messages ------------------------------------------------------------


def test_connection_refused_names_the_page_without_the_secret() -> None:
    """urllib3 quotes the path and query in "Max retries exceeded with url: ..."."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session_client = Client(request_max_attempts=2, raise_for_status=False)
    waits: list[float] = []
    session_client.sleep = waits.append
    paged: Paged[dict[str, Any]] = Paged(
        RESTClient(f"http://127.0.0.1:{port}", session=session_client.session),
        "/items",
        params={"api_key": SECRET},
        paginator=OffsetPaginator(limit=PAGE_SIZE),
        data_selector="items",
    )
    got, error = drain(paged)
    assert got == []
    assert isinstance(error, PageRequestError)
    assert isinstance(error, requests.ConnectionError)
    assert_names_page(error, 1)
    assert "Max retries exceeded" in str(error) and "2 attempts" in str(error)
    assert SECRET not in str(error.__cause__)  # the chain is redacted too (issue 11)
    assert len(waits) == 1


def test_hook_raising_plain_requests_http_error_keeps_its_type(
    faulty: FaultyServer,
) -> None:
    """dlt users write `hooks={"response": [lambda r, *a, **k: r.raise_for_status()]}`."""
    api = Api(
        "offset",
        forever={
            2: lambda healthy: [
                json_response({}, status=404, reason="Not Found"),
            ]
        },
    )
    faulty.handler = api

    def raise_for_status(
        response: requests.Response, *args: Any, **kwargs: Any
    ) -> None:
        response.raise_for_status()

    rest = RESTClient(faulty.url)
    pages = rest.paginate(
        "/items",
        params={"api_key": SECRET},
        paginator=api.paginator(),
        data_selector="items",
        hooks={"response": [raise_for_status]},
    )
    got: list[int] = []
    with pytest.raises(requests.HTTPError) as info:
        for page in pages:
            got.extend(record["id"] for record in page)
    assert got == list(range(10))
    assert isinstance(info.value, PageRequestError)
    assert_names_page(info.value, 2)
    assert "404" in str(info.value)


# --- a JSON error object with status 200 --------------------------------------------------------


def slack_error(healthy: bytes) -> Sequence[Step]:
    """Slack's way: HTTP 200, `{"ok": false, "error": ...}`, no records."""
    return [json_response({"ok": False, "error": "ratelimited"})]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("show_body", [False, True], ids=["quiet", "show-body"])
def test_error_object_with_status_200_is_not_the_last_page(
    faulty: FaultyServer,
    style: str,
    show_body: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if show_body:
        monkeypatch.setenv("RUNTIME__HTTP_SHOW_ERROR_BODY", "1")
    else:
        monkeypatch.delenv("RUNTIME__HTTP_SHOW_ERROR_BODY", raising=False)
    api = Api(style, forever={3: slack_error})
    got, error = drain(make_paged(faulty, api))
    assert got == list(range(20))
    assert isinstance(error, ResponseBodyError)
    assert_names_page(error, 3)
    assert "'error'" in str(error) and "'items'" in str(error)
    assert ("ratelimited" in str(error)) == show_body


@pytest.mark.parametrize(
    "last_page",
    [
        {},
        {"items": [], "errors": []},
        {"items": None, "error": None},
        # The records' path is there: an error member beside it does not make it an error.
        {"items": [], "error": "none left"},
        {"items": None, "error": "none left"},
    ],
    ids=["empty-object", "empty-errors", "null-error", "path-and-error", "null-path"],
)
def test_empty_last_pages_without_errors_still_end_quietly(
    faulty: FaultyServer, last_page: dict[str, Any]
) -> None:
    """Google-style APIs omit empty lists: `{}` is a normal end, not an error."""
    api = Api("link", forever={3: lambda healthy: [json_response(last_page)]})
    got, error = drain(make_paged(faulty, api))
    assert error is None and got == list(range(20))
