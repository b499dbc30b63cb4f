"""Templates print code, ruff formats it, black is the referee; spec text only ever escaped.

The template environment refuses to print anything an escaping filter or the sanitiser did not
produce, so a template cannot leak raw spec text into code; generated files come out of the
pinned ruff, and black (the project's referee) would change nothing in them.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jinja2
import pytest

from restwright.pipeline import generate
from restwright.render.environment import Code, make_environment
from tests.e2e.support import run_black_check, write_spec


def render(source: str, **values: object) -> str:
    return str(make_environment().from_string(source).render(**values))


def test_templates_print_only_escaped_text() -> None:
    hostile = '"; import os; os.system("x") #\n'
    with pytest.raises(jinja2.TemplateError, match="no escaping filter produced"):
        render("x = {{ value }}", value=hostile)
    with pytest.raises(jinja2.TemplateError):
        render(
            'x = {{ "a" ~ value }}', value=hostile
        )  # concatenation is plain text too
    with pytest.raises(jinja2.TemplateError):
        render("x = {{ [value]|join }}", value=hostile)
    code = render("x = {{ value|str }}", value=hostile)
    assert ast.literal_eval(code.split(" = ", 1)[1]) == hostile
    doc = render("def f():\n{{ value|docstring(4) }}\n", value=hostile + '"""')
    assert len(ast.parse(doc).body) == 1
    assert render(
        "{{ name }}({{ n }}, {{ flag }})", name=Code("f"), n=3, flag=True
    ) == ("f(3, True)")


def test_macro_output_is_code_and_indents() -> None:
    source = (
        "{% macro two(x) %}a = {{ x }}\nb = 2{% endmacro %}"
        "def f():\n{{ two(value)|indent(4) }}\n"
    )
    assert render(source, value=Code("1")) == "def f():\n    a = 1\n    b = 2\n"


LONG = "https://" + "very-long-subdomain-name." * 6 + "example.com/api/v1/" + "x" * 40
SPEC = f"""
openapi: 3.0.3
info:
  title: "{"A title that goes on and on " * 5}"
  version: "1"
  description: "{"Words that go on and on. " * 20}"
servers: [{{url: "{LONG}"}}]
paths:
  /things/{{thing_identifier_that_is_long}}/sub-things/{{another_identifier_that_is_long}}:
    get:
      operationId: getAVeryLongOperationNameThatKeepsGoingAndGoingWithoutEnd
      parameters:
        - {{name: thing_identifier_that_is_long, in: path, required: true, schema: {{type: string}}}}
        - {{name: another_identifier_that_is_long, in: path, required: true, schema: {{type: integer}}}}
        - {{name: filter-with-a-long-name, in: query, schema: {{type: string, enum: [{", ".join(f"value-number-{i}" for i in range(8))}]}}}}
        - {{name: X-Header-With-A-Long-Name, in: header, schema: {{type: [string, integer, boolean, "null"]}}}}
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}
"""


def test_long_lines_from_a_spec_are_black_stable(tmp_path: Path) -> None:
    """Long server URLs, titles, enums and names wrap where black would wrap them."""
    outdir = tmp_path / "out"
    generate(write_spec(tmp_path, SPEC), outdir, "long_client")
    client = (outdir / "long_client" / "client.py").read_text()
    assert f'DEFAULT_BASE_URL: str | None = (\n    "{LONG}"\n)' in client
    black = run_black_check(outdir)
    assert black.returncode == 0, black.stdout + black.stderr
    again = generate(write_spec(tmp_path, SPEC), outdir, "long_client", check=True)
    assert again.write.up_to_date


def _enum_response(values: list[object]) -> dict[str, object]:
    return {
        "description": "ok",
        "content": {"application/json": {"schema": {"enum": values}}},
    }


DIVERGING_SPEC = {
    "openapi": "3.0.0",
    "info": {"title": "diverging", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/things/{thing_id}": {
            "get": {
                "operationId": "get_state",
                "summary": '"""',  # a docstring that is only escaped quotes
                "parameters": [
                    {
                        "name": "thing_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": _enum_response(
                        [
                            "a" * 45,
                            "b" * 50,
                            "c" * 30,
                            -1,
                        ]  # a Literal too long to stay whole
                    )
                },
            }
        }
    },
}


def test_where_ruff_and_black_differ_black_wins(tmp_path: Path) -> None:
    """Long `Literal[...]` return annotations and quote-only docstrings: ruff 0.17 lays them
    out unlike black; the generator hands exactly those to black, the referee."""
    outdir = tmp_path / "out"
    spec = write_spec(tmp_path, json.dumps(DIVERGING_SPEC), "spec.json")
    generate(spec, outdir, "diverging")
    client = (outdir / "diverging" / "client.py").read_text()
    assert (
        "def get_state(self, thing_id: str, **options: Unpack[RequestOptions]) -> Literal["
        in client
    )
    black = run_black_check(outdir)
    assert black.returncode == 0, black.stdout + black.stderr
