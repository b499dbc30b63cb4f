"""Never silent: a list whose paging no detector is sure of still pages, and says so.

The real CLI generates a client for a spec whose `/events` takes `next_token` but names nowhere
for the next token to come back; `generate` prints one line about it, `inspect` lists it under
"review", and the generated method pages by the runtime's auto-detection through a local server
that links its pages with a `Link` header.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.support import generate, import_generated, run_cli, write_spec
from tests.support.server import LocalServer, Reply, Request

SPEC = """
openapi: 3.0.3
info: {title: Events, version: "1"}
paths:
  /events:
    get:
      operationId: listEvents
      parameters:
        - {name: next_token, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {type: object, properties: {id: {type: integer}}}
  /reports:
    get:
      operationId: listReports
      parameters:
        - {name: page, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {type: object, properties: {id: {type: integer}}}
"""
EVENTS = [{"id": i} for i in range(1, 8)]


def test_unsure_paging_is_reported_and_pages_by_auto_detection(
    tmp_path: Path, server: LocalServer
) -> None:
    spec = write_spec(tmp_path, SPEC)
    generated = generate(spec, tmp_path / "out", "events_client")
    assert "1 operation pages by auto-detection and 1 by a best guess;" in (
        generated.stdout
    )
    assert "see `restwright inspect`" in generated.stdout

    table = run_cli("inspect", str(spec)).stdout
    review = table.split("\nreview (2 operations; pin them with --overrides):\n")[1]
    assert "GET /events: parameter `next_token` looks like paging" in review
    assert "GET /reports: pages by a best guess (page_number" in review
    rows = {
        r["path"]: r
        for r in json.loads(run_cli("inspect", str(spec), "--format", "json").stdout)
    }
    assert rows["/events"]["paginator"] == {"type": "auto"}
    assert rows["/events"]["review"][0].startswith("parameter `next_token` looks like")

    def events(req: Request) -> Reply:
        start = int(req.query.get("next_token") or 0)
        headers = {}
        if start + 3 < len(EVENTS):
            nxt = f"{server.url}/events?next_token={start + 3}"
            headers["Link"] = f'<{nxt}>; rel="next"'
        return Reply(EVENTS[start : start + 3], headers=headers)

    server.route("GET", "/events", events)
    client = import_generated(tmp_path / "out", "events_client").Client(server.url)
    assert [e["id"] for e in client.list_events()] == [e["id"] for e in EVENTS]
    assert len(server.requests) == 3
