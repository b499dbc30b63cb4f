"""Every auth kind against a real local server, including an OAuth2 token endpoint on it."""

from __future__ import annotations

import base64
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator
from urllib.parse import parse_qs

import pytest
import requests as plain_requests

from restwright_runtime import exceptions
from restwright_runtime.auth import (
    APIKeyAuth,
    AuthConfigBase,
    BearerTokenAuth,
    HttpBasicAuth,
    OAuth2ClientCredentials,
)
from restwright_runtime.requests import Client
from tests.support.server import LocalServer, Reply, Request, serve

CLIENT_SECRET = "CLIENT-SECRET-VALUE"


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    yield from serve()


@pytest.fixture
def server(shared_server: LocalServer) -> LocalServer:
    """One real server per module (stopping one takes half a second), reset for every test."""
    shared_server.routes.clear()
    shared_server.requests.clear()
    shared_server.route("GET", "/echo", echo)
    return shared_server


def echo(request: Request) -> Reply:
    return Reply({"headers": request.headers, "query": request.query_all})


def fast_session() -> plain_requests.Session:
    """A retrying session that records waits instead of sleeping."""
    client = Client(request_backoff_factor=0.001)
    client.sleep = lambda _seconds: None
    return client.session


def hits(server: LocalServer, path: str) -> int:
    return sum(1 for r in server.requests if r.path == path)


# --------------------------------------------------------------------------- simple auths


def test_bearer_token(server: LocalServer) -> None:
    seen = fast_session().get(server.url + "/echo", auth=BearerTokenAuth("tok")).json()
    assert seen["headers"]["Authorization"] == "Bearer tok"


@pytest.mark.parametrize("token", [None, ""])
def test_bearer_without_token_is_an_auth_error_not_bearer_none(
    server: LocalServer, token: str | None
) -> None:
    with pytest.raises(exceptions.AuthError, match="no token"):
        fast_session().get(server.url + "/echo", auth=BearerTokenAuth(token))
    assert server.requests == []


def test_api_key_in_header(server: LocalServer) -> None:
    auth = APIKeyAuth(name="X-API-Key", api_key="k-1")
    seen = fast_session().get(server.url + "/echo", auth=auth).json()
    assert seen["headers"]["X-API-Key"] == "k-1"
    assert auth.sensitive_names() == ("X-API-Key",)


def test_api_key_default_name_is_authorization(server: LocalServer) -> None:
    seen = (
        fast_session().get(server.url + "/echo", auth=APIKeyAuth(api_key="raw")).json()
    )
    assert seen["headers"]["Authorization"] == "raw"


@pytest.mark.parametrize("location", ["query", "param"])
def test_api_key_in_query_replaces_a_stale_value(
    server: LocalServer, location: Any
) -> None:
    auth = APIKeyAuth(name="api_key", api_key="a b&c", location=location)
    seen = (
        fast_session()
        .get(server.url + "/echo", params={"api_key": "old", "page": "2"}, auth=auth)
        .json()
    )
    assert seen["query"] == {"api_key": ["a b&c"], "page": ["2"]}


def test_api_key_in_cookie_keeps_other_cookies(server: LocalServer) -> None:
    auth = APIKeyAuth(name="session_key", api_key="c-1", location="cookie")
    seen = (
        fast_session()
        .get(server.url + "/echo", cookies={"theme": "dark"}, auth=auth)
        .json()
    )
    assert seen["headers"]["Cookie"] == "theme=dark; session_key=c-1"


def test_api_key_errors() -> None:
    with pytest.raises(ValueError, match="location"):
        APIKeyAuth(name="k", api_key="v", location="body")  # type: ignore[arg-type]
    request = plain_requests.Request("GET", "http://127.0.0.1/x").prepare()
    with pytest.raises(exceptions.AuthError, match="'X-Key' has no api_key"):
        APIKeyAuth(name="X-Key")(request)


def test_http_basic(server: LocalServer) -> None:
    seen = (
        fast_session()
        .get(server.url + "/echo", auth=HttpBasicAuth("ann", "pä:ss"))
        .json()
    )
    scheme, encoded = seen["headers"]["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == "ann:pä:ss"


def test_http_basic_allows_an_empty_password_but_not_nothing(
    server: LocalServer,
) -> None:
    seen = (
        fast_session()
        .get(server.url + "/echo", auth=HttpBasicAuth("sk_live", ""))
        .json()
    )
    assert base64.b64decode(seen["headers"]["Authorization"][6:]) == b"sk_live:"
    with pytest.raises(exceptions.AuthError):
        fast_session().get(server.url + "/echo", auth=HttpBasicAuth())


def test_custom_auth_subclass(server: LocalServer) -> None:
    class CustomAuth(AuthConfigBase):
        def __init__(self, token: str) -> None:
            self.token = token

        def __call__(
            self, request: plain_requests.PreparedRequest
        ) -> plain_requests.PreparedRequest:
            request.headers["Authorization"] = f"Custom {self.token}"
            return request

    seen = fast_session().get(server.url + "/echo", auth=CustomAuth("c")).json()
    assert seen["headers"]["Authorization"] == "Custom c"
    assert CustomAuth("c").sensitive_names() == ()


def test_reprs_hide_secrets() -> None:
    auths = [
        BearerTokenAuth("SECRET-A"),
        APIKeyAuth("X-Key", "SECRET-B"),
        HttpBasicAuth("user", "SECRET-C"),
        OAuth2ClientCredentials(
            "https://h/token?client_secret=SECRET-D", "id", "SECRET-E"
        ),
    ]
    for auth in auths:
        assert "SECRET" not in repr(auth), repr(auth)


# --------------------------------------------------------------------------- OAuth2


class TokenEndpoint:
    """POST /token issuing tok-1, tok-2, ...; GET /resource accepts only tokens still valid."""

    def __init__(
        self, server: LocalServer, expires_in: int | None = 100, delay: float = 0
    ) -> None:
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.forms: list[dict[str, list[str]]] = []
        self.expires_in = expires_in
        self.delay = delay
        self._lock = threading.Lock()
        server.route("POST", "/token", self.token)
        server.route("GET", "/resource", self.resource)

    def token(self, request: Request) -> Reply:
        time.sleep(self.delay)
        with self._lock:
            self.forms.append(parse_qs(request.body.decode()))
            token = f"tok-{len(self.issued) + 1}"
            self.issued.append(token)
            self.valid.add(token)
        body: dict[str, Any] = {"access_token": token, "token_type": "bearer"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return Reply(body)

    def resource(self, request: Request) -> Reply:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.valid:
            return Reply({"error": "invalid_token"}, status=401)
        return Reply({"token": token})


def oauth(server: LocalServer, **kwargs: Any) -> OAuth2ClientCredentials:
    kwargs.setdefault("session", fast_session())
    return OAuth2ClientCredentials(
        server.url + "/token", "my-client", CLIENT_SECRET, **kwargs
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_request_is_dlt_shaped_and_token_is_cached(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server)
    auth = oauth(server, access_token_request_data={"scope": "read"})
    session = fast_session()
    for _ in range(3):
        assert session.get(server.url + "/resource", auth=auth).json() == {
            "token": "tok-1"
        }
    assert endpoint.issued == ["tok-1"]
    assert endpoint.forms == [
        {
            "client_id": ["my-client"],
            "client_secret": [CLIENT_SECRET],
            "grant_type": ["client_credentials"],
            "scope": ["read"],
        }
    ]
    token_request = next(r for r in server.requests if r.path == "/token")
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_token_is_refreshed_before_it_expires(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server, expires_in=100)  # margin: a tenth, 10 s
    auth = oauth(server)
    auth._clock = clock = FakeClock()
    session = fast_session()
    assert session.get(server.url + "/resource", auth=auth).json()["token"] == "tok-1"
    clock.now += 89
    assert session.get(server.url + "/resource", auth=auth).json()["token"] == "tok-1"
    clock.now += 2
    assert session.get(server.url + "/resource", auth=auth).json()["token"] == "tok-2"
    assert endpoint.issued == ["tok-1", "tok-2"]


def test_long_tokens_refresh_a_minute_early(server: LocalServer) -> None:
    TokenEndpoint(server, expires_in=3600)
    auth = oauth(server)
    auth._clock = clock = FakeClock()
    prepared = plain_requests.Request("GET", server.url + "/resource").prepare()
    auth(prepared)
    clock.now += 3539
    assert not auth.is_token_expired()
    clock.now += 2
    assert auth.is_token_expired()


def test_default_token_expiration_when_expires_in_is_absent(
    server: LocalServer,
) -> None:
    TokenEndpoint(server, expires_in=None)
    auth = oauth(server, default_token_expiration=20)
    auth._clock = clock = FakeClock()
    auth(plain_requests.Request("GET", server.url + "/resource").prepare())
    assert auth.token_expiry is not None
    assert auth.token_expiry.timestamp() == clock.now + 20
    clock.now += 17.9
    assert not auth.is_token_expired()
    clock.now += 0.2
    assert auth.is_token_expired()


def test_401_refreshes_and_resends_once(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server, expires_in=3600)
    auth = oauth(server)
    session = fast_session()
    assert session.get(server.url + "/resource", auth=auth).json() == {"token": "tok-1"}
    endpoint.valid.clear()  # the server revokes tok-1 early
    response = session.get(server.url + "/resource", auth=auth)
    assert response.json() == {"token": "tok-2"}
    assert [r.status_code for r in response.history] == [401]
    assert hits(server, "/resource") == 3 and endpoint.issued == ["tok-1", "tok-2"]


def test_persistent_401_is_not_a_loop(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server)
    server.route(
        "GET", "/resource", lambda _request: Reply({"error": "nope"}, status=401)
    )
    with pytest.raises(exceptions.HTTPError) as info:
        fast_session().get(server.url + "/resource", auth=oauth(server))
    assert info.value.status_code == 401
    assert hits(server, "/resource") == 2 and len(endpoint.issued) == 2


def test_concurrent_first_use_fetches_one_token(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server, delay=0.2)
    auth = oauth(server)
    session = fast_session()
    results: list[str] = []

    def call() -> None:
        results.append(session.get(server.url + "/resource", auth=auth).json()["token"])

    # 5 threads: the test server's listen backlog is 5; more would wait for SYN retransmits
    threads = [threading.Thread(target=call) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["tok-1"] * 5
    assert endpoint.issued == ["tok-1"]


def test_concurrent_401s_refresh_once(server: LocalServer) -> None:
    endpoint = TokenEndpoint(server, expires_in=3600, delay=0.05)
    auth = oauth(server)
    prepared = [
        plain_requests.Request("GET", server.url + "/resource").prepare()
        for _ in range(6)
    ]
    for request in prepared:
        auth(request)  # all carry tok-1
    endpoint.valid.clear()
    session = fast_session()
    results: list[Any] = []

    def send(request: plain_requests.PreparedRequest) -> None:
        results.append(session.send(request).json()["token"])

    threads = [threading.Thread(target=send, args=(request,)) for request in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["tok-2"] * 6
    assert endpoint.issued == ["tok-1", "tok-2"]


def test_token_endpoint_failure_is_a_clear_auth_error(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(
        "POST", "/token", lambda _r: Reply({"error": "invalid_client"}, status=401)
    )
    monkeypatch.setenv("RUNTIME__HTTP_SHOW_ERROR_BODY", "1")
    with pytest.raises(exceptions.AuthError) as info:
        fast_session().get(server.url + "/echo", auth=oauth(server))
    message = str(info.value)
    assert "HTTP 401" in message and "POST" in message and "/token" in message
    assert "invalid_client" in message  # the body helps, and holds no secret
    assert CLIENT_SECRET not in message
    assert hits(server, "/echo") == 0  # never sent with "Bearer None"


def test_token_endpoint_http_error_is_a_requests_http_error(
    server: LocalServer,
) -> None:
    """dlt raises `requests.HTTPError` here; code written for dlt catches that."""
    server.route(
        "POST", "/token", lambda _r: Reply({"error": "invalid_client"}, status=401)
    )
    with pytest.raises(plain_requests.HTTPError) as info:
        fast_session().get(server.url + "/echo", auth=oauth(server))
    assert isinstance(info.value, exceptions.AuthError)
    assert isinstance(info.value, exceptions.TokenEndpointError)
    assert info.value.response is not None
    assert info.value.response.status_code == 401
    assert CLIENT_SECRET not in str(info.value)


def test_token_expiry_is_a_date_callers_can_move(server: LocalServer) -> None:
    """dlt's `token_expiry` is a datetime: setting it earlier makes the next call refresh."""
    endpoint = TokenEndpoint(server, expires_in=3600)
    auth = oauth(server)
    session = fast_session()
    assert auth.token_expiry is None
    before = datetime.now(timezone.utc)
    assert session.get(server.url + "/resource", auth=auth).json()["token"] == "tok-1"
    expiry = auth.token_expiry
    assert expiry is not None and expiry.tzinfo is not None
    assert before + timedelta(seconds=3590) < expiry < before + timedelta(seconds=3610)
    assert not auth.is_token_expired()
    auth.token_expiry = datetime.now(timezone.utc) - timedelta(seconds=1)
    assert auth.is_token_expired()
    assert session.get(server.url + "/resource", auth=auth).json()["token"] == "tok-2"
    assert auth.token_expiry is not None and auth.token_expiry > expiry - timedelta(1)
    assert endpoint.issued == ["tok-1", "tok-2"]


@pytest.mark.parametrize(
    "reply, match",
    [
        (Reply({"token_type": "bearer"}), "without an access_token"),
        (Reply({"access_token": ""}), "without an access_token"),
        (Reply("<html>", raw=True), "did not answer with JSON"),
    ],
)
def test_unusable_token_responses(
    server: LocalServer, reply: Reply, match: str
) -> None:
    server.route("POST", "/token", lambda _r: reply)
    with pytest.raises(exceptions.AuthError, match=match):
        fast_session().get(server.url + "/echo", auth=oauth(server))
    assert hits(server, "/echo") == 0


def test_unreachable_token_endpoint(server: LocalServer) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    auth = OAuth2ClientCredentials(
        f"http://127.0.0.1:{port}/token?client_secret={CLIENT_SECRET}",
        "id",
        CLIENT_SECRET,
        session=fast_session(),
    )
    with pytest.raises(exceptions.AuthError, match="ConnectionError") as info:
        fast_session().get(server.url + "/echo", auth=auth)
    assert CLIENT_SECRET not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_token_endpoint_503_is_retried_by_the_token_session(
    server: LocalServer,
) -> None:
    replies = [Reply({}, status=503), Reply({"access_token": "t-ok", "expires_in": 60})]
    server.route("POST", "/token", lambda _r: replies.pop(0))
    seen = fast_session().get(server.url + "/echo", auth=oauth(server)).json()
    assert seen["headers"]["Authorization"] == "Bearer t-ok"


def test_build_access_token_request_override(server: LocalServer) -> None:
    """Zoom-style: credentials as HTTP basic, custom grant, and no "url" key (dlt's example)."""

    class OAuth2ClientCredentialsHTTPBasic(OAuth2ClientCredentials):
        def build_access_token_request(self) -> dict[str, Any]:
            pair = base64.b64encode(
                f"{self.client_id}:{self.client_secret}".encode()
            ).decode()
            return {
                "headers": {
                    "Authorization": f"Basic {pair}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                "data": self.access_token_request_data,
            }

    endpoint = TokenEndpoint(server)
    auth = OAuth2ClientCredentialsHTTPBasic(
        server.url + "/token",
        "zoom-id",
        CLIENT_SECRET,
        access_token_request_data={
            "grant_type": "account_credentials",
            "account_id": "acc",
        },
        session=fast_session(),
    )
    assert fast_session().get(server.url + "/resource", auth=auth).json() == {
        "token": "tok-1"
    }
    token_request = next(r for r in server.requests if r.path == "/token")
    assert base64.b64decode(token_request.headers["Authorization"][6:]).decode() == (
        f"zoom-id:{CLIENT_SECRET}"
    )
    assert endpoint.forms == [
        {"grant_type": ["account_credentials"], "account_id": ["acc"]}
    ]


def test_default_token_session_is_a_retrying_session() -> None:
    from restwright_runtime.requests import RetrySession

    auth = OAuth2ClientCredentials("http://127.0.0.1:9/token", "id", "secret")
    assert isinstance(auth.session, RetrySession)
    assert auth.sensitive_names() == ("Authorization", "client_secret")
