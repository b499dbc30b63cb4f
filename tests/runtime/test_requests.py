"""The retrying Client against a real local server: what is retried, how long it waits, what it raises.

No test sleeps for real: the session's sleep is replaced by a recorder and the computed waits
are asserted instead.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from email.utils import formatdate
from typing import Callable, Iterator

import pytest
import requests as plain_requests

from restwright_runtime import exceptions
from restwright_runtime import requests as rw
from restwright_runtime.auth import APIKeyAuth, AuthConfigBase
from restwright_runtime.requests import Client, raise_for_status
from tests.support.server import LocalServer, Reply, Request, serve


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    yield from serve()


@pytest.fixture
def server(shared_server: LocalServer) -> LocalServer:
    """One real server per module (stopping one takes half a second), reset for every test."""
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


def quiet_client(**kwargs: object) -> tuple[Client, list[float]]:
    """A Client whose waits are recorded instead of slept, without jitter."""
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.policy.jitter = 0
    waits: list[float] = []
    client.sleep = waits.append
    return client, waits


def scripted(*replies: Reply) -> Callable[[Request], Reply]:
    """A handler that answers with `replies` in turn, then repeats the last one."""
    queue = list(replies)

    def handler(_request: Request) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def hits(server: LocalServer, path: str) -> int:
    return sum(1 for r in server.requests if r.path == path)


# --------------------------------------------------------------------------- status retries


def test_503_then_200_is_retried(server: LocalServer) -> None:
    server.route(
        "GET", "/flaky", scripted(Reply({"e": 1}, status=503), Reply({"ok": True}))
    )
    client, waits = quiet_client(request_backoff_factor=0.25)
    response = client.get(server.url + "/flaky")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert waits == [0.25]
    assert hits(server, "/flaky") == 2


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 599])
def test_dlt_status_list_is_retried(server: LocalServer, status: int) -> None:
    server.route("GET", "/s", scripted(Reply({}, status=status), Reply({"ok": 1})))
    client, _ = quiet_client(request_backoff_factor=0.001)
    assert client.get(server.url + "/s").status_code == 200
    assert hits(server, "/s") == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_other_4xx_are_not_retried(server: LocalServer, status: int) -> None:
    server.route("GET", "/bad", scripted(Reply({"error": "no"}, status=status)))
    client, waits = quiet_client(request_backoff_factor=0.001)
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/bad")
    assert info.value.status_code == status
    assert hits(server, "/bad") == 1
    assert waits == []


def test_gives_up_after_max_attempts_with_exponential_waits(
    server: LocalServer,
) -> None:
    server.route("GET", "/down", scripted(Reply({}, status=503)))
    client, waits = quiet_client(request_backoff_factor=0.5, raise_for_status=False)
    response = client.get(server.url + "/down")
    assert (
        response.status_code == 503
    )  # the last response, for raise_for_status to judge
    assert hits(server, "/down") == 5
    assert waits == [0.5, 1.0, 2.0, 4.0]


def test_gives_up_and_raises_our_http_error(server: LocalServer) -> None:
    server.route("GET", "/down", scripted(Reply({}, status=500)))
    client, waits = quiet_client(request_backoff_factor=0.001, request_max_attempts=3)
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/down")
    assert info.value.status_code == 500
    assert len(waits) == 2
    assert hits(server, "/down") == 3


def test_max_attempts_zero_means_a_single_attempt(server: LocalServer) -> None:
    server.route("GET", "/down", scripted(Reply({}, status=503)))
    client, waits = quiet_client(request_max_attempts=0, raise_for_status=False)
    assert client.get(server.url + "/down").status_code == 503
    assert hits(server, "/down") == 1 and waits == []


def test_waits_are_capped_by_max_retry_delay(server: LocalServer) -> None:
    server.route("GET", "/down", scripted(Reply({}, status=503)))
    client, waits = quiet_client(
        request_backoff_factor=1, request_max_retry_delay=3, raise_for_status=False
    )
    client.get(server.url + "/down")
    assert waits == [1.0, 2.0, 3.0, 3.0]


def test_jitter_stays_within_a_tenth_of_the_backoff() -> None:
    policy = rw.RetryPolicy(backoff_factor=2, jitter=0.1)
    policy.random.seed(7)
    for attempt in range(1, 6):
        base = 2 * 2 ** (attempt - 1)
        assert base <= policy.wait_seconds(attempt, None) <= base * 1.1
    assert len({policy.wait_seconds(1, None) for _ in range(5)}) > 1


def test_custom_status_codes_and_retry_condition(server: LocalServer) -> None:
    server.route("GET", "/forbidden", scripted(Reply({}, status=403), Reply({"ok": 1})))
    client, _ = quiet_client(status_codes=(403,), request_backoff_factor=0.001)
    assert client.get(server.url + "/forbidden").status_code == 200

    seen: list[tuple[int | None, object]] = []

    def retry_if_error_key(
        response: plain_requests.Response | None, exception: BaseException | None
    ) -> bool:
        seen.append((response.status_code if response is not None else None, exception))
        return response is not None and "error" in response.json()

    server.route(
        "GET", "/soft", scripted(Reply({"error": "busy"}), Reply({"data": [1]}))
    )
    client, waits = quiet_client(
        retry_condition=retry_if_error_key, request_backoff_factor=0.001
    )
    assert client.get(server.url + "/soft").json() == {"data": [1]}
    assert seen == [(200, None), (200, None)]
    assert len(waits) == 1


def test_streamed_request_body_is_not_replayed(server: LocalServer) -> None:
    server.route("POST", "/upload", scripted(Reply({}, status=503)))
    client, waits = quiet_client(request_backoff_factor=0.001, raise_for_status=False)
    body = iter([b"chunk-1", b"chunk-2"])
    assert client.post(server.url + "/upload", data=body).status_code == 503
    assert hits(server, "/upload") == 1 and waits == []


# --------------------------------------------------------------------------- Retry-After


def retry_after_wait(
    server: LocalServer, headers: dict[str, str], **kwargs: object
) -> float:
    server.route(
        "GET", "/limited", scripted(Reply({}, status=429, headers=headers), Reply({}))
    )
    client, waits = quiet_client(request_backoff_factor=0.001, **kwargs)
    assert client.get(server.url + "/limited").status_code == 200
    assert len(waits) == 1
    return waits[0]


def test_retry_after_seconds(server: LocalServer) -> None:
    assert retry_after_wait(server, {"Retry-After": "2"}) == 2.0


def test_retry_after_http_date(server: LocalServer) -> None:
    wait = retry_after_wait(
        server, {"Retry-After": formatdate(time.time() + 30, usegmt=True)}
    )
    assert 27 <= wait <= 30


def test_retry_after_ms(server: LocalServer) -> None:
    assert retry_after_wait(server, {"retry-after-ms": "1500"}) == 1.5


def test_retry_after_is_a_floor_not_a_reason_to_hurry(server: LocalServer) -> None:
    server.route(
        "GET",
        "/now",
        scripted(Reply({}, status=503, headers={"Retry-After": "0"}), Reply({})),
    )
    client, waits = quiet_client(request_backoff_factor=0.75)
    client.get(server.url + "/now")
    assert waits == [0.75]


def test_retry_after_in_the_past_or_garbage_falls_back_to_backoff(
    server: LocalServer,
) -> None:
    past = formatdate(time.time() - 3600, usegmt=True)
    assert retry_after_wait(server, {"Retry-After": past}) == 0.001
    assert retry_after_wait(server, {"Retry-After": "soon"}) == 0.001


def test_retry_after_is_capped(server: LocalServer) -> None:
    assert (
        retry_after_wait(server, {"Retry-After": "3600"}, request_max_retry_delay=5)
        == 5.0
    )


def test_retry_after_ignored_when_disabled(server: LocalServer) -> None:
    wait = retry_after_wait(
        server, {"Retry-After": "120"}, respect_retry_after_header=False
    )
    assert wait == 0.001


# --------------------------------------------------------------------------- network failures


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_retried_then_raised() -> None:
    client, waits = quiet_client(request_backoff_factor=0.001, request_max_attempts=3)
    with pytest.raises(plain_requests.ConnectionError):
        client.get(f"http://127.0.0.1:{closed_port()}/nothing")
    assert len(waits) == 2


def slow_then_fast(delays: list[float]) -> Callable[[Request], Reply]:
    def handler(_request: Request) -> Reply:
        time.sleep(delays.pop(0) if delays else 0)
        return Reply({"ok": True})

    return handler


def test_timeout_is_retried_then_succeeds(server: LocalServer) -> None:
    server.route("GET", "/slow", slow_then_fast([0.5]))
    client, waits = quiet_client(request_timeout=0.15, request_backoff_factor=0.001)
    assert client.get(server.url + "/slow").json() == {"ok": True}
    assert len(waits) == 1


def test_timeout_gives_up_with_the_timeout_error(server: LocalServer) -> None:
    server.route("GET", "/slow", slow_then_fast([0.5, 0.5]))
    client, waits = quiet_client(
        request_timeout=0.15, request_backoff_factor=0.001, request_max_attempts=2
    )
    with pytest.raises(plain_requests.Timeout):
        client.get(server.url + "/slow")
    assert len(waits) == 1


def test_send_applies_the_default_timeout(server: LocalServer) -> None:
    """RESTClient prepares requests and calls session.send: the timeout must hold there too."""
    server.route("GET", "/slow", slow_then_fast([0.5]))
    client, _ = quiet_client(request_timeout=0.15, request_max_attempts=1)
    prepared = client.session.prepare_request(
        plain_requests.Request("GET", server.url + "/slow")
    )
    with pytest.raises(plain_requests.Timeout):
        client.session.send(prepared)


class RawServer:
    """A socket server whose first connections cut the body short; then it answers properly."""

    def __init__(self, broken: int, reset: bool) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.broken = broken
        self.reset = reset
        self.connections = 0
        threading.Thread(target=self._run, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/data"

    def _run(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            if self.connections <= self.broken:
                conn.sendall(
                    b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"items": [1,'
                )
                if self.reset:  # an RST instead of a FIN: "connection reset by peer"
                    conn.setsockopt(
                        socket.SOL_SOCKET,
                        socket.SO_LINGER,
                        b"\x01\x00\x00\x00\x00\x00\x00\x00",
                    )
            else:
                body = b'{"items": [1, 2]}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(params=[False, True], ids=["truncated", "reset"])
def raw_server(request: pytest.FixtureRequest) -> Iterator[RawServer]:
    srv = RawServer(broken=2, reset=request.param)
    yield srv
    srv.close()


def test_body_cut_off_mid_read_is_retried(raw_server: RawServer) -> None:
    client, waits = quiet_client(request_backoff_factor=0.001)
    assert client.get(raw_server.url).json() == {"items": [1, 2]}
    assert raw_server.connections == 3
    assert len(waits) == 2


def test_body_cut_off_every_time_raises_after_max_attempts() -> None:
    srv = RawServer(broken=99, reset=False)
    try:
        client, waits = quiet_client(
            request_backoff_factor=0.001, request_max_attempts=2
        )
        with pytest.raises(plain_requests.RequestException):
            client.get(srv.url)
        assert srv.connections == 2 and len(waits) == 1
    finally:
        srv.close()


# --------------------------------------------------------------------------- configuration


def test_dlt_defaults() -> None:
    client = Client()
    assert client.request_timeout == 60
    assert client.policy.max_attempts == 5
    assert client.policy.backoff_factor == 1
    assert client.policy.max_retry_delay == 300
    assert client.policy.status_codes == frozenset({429, *range(500, 600)})
    assert isinstance(client.session, plain_requests.Session)


def test_environment_sets_defaults_and_arguments_win(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_TIMEOUT", "7.5")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.5")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "9")
    client = Client()
    assert client.request_timeout == 7.5
    assert client.policy.max_attempts == 2
    assert client.policy.backoff_factor == 0.5
    assert client.policy.max_retry_delay == 9
    explicit = Client(
        request_timeout=(1.0, 2.0),
        request_max_attempts=5,
        request_backoff_factor=1,
        request_max_retry_delay=300,
    )
    assert explicit.request_timeout == (1.0, 2.0)
    assert explicit.policy.max_attempts == 5
    assert explicit.policy.backoff_factor == 1
    assert explicit.policy.max_retry_delay == 300


def test_environment_attempts_drive_behaviour(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0")
    server.route("GET", "/down", scripted(Reply({}, status=502)))
    client = Client(raise_for_status=False)
    client.sleep = lambda _seconds: None
    assert client.get(server.url + "/down").status_code == 502
    assert hits(server, "/down") == 2


def test_bad_environment_value_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_TIMEOUT", "sixty")
    with pytest.raises(ValueError, match="RUNTIME__REQUEST_TIMEOUT"):
        Client()


def test_given_plain_session_keeps_identity_and_retries(server: LocalServer) -> None:
    session = plain_requests.Session()
    session.headers["X-Mine"] = "yes"
    server.route("GET", "/flaky", scripted(Reply({}, status=503), Reply({"ok": 1})))
    client, waits = quiet_client(session=session, request_backoff_factor=0.001)
    assert client.session is session
    assert session.get(server.url + "/flaky").status_code == 200
    assert len(waits) == 1
    assert server.requests[-1].headers["X-Mine"] == "yes"


def test_hooks_session_attrs_and_user_agent(server: LocalServer) -> None:
    server.route("GET", "/ok", scripted(Reply({"ok": 1})))
    seen: list[int] = []
    client = Client(
        hooks={
            "response": lambda response, *args, **kwargs: seen.append(
                response.status_code
            )
        },
        session_attrs={"max_redirects": 3},
        max_connections=7,
    )
    client.get(server.url + "/ok")
    assert seen == [200]
    assert client.session.max_redirects == 3
    assert server.requests[-1].headers["User-Agent"].startswith("restwright-runtime/")


def test_module_level_functions_use_a_default_client(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0")
    monkeypatch.setattr(rw, "_default_client", None)
    server.route("GET", "/flaky", scripted(Reply({}, status=500), Reply({"ok": 1})))
    server.route(
        "POST", "/items", lambda request: Reply({"got": request.json}, status=201)
    )
    assert rw.get(server.url + "/flaky").json() == {"ok": 1}
    assert rw.post(server.url + "/items", json={"a": 1}).json() == {"got": {"a": 1}}
    assert isinstance(rw.client, Client)
    assert rw.client.policy.backoff_factor == 0
    assert (
        rw.Response is plain_requests.Response
        and rw.HTTPError is plain_requests.HTTPError
    )


# --------------------------------------------------------------------------- errors and redaction


def test_http_error_text_is_redacted_and_typed(server: LocalServer) -> None:
    server.route("GET", "/missing", scripted(Reply({"detail": "nope"}, status=404)))
    client, _ = quiet_client()
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/missing", params={"api_key": "SECRET1", "page": "2"})
    error = info.value
    assert (
        str(error)
        == f"HTTP 404 Not Found for GET {server.url}/missing?api_key=***&page=2: nope"
    )  # the API's own message is shown (issue 13), the full body only when asked for
    assert "SECRET1" not in str(error) and "Response body" not in str(error)
    assert error.status_code == 404 and error.method == "GET"
    assert error.url == f"{server.url}/missing?api_key=***&page=2"
    assert isinstance(
        error, plain_requests.HTTPError
    )  # dlt-style `except requests.HTTPError`
    assert error.response is not None and error.response.status_code == 404
    assert error.request is not None


def test_http_error_body_only_when_asked_and_capped(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("GET", "/bad", scripted(Reply("x" * 2000, status=400, raw=True)))
    server.route(
        "GET", "/short", scripted(Reply({"error": "Invalid date"}, status=400))
    )
    client, _ = quiet_client()
    monkeypatch.setenv("RUNTIME__HTTP_SHOW_ERROR_BODY", "true")
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/short")
    assert str(info.value).endswith('Response body: {"error": "Invalid date"}')
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/bad")
    assert "x" * 500 in str(info.value) and "x" * 501 not in str(info.value)
    assert "1500 more characters" in str(info.value)
    monkeypatch.setenv("RUNTIME__HTTP_MAX_ERROR_BODY_LENGTH", "10")
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/bad")
    assert "x" * 11 not in str(info.value)


def test_raise_for_status_function(server: LocalServer) -> None:
    server.route("GET", "/gone", scripted(Reply({}, status=410)))
    server.route("GET", "/fine", scripted(Reply({})))
    plain = plain_requests.Session()
    raise_for_status(plain.get(server.url + "/fine"))
    with pytest.raises(
        exceptions.HTTPError, match=r"^HTTP 410 Gone for GET .*/gone\?appid=\*\*\*$"
    ):
        raise_for_status(
            plain.get(server.url + "/gone?appid=abc"), extra_names=["appid"]
        )


class SignatureAuth(AuthConfigBase):
    """A custom auth that signs requests with a query parameter dlt's list does not know."""

    def sensitive_names(self) -> tuple[str, ...]:
        return ("sig",)

    def __call__(
        self, request: plain_requests.PreparedRequest
    ) -> plain_requests.PreparedRequest:
        request.prepare_url(request.url, {"sig": "SIGNATURE-SECRET"})
        return request


def test_custom_auth_sensitive_names_reach_the_error(server: LocalServer) -> None:
    server.route("GET", "/denied", scripted(Reply({}, status=403)))
    client, _ = quiet_client()
    with pytest.raises(exceptions.HTTPError) as info:
        client.get(server.url + "/denied", auth=SignatureAuth())
    assert "SIGNATURE-SECRET" not in str(info.value)
    assert "sig=***" in str(info.value)


def test_debug_logs_never_show_secrets(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("GET", "/flaky", scripted(Reply({}, status=503), Reply({"ok": 1})))
    client, _ = quiet_client(request_backoff_factor=0.001)
    auth = APIKeyAuth(name="appid", api_key="APPID-SECRET", location="query")
    with caplog.at_level(logging.DEBUG, logger="restwright_runtime"):
        client.get(
            server.url + "/flaky", params={"token": "TOKEN-SECRET", "q": "x"}, auth=auth
        )
    assert server.requests[-1].query["appid"] == "APPID-SECRET"  # really sent...
    text = caplog.text
    assert "/flaky" in text and "HTTP 503" in text and "retrying" in text
    assert "appid=***" in text and "token=***" in text
    assert "APPID-SECRET" not in text and "TOKEN-SECRET" not in text  # ...never logged


@pytest.mark.parametrize(
    "value, on",
    [("1", True), (" True ", True), ("yes", True), ("0", False), ("", False)],
)
def test_env_flag_reads_dlt_style_booleans(
    monkeypatch: pytest.MonkeyPatch, value: str, on: bool
) -> None:
    """The client reads RUNTIME__HTTP_SHOW_ERROR_BODY through this too."""
    monkeypatch.setenv("RESTWRIGHT_TEST_FLAG", value)
    assert rw.env_flag("RESTWRIGHT_TEST_FLAG") is on
    monkeypatch.delenv("RESTWRIGHT_TEST_FLAG")
    assert rw.env_flag("RESTWRIGHT_TEST_FLAG") is False
