"""Request bodies by media type through a generated client: nested form fields per the spec's
`encoding`, multipart uploads from bytes / a file object / a path, raw bytes and text, and the
caller's pick among several offered media types."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.e2e.support import generate, import_generated, run_mypy, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Bodies, version: "1"}
servers: [{url: "https://bodies.example"}]
components:
  schemas:
    Ok:
      type: object
      properties: {id: {type: string}}
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                email: {type: string}
                metadata: {type: object, additionalProperties: {type: string}}
                items:
                  type: array
                  items: {type: object, properties: {price: {type: string}}}
                tags: {type: array, items: {type: string}}
            encoding:
              metadata: {style: deepObject, explode: true}
              items: {style: deepObject, explode: true}
              tags: {style: pipeDelimited, explode: false}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}
  /files:
    post:
      operationId: uploadFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}
  /blobs/{id}:
    put:
      operationId: putBlob
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content: {application/octet-stream: {schema: {type: string, format: binary}}}
      responses:
        "204": {description: stored}
  /notes:
    post:
      operationId: addNote
      requestBody:
        required: true
        content: {text/plain: {schema: {type: string}}}
      responses:
        "204": {description: stored}
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        "204": {description: made}
"""

USAGE = """
import io
from pathlib import Path

from bodies_client import Client

client = Client(base_url="http://127.0.0.1:1")
client.upload_file(body={"file": b"x", "purpose": "a"})
client.upload_file(body={"file": io.BytesIO(b"x"), "purpose": "a"})
client.upload_file(body={"file": Path("a.txt"), "purpose": "a"})
client.upload_file(body={"file": ("a.csv", b"1,2", "text/csv"), "purpose": "a"})
client.put_blob("a", body=b"x")
client.put_blob("a", body=Path("a.bin"))
client.add_note(body="hello")
client.create_thing(body={"name": "n"}, content_type="application/x-www-form-urlencoded")
client.create_customer(body={"metadata": {"order": "42"}}, timeout=3.0)
"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire_bodies")
    generate(write_spec(root, SPEC), root / "out", "bodies_client")
    return root / "out"


@pytest.fixture()
def client(outdir: Path, server: LocalServer) -> Any:
    ok = lambda req: Reply({"id": "x"})  # noqa: E731
    server.route("POST", "/customers", ok)
    server.route("POST", "/files", ok)
    for method, path in [("PUT", "/blobs/a"), ("POST", "/notes"), ("POST", "/things")]:
        server.route(method, path, lambda req: Reply(b"", status=204, raw=True))
    return import_generated(outdir, "bodies_client").Client(base_url=server.url)


def test_callers_code_type_checks(outdir: Path) -> None:
    (outdir / "usage.py").write_text(USAGE)
    checked = run_mypy(outdir, "bodies_client", "usage")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_nested_form_fields_follow_the_encoding(
    client: Any, server: LocalServer
) -> None:
    client.create_customer(
        body={
            "email": "a@b.c",
            "metadata": {"order": "42"},
            "items": [{"price": "p1"}, {"price": "p2"}],
            "tags": ["x", "y"],
        }
    )
    (request,) = server.requests
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode()) == [
        ("email", "a@b.c"),
        ("metadata[order]", "42"),
        ("items[0][price]", "p1"),
        ("items[1][price]", "p2"),
        ("tags", "x|y"),
    ]


@pytest.mark.parametrize("kind", ["bytes", "file", "path", "tuple"])
def test_multipart_upload_from_any_file_source(
    client: Any, server: LocalServer, tmp_path: Path, kind: str
) -> None:
    data = b"col\n1\n"
    source = tmp_path / "rows.csv"
    source.write_bytes(data)
    files = {
        "bytes": data,
        "file": io.BytesIO(data),
        "path": source,
        "tuple": ("rows.csv", data, "text/csv"),
    }
    assert client.upload_file(body={"file": files[kind], "purpose": "import"}) == {
        "id": "x"
    }
    (request,) = server.requests
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="purpose"\r\n\r\nimport\r\n' in request.body
    assert b'name="file"' in request.body and data in request.body
    if kind in ("path", "tuple"):
        assert b'filename="rows.csv"' in request.body


def test_raw_bytes_stream_and_text(
    client: Any, server: LocalServer, tmp_path: Path
) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)))
    client.put_blob("a", body=blob)
    client.put_blob("a", body=b"\x00\x01")
    client.add_note(body="héllo")
    first, second, note = server.requests
    assert first.body == bytes(range(256))
    assert first.headers["Content-Type"] == "application/octet-stream"
    assert second.body == b"\x00\x01"
    assert note.body == "héllo".encode()
    assert note.headers["Content-Type"].startswith("text/plain")


def test_the_caller_picks_among_offered_media_types(
    client: Any, server: LocalServer
) -> None:
    client.create_thing(body={"name": "n"})
    client.create_thing(
        body={"name": "n"}, content_type="application/x-www-form-urlencoded"
    )
    as_json, as_form = server.requests
    assert as_json.json == {"name": "n"}
    assert as_form.body == b"name=n"
    assert as_form.headers["Content-Type"] == "application/x-www-form-urlencoded"
