"""One origin rule for next-page links and redirects: the same cases, through both paths.

`leaves_origin` decides; these tests pin that a next link and a redirect to the same URL get
the same answer. Cases a local server can play (another host name, another port) run against
real servers; the cases that need ports 80/443 and TLS (the http -> https upgrade) go through
a recording transport mounted on the client's session, as the test server cannot serve them.
Last, what the rule keeps on purpose: the caller's own query parameters, when the server sends
them on to another host (see the `credentials` module docstring).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

import pytest
from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from restwright_runtime import RESTClient
from restwright_runtime.auth import APIKeyAuth
from restwright_runtime.credentials import leaves_origin
from restwright_runtime.redact import registered_sensitive_names
from restwright_runtime.paginators import (
    BasePaginator,
    JSONLinkPaginator,
    SinglePagePaginator,
)
from tests.support.server import LocalServer, Reply, Request, serve

HOME = "http://api.example/items"

# (the URL the next link or redirect names, whether credentials may go there), from HOME.
CASES: list[tuple[str, bool]] = [
    ("http://api.example/more", True),
    ("http://API.example:80/more", True),  # host case and the explicit default port
    ("https://api.example/more", True),  # upgrade to TLS on the default ports
    ("https://api.example:443/more", True),
    ("https://api.example:8443/more", False),  # an upgrade, but to another port
    ("http://api.example:8080/more", False),
    ("http://files.example/more", False),
    ("http://api.example.evil/more", False),
    ("http://api.example@evil.example/more", False),  # userinfo, not the host
]

# Cases off the default ports, from another home: the upgrade exception stays narrow.
OTHER_CASES: list[tuple[str, str, bool]] = [
    ("https://api.example/items", "http://api.example/more", False),  # downgrade
    ("http://api.example:8080/items", "https://api.example:8443/more", False),
    ("http://api.example:8080/items", "http://api.example:8080/more", True),
    ("http://api.example/items", "http://api.example:99999/more", False),  # bad port
    ("http://api.example/items", "/more", False),  # no host: never trusted
]

SECRETS = ("SECRETQ", "SECRETH")


@pytest.mark.parametrize(
    "home, url, kept", [(HOME, url, kept) for url, kept in CASES] + OTHER_CASES
)
def test_leaves_origin(home: str, url: str, kept: bool) -> None:
    assert leaves_origin(home, url) is not kept


def test_leaves_origin_without_a_home_strips() -> None:
    assert leaves_origin("", "http://api.example/more")


# --- both paths through the client -----------------------------------------------------------


class RecordingTransport(BaseAdapter):
    """Answers every request from `reply(url)` and keeps what was sent; no network."""

    def __init__(self, reply: Callable[[str], tuple[int, Any, dict[str, str]]]):
        super().__init__()
        self.reply = reply
        self.sent: list[PreparedRequest] = []

    def send(
        self,
        request: PreparedRequest,
        stream: Any = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> Response:
        self.sent.append(request)
        status, body, headers = self.reply(request.url or "")
        response = Response()
        response.status_code = status
        response.reason = "OK" if status < 300 else "Found"
        response.headers = CaseInsensitiveDict(
            {"Content-Type": "application/json", **headers}
        )
        response._content = json.dumps(body).encode()
        setattr(response, "_content_consumed", True)  # as after a real read
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def secrets_in(url: str, headers: Mapping[str, str]) -> list[str]:
    seen = " ".join([url, *headers.values()])
    return [secret for secret in SECRETS if secret in seen]


def client_for(home_base: str) -> RESTClient:
    """Credentials in the query (an auth) and in a header (the client's own headers)."""
    return RESTClient(
        home_base,
        headers={"X-Api-Key": "SECRETH", "X-Trace": "t-1"},
        auth=APIKeyAuth(name="api_key", api_key="SECRETQ", location="query"),
    )


def run(client: RESTClient, path: str, how: str, target: str) -> list[Any]:
    """Page through `path`, whose response names `target` as a next link or a redirect."""
    paginator: BasePaginator = (
        JSONLinkPaginator() if how == "next_link" else SinglePagePaginator()
    )
    pages = client.paginate(path, paginator=paginator, data_selector="results")
    return [record for page in pages for record in page]


def first_reply(how: str, target: str) -> tuple[int, Any, dict[str, str]]:
    if how == "next_link":
        return 200, {"results": [1], "next": target}, {}
    return 302, {"moved": True}, {"Location": target}


@pytest.mark.parametrize("how", ["next_link", "redirect"])
@pytest.mark.parametrize("target, kept", CASES)
def test_next_link_and_redirect_follow_one_rule(
    how: str, target: str, kept: bool
) -> None:
    def reply(url: str) -> tuple[int, Any, dict[str, str]]:
        if urlsplit(url).path == "/items":
            return first_reply(how, target)
        return 200, {"results": [2]}, {}

    client = client_for("http://api.example")
    transport = RecordingTransport(reply)
    client.session.mount("http://", transport)
    client.session.mount("https://", transport)
    expected = [1, 2] if how == "next_link" else [2]
    assert run(client, "/items", how, target) == expected
    first, followed = transport.sent
    assert secrets_in(first.url or "", first.headers) == list(SECRETS)
    assert urlsplit(followed.url).path == "/more"
    assert secrets_in(followed.url or "", followed.headers) == (
        list(SECRETS) if kept else []
    )
    assert followed.headers["X-Trace"] == "t-1"  # only credentials are dropped


# --- the same, against real servers ---------------------------------------------------------


@pytest.fixture
def other() -> Iterator[LocalServer]:
    yield from serve()


def with_host(url: str, host: str) -> str:
    return urlsplit(url)._replace(netloc=f"{host}:{urlsplit(url).port}").geturl()


LOCAL_CASES: dict[str, Callable[[LocalServer, LocalServer], tuple[str, bool]]] = {
    "same origin": lambda server, other: (server.url, True),
    "another host name, same port": lambda server, other: (
        with_host(server.url, "localhost"),
        False,
    ),
    "same host, another port": lambda server, other: (other.url, False),
}


@pytest.mark.parametrize("how", ["next_link", "redirect"])
@pytest.mark.parametrize("case", sorted(LOCAL_CASES))
def test_next_link_and_redirect_follow_one_rule_over_sockets(
    server: LocalServer, other: LocalServer, how: str, case: str
) -> None:
    base, kept = LOCAL_CASES[case](server, other)
    target = f"{base}/more"
    status, body, headers = first_reply(how, target)
    server.route("GET", "/items", lambda r: Reply(body, status=status, headers=headers))
    for each in (server, other):
        each.route("GET", "/more", lambda r: Reply({"results": [2]}))
    assert run(client_for(server.url), "/items", how, target)[-1] == 2
    first = server.requests[0]
    (followed,) = [r for r in server.requests + other.requests if r.path == "/more"]
    assert secrets_in(first.url, first.headers) == list(SECRETS)
    assert secrets_in(followed.url, followed.headers) == (list(SECRETS) if kept else [])
    assert followed.headers["X-Trace"] == "t-1"


# --- kept on purpose: the caller's own query parameters ------------------------------------


def echo_to(how: str, target: str) -> Callable[[Request], Reply]:
    """The first page names `target` plus the query it was sent (the caller's parameters)."""

    def handle(request: Request) -> Reply:
        status, body, headers = first_reply(
            how, f"{target}?{urlsplit(request.url).query}"
        )
        return Reply(body, status=status, headers=dict(headers))

    return handle


def follow_echo(
    server: LocalServer, other: LocalServer, how: str, name: str
) -> Request:
    """Page through a first page that sends the caller's `name` on to another host."""
    target = f"{with_host(other.url, 'localhost')}/moved"
    server.route("GET", "/items", echo_to(how, target))
    other.route("GET", "/moved", lambda r: Reply({"results": [2]}))
    client = RESTClient(server.url)  # no auth: `name` is the caller's own parameter
    paginator: BasePaginator = (
        JSONLinkPaginator() if how == "next_link" else SinglePagePaginator()
    )
    pages = client.paginate(
        "/items",
        params={name: "CALLERSECRET", "page": "2"},
        paginator=paginator,
        data_selector="results",
    )
    assert [record for page in pages for record in page][-1] == 2
    (moved,) = other.requests
    return moved


@pytest.mark.parametrize("how", ["next_link", "redirect"])
def test_callers_secret_looking_param_follows_the_server_to_another_host(
    server: LocalServer,
    other: LocalServer,
    how: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Signed download URLs need their tokens: only an auth's names are stripped off-origin."""
    name = "token"  # in dlt's list of secret query names, so redacted in logs
    assert name not in registered_sensitive_names(), "an auth in this run announced it"
    caplog.set_level(logging.DEBUG)
    moved = follow_echo(server, other, how, name)
    assert moved.query == {name: "CALLERSECRET", "page": "2"}
    logged = [r.getMessage() for r in caplog.records if "/moved" in r.getMessage()]
    assert logged and all(f"{name}=***" in line for line in logged)
    assert "CALLERSECRET" not in caplog.text


@pytest.mark.parametrize("how", ["next_link", "redirect"])
def test_a_name_an_auth_announced_is_stripped_even_from_callers_params(
    server: LocalServer, other: LocalServer, how: str
) -> None:
    """The registry of auth names is process-wide: creating the auth is enough."""
    name = f"x_restwright_announced_{how}"
    APIKeyAuth(name=name, api_key="unused", location="query")
    moved = follow_echo(server, other, how, name)
    assert moved.query == {"page": "2"}
