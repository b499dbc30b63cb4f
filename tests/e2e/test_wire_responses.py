"""Responses by media type through a generated client: JSON typed, 204 → None, binary →
`BinaryResponse` (streamed to a file), text → `str`, server-sent events → `EventStream`; the
return annotation says what the call returns, and never names an error schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import generate, import_generated, run_mypy, write_spec
from tests.support.server import LocalServer, Reply

SPEC = """
openapi: 3.0.3
info: {title: Files, version: "1"}
servers: [{url: "https://files.example"}]
components:
  schemas:
    Error:
      type: object
      properties: {message: {type: string}}
    Item:
      type: object
      properties: {id: {type: string}}
  responses:
    Problem:
      description: failed
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
paths:
  /items/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      operationId: deleteItem
      responses:
        "204": {description: gone}
        default: {$ref: "#/components/responses/Problem"}
    put:
      operationId: putItem
      responses:
        "200":
          description: replaced
          content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
        "204": {description: unchanged}
        "404": {$ref: "#/components/responses/Problem"}
  /reports/{id}.pdf:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getReport
      responses:
        "200":
          description: the report
          content: {application/pdf: {schema: {type: string, format: binary}}}
        default: {$ref: "#/components/responses/Problem"}
  /export:
    get:
      operationId: exportCsv
      responses:
        "200":
          description: rows
          content: {text/csv: {schema: {type: string}}}
  /events:
    get:
      operationId: streamEvents
      responses:
        "200":
          description: events
          content: {text/event-stream: {schema: {type: string}}}
  /ping:
    get:
      operationId: ping
      responses:
        default: {$ref: "#/components/responses/Problem"}
"""

# What a caller writes: mypy must accept it against the generated annotations.
USAGE = """
from pathlib import Path

from restwright_runtime import BinaryResponse, EventStream
from files_client import Client
from files_client import models

client = Client(base_url="http://127.0.0.1:1")
client.delete_item("a")
item: models.Item | None = client.put_item("a")
report: BinaryResponse = client.get_report("a")
report.write_to(Path("out.pdf"))
rows: str = client.export_csv()
events: EventStream = client.stream_events()
datas = [event.data for event in events]
"""


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wire_responses")
    generate(write_spec(root, SPEC), root / "out", "files_client")
    return root / "out"


def test_annotations_follow_the_success_media_type(outdir: Path) -> None:
    client_py = (outdir / "files_client" / "client.py").read_text()
    assert "-> models.Error" not in client_py  # an error schema is never a return type
    # ... but the docstring says which error carries it
    assert "NotFoundError: 404; `.body` is models.Error. failed" in client_py
    for name, returns in [
        ("delete_item", "None"),
        ("put_item", "models.Item | None"),
        ("get_report", "BinaryResponse"),
        ("export_csv", "str"),
        ("stream_events", "EventStream"),
        ("ping", "Any"),
    ]:
        signature = client_py.split(f"def {name}(")[1].split(":\n")[0]
        assert signature.endswith(f") -> {returns}"), (name, signature)
    (outdir / "usage.py").write_text(USAGE)
    checked = run_mypy(outdir, "files_client", "usage")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_each_media_type_is_read_as_annotated(
    outdir: Path, server: LocalServer, tmp_path: Path
) -> None:
    client = import_generated(outdir, "files_client").Client(base_url=server.url)
    server.route("DELETE", "/items/a", lambda req: Reply(b"", status=204, raw=True))
    server.route("PUT", "/items/a", lambda req: Reply({"id": "a"}))
    server.route("PUT", "/items/b", lambda req: Reply(b"", status=204, raw=True))
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 512
    server.route(
        "GET",
        "/reports/a.pdf",
        lambda req: Reply(pdf, headers={"Content-Type": "application/pdf"}, raw=True),
    )
    server.route(
        "GET",
        "/export",
        lambda req: Reply(
            "id,name\n1,a\n", headers={"Content-Type": "text/csv"}, raw=True
        ),
    )
    server.route(
        "GET",
        "/events",
        lambda req: Reply(
            'data: {"n": 1}\n\nevent: done\ndata: bye\n\n',
            headers={"Content-Type": "text/event-stream"},
            raw=True,
        ),
    )

    assert client.delete_item("a") is None
    assert client.put_item("a") == {"id": "a"}
    assert client.put_item("b") is None
    report = client.get_report("a")
    target = tmp_path / "report.pdf"
    report.write_to(target)
    assert target.read_bytes() == pdf
    assert client.export_csv() == "id,name\n1,a\n"
    events = list(client.stream_events())
    assert [e.json() if e.event == "message" else e.data for e in events] == [
        {"n": 1},
        "bye",
    ]
    accepts = {(r.method, r.path): r.headers.get("Accept") for r in server.requests}
    assert accepts[("GET", "/reports/a.pdf")] == "application/pdf"
    assert accepts[("GET", "/export")] == "text/csv"
    assert accepts[("GET", "/events")] == "text/event-stream"
