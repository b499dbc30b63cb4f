"""dlt's `OAuthJWTAuth` against a local token endpoint that verifies the signed assertion."""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import parse_qs

import pytest

from restwright_runtime import RESTClient, exceptions
from restwright_runtime.auth import OAuthJWTAuth
from restwright_runtime.paginators import JSONLinkPaginator
from tests.support.server import LocalServer, Reply, Request

jwt = pytest.importorskip("jwt")
rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")

PASSPHRASE = b"correct horse"


def key_pair(passphrase: bytes | None = None) -> tuple[str, Any]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    ).decode()
    return pem, key.public_key()


class JWTEndpoint:
    """POST /oauth/token grants tok-N for a valid RS256 assertion; /items checks the token."""

    def __init__(self, server: LocalServer, public_key: Any, expires_in: int) -> None:
        self.server = server
        self.public_key = public_key
        self.expires_in = expires_in
        self.claims: list[dict[str, Any]] = []
        self.issued: list[str] = []
        server.route("POST", "/oauth/token", self.token)
        server.route("GET", "/items", self.items)

    def token(self, request: Request) -> Reply:
        form = {
            key: values[0] for key, values in parse_qs(request.body.decode()).items()
        }
        assert form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
        audience = self.server.url + "/oauth/token"
        claims = jwt.decode(
            form["assertion"], self.public_key, algorithms=["RS256"], audience=audience
        )
        self.claims.append(claims)
        self.issued.append(f"tok-{len(self.issued) + 1}")
        return Reply({"access_token": self.issued[-1], "expires_in": self.expires_in})

    def items(self, request: Request) -> Reply:
        if request.headers.get("Authorization") != f"Bearer {self.issued[-1]}":
            return Reply({"error": "invalid_token"}, status=401)
        page = int(request.query.get("page", 0))
        following = f"{self.server.url}/items?page={page + 1}" if page < 2 else None
        return Reply({"data": [{"id": page}], "next": following})


def test_jwt_grant_buys_a_token_used_on_every_page(server: LocalServer) -> None:
    pem, public_key = key_pair(PASSPHRASE)
    endpoint = JWTEndpoint(server, public_key, expires_in=3600)
    auth = OAuthJWTAuth(
        client_id="svc-account",
        private_key=pem,
        private_key_passphrase=PASSPHRASE.decode(),
        auth_endpoint=server.url + "/oauth/token",
        scopes=["read", "write"],
        headers={"X-Tenant": "t1"},
    )
    client = RESTClient(server.url, auth=auth)
    pages = list(client.paginate("/items", paginator=JSONLinkPaginator()))
    assert [page[0]["id"] for page in pages] == [0, 1, 2]
    assert endpoint.issued == ["tok-1"]  # fetched once, cached for later pages
    claims = endpoint.claims[0]
    assert (claims["iss"], claims["sub"], claims["scope"]) == (
        "svc-account",
        "svc-account",
        "read write",
    )
    assert claims["exp"] - claims["iat"] == 3600
    token_request = next(r for r in server.requests if r.path == "/oauth/token")
    assert token_request.headers["X-Tenant"] == "t1"
    assert auth.token_expiry is not None and not auth.is_token_expired()
    assert pem not in repr(auth)


def test_jwt_token_is_refreshed_when_it_expires(server: LocalServer) -> None:
    pem, public_key = key_pair()
    endpoint = JWTEndpoint(server, public_key, expires_in=0)
    auth = OAuthJWTAuth(
        client_id="svc", private_key=pem, auth_endpoint=server.url + "/oauth/token"
    )
    client = RESTClient(server.url, auth=auth)
    assert client.get("/items").status_code == 200
    assert client.get("/items").status_code == 200
    assert endpoint.issued == ["tok-1", "tok-2"]


def test_jwt_endpoint_refusal_is_an_http_error(server: LocalServer) -> None:
    pem, _ = key_pair()
    server.route("POST", "/oauth/token", lambda r: Reply({"error": "no"}, status=401))
    auth = OAuthJWTAuth(
        client_id="svc", private_key=pem, auth_endpoint=server.url + "/oauth/token"
    )
    with pytest.raises(exceptions.TokenEndpointError) as info:
        RESTClient(server.url, auth=auth).get("/items")
    assert info.value.status_code == 401


def test_jwt_without_pyjwt_names_the_extra(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pem, _ = key_pair()
    monkeypatch.setitem(sys.modules, "jwt", None)  # what a missing package looks like
    auth = OAuthJWTAuth(
        client_id="svc", private_key=pem, auth_endpoint=server.url + "/oauth/token"
    )
    with pytest.raises(exceptions.AuthError, match=r"PyJWT.*restwright-runtime\[jwt\]"):
        RESTClient(server.url, auth=auth).get("/items")
    assert server.requests == []
