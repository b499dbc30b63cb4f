"""Redirects never carry credentials to another origin; same-origin redirects keep them.

Two real local servers: the API at 127.0.0.1:<p1> and "another host" addressed as
localhost:<p2> (another host name and port: another origin).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest
import requests

from restwright_runtime import RESTClient
from restwright_runtime.auth import APIKeyAuth, BearerTokenAuth, OAuth2ClientCredentials
from restwright_runtime.paginators import SinglePagePaginator
from restwright_runtime.requests import Client
from tests.support.server import LocalServer, Reply, Request, serve

RECORDS = [{"id": 1}, {"id": 2}]


@pytest.fixture
def other() -> Iterator[LocalServer]:
    yield from serve()


def other_url(other: LocalServer) -> str:
    """The second server under another host name: another origin."""
    return f"http://localhost:{urlsplit(other.url).port}"


def redirect_to(location: Callable[[Request], str]) -> Callable[[Request], Reply]:
    return lambda request: Reply(
        {"moved": True}, status=302, headers={"Location": location(request)}
    )


def records(request: Request) -> Reply:
    return Reply({"results": RECORDS})


def fetch(client: RESTClient, path: str, how: str) -> list[Any]:
    """The records at `path`, through `paginate` or through `get`."""
    if how == "paginate":
        pages = client.paginate(
            path, paginator=SinglePagePaginator(), data_selector="results"
        )
        return [record for page in pages for record in page]
    response = client.get(path)
    assert response.status_code == 200
    results: list[Any] = response.json()["results"]
    return results


def leaked(request: Request, *secrets: str) -> list[str]:
    """Every secret found anywhere in what the server received."""
    seen = " ".join([request.url, *request.headers.keys(), *request.headers.values()])
    return [secret for secret in secrets if secret in seen]


def lower_keys(request: Request) -> set[str]:
    return {name.lower() for name in request.headers}


@pytest.mark.parametrize("how", ["paginate", "get"])
def test_api_key_header_not_sent_to_another_host(
    server: LocalServer, other: LocalServer, how: str
) -> None:
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", records)
    client = RESTClient(
        server.url,
        headers={"X-Api-Key-2": "SECRET3", "X-Trace": "trace-1"},
        auth=APIKeyAuth(name="X-API-Key", api_key="SECRET2"),
    )
    assert fetch(client, "/items", how) == RECORDS
    first = server.requests[0].headers
    assert first["X-API-Key"] == "SECRET2" and first["X-Api-Key-2"] == "SECRET3"
    (moved,) = other.requests
    assert leaked(moved, "SECRET2", "SECRET3") == []
    assert "x-api-key" not in lower_keys(moved)
    # Only credentials go: an ordinary header still travels.
    assert moved.headers["X-Trace"] == "trace-1"


@pytest.mark.parametrize("how", ["paginate", "get"])
def test_client_header_credentials_not_sent_to_another_host(
    server: LocalServer, other: LocalServer, how: str
) -> None:
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", records)
    client = RESTClient(
        server.url,
        headers={"X-Api-Key": "SECRETH", "Authorization": "Token SECRETA"},
    )
    assert fetch(client, "/items", how) == RECORDS
    assert server.requests[0].headers["X-Api-Key"] == "SECRETH"
    assert leaked(other.requests[0], "SECRETH", "SECRETA") == []


@pytest.mark.parametrize("how", ["paginate", "get"])
@pytest.mark.parametrize("name", ["api_key", "appid"])
def test_query_api_key_not_sent_to_another_host(
    server: LocalServer, other: LocalServer, how: str, name: str
) -> None:
    # The server echoes the whole query string into Location (trailing-slash style).
    server.route(
        "GET",
        "/items",
        redirect_to(lambda r: f"{other_url(other)}/moved?{urlsplit(r.url).query}"),
    )
    other.route("GET", "/moved", records)
    auth = APIKeyAuth(name=name, api_key="SECRETQ", location="query")
    client = RESTClient(server.url, auth=auth)
    if how == "paginate":
        pages = client.paginate(
            "/items",
            params={"page": "2"},
            paginator=SinglePagePaginator(),
            data_selector="results",
        )
        assert [record for page in pages for record in page] == RECORDS
    else:
        assert client.get("/items", params={"page": "2"}).json()["results"] == RECORDS
    assert server.requests[0].query == {"page": "2", name: "SECRETQ"}
    (moved,) = other.requests
    assert moved.query == {"page": "2"}  # the server's own parameters stay
    assert leaked(moved, "SECRETQ") == []


@pytest.mark.parametrize("how", ["paginate", "get"])
def test_cookie_api_key_not_sent_to_another_host(
    server: LocalServer, other: LocalServer, how: str
) -> None:
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", records)
    auth = APIKeyAuth(name="sid", api_key="SECRETC", location="cookie")
    assert fetch(RESTClient(server.url, auth=auth), "/items", how) == RECORDS
    assert server.requests[0].headers["Cookie"] == "sid=SECRETC"
    assert leaked(other.requests[0], "SECRETC") == []


def test_bearer_and_plain_session_not_sent_to_another_host(
    server: LocalServer, other: LocalServer
) -> None:
    """A caller's plain `requests.Session` gets the same rule, session headers included."""
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", records)
    session = requests.Session()
    session.headers["X-Auth-Token"] = "SECRETS"
    client = RESTClient(
        server.url, auth=BearerTokenAuth(token="SECRETB"), session=session
    )
    assert fetch(client, "/items", "get") == RECORDS
    assert fetch(client, "/items", "paginate") == RECORDS
    assert server.requests[0].headers["X-Auth-Token"] == "SECRETS"
    assert all(leaked(r, "SECRETS", "SECRETB") == [] for r in other.requests)
    assert len(other.requests) == 2


def test_retrying_client_session_request_not_sent_to_another_host(
    server: LocalServer, other: LocalServer
) -> None:
    """`restwright_runtime.requests`' Client (dlt's `requests` drop-in) follows the same rule."""
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", records)
    client = Client(raise_for_status=True)
    auth = APIKeyAuth(name="X-API-Key", api_key="SECRETR")
    assert client.get(server.url + "/items", auth=auth).json()["results"] == RECORDS
    wrapped = Client(raise_for_status=True, session=requests.Session())
    assert wrapped.get(server.url + "/items", auth=auth).status_code == 200
    assert [r.headers["X-API-Key"] for r in server.requests] == ["SECRETR"] * 2
    assert all(leaked(r, "SECRETR") == [] for r in other.requests)


def test_chain_through_another_host_stays_stripped(
    server: LocalServer, other: LocalServer
) -> None:
    """A -> B -> B again: the second hop is same-host for B but still not A's origin."""
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/hop"))
    other.route("GET", "/hop", redirect_to(lambda r: "/moved"))
    other.route("GET", "/moved", records)
    auth = APIKeyAuth(name="api_key", api_key="SECRETQ", location="query")
    client = RESTClient(server.url, auth=auth, headers={"X-Api-Key": "SECRETH"})
    assert fetch(client, "/items", "get") == RECORDS
    assert [r.path for r in other.requests] == ["/hop", "/moved"]
    assert all(leaked(r, "SECRETQ", "SECRETH") == [] for r in other.requests)


def test_oauth2_token_is_not_resent_to_another_host_on_401(
    server: LocalServer, other: LocalServer
) -> None:
    """The auth's 401-retry hook must not follow the redirect and resend a fresh token there."""
    server.route(
        "POST",
        "/token",
        lambda r: Reply({"access_token": "SECRETT", "expires_in": 3600}),
    )
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/moved"))
    other.route("GET", "/moved", lambda r: Reply({"error": "who?"}, status=401))
    auth = OAuth2ClientCredentials(
        access_token_url=server.url + "/token", client_id="id", client_secret="cs"
    )
    response = RESTClient(server.url, auth=auth).get("/items")
    assert response.status_code == 401
    assert server.requests[1].headers["Authorization"] == "Bearer SECRETT"
    assert [r.path for r in server.requests] == ["/token", "/items"]
    (moved,) = other.requests
    assert leaked(moved, "SECRETT") == []


# --- same origin: credentials kept ------------------------------------------------------------


@pytest.mark.parametrize("how", ["paginate", "get"])
@pytest.mark.parametrize("location", ["header", "query", "cookie"])
def test_same_origin_redirect_keeps_credentials(
    server: LocalServer, how: str, location: Any
) -> None:
    """`requests` drops query and cookie keys on every redirect; the auth is applied again."""
    server.route("GET", "/old", redirect_to(lambda r: "/new"))
    server.route("GET", "/new", records)
    auth = APIKeyAuth(name="X-Key", api_key="SECRETK", location=location)
    assert fetch(RESTClient(server.url, auth=auth), "/old", how) == RECORDS
    old, new = server.requests
    assert (old.path, new.path) == ("/old", "/new")
    assert leaked(old, "SECRETK") == ["SECRETK"]
    assert leaked(new, "SECRETK") == ["SECRETK"]
    if location == "query":
        assert new.query == {"X-Key": "SECRETK"}
    elif location == "cookie":
        assert new.headers["Cookie"] == "X-Key=SECRETK"
    else:
        assert new.headers["X-Key"] == "SECRETK"


def test_same_origin_redirect_keeps_client_headers_and_bearer(
    server: LocalServer,
) -> None:
    server.route("GET", "/old", redirect_to(lambda r: f"{server.url}/new"))
    server.route("GET", "/new", records)
    client = RESTClient(
        server.url, headers={"X-Api-Key": "SECRETH"}, auth=BearerTokenAuth("SECRETB")
    )
    assert fetch(client, "/old", "get") == RECORDS
    new = server.requests[1]
    assert new.headers["X-Api-Key"] == "SECRETH"
    assert new.headers["Authorization"] == "Bearer SECRETB"


def test_back_to_the_first_origin_gets_credentials_again(
    server: LocalServer, other: LocalServer
) -> None:
    """A -> B -> A: nothing at B, the auth applied again back at A."""
    server.route("GET", "/items", redirect_to(lambda r: f"{other_url(other)}/hop"))
    other.route("GET", "/hop", redirect_to(lambda r: f"{server.url}/back"))
    server.route("GET", "/back", records)
    auth = APIKeyAuth(name="api_key", api_key="SECRETQ", location="query")
    assert fetch(RESTClient(server.url, auth=auth), "/items", "get") == RECORDS
    assert leaked(other.requests[0], "SECRETQ") == []
    assert server.requests[1].path == "/back"
    assert server.requests[1].query == {"api_key": "SECRETQ"}
