"""The rest-api exporter on hand-written specs: paginators, auth, skips, names, hostile text."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from restwright.export import export_rest_api, to_rest_api_config, to_rest_api_yaml
from restwright.pipeline import analyse
from restwright.kinds.paginators import check_paginator
from restwright.diagnostics import Diagnostic, Location

LIST_SPEC = """
openapi: 3.0.3
info: {title: Items, version: "1"}
servers: [{url: "https://items.example/api"}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 50}}
        - {name: status, in: query, schema: {type: string, default: open}}
        - {name: X-Trace, in: header, schema: {type: string, default: "on"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def export_with(
    tmp_path: Path, paginator: Any, selector: str = "data"
) -> dict[str, Any]:
    spec = write(tmp_path, LIST_SPEC)
    overrides = {"GET /items": {"paginator": paginator, "data_selector": selector}}
    config = to_rest_api_config(analyse(spec, overrides))
    (resource,) = config["resources"]
    endpoint: dict[str, Any] = resource["endpoint"]
    return endpoint


PAGINATORS: list[tuple[Any, Any]] = [
    ("single_page", {"type": "single_page"}),
    ("auto", "auto"),
    (
        {"type": "json_link", "next_url_path": "links.next"},
        {"type": "json_link", "next_url_path": "links.next"},
    ),
    ({"type": "header_link"}, {"type": "header_link"}),
    (
        {"type": "offset", "limit": 50, "total_path": None},
        {"type": "offset", "limit": 50, "total_path": None},
    ),
    (
        {
            "type": "page_number",
            "base_page": 1,
            "page_param": "page",
            "total_path": "pages",
        },
        {
            "type": "page_number",
            "base_page": 1,
            "page_param": "page",
            "total_path": "pages",
        },
    ),
    (
        {"type": "cursor", "cursor_path": "meta.next", "cursor_param": "after"},
        {"type": "cursor", "cursor_path": "meta.next", "cursor_param": "after"},
    ),
    (
        {"type": "header_cursor", "cursor_key": "X-Next", "cursor_param": "cursor"},
        {"type": "header_cursor", "cursor_key": "X-Next", "cursor_param": "cursor"},
    ),
    (
        {
            "type": "record_cursor",
            "cursor_param": "starting_after",
            "cursor_field": "id",
            "has_more_path": "has_more",
        },
        {
            "type": "cursor",
            "cursor_path": "data[-1].id",
            "cursor_param": "starting_after",
            "has_more_path": "has_more",
        },
    ),
]


@pytest.mark.parametrize(("override", "expected"), PAGINATORS)
def test_each_paginator_type_in_dlt_vocabulary(
    tmp_path: Path, override: Any, expected: Any
) -> None:
    endpoint = export_with(tmp_path, override)
    got = endpoint["paginator"]
    if isinstance(expected, dict):
        assert {k: got.get(k) for k in expected} == expected
        assert "cursor_field" not in got
        # the config input (round trip) takes it back without complaint
        problems: list[Diagnostic] = []
        assert (
            check_paginator(got, Location("x.yaml"), "resource", problems) is not None
        )
        assert problems == []
    else:
        assert got == expected
    assert endpoint["data_selector"] == "data"


def test_every_exported_paginator_builds_in_dlt(tmp_path: Path) -> None:
    config_setup = pytest.importorskip("dlt.sources.rest_api.config_setup")
    for override, _ in PAGINATORS:
        paginator = export_with(tmp_path, override)["paginator"]
        built = config_setup.create_paginator(paginator)
        assert built is not None or paginator == "auto"


def test_record_cursor_on_a_bare_array_and_unwritable_selectors(tmp_path: Path) -> None:
    record_cursor = {
        "type": "record_cursor",
        "cursor_param": "after",
        "cursor_field": "id",
    }
    assert (
        export_with(tmp_path, record_cursor, "$")["paginator"]["cursor_path"]
        == "$[-1].id"
    )
    assert (
        export_with(tmp_path, record_cursor, "$.page.items")["paginator"]["cursor_path"]
        == "page.items[-1].id"
    )
    assert export_with(tmp_path, record_cursor, "data[*]")["paginator"] == "auto"


def test_static_params_and_headers_from_defaults(tmp_path: Path) -> None:
    endpoint = export_with(
        tmp_path, {"type": "offset", "limit": 50, "total_path": None}
    )
    assert endpoint["path"] == "items"
    assert endpoint["params"] == {"status": "open"}  # limit is the paginator's
    assert endpoint["headers"] == {"X-Trace": "on"}
    endpoint = export_with(tmp_path, {"type": "json_link", "next_url_path": "next"})
    assert endpoint["params"] == {"limit": 50, "status": "open"}


AUTH_SPEC = """
openapi: 3.0.3
info: {title: Auth, version: "1"}
servers: [{url: "https://auth.example/v2/"}]
security: [{bearer: []}, {basic: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: query, name: api-key}
    cc:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {}}}
    implicit:
      type: oauth2
      flows: {implicit: {authorizationUrl: "https://auth.example/authorize", scopes: {}}}
paths:
  /a:
    get: {operationId: a, responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
  /b:
    get: {operationId: b, responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
  /c:
    get: {operationId: c, security: [{key: []}], responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
  /d:
    get: {operationId: d, security: [{cc: []}], responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
  /e:
    get: {operationId: e, security: [{implicit: []}], responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}}
"""


def test_auth_without_secrets_client_and_endpoint_level(tmp_path: Path) -> None:
    analysis = analyse(write(tmp_path, AUTH_SPEC))
    export = export_rest_api(analysis)
    assert export.client["auth"] == {"type": "bearer"}
    by_name = {r.config["name"]: r for r in export.resources}
    assert "auth" not in by_name["a"].config["endpoint"]
    assert any("basic" in n for n in by_name["a"].notes)
    assert by_name["c"].config["endpoint"]["auth"] == {
        "type": "api_key",
        "name": "api-key",
        "location": "query",
    }
    assert by_name["d"].config["endpoint"]["auth"] == {
        "type": "oauth2_client_credentials",
        "access_token_url": "https://auth.example/oauth/token",
    }
    assert "auth" not in by_name["e"].config["endpoint"]
    assert any("no dlt" in n for n in by_name["e"].notes)
    assert any("needs a different auth" in n for n in by_name["e"].notes)
    assert any(
        "SOURCES__REST_API__CREDENTIALS__API_KEY" in n for n in by_name["c"].notes
    )
    text = to_rest_api_yaml(analysis)
    assert "SOURCES__REST_API__CREDENTIALS__TOKEN" in text
    for secret in ("token:", "password:", "client_secret:", "api_key: "):
        assert secret not in text.replace("# ", "#")  # only in comments, never as a key


def test_skipped_operations_are_named_with_a_reason(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        """
        openapi: 3.0.3
        info: {title: Skips, version: "1"}
        paths:
          /things:
            post: {operationId: makeThing, responses: {"201": {description: ok}}}
          /things/{id}/parts:
            get:
              operationId: listParts
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}
          /search:
            get:
              operationId: search
              parameters: [{name: q, in: query, required: true, schema: {type: string}}]
              responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}
        """,
    )
    export = export_rest_api(analyse(spec))
    assert export.resources == ()
    assert [s.split(":")[0] for s in export.skipped] == [
        "POST /things",
        "GET /things/{id}/parts",
        "GET /search",
    ]
    assert "id" in export.skipped[1] and "q" in export.skipped[2]
    text = to_rest_api_yaml(analyse(spec))
    assert "set client.base_url" in text
    assert yaml.safe_load(text) == {"client": {}, "resources": []}


HOSTILE = """
openapi: 3.0.3
info: {title: Hostile, version: "1"}
servers: [{url: "https://h.example/'\\"quoted"}]
paths:
  "/a: b\\n- evil: 1":
    get:
      operationId: "x\\nresources: []\\n# \\u2028- name: pwned\\u0085 \\u2029"
      parameters:
        - {name: "q\\nzz: 1", in: query, schema: {type: string, default: "v\\n- x: 1 #"}}
        - {name: braces, in: query, schema: {type: string, default: "{resources.x.id}"}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}
  /class:
    get:
      operationId: "list items"
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}
  /list-items:
    get:
      operationId: "list-items"
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}}
"""


def test_hostile_spec_text_stays_data(tmp_path: Path) -> None:
    analysis = analyse(write(tmp_path, HOSTILE))
    text = to_rest_api_yaml(analysis)
    config = to_rest_api_config(analysis)
    assert yaml.safe_load(text) == config
    for line in text.splitlines():
        assert line.isascii()
    assert [
        line for line in text.splitlines() if line.lstrip().startswith("- name:")
    ] == [f"- name: {r['name']}" for r in config["resources"]]
    names = [r["name"] for r in config["resources"]]
    assert len(set(names)) == len(names) == 3
    assert all(n.isidentifier() for n in names)
    hostile = next(
        r for r in config["resources"] if r["endpoint"]["path"].startswith("a:")
    )
    assert hostile["endpoint"]["params"] == {
        "q\nzz: 1": "v\n- x: 1 #"
    }  # braces one dropped
    assert (
        "braces" in text
        and config["client"]["base_url"] == "https://h.example/'\"quoted"
    )


def test_output_is_deterministic(tmp_path: Path) -> None:
    spec = write(tmp_path, HOSTILE)
    first = to_rest_api_yaml(analyse(spec))
    assert first == to_rest_api_yaml(analyse(spec))
    # names come from the operations' own keys: colliding ones get a suffix hashed from the key,
    # and without the collision the plain name comes back; other names never move
    fewer = HOSTILE.split("  /list-items:")[0]
    names = [
        r["name"]
        for r in to_rest_api_config(analyse(write(tmp_path, fewer, "b.yaml")))[
            "resources"
        ]
    ]
    assert names == ["x_resources_name_pwned", "list_items"]
    assert [r["name"] for r in yaml.safe_load(first)["resources"]] == [
        "x_resources_name_pwned",
        "list_items_b941a8",
        "list_items_cf5127",
    ]
