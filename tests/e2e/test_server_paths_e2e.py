"""Server URLs without a host keep their path; a relative OAuth2 tokenUrl resolves as RFC 3986 says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply

SWAGGER = """
swagger: "2.0"
info: {title: Relative, version: "1"}
basePath: /api/v1
paths:
  /things:
    get:
      operationId: getThings
      responses: {"200": {description: ok, schema: {type: object}}}
"""

OPENAPI = """
openapi: 3.0.3
info: {title: Relative, version: "1"}
servers: [{url: /api/v3}]
paths:
  /things:
    get:
      operationId: getThings
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
"""


@pytest.mark.parametrize(
    ("name", "text", "prefix"),
    [("swagger", SWAGGER, "/api/v1"), ("openapi", OPENAPI, "/api/v3")],
)
def test_a_relative_server_path_is_kept_as_a_prefix(
    name: str, text: str, prefix: str, server: LocalServer, tmp_path: Path
) -> None:
    server.route("GET", f"{prefix}/things", lambda r: Reply({"at": r.path}))
    package = f"relative_{name}"
    generate(write_spec(tmp_path, text), tmp_path / "out", package)
    module = import_generated(tmp_path / "out", package)

    assert module.Client(server.url).get_things() == {"at": f"{prefix}/things"}
    assert module.Client(f"{server.url}/").get_things() == {"at": f"{prefix}/things"}
    # a base_url that already ends with the path is not given it twice
    assert module.Client(f"{server.url}{prefix}").get_things() == {
        "at": f"{prefix}/things"
    }
    with pytest.raises(ValueError, match=f"base_url is required.*'{prefix}'"):
        module.Client()
    readme = (tmp_path / "out" / "README.md").read_text()
    assert f"only the path `{prefix}`" in readme


TOKEN_SPEC = """
openapi: 3.0.3
info: {{title: Zoo, version: "1"}}
servers: [{{url: "{base}/api/v1"}}]
security: [{{cc: []}}]
paths:
  /animals:
    get:
      operationId: getAnimals
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}}}
components:
  securitySchemes:
    cc: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: "{token_url}", scopes: {{}}}}}}}}
"""


@pytest.mark.parametrize(
    ("token_url", "served_at"),
    [("oauth/token", "/api/oauth/token"), ("/oauth/token", "/oauth/token")],
)
def test_a_relative_token_url_resolves_against_the_server_url(
    token_url: str, served_at: str, server: LocalServer, tmp_path: Path
) -> None:
    server.route(
        "POST",
        served_at,
        lambda r: Reply({"access_token": "minted", "expires_in": 3600}),
    )
    server.route(
        "GET",
        "/api/v1/animals",
        lambda r: Reply({"auth": r.headers.get("Authorization")}),
    )
    package = "zoo_" + served_at.strip("/").replace("/", "_")
    spec = TOKEN_SPEC.format(base=server.url, token_url=token_url)
    generate(write_spec(tmp_path, spec), tmp_path / "out", package)
    module = import_generated(tmp_path / "out", package)

    client = module.Client(client_id="cid", client_secret="secret")
    assert client.get_animals() == {"auth": "Bearer minted"}
    assert [r.path for r in server.requests] == [served_at, "/api/v1/animals"]
