"""Spec → `restwright generate` (real CLI) → import → page through a local server like the real API.

One small spec per pagination style; every record must arrive exactly once, in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply, Request

RECORDS = [
    {"id": i, "name": f"record-{i}"} for i in range(1, 24)
]  # 23: the last page is partial
PAGE = 5

RECORD_SCHEMA = """
components:
  schemas:
    record:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
"""


def _slice(start: int, size: int) -> list[dict[str, Any]]:
    return RECORDS[start : start + size]


def _int(req: Request, name: str, default: int) -> int:
    return int(req.query.get(name, default))


def github(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        page, size = _int(req, "page", 1), _int(req, "per_page", 30)
        headers = {}
        if page * size < len(RECORDS):
            query = urlencode({"page": page + 1, "per_page": size})
            headers["Link"] = (
                f'<{server.url}{req.path}?{query}>; rel="next", <{server.url}{req.path}?page=1>; rel="first"'
            )
        return Reply(_slice((page - 1) * size, size), headers=headers)

    server.route("GET", "/repos/octo/hello/issues", handler)


def stripe(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        size = _int(req, "limit", 10)
        after = req.query.get("starting_after")
        start = (
            0
            if after is None
            else next(i for i, r in enumerate(RECORDS) if str(r["id"]) == after) + 1
        )
        data = _slice(start, size)
        return Reply(
            {
                "object": "list",
                "data": data,
                "has_more": start + size < len(RECORDS),
                "url": "/v1/customers",
            }
        )

    server.route("GET", "/v1/customers", handler)


def slack(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        size = _int(req, "limit", 100)
        start = int(req.query.get("cursor") or 0)
        nxt = str(start + size) if start + size < len(RECORDS) else ""
        return Reply(
            {
                "ok": True,
                "channels": _slice(start, size),
                "response_metadata": {"next_cursor": nxt},
            }
        )

    server.route("GET", "/conversations.list", handler)


def pokeapi(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        offset, limit = _int(req, "offset", 0), _int(req, "limit", 20)
        nxt = None
        if offset + limit < len(RECORDS):
            nxt = f"{server.url}/api/v2/pokemon/?" + urlencode(
                {"offset": offset + limit, "limit": limit}
            )
        return Reply(
            {
                "count": len(RECORDS),
                "next": nxt,
                "previous": None,
                "results": _slice(offset, limit),
            }
        )

    server.route("GET", "/api/v2/pokemon/", handler)


def offset_total(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        offset, limit = _int(req, "offset", 0), _int(req, "limit", 10)
        return Reply(
            {
                "items": _slice(offset, limit),
                "total": len(RECORDS),
                "offset": offset,
                "limit": limit,
            }
        )

    server.route("GET", "/items", handler)


def page_number(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        page, size = _int(req, "page", 1), _int(req, "per_page", 10)
        pages = -(-len(RECORDS) // size)
        return Reply(
            {
                "data": _slice((page - 1) * size, size),
                "page": page,
                "total_pages": pages,
            }
        )

    server.route("GET", "/orders", handler)


def header_cursor(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        start = int(req.query.get("cursor") or 0)
        size = _int(req, "limit", 10)
        headers = (
            {"X-Next-Cursor": str(start + size)} if start + size < len(RECORDS) else {}
        )
        return Reply(_slice(start, size), headers=headers)

    server.route("GET", "/events", handler)


def post_search(server: LocalServer) -> None:
    def handler(req: Request) -> Reply:
        body = req.json or {}
        assert body.get("query") == "rec"
        start = int(body.get("cursor") or 0)
        size = int(body.get("page_size") or 10)
        nxt = str(start + size) if start + size < len(RECORDS) else None
        return Reply({"results": _slice(start, size), "next_cursor": nxt})

    server.route("POST", "/search", handler)


@dataclass(frozen=True)
class Style:
    name: str
    expected_type: str
    spec: str
    serve: Callable[[LocalServer], None]
    call: Callable[[Any], Any]


STYLES = [
    Style(
        "github_link_header",
        "header_link",
        """
        openapi: 3.0.3
        info: {title: Hub, version: "1"}
        paths:
          /repos/{owner}/{repo}/issues:
            get:
              operationId: issues/list-for-repo
              tags: [issues]
              parameters:
                - {name: owner, in: path, required: true, schema: {type: string}}
                - {name: repo, in: path, required: true, schema: {type: string}}
                - {name: per_page, in: query, schema: {type: integer, default: 30}}
                - {name: page, in: query, schema: {type: integer, default: 1}}
              responses:
                "200":
                  description: ok
                  headers:
                    Link: {schema: {type: string}}
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: "#/components/schemas/record"}}
        """,
        github,
        lambda c: c.issues.list_for_repo("octo", "hello", per_page=PAGE),
    ),
    Style(
        "stripe_starting_after",
        "record_cursor",
        """
        openapi: 3.0.3
        info: {title: Stripe-like, version: "1"}
        paths:
          /v1/customers:
            get:
              operationId: GetCustomers
              parameters:
                - name: limit
                  in: query
                  description: A limit on the number of objects to be returned, between 1 and 100.
                  schema: {type: integer}
                - name: starting_after
                  in: query
                  description: >-
                    A cursor for use in pagination. `starting_after` is an object ID that defines
                    your place in the list.
                  schema: {type: string}
                - name: ending_before
                  in: query
                  description: A cursor for use in pagination. `ending_before` is an object ID.
                  schema: {type: string}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [data, has_more, object, url]
                        properties:
                          data: {type: array, items: {$ref: "#/components/schemas/record"}}
                          has_more: {type: boolean}
                          object: {type: string, enum: [list]}
                          url: {type: string}
        """,
        stripe,
        lambda c: c.get_customers(limit=PAGE),
    ),
    Style(
        "slack_next_cursor",
        "cursor",
        """
        openapi: 3.0.3
        info: {title: Slack-like, version: "1"}
        paths:
          /conversations.list:
            get:
              operationId: conversations_list
              tags: [conversations]
              parameters:
                - {name: cursor, in: query, schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          ok: {type: boolean}
                          channels: {type: array, items: {$ref: "#/components/schemas/record"}}
                          response_metadata:
                            type: object
                            properties:
                              next_cursor: {type: string}
        """,
        slack,
        lambda c: c.conversations.list_(limit=PAGE),
    ),
    Style(
        "pokeapi_next_url",
        "json_link",
        """
        openapi: 3.0.3
        info: {title: Poke-like, version: "1"}
        paths:
          /api/v2/pokemon/:
            get:
              operationId: pokemon_list
              tags: [pokemon]
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
                - {name: offset, in: query, schema: {type: integer}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [count, results]
                        properties:
                          count: {type: integer}
                          next: {type: string, format: uri, nullable: true}
                          previous: {type: string, format: uri, nullable: true}
                          results: {type: array, items: {$ref: "#/components/schemas/record"}}
        """,
        pokeapi,
        lambda c: c.pokemon.list_(limit=PAGE),
    ),
    Style(
        "offset_limit_total",
        "offset",
        """
        openapi: 3.0.3
        info: {title: Offset, version: "1"}
        paths:
          /items:
            get:
              operationId: listItems
              tags: [items]
              parameters:
                - {name: offset, in: query, schema: {type: integer, default: 0}}
                - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 100}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {type: array, items: {$ref: "#/components/schemas/record"}}
                          total: {type: integer}
                          offset: {type: integer}
                          limit: {type: integer}
        """,
        offset_total,
        lambda c: c.items.list_items(limit=PAGE),
    ),
    Style(
        "page_total_pages",
        "page_number",
        """
        openapi: 3.0.3
        info: {title: Pages, version: "1"}
        paths:
          /orders:
            get:
              operationId: listOrders
              tags: [orders]
              parameters:
                - {name: page, in: query, schema: {type: integer, minimum: 1, default: 1}}
                - {name: per_page, in: query, schema: {type: integer}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          data: {type: array, items: {$ref: "#/components/schemas/record"}}
                          page: {type: integer}
                          total_pages: {type: integer}
        """,
        page_number,
        lambda c: c.orders.list_orders(per_page=PAGE),
    ),
    Style(
        "header_cursor",
        "header_cursor",
        """
        openapi: 3.0.3
        info: {title: Events, version: "1"}
        paths:
          /events:
            get:
              operationId: listEvents
              tags: [events]
              parameters:
                - {name: cursor, in: query, schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                "200":
                  description: ok
                  headers:
                    X-Next-Cursor:
                      description: cursor of the next page
                      schema: {type: string}
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: "#/components/schemas/record"}}
        """,
        header_cursor,
        lambda c: c.events.list_events(limit=PAGE),
    ),
    Style(
        "post_search_body_cursor",
        "cursor",
        """
        openapi: 3.0.3
        info: {title: Search, version: "1"}
        paths:
          /search:
            post:
              operationId: search
              tags: [search]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [query]
                      properties:
                        query: {type: string}
                        cursor: {type: string}
                        page_size: {type: integer}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          results: {type: array, items: {$ref: "#/components/schemas/record"}}
                          next_cursor: {type: string, nullable: true}
        """,
        post_search,
        lambda c: c.search.search(body={"query": "rec", "page_size": PAGE}),
    ),
]


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_every_record_arrives_exactly_once(
    style: Style, server: LocalServer, tmp_path: Path
) -> None:
    spec = write_spec(tmp_path, style.spec + RECORD_SCHEMA.replace("\n", "\n        "))
    package = f"e2e_{style.name}"
    outdir = tmp_path / "out"
    generate(spec, outdir, package)
    style.serve(server)
    module = import_generated(outdir, package)
    client = module.Client(server.url)

    records = list(style.call(client))

    assert [r["id"] for r in records] == [r["id"] for r in RECORDS]
    assert len(server.requests) == -(-len(RECORDS) // PAGE)
    # A second iteration starts afresh (fresh paginator state).
    assert [r["id"] for r in style.call(client)] == [r["id"] for r in RECORDS]


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_inspect_names_the_paginator(style: Style, tmp_path: Path) -> None:
    from tests.e2e.support import run_cli

    spec = write_spec(tmp_path, style.spec + RECORD_SCHEMA.replace("\n", "\n        "))
    result = run_cli("inspect", str(spec), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["paginator"]["type"] == style.expected_type, rows[0]
