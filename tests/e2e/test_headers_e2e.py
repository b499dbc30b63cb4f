"""Header parameters reach the server as text: lists of any item type comma-joined, booleans as
`true`/`false`, unset ones left out."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Headers, version: "1"}
servers: [{url: "https://x.example"}]
paths:
  /things:
    get:
      operationId: getThings
      parameters:
        - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
        - {name: X-Flags, in: header, schema: {type: array, items: {type: boolean}}}
        - {name: X-Dry-Run, in: header, schema: {type: boolean}}
        - {name: X-Note, in: header, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
"""


def test_list_and_boolean_headers_are_sent_as_text(
    tmp_path: Path, server: LocalServer
) -> None:
    generate(write_spec(tmp_path, SPEC), tmp_path / "out", "headers_client")
    server.route("GET", "/things", lambda req: Reply({"ok": True}))
    client = import_generated(tmp_path / "out", "headers_client").Client(
        base_url=server.url
    )
    assert client.get_things(x_ids=[1, 2], x_flags=[True, False], x_dry_run=True) == {
        "ok": True
    }
    headers = {k.lower(): v for k, v in server.requests[0].headers.items()}
    assert headers["x-ids"] == "1,2"
    assert headers["x-flags"] == "true,false"
    assert headers["x-dry-run"] == "true"
    assert "x-note" not in headers
