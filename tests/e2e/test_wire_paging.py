"""Paged methods keep their paging parameters: a caller resumes from a page number, and a page
size set in a POST body is sent as given."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply, Request

SPEC = """
openapi: 3.0.3
info: {title: Pages, version: "1"}
servers: [{url: "https://pages.example"}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  page: {type: integer}
                  total_pages: {type: integer}
                  items: {type: array, items: {type: object, properties: {id: {type: integer}}}}
  /search:
    post:
      operationId: search
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                query: {type: string}
                maxResults: {type: integer}
                pageToken: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  nextPageToken: {type: string}
                  results: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


def test_resume_from_a_page_and_keep_a_body_page_size(
    tmp_path: Path, server: LocalServer
) -> None:
    generate(write_spec(tmp_path, SPEC), tmp_path / "out", "pages_client")
    client = import_generated(tmp_path / "out", "pages_client").Client(
        base_url=server.url
    )

    def pets(req: Request) -> Reply:
        page = int(req.query["page"])
        return Reply({"page": page, "total_pages": 4, "items": [{"id": page}]})

    server.route("GET", "/pets", pets)
    assert [p["id"] for p in client.list_pets(page=3)] == [3, 4]
    assert [r.query["page"] for r in server.requests] == ["3", "4"]

    def search(req: Request) -> Reply:
        token = req.json.get("pageToken")
        return Reply(
            {
                "results": [{"id": token or "first"}],
                "nextPageToken": None if token else "t2",
            }
        )

    server.requests.clear()
    server.route("POST", "/search", search)
    found = client.search(body={"query": "q", "maxResults": 10})
    assert [r["id"] for r in found] == ["first", "t2"]
    assert [r.json.get("maxResults") for r in server.requests] == [10, 10]
