"""Per-operation auth in the generated Client: AND schemes, one scheme per operation, `auth=` wins.

Trello's second key is `token`; here it is `board_token`, as runtime tests need `token` unannounced.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from restwright_runtime.auth import APIKeyAuth
from tests.e2e.support import (
    generate,
    import_generated,
    run_black_check,
    run_mypy,
    write_spec,
)
from tests.support.server import LocalServer, Reply, Request

SPEC = """
openapi: 3.0.3
info: {{title: Keys, version: "1"}}
servers: [{{url: "{base}/api"}}]
paths:
  /admin/things:
    get:
      operationId: listAdminThings
      tags: [things]
      security: [{{adminKey: []}}]
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}}}
  /user/things:
    get:
      operationId: listUserThings
      tags: [things]
      security: [{{userKey: []}}]
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}}}
  /either/things:
    get:
      operationId: listEitherThings
      tags: [things]
      security: [{{adminKey: []}}, {{userKey: []}}]
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}}}
  /boards:
    get:
      operationId: listBoards
      tags: [boards]
      security: [{{trelloKey: [], trelloToken: []}}]
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
                  total: {{type: integer}}
                  items:
                    type: array
                    items: {{type: object, properties: {{id: {{type: integer}}}}}}
  /metrics:
    get:
      operationId: getMetrics
      tags: [metrics]
      security: [{{ddApi: [], ddApp: []}}]
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}}}
components:
  securitySchemes:
    adminKey: {{type: apiKey, in: header, name: X-Admin-Key}}
    userKey: {{type: apiKey, in: query, name: user_key}}
    trelloKey: {{type: apiKey, in: query, name: key}}
    trelloToken: {{type: apiKey, in: query, name: board_token}}
    ddApi: {{type: apiKey, in: header, name: DD-API-KEY}}
    ddApp: {{type: apiKey, in: header, name: DD-APPLICATION-KEY}}
"""

CREDENTIALS = [
    "x_admin_key",
    "user_key",
    "key",
    "board_token",
    "dd_api_key",
    "dd_application_key",
]
BOARDS = [{"id": i} for i in range(7)]


def _seen(req: Request) -> dict[str, Any]:
    """The credentials a request carried (None where absent)."""
    return {
        "admin": req.headers.get("X-Admin-Key"),
        "user": req.query.get("user_key"),
        "key": req.query.get("key"),
        "token": req.query.get("board_token"),
        "dd_api": req.headers.get("DD-API-KEY"),
        "dd_app": req.headers.get("DD-APPLICATION-KEY"),
        "custom": req.headers.get("X-Custom"),
    }


def _present(seen: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in seen.items() if v is not None}


def _serve(server: LocalServer) -> None:
    for path in (
        "/api/admin/things",
        "/api/user/things",
        "/api/either/things",
        "/api/metrics",
    ):
        server.route("GET", path, lambda req: Reply(_present(_seen(req))))

    def boards(req: Request) -> Reply:
        offset, limit = int(req.query.get("offset", 0)), int(req.query.get("limit", 3))
        return Reply({"total": len(BOARDS), "items": BOARDS[offset : offset + limit]})

    server.route("GET", "/api/boards", boards)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package generated once for the module (the base URL is passed to each Client)."""
    directory = tmp_path_factory.mktemp("operation_auth")
    spec = write_spec(directory, SPEC.format(base="http://127.0.0.1:9"))
    generate(spec, directory / "out", "operation_auth_client")
    return directory / "out"


@pytest.fixture
def module(generated: Path) -> ModuleType:
    return import_generated(generated, "operation_auth_client")


def test_one_keyword_per_scheme_named_after_its_wire_name(module: ModuleType) -> None:
    params = inspect.signature(module.Client).parameters
    assert [p for p in params if p in CREDENTIALS] == CREDENTIALS
    assert "api_key" not in params


def test_schemes_required_together_are_all_sent_on_every_page(
    module: ModuleType, server: LocalServer
) -> None:
    _serve(server)
    client = module.Client(
        f"{server.url}/api",
        key="k",
        board_token="t",
        dd_api_key="dd1",
        dd_application_key="dd2",
    )
    assert [b["id"] for b in client.boards.list_boards(limit=3)] == list(range(7))
    pages = [r for r in server.requests if r.path == "/api/boards"]
    assert len(pages) == 3
    assert all(_present(_seen(r)) == {"key": "k", "token": "t"} for r in pages)
    assert client.metrics.get_metrics() == {"dd_api": "dd1", "dd_app": "dd2"}


def test_each_operation_sends_its_own_scheme(
    module: ModuleType, server: LocalServer
) -> None:
    _serve(server)
    client = module.Client(f"{server.url}/api", x_admin_key="adm", user_key="usr")
    assert client.things.list_admin_things() == {"admin": "adm"}
    assert client.things.list_user_things() == {"user": "usr"}
    assert client.things.list_either_things() == {
        "admin": "adm"
    }  # the first alternative


def test_an_operation_whose_credentials_are_missing_sends_none(
    module: ModuleType, server: LocalServer
) -> None:
    _serve(server)
    client = module.Client(f"{server.url}/api", user_key="usr", key="k")
    assert client.things.list_admin_things() == {}
    assert client.things.list_either_things() == {
        "user": "usr"
    }  # the alternative given
    assert (
        client.metrics.get_metrics() == {}
    )  # only half of an AND requirement: nothing


def test_auth_given_to_the_client_wins_everywhere(
    module: ModuleType, server: LocalServer
) -> None:
    _serve(server)
    custom = APIKeyAuth(name="X-Custom", api_key="mine")
    client = module.Client(f"{server.url}/api", x_admin_key="adm", key="k", auth=custom)
    assert client.things.list_admin_things() == {"custom": "mine"}
    assert client.things.list_user_things() == {"custom": "mine"}
    list(client.boards.list_boards(limit=3))
    boards = [r for r in server.requests if r.path == "/api/boards"]
    assert boards and all(_present(_seen(r)) == {"custom": "mine"} for r in boards)


def test_generated_package_is_black_formatted_and_mypy_strict(generated: Path) -> None:
    black = run_black_check(generated)
    assert black.returncode == 0, black.stdout + black.stderr
    mypy = run_mypy(generated, "operation_auth_client")
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
