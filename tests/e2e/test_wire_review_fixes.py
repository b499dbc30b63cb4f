"""Corners found in review of the wire work, each through the real CLI and a local server:
spec names equal to what raw views and models use, deprecated parameters with a default, and a
paged POST that declares an idempotency header."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import generate, import_generated, run_mypy, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Review, version: "1"}
servers: [{url: "https://review.example"}]
components:
  schemas:
    FileTypes:
      type: object
      properties: {kind: {type: string}}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: raw_response, in: query, schema: {type: string}}
        - {name: sort, in: query, deprecated: true, schema: {type: string, enum: [asc, desc], default: asc}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/FileTypes"}}}}
  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties: {file: {type: string, format: binary}, kind: {$ref: "#/components/schemas/FileTypes"}}
      responses: {"204": {description: stored}}
  /records:
    post:
      operationId: findRecords
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            encoding: {filter: {style: deepObject, explode: true}}
            schema:
              type: object
              properties:
                filter: {type: object, properties: {status: {type: string}}}
                fields: {type: array, items: {type: string}}
      responses:
        "200":
          description: results
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
  /images/edits:
    post:
      operationId: editImage
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [url], properties: {url: {type: string}}}
          multipart/form-data:
            schema: {type: object, required: [image], properties: {image: {type: string, format: binary}}}
      responses: {"204": {description: edited}}
  /search:
    post:
      operationId: search
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      requestBody:
        content: {application/json: {schema: {type: object, properties: {q: {type: string}}}}}
      responses:
        "200":
          description: results
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
"""

USAGE = """
from review_client import Client

client = Client(base_url="http://127.0.0.1:1")
client.with_raw_response.list_items(raw_response_="x")
client.upload(body={"file": b"data", "kind": {"kind": "k"}})
client.edit_image(body={"url": "https://img.example/a.png"})
"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire_review")
    generate(write_spec(root, SPEC), root / "out", "review_client")
    return root / "out"


@pytest.fixture()
def client(outdir: Path, server: LocalServer) -> Any:
    return import_generated(outdir, "review_client").Client(base_url=server.url)


def test_names_of_the_raw_views_and_models_are_kept_apart(outdir: Path) -> None:
    (outdir / "usage.py").write_text(USAGE)
    checked = run_mypy(outdir, "review_client", "usage")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_parameter_named_raw_response_reaches_the_server(
    client: Any, server: LocalServer
) -> None:
    server.route("GET", "/items", lambda req: Reply({"kind": "k"}))
    raw = client.with_raw_response.list_items(raw_response_="x")
    assert raw.parsed == {"kind": "k"}
    assert server.requests[0].query == {"raw_response": "x"}


def test_a_deprecated_parameter_with_a_default_warns_only_when_passed(
    client: Any, server: LocalServer
) -> None:
    server.route("GET", "/items", lambda req: Reply({}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.list_items()
    assert "sort" not in server.requests[-1].query
    with pytest.warns(DeprecationWarning, match="parameter 'sort'"):
        client.list_items(sort="desc")
    assert server.requests[-1].query["sort"] == "desc"


def test_a_paged_post_keeps_its_idempotency_header_as_a_parameter(
    client: Any, server: LocalServer
) -> None:
    pages = iter([Reply([{"id": 1}]), Reply([])])
    server.route("POST", "/search", lambda req: next(pages))
    assert list(client.search(idempotency_key_="k-1", body={"q": "x"})) == [{"id": 1}]
    assert server.requests[0].headers["Idempotency-Key"] == "k-1"


def test_a_paged_form_body_is_encoded_like_a_single_calls(
    client: Any, server: LocalServer
) -> None:
    from urllib.parse import parse_qsl

    pages = iter([Reply([{"id": 1}]), Reply([])])
    server.route("POST", "/records", lambda req: next(pages))
    body = {"filter": {"status": "open"}, "fields": ["id", "name"]}
    assert list(client.find_records(body=body)) == [{"id": 1}]
    first, second = server.requests
    expected = [("filter[status]", "open"), ("fields", "id"), ("fields", "name")]
    assert parse_qsl(first.body.decode()) == expected
    assert parse_qsl(second.body.decode()) == expected
    assert second.query["page"] == "2"


def test_media_types_of_another_shape_are_not_offered_under_one_annotation(
    client: Any, server: LocalServer
) -> None:
    import inspect

    # JSON and multipart bodies of different schemas: one annotation cannot fit both, so the
    # method sends the preferred (JSON) one and offers no `content_type=` that would lie.
    assert "content_type" not in inspect.signature(client.edit_image).parameters
    server.route("POST", "/images/edits", lambda req: Reply(b"", 204, raw=True))
    assert client.edit_image(body={"url": "u"}) is None
    assert server.requests[0].json == {"url": "u"}
