"""The real `restwright` CLI in a subprocess: generate, --check, inspect, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.e2e.support import run_cli, write_spec

SPEC = """
openapi: 3.0.3
info: {title: Zoo, version: "1"}
servers: [{url: "https://zoo.example.com"}]
paths:
  /animals:
    get:
      operationId: listAnimals
      tags: [animals]
      parameters:
        - {name: species, in: query, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/animal"}}
                  next_cursor: {type: string}
    post:
      operationId: createAnimal
      tags: [animals]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/animal"}
      responses:
        "201": {description: created}
components:
  schemas:
    animal:
      type: object
      required: [name]
      properties:
        name: {type: string}
        species: {type: string}
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    return write_spec(tmp_path, SPEC)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_generate_writes_the_project_and_a_summary(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("generate", str(spec), "-o", str(out), "--package", "zoo_client")
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "2 operations (1 paginated)" in summary and " models, 0 warnings" in summary
    assert (out / "zoo_client" / "resources" / "animals.py").is_file()
    assert (out / "pyproject.toml").is_file() and (out / "README.md").is_file()


def test_generation_is_byte_for_byte_deterministic(spec: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert (
            run_cli(
                "generate", str(spec), "-o", str(out), "--package", "zoo"
            ).returncode
            == 0
        )
    assert _tree(first) == _tree(second)


def test_check_exit_codes(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = run_cli(
        "generate", str(spec), "-o", str(out), "--package", "zoo", "--check"
    )
    assert missing.returncode == 1 and not out.exists()
    assert f"{out} does not exist; it would be created" in missing.stdout
    assert "  missing: zoo/client.py\n" in missing.stdout
    assert "changed:" not in missing.stdout
    assert (
        run_cli("generate", str(spec), "-o", str(out), "--package", "zoo").returncode
        == 0
    )
    fresh = run_cli(
        "generate", str(spec), "-o", str(out), "--package", "zoo", "--check"
    )
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "up to date" in fresh.stdout
    before = _tree(out)
    spec.write_text(
        SPEC.replace("species: {type: string}\n", "species: {type: integer}\n"),
        encoding="utf-8",
    )
    stale = run_cli(
        "generate", str(spec), "-o", str(out), "--package", "zoo", "--check"
    )
    assert stale.returncode == 1
    assert "  changed: zoo/models.py\n" in stale.stdout
    assert "+++ b/zoo/models.py" in stale.stdout and "missing" not in stale.stdout
    assert _tree(out) == before


def test_inspect_table_and_json(spec: Path) -> None:
    table = run_cli("inspect", str(spec))
    assert table.returncode == 0, table.stderr
    header, *rows = table.stdout.strip().splitlines()
    assert header.split() == [
        "METHOD",
        "PATH",
        "PAGINATOR",
        "DATA",
        "SELECTOR",
        "AUTH",
        "WHY",
    ]
    assert any(r.startswith("GET") and "cursor" in r and "data" in r for r in rows)
    as_json = run_cli("inspect", str(spec), "--format", "json")
    assert as_json.returncode == 0
    ops = {(o["method"], o["path"]): o for o in json.loads(as_json.stdout)}
    listing = ops[("GET", "/animals")]
    assert listing["operation_id"] == "listAnimals"
    assert listing["paginator"]["type"] == "cursor"
    assert listing["paginator"]["cursor_param"] == "cursor"
    assert listing["data_selector"] == "data"
    assert listing["evidence"]["paginator"]
    assert ops[("POST", "/animals")]["paginator"] is None


def test_inspect_rest_api_format_prints_a_dlt_config(spec: Path) -> None:
    result = run_cli("inspect", str(spec), "--format", "rest-api")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert [r["endpoint"]["path"] for r in config["resources"]] == ["animals"]


def test_overrides_win(spec: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "listAnimals: {paginator: {type: offset, limit: 25}, data_selector: data}\n"
    )
    result = run_cli(
        "inspect", str(spec), "--format", "json", "--overrides", str(overrides)
    )
    assert result.returncode == 0, result.stderr
    listing = next(o for o in json.loads(result.stdout) if o["method"] == "GET")
    assert listing["paginator"]["type"] == "offset"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("openapi: 3.0.3\ninfo: [unclosed\n", "spec.yaml"),
        (
            SPEC.replace(
                "- {name: cursor, in: query, schema: {type: string}}",
                '- {$ref: "other.yaml#/cursor"}',
            ),
            "/parameters/1/$ref",
        ),
        (SPEC.replace("openapi: 3.0.3", "openapi: 9.0.0"), "spec.yaml#/openapi"),
    ],
    ids=["unparsable", "broken-file-ref", "unsupported-version"],
)
def test_bad_input_is_one_message_without_traceback(
    tmp_path: Path, text: str, where: str
) -> None:
    spec = write_spec(tmp_path, text)
    out = tmp_path / "out"
    result = run_cli("generate", str(spec), "-o", str(out), "--package", "zoo")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr and where in result.stderr
    assert not out.exists()


def test_missing_source_file(tmp_path: Path) -> None:
    result = run_cli("inspect", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["my-client", "class", "1st", "json", "requests"])
def test_package_must_be_a_usable_identifier(
    spec: Path, tmp_path: Path, name: str
) -> None:
    result = run_cli(
        "generate", str(spec), "-o", str(tmp_path / "out"), "--package", name
    )
    assert result.returncode == 2
    assert "--package" in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_explains_commands() -> None:
    top = run_cli("--help")
    assert top.returncode == 0 and "generate" in top.stdout and "inspect" in top.stdout
    gen = run_cli("generate", "--help")
    for command in (gen, run_cli("inspect", "--help")):
        source_help = " ".join(command.stdout.split())
        assert "OpenAPI 3.x / Swagger 2.0 document (JSON or YAML)" in source_help
        assert "dlt rest_api config (YAML, JSON or TOML)" in source_help
    assert (
        "--check" in gen.stdout
        and "--overrides" in gen.stdout
        and "exit codes" in gen.stdout
    )
