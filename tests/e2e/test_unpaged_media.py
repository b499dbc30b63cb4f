"""An operation answering a file, text or stream, or a HEAD, is never paged: inference says so
(the same in `inspect` and the generated method), and an override that pages one is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.support import generate, run_cli, write_spec

SPEC = """
openapi: 3.0.3
info: {title: Media, version: "1"}
servers: [{url: "https://media.example"}]
paths:
  /videos/{id}/stream:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: streamVideo
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: the video, content: {video/mp4: {schema: {type: string, format: binary}}}}
    head:
      operationId: videoHeaders
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: the video's headers, content: {video/mp4: {schema: {type: string, format: binary}}}}
  /videos:
    get:
      operationId: listVideos
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: videos
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


def test_inspect_pages_only_the_json_list(tmp_path: Path) -> None:
    result = run_cli("inspect", str(write_spec(tmp_path, SPEC)), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {(r["method"], r["path"]): r for r in json.loads(result.stdout)}
    assert rows[("GET", "/videos")]["paginator"]["type"] == "offset"
    for method in ("GET", "HEAD"):
        row = rows[(method, "/videos/{id}/stream")]
        assert row["paginator"] is None, row
    said = json.dumps(rows[("GET", "/videos/{id}/stream")]["evidence"])
    assert "video/mp4" in said and "not pages" in said


def test_an_override_paging_a_stream_is_reported_not_followed(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    overrides = write_spec(
        tmp_path,
        "streamVideo: {paginator: {type: offset, offset_param: offset, limit_param: limit, limit: 10}}",
        "overrides.yaml",
    )
    result = generate(
        spec, tmp_path / "out", "media_client", "--overrides", str(overrides)
    )
    assert "paginator 'offset' not used: it answers video/mp4" in result.stderr
    client = (tmp_path / "out" / "media_client" / "client.py").read_text()
    assert "def stream_video(" in client and "-> BinaryResponse:" in client
