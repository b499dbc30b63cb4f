"""Inferred auth reaches the generated Client: implied bearer, stated key prefixes, username-only basic."""

from __future__ import annotations

import base64
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import pytest

from restwright.pipeline import generate
from tests.support.server import LocalServer, Reply, Request

SPEC = """
openapi: 3.0.3
info: {{title: t, version: "1"}}
servers: [{{url: "http://example.invalid"}}]
{components}
paths:
  /me:
    get:
      operationId: getMe
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{id: {{type: integer}}, name: {{type: string}}}}}}
        "401": {{description: unauthorised}}
"""


@pytest.fixture
def client_of(tmp_path: Path) -> Iterator[Any]:
    """Generate a client from spec text and import it; the module goes away after the test."""
    made: list[str] = []

    def build(components: str, package: str) -> ModuleType:
        spec = tmp_path / f"{package}.yaml"
        spec.write_text(SPEC.format(components=components), encoding="utf-8")
        out = tmp_path / package
        generate(spec, out, package)
        sys.path.insert(0, str(out))
        made.append(package)
        return importlib.import_module(f"{package}.client")

    yield build
    for package in made:
        for name in [m for m in sys.modules if m.split(".")[0] == package]:
            del sys.modules[name]
    sys.path[:] = [p for p in sys.path if not p.startswith(str(tmp_path))]


def _authorization(server: LocalServer) -> str | None:
    request: Request = server.requests[-1]
    return {k.lower(): v for k, v in request.headers.items()}.get("authorization")


def _me(server: LocalServer) -> None:
    server.route("GET", "/me", lambda r: Reply({"id": 1, "name": "me"}))


def test_no_security_schemes_but_401_gives_client_a_token(
    client_of: Any, server: LocalServer
) -> None:
    _me(server)
    module = client_of("", "nosec_client")
    client = module.Client(base_url=server.url, token="t0k")
    assert client.get_me() == {"id": 1, "name": "me"}
    assert _authorization(server) == "Bearer t0k"


def test_stated_api_key_format_prefixes_the_raw_key(
    client_of: Any, server: LocalServer
) -> None:
    _me(server)
    components = """components:
  securitySchemes:
    api_key:
      type: apiKey
      in: header
      name: Authorization
      description: The API Key with format `Token token=<API_KEY>`
security: [{api_key: []}]"""
    module = client_of(components, "prefixed_client")
    assert "Token token=<API_KEY>" in (module.Client.__doc__ or "")
    module.Client(base_url=server.url, api_key="abc").get_me()
    assert _authorization(server) == "Token token=abc"
    module.Client(base_url=server.url, api_key="Token token=abc").get_me()
    assert _authorization(server) == "Token token=abc"


def test_basic_auth_with_only_a_username_sends_an_empty_password(
    client_of: Any, server: LocalServer
) -> None:
    _me(server)
    components = """components:
  securitySchemes:
    basicAuth:
      type: http
      scheme: basic
      description: Use your secret key as the username, no password.
security: [{basicAuth: []}]"""
    module = client_of(components, "basic_client")
    module.Client(base_url=server.url, username="sk_test").get_me()
    expected = base64.b64encode(b"sk_test:").decode()
    assert _authorization(server) == f"Basic {expected}"
