"""Query parameters reach the server encoded as the spec's `style`/`explode` say (Stripe's deepObject, CSV arrays)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.support import (
    generate,
    import_generated,
    run_black_check,
    run_mypy,
    write_spec,
)
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Styles, version: "1"}
servers: [{url: https://x.example}]
paths:
  /charges:
    get:
      operationId: listCharges
      parameters:
        - name: created
          in: query
          style: deepObject
          explode: true
          schema:
            type: object
            properties:
              gte: {type: integer}
              lt: {type: integer}
        - name: expand
          in: query
          style: deepObject
          explode: true
          schema: {type: array, items: {type: string}}
        - name: ids
          in: query
          style: form
          explode: false
          schema: {type: array, items: {type: string}}
        - name: tags
          in: query
          schema: {type: array, items: {type: string}}
        - name: paid
          in: query
          schema: {type: boolean}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


def test_styles_on_the_wire(tmp_path: Path, server: LocalServer) -> None:
    spec = write_spec(tmp_path, SPEC)
    generate(spec, tmp_path / "out", "styles_client")
    server.route("GET", "/charges", lambda req: Reply([{"id": "ch_1"}]))
    client = import_generated(tmp_path / "out", "styles_client").Client(
        base_url=server.url
    )
    records = list(
        client.list_charges(
            created={"gte": 5, "lt": 9},
            expand=["customer"],
            ids=["a", "b"],
            tags=["x", "y"],
            paid=False,
        )
    )
    assert records == [{"id": "ch_1"}]
    assert server.requests[0].query_all == {
        "created[gte]": ["5"],
        "created[lt]": ["9"],
        "expand[]": ["customer"],
        "ids": ["a,b"],
        "tags": ["x", "y"],
        "paid": ["false"],
    }
    assert run_black_check(tmp_path / "out").returncode == 0
    result = run_mypy(tmp_path / "out", "styles_client")
    assert result.returncode == 0, result.stdout
