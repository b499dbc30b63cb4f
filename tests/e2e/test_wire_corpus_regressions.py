"""What calling every corpus operation (benchmarks/corpus_wire_calls.py) found wrong on the wire,
each through a generated client: vendor JSON request types sent as declared, a JSON body of a
paged operation sent as JSON, an empty multipart body still multipart, operations answering a
file or text never paged, and HEAD returning None as annotated."""

from __future__ import annotations

import inspect

from pathlib import Path
from typing import Any

import pytest
from restwright_runtime import BinaryResponse

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Regressions, version: "1"}
servers: [{url: "https://wire.example"}]
components:
  schemas:
    Query:
      type: object
      properties: {term: {type: string}}
    Result:
      type: object
      properties: {id: {type: string}}
paths:
  /lists/{id}/relationships:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: addMembers
      requestBody:
        required: true
        content:
          application/vnd.api+json:
            schema: {type: object, properties: {data: {type: array, items: {type: string}}}}
      responses: {"204": {description: added}}
  /search:
    post:
      operationId: search
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/Query"}}
          text/json: {schema: {$ref: "#/components/schemas/Query"}}
      responses:
        "200":
          description: results
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Result"}}
  /profiles/query:
    post:
      operationId: queryProfiles
      requestBody:
        required: true
        content:
          application/vnd.api+json: {schema: {$ref: "#/components/schemas/Query"}}
      responses:
        "200":
          description: one page of profiles
          content:
            application/vnd.api+json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Result"}}
                  links: {type: object, properties: {next: {type: string, format: uri, nullable: true}}}
  /uploads:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties: {file: {type: string, format: binary}}
      responses: {"204": {description: stored}}
  /media/{id}/stream:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: stream
      parameters:
        - {name: startIndex, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: the audio
          content: {audio/mpeg: {schema: {type: string, format: binary}}}
    head:
      operationId: streamHead
      responses:
        "200":
          description: the audio's headers
          content: {audio/mpeg: {schema: {type: string, format: binary}}}
"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire_regressions")
    generate(write_spec(root, SPEC), root / "out", "regressions_client")
    return root / "out"


@pytest.fixture()
def client(outdir: Path, server: LocalServer) -> Any:
    return import_generated(outdir, "regressions_client").Client(base_url=server.url)


def test_a_vendor_json_body_is_sent_as_its_declared_type(
    client: Any, server: LocalServer
) -> None:
    server.route("POST", "/lists/l1/relationships", lambda r: Reply(None, status=204))
    client.add_members("l1", body={"data": ["p1"]})
    sent = server.requests[-1]
    assert sent.headers["Content-Type"] == "application/vnd.api+json"
    assert sent.json == {"data": ["p1"]}


def test_a_paged_operation_sends_its_json_body_as_json(
    client: Any, server: LocalServer
) -> None:
    server.route("POST", "/search", lambda r: Reply([{"id": "r1"}]))
    assert list(client.search(body={"term": "x"})) == [{"id": "r1"}]
    sent = server.requests[-1]
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.json == {"term": "x"}


def test_a_paged_operation_sends_one_media_type_and_a_vendor_type_as_declared(
    client: Any, server: LocalServer
) -> None:
    # The paginator moves fields of the preferred body: no `content_type=` choice it would ignore.
    assert "content_type" not in inspect.signature(client.search).parameters
    pages = iter(
        [
            {
                "data": [{"id": "p1"}],
                "links": {"next": f"{server.url}/profiles/query?page=2"},
            },
            {"data": [{"id": "p2"}], "links": {"next": None}},
        ]
    )
    server.route("POST", "/profiles/query", lambda r: Reply(next(pages)))
    assert list(client.query_profiles(body={"term": "x"})) == [
        {"id": "p1"},
        {"id": "p2"},
    ]
    assert [r.headers["Content-Type"] for r in server.requests] == [
        "application/vnd.api+json"
    ] * 2
    assert all(r.json == {"term": "x"} for r in server.requests)


def test_an_empty_multipart_body_is_still_multipart(
    client: Any, server: LocalServer
) -> None:
    server.route("POST", "/uploads", lambda r: Reply(None, status=204))
    assert client.upload(body={}) is None
    sent = server.requests[-1]
    media, _, boundary = sent.headers["Content-Type"].partition("; boundary=")
    assert media == "multipart/form-data" and boundary
    assert sent.body == f"--{boundary}--\r\n".encode()


def test_an_operation_answering_a_file_is_not_paged(
    client: Any, server: LocalServer, outdir: Path
) -> None:
    audio = b"ID3\x00\xff"
    server.route(
        "GET",
        "/media/m1/stream",
        lambda r: Reply(audio, headers={"Content-Type": "audio/mpeg"}, raw=True),
    )
    result = client.stream("m1", start_index=0, limit=10)
    assert isinstance(result, BinaryResponse) and result.content == audio
    assert server.requests[-1].query == {"startIndex": "0", "limit": "10"}


def test_head_returns_none_as_annotated(
    client: Any, server: LocalServer, outdir: Path
) -> None:
    server.route(
        "HEAD",
        "/media/m1/stream",
        lambda r: Reply(b"", headers={"Content-Type": "audio/mpeg"}, raw=True),
    )
    assert client.stream_head("m1") is None
    assert server.requests[-1].method == "HEAD"
    source = (outdir / "regressions_client" / "client.py").read_text()
    assert (
        "def stream_head(self, id_: str, **options: Unpack[RequestOptions]) -> None:"
        in source
    )


PARTLESS = """
openapi: 3.0.3
info: {title: Partless, version: "1"}
paths:
  /avatar:
    put:
      operationId: setAvatar
      requestBody:
        content: {multipart/form-data: {schema: {type: string, format: binary}}}
      responses: {"204": {description: stored}}
  /attachments:
    post:
      operationId: attach
      requestBody:
        content: {multipart/form-data: {schema: {type: array, items: {type: string, format: binary}}}}
      responses: {"204": {description: stored}}
  /fine:
    post:
      operationId: fine
      requestBody:
        content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}
      responses: {"204": {description: stored}}
"""


def test_a_multipart_body_that_is_not_named_fields_is_reported(tmp_path: Path) -> None:
    # Jira declares such bodies: no call can send them as the server expects parts.
    result = generate(
        write_spec(tmp_path, PARTLESS), tmp_path / "out", "partless_client"
    )
    warned = [
        line for line in result.stderr.splitlines() if "not an object of fields" in line
    ]
    assert len(warned) == 2, result.stderr
    assert any("/paths/~1avatar/put/requestBody" in line for line in warned)
    assert any("/paths/~1attachments/post/requestBody" in line for line in warned)
