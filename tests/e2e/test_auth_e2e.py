"""Each auth kind from securitySchemes → Client credentials → every page request authenticated."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply, Request

RECORDS = [{"id": i} for i in range(1, 12)]
PAGE = 4

SPEC = """
openapi: 3.0.3
info: {{title: Secured, version: "1"}}
servers: [{{url: "{base}/api"}}]
security: [{{main: []}}]
paths:
  /things:
    get:
      operationId: listThings
      tags: [things]
      parameters:
        - {{name: offset, in: query, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  next: {{type: string, format: uri, nullable: true}}
                  results:
                    type: array
                    items: {{type: object, properties: {{id: {{type: integer}}}}}}
components:
  securitySchemes:
    main: {scheme}
"""


@dataclass(frozen=True)
class AuthKind:
    name: str
    scheme: str
    credentials: dict[str, str]
    accepts: Callable[[Request], bool]


def _basic(req: Request) -> bool:
    expected = "Basic " + base64.b64encode(b"ada:s3cret").decode()
    return req.headers.get("Authorization") == expected


KINDS = [
    AuthKind(
        "bearer",
        "{type: http, scheme: bearer}",
        {"token": "tok-1"},
        lambda r: r.headers.get("Authorization") == "Bearer tok-1",
    ),
    AuthKind(
        "api_key_header",
        "{type: apiKey, in: header, name: X-Api-Key}",
        {"api_key": "k-1"},
        lambda r: r.headers.get("X-Api-Key") == "k-1",
    ),
    AuthKind(
        "api_key_query",
        "{type: apiKey, in: query, name: key}",
        {"api_key": "k-2"},
        lambda r: r.query.get("key") == "k-2",
    ),
    AuthKind(
        "basic",
        "{type: http, scheme: basic}",
        {"username": "ada", "password": "s3cret"},
        _basic,
    ),
    AuthKind(
        "oauth2_client_credentials",
        "{type: oauth2, flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {}}}}",
        {"client_id": "cid", "client_secret": "csecret"},
        lambda r: r.headers.get("Authorization") == "Bearer minted",
    ),
]


def _serve(server: LocalServer, kind: AuthKind) -> list[Any]:
    tokens: list[Any] = []

    def things(req: Request) -> Reply:
        if not kind.accepts(req):
            return Reply({"error": "unauthorized"}, status=401)
        offset, limit = int(req.query.get("offset", 0)), int(req.query.get("limit", 10))
        nxt = None
        if offset + limit < len(RECORDS):
            query = {"offset": offset + limit, "limit": limit}
            if "key" in req.query:
                query["key"] = req.query["key"]
            nxt = f"{server.url}/api/things?{urlencode(query)}"
        return Reply({"next": nxt, "results": RECORDS[offset : offset + limit]})

    def token(req: Request) -> Reply:
        form = {k: v[0] for k, v in parse_qs(req.body.decode()).items()}
        basic = req.headers.get("Authorization", "")
        ok = (form.get("client_id"), form.get("client_secret")) == (
            "cid",
            "csecret",
        ) or basic == ("Basic " + base64.b64encode(b"cid:csecret").decode())
        tokens.append(form)
        if not ok or form.get("grant_type") != "client_credentials":
            return Reply({"error": "invalid_client"}, status=401)
        return Reply(
            {"access_token": "minted", "token_type": "bearer", "expires_in": 3600}
        )

    server.route("GET", "/api/things", things)
    server.route("POST", "/oauth/token", token)
    return tokens


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_page_is_authenticated(
    kind: AuthKind, server: LocalServer, tmp_path: Path
) -> None:
    tokens = _serve(server, kind)
    spec = write_spec(tmp_path, SPEC.format(base=server.url, scheme=kind.scheme))
    package = f"auth_{kind.name}"
    generate(spec, tmp_path / "out", package)
    module = import_generated(tmp_path / "out", package)

    client = module.Client(**kind.credentials)  # base_url: the spec's first server
    records = list(client.things.list_things(limit=PAGE))

    assert [r["id"] for r in records] == [r["id"] for r in RECORDS]
    pages = [r for r in server.requests if r.path == "/api/things"]
    assert len(pages) == -(-len(RECORDS) // PAGE)
    assert all(kind.accepts(r) for r in pages)
    if kind.name.startswith("oauth2"):
        assert len(tokens) == 1  # fetched once, cached


@pytest.mark.parametrize("kind", KINDS[:1], ids=["bearer"])
def test_missing_credentials_surface_the_api_error(
    kind: AuthKind, server: LocalServer, tmp_path: Path
) -> None:
    from restwright_runtime.exceptions import HTTPError

    _serve(server, kind)
    spec = write_spec(tmp_path, SPEC.format(base=server.url, scheme=kind.scheme))
    generate(spec, tmp_path / "out", "auth_missing")
    module = import_generated(tmp_path / "out", "auth_missing")
    with pytest.raises(HTTPError) as error:
        list(module.Client().things.list_things(limit=PAGE))
    assert error.value.status_code == 401
