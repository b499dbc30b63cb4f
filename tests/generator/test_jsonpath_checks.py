"""JSONPaths and paginator values from overrides and configs are checked at generate time.

The runtime's own parser reads every data selector and `*_path` setting, and every paginator
value must fit the runtime constructor's annotation: otherwise the generated client would fail on
its first page, or not type-check. Each problem is an exit-2 error naming the file and pointer,
through the real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import generate, run_cli, run_mypy, write_spec

SPEC = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example"}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: object}}}}}}
"""


def config(endpoint: str) -> str:
    return f"""
client: {{base_url: "https://pets.example/"}}
resources:
  - name: pets
    endpoint: {endpoint}
"""


@pytest.mark.parametrize(
    ("overrides", "where", "message"),
    [
        ('"GET /pets": {data_selector: "data["}', "/GET ~1pets/data_selector",
         "data_selector is not a JSONPath the runtime can read"),
        ('listPets: {paginator: {type: json_link, next_url_path: "$$"}}', "/listPets/paginator/next_url_path",
         "`next_url_path` is not a JSONPath the runtime can read"),
        ("listPets: {paginator: {type: cursor, cursor_path: [a, b]}}", "/listPets/paginator/cursor_path",
         "`cursor_path` must be a string, got ['a', 'b']"),
    ],
)  # fmt: skip
def test_bad_override_paths_are_located_errors(
    tmp_path: Path, overrides: str, where: str, message: str
) -> None:
    spec = write_spec(tmp_path, SPEC)
    path = write_spec(tmp_path, overrides, "overrides.yaml")
    outdir = tmp_path / "out"
    result = run_cli(
        "generate", str(spec), "-o", str(outdir), "--package", "paths_a",
        "--overrides", str(path),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert f"overrides.yaml#{where}" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr and not outdir.exists()


@pytest.mark.parametrize(
    ("endpoint", "where", "message"),
    [
        ('{path: pets, data_selector: "items[?("}', "/resources/0/endpoint/data_selector",
         "`data_selector` is not a JSONPath the runtime can read"),
        ("{path: pets, paginator: {type: offset, limit: 10, total_path: 5}}",
         "/resources/0/endpoint/paginator/total_path", "`total_path` must be a string, got 5"),
        ("{path: pets, paginator: {type: cursor, stop_after_empty_page: maybe}}",
         "/resources/0/endpoint/paginator/stop_after_empty_page",
         "`stop_after_empty_page` must be true or false, got 'maybe'"),
        ('{path: pets, paginator: {type: record_cursor, cursor_field: "id]"}}',
         "/resources/0/endpoint/paginator/cursor_field", "`cursor_field` is not a JSONPath"),
    ],
)  # fmt: skip
def test_bad_config_paths_are_located_errors(
    tmp_path: Path, endpoint: str, where: str, message: str
) -> None:
    source = write_spec(tmp_path, config(endpoint), "config.yaml")
    outdir = tmp_path / "out"
    result = run_cli("generate", str(source), "-o", str(outdir), "--package", "paths_b")
    assert result.returncode == 2, result.stderr
    assert f"config.yaml#{where}" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr and not outdir.exists()


def test_paths_the_runtime_reads_generate_clients_that_type_check(
    tmp_path: Path,
) -> None:
    source = write_spec(
        tmp_path,
        config(
            '{path: pets, data_selector: "$.data[*]", paginator: {type: cursor,'
            " cursor_path: \"meta['next cursor']\", cursor_param: cursor,"
            " has_more_path: meta.more, stop_after_empty_page: true}}"
        ),
        "config.yaml",
    )
    generate(source, tmp_path / "out", "paths_c")
    client = (tmp_path / "out" / "paths_c" / "client.py").read_text()
    assert "cursor_path=\"meta['next cursor']\"" in client
    assert run_mypy(tmp_path / "out", "paths_c").returncode == 0
