"""OAuth2 client-credentials token requests never follow a redirect to another origin.

A 307/308 keeps the method and the body, so following one re-posts `client_secret` to whatever
host the token endpoint names. Two real local servers: the token endpoint at 127.0.0.1:<p1> and
"another host" at localhost:<p2>.
"""

from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.auth import OAuth2ClientCredentials
from restwright_runtime.exceptions import AuthError
from restwright_runtime.requests import Client
from tests.support.server import LocalServer, Reply, Request, serve

CLIENT_SECRET = "CLIENTSECRET1"


@pytest.fixture
def other() -> Iterator[LocalServer]:
    yield from serve()


def other_url(other: LocalServer) -> str:
    return f"http://localhost:{urlsplit(other.url).port}"


def token_reply(token: str) -> Any:
    return lambda request: Reply({"access_token": token, "expires_in": 3600})


def moved(status: int, location: str) -> Any:
    return lambda request: Reply({}, status=status, headers={"Location": location})


def credentials(token_url: str, **kwargs: Any) -> OAuth2ClientCredentials:
    kwargs.setdefault("session", Client(raise_for_status=False).session)
    return OAuth2ClientCredentials(
        token_url, client_id="app", client_secret=CLIENT_SECRET, **kwargs
    )


def api_with(server: LocalServer, auth: OAuth2ClientCredentials) -> RESTClient:
    server.route(
        "GET", "/items", lambda r: Reply({"token": r.headers["Authorization"]})
    )
    return RESTClient(server.url, auth=auth)


def nothing_reached(other: LocalServer) -> bool:
    return all(CLIENT_SECRET not in r.body.decode() for r in other.requests) and (
        other.requests == []
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_is_refused_before_anything_is_sent_there(
    server: LocalServer, other: LocalServer, status: int
) -> None:
    server.route("POST", "/token", moved(status, f"{other_url(other)}/token"))
    other.route("POST", "/token", token_reply("STOLEN"))
    other.route("GET", "/token", token_reply("STOLEN"))
    client = api_with(server, credentials(server.url + "/token"))
    with pytest.raises(AuthError) as info:
        client.request_json("/items")
    message = str(info.value)
    assert "another origin" in message and f"HTTP {status}" in message
    assert f"localhost:{urlsplit(other.url).port}" in message
    assert nothing_reached(other)
    assert [r.path for r in server.requests] == ["/token"]  # the API never saw a token


@pytest.mark.parametrize("status", [307, 308])
def test_a_same_origin_redirect_is_followed_and_reposts_there_only(
    server: LocalServer, other: LocalServer, status: int
) -> None:
    server.route("POST", "/token", moved(status, "/oauth/v2/token"))
    server.route("POST", "/oauth/v2/token", token_reply("good-token"))
    client = api_with(server, credentials(server.url + "/token"))
    assert client.request_json("/items") == {"token": "Bearer good-token"}
    first, second, api = server.requests
    assert [first.path, second.path, api.path] == [
        "/token",
        "/oauth/v2/token",
        "/items",
    ]
    assert f"client_secret={CLIENT_SECRET}" in second.body.decode()
    assert other.requests == []


def test_a_same_origin_see_other_is_followed_as_get_without_the_body(
    server: LocalServer,
) -> None:
    """requests' rule for 301/302/303 after a POST: GET, and the body (the secret) stays behind."""
    server.route("POST", "/token", moved(303, "/token/result"))
    server.route("GET", "/token/result", token_reply("via-get"))
    client = api_with(server, credentials(server.url + "/token"))
    assert client.request_json("/items") == {"token": "Bearer via-get"}
    result = server.requests[1]
    assert (result.method, result.body) == ("GET", b"")


def test_same_origin_then_another_origin_is_refused(
    server: LocalServer, other: LocalServer
) -> None:
    """The origin is the token URL's, not the previous hop's: A -> A' -> B stops at B."""
    server.route("POST", "/token", moved(307, "/token2"))
    server.route("POST", "/token2", moved(307, f"{other_url(other)}/token"))
    other.route("POST", "/token", token_reply("STOLEN"))
    with pytest.raises(AuthError, match="another origin"):
        api_with(server, credentials(server.url + "/token")).request_json("/items")
    assert nothing_reached(other)


def test_endless_same_origin_redirects_end_with_an_auth_error(
    server: LocalServer,
) -> None:
    server.route("POST", "/token", moved(307, "/token"))
    with pytest.raises(AuthError, match="redirect"):
        api_with(server, credentials(server.url + "/token")).request_json("/items")
    assert len(server.requests) <= 11


class FollowsEverything(requests.Session):
    """A caller's session that follows redirects whatever it is asked: a token must still be refused."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = True
        return super().request(*args, **kwargs)


def test_a_token_that_came_from_another_origin_is_never_accepted(
    server: LocalServer, other: LocalServer
) -> None:
    server.route("POST", "/token", moved(307, f"{other_url(other)}/token"))
    other.route("POST", "/token", token_reply("FOREIGN"))
    auth = credentials(server.url + "/token", session=FollowsEverything())
    with pytest.raises(AuthError, match="another origin"):
        api_with(server, auth).request_json("/items")
    assert auth.access_token is None
    assert [r.path for r in server.requests] == ["/token"]
