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


LOOPING = """
openapi: 3.0.3
info: {title: Feed, version: "1"}
paths:
  /feed:
    get:
      operationId: listFeed
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          headers:
            Link: {description: "rel=next is sent on every page", schema: {type: string}}
          content:
            application/json:
              schema:
                type: array
                items: {type: object, properties: {id: {type: integer}}}
"""


def test_a_link_sent_on_every_page_stops_at_the_first_empty_page(
    tmp_path: Path, server: LocalServer
) -> None:
    """The API of issue 14 item 4: `rel="next"` forever, the end marked by an empty page."""
    generate(write_spec(tmp_path, LOOPING), tmp_path / "out", "feed_client")

    def feed(req: Request) -> Reply:
        page = int(req.query.get("page") or 1)
        nxt = f'<{server.url}/feed?page={page + 1}>; rel="next"'
        return Reply(EVENTS[(page - 1) * 3 : page * 3], headers={"Link": nxt})

    server.route("GET", "/feed", feed)
    client = import_generated(tmp_path / "out", "feed_client").Client(server.url)
    assert [e["id"] for e in client.list_feed()] == [e["id"] for e in EVENTS]
    assert len(server.requests) == 4  # three pages of records, one empty page
