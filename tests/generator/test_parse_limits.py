"""Hostile and messy spec files through the real CLI: alias bombs wherever they hide, refused in
bounded memory; duplicate keys warned about with their place; lone surrogates and non-JSON YAML
tags refused with their place. Memory is the child's own peak RSS, measured by a wrapper process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import PYTHON, run_cli

# The wrapper caps the CLI's address space (a regression fails fast instead of eating the
# machine) and reports the child's peak RSS, which RUSAGE_CHILDREN holds for its only child.
_MEASURE = """\
import json, resource, subprocess, sys
cap = 3 * 1024**3
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "err": done.stderr, "peak_kb": peak}))
"""
MB = 1024


def run_measured(*args: str) -> dict[str, Any]:
    """The real CLI under the wrapper: exit code, stderr and peak RSS (KB)."""
    done = subprocess.run(
        [PYTHON, "-c", _MEASURE, PYTHON, "-m", "restwright.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


HEAD = """\
openapi: 3.0.3
info: {title: Zoo, version: "1"}
"""


def _laughs(indent: str, flow_key: bool, levels: int = 9) -> str:
    """A nested billion-laughs mapping: each level lists the previous one nine times."""
    colon = '":' if flow_key else ": "
    quote = '"' if flow_key else ""
    lines = [
        f'{indent}{quote}l0{colon}&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"],'
    ]
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"{indent}{quote}l{level}{colon}&a{level} [{refs}],")
    return "\n".join(lines)


BOMBS: dict[str, tuple[str, str]] = {
    # `&a0` right after `"key":` in a flow mapping (no space): what a regex pre-check missed.
    "flow-mapping-after-key": (
        HEAD
        + "paths: {}\nx-data: {\n"
        + _laughs("  ", flow_key=True)
        + '\n  "end": 1}\n',
        "spec.yaml#/x-data/",
    ),
    "parameter-default": (
        HEAD
        + textwrap.dedent("""\
            paths:
              /animals:
                get:
                  operationId: listAnimals
                  parameters:
                    - name: q
                      in: query
                      schema:
                        type: object
                        default: {
            """)
        + _laughs("              ", flow_key=True)
        + "\n              end: 1}\n      responses: {'200': {description: ok}}\n",
        "spec.yaml#/paths/~1animals/get/parameters/0/schema/default/",
    ),
    "extension-block-style": (
        HEAD
        + "paths: {}\nx-laughs:\n"
        + "\n".join(
            [f"  l0: &a0 [{', '.join(['lol'] * 9)}]"]
            + [f"  l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        )
        + "\n",
        "spec.yaml#/x-laughs/",
    ),
    "merge-keys": (
        HEAD
        + "paths: {}\nx-merge:\n  m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
        + "".join(
            f"  m{i}: &m{i} {{<<: [*m{i - 1}], k{i}: [{', '.join([f'*m{i - 1}'] * 9)}]}}\n"
            for i in range(1, 10)
        ),
        "spec.yaml#/x-merge/",
    ),
    "sequence-of-sequences": (
        HEAD
        + "paths: {}\nx-deep: &d0 [[[[[[x, y, z]]]]]]\n"
        + "".join(
            f"x-d{i}: &d{i} [{', '.join([f'*d{i - 1}'] * 12)}]\n" for i in range(1, 8)
        ),
        "spec.yaml#/x-d",
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    text, pointer = BOMBS[name]
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_measured("generate", str(spec), "-o", str(out), "--package", "zoo")
    assert result["rc"] == 2, result["err"]
    assert "alias bomb" in result["err"] and pointer in result["err"], result["err"]
    assert "Traceback" not in result["err"]
    assert result["peak_kb"] < 150 * MB, result["peak_kb"]
    assert not out.exists()


def test_shared_anchors_within_budget_generate(tmp_path: Path) -> None:
    """A spec that reuses one response through aliases many times is fine."""
    operations = "".join(
        f"  /things{i}:\n    get:\n      operationId: listThings{i}\n"
        f"      responses: *ok\n"
        for i in range(200)
    )
    text = (
        HEAD
        + "x-responses: &ok\n  '200':\n    description: ok\n    content:\n"
        + "      application/json:\n        schema: {type: array, items: {type: string}}\n"
        + "paths:\n"
        + operations
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    result = run_cli(
        "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "zoo"
    )
    assert result.returncode == 0, result.stderr
    assert "200 operations" in result.stdout


def _big_legit_yaml(operations: int) -> str:
    """A realistic YAML spec: per-operation parameters, responses and object schemas."""
    parts = [HEAD, "paths:\n"]
    for i in range(operations):
        parts.append(textwrap.dedent(f"""\
                  /things{i}:
                    get:
                      operationId: listThings{i}
                      description: Lists things of kind {i}, newest first. Pages by cursor.
                      parameters:
                        - {{name: cursor, in: query, schema: {{type: string}}, description: from next_cursor}}
                        - {{name: limit, in: query, schema: {{type: integer, default: 50, maximum: 100}}}}
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json:
                              schema: {{$ref: '#/components/schemas/Page{i}'}}
                """))
    parts.append("components:\n  schemas:\n")
    for i in range(operations):
        parts.append(
            f"    Page{i}:\n      type: object\n      properties:\n"
            f"        next_cursor: {{type: string, nullable: true}}\n"
            f"        data: {{type: array, items: {{$ref: '#/components/schemas/Thing{i}'}}}}\n"
            f"    Thing{i}:\n      type: object\n      required: [id]\n      properties:\n"
            f"        id: {{type: string, example: thing_{i}}}\n"
            f"        name: {{type: string, description: The display name.}}\n"
            f"        created: {{type: string, format: date-time}}\n"
        )
    return "".join(parts)


_PARSE_PEAK = """\
import resource, sys
from pathlib import Path
from restwright.load.parse import parse_data
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
parse_data(data, sys.argv[1])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) * 1024 / len(data))
"""


def test_yaml_memory_stays_within_20x_the_input(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(_big_legit_yaml(3000), encoding="utf-8")
    assert spec.stat().st_size > 2_000_000
    done = subprocess.run(
        [PYTHON, "-c", _PARSE_PEAK, str(spec)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 20, done.stdout


# ----------------------------------------------------------------- what is not data


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            "!!python/object/apply:os.system [echo hi]",
            "!!python/object/apply:os.system",
        ),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!custom x", "!custom"),
    ],
)
def test_non_json_yaml_tags_are_refused_with_their_place(
    tmp_path: Path, value: str, shown: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + f"paths: {{}}\nx-thing:\n  value: {value}\n", encoding="utf-8"
    )
    result = run_cli(
        "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "zoo"
    )
    assert result.returncode == 2
    assert f"spec.yaml#/x-thing/value: refusing the YAML tag {shown}" in result.stderr
    assert "line 5, column 10" in result.stderr and "Traceback" not in result.stderr


def test_lone_surrogate_in_json_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "Zoo", "version": "1"}, "paths": '
        '{"/a": {"get": {"operationId": "a", "description": "ok \\ud83d\\ude00", '
        '"responses": {"200": {"description": "bad \\udc00 here"}}}}}}',
        encoding="utf-8",
    )
    result = run_cli(
        "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "zoo"
    )
    assert result.returncode == 2, result.stderr
    assert (
        "spec.json#/paths/~1a/get/responses/200/description: a string holds a lone "
        "UTF-16 surrogate" in result.stderr
    )
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_lone_surrogate_in_a_json_key_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "Zoo", "version": "1"}, '
        '"paths": {}, "x-\\ud800": 1}',
        encoding="utf-8",
    )
    result = run_cli("inspect", str(spec))
    assert result.returncode == 2 and "lone UTF-16 surrogate" in result.stderr
    assert "spec.json#/x-\\ud800" in result.stderr


DUPLICATED_JSON = """\
{"openapi": "3.0.3", "info": {"title": "Zoo", "version": "1", "title": "Zoo 2"},
 "paths": {"/a": {"get": {"operationId": "a",
   "responses": {"200": {"description": "first"}, "200": {"description": "second"}}}}}}
"""

DUPLICATED_YAML = """\
openapi: 3.0.3
info: {title: Zoo, version: "1", title: Zoo 2}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {description: first}
        '200': {description: second}
"""


@pytest.mark.parametrize(
    ("name", "text"), [("spec.json", DUPLICATED_JSON), ("spec.yaml", DUPLICATED_YAML)]
)
def test_duplicate_keys_warn_with_their_place_in_json_and_yaml(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("generate", name, "-o", "out", "--package", "zoo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if "duplicate key" in ln]
    assert warnings == [
        f"restwright: warning: {name}#/info/title: duplicate key 'title'; the last value is used"
        + (" (line 2)" if name.endswith(".yaml") else ""),
        f"restwright: warning: {name}#/paths/~1a/get/responses/200: duplicate key '200'; "
        "the last value is used" + (" (line 9)" if name.endswith(".yaml") else ""),
    ]
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "Zoo 2" in readme  # the last value wins, as JSON parsers do


def test_duplicate_keys_in_a_referenced_file_are_reported_too(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text(
        "Thing: {type: object, type: object}\n", encoding="utf-8"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD
        + "paths: {}\ncomponents:\n  schemas:\n    Thing: {$ref: 'common.yaml#/Thing'}\n",
        encoding="utf-8",
    )
    result = run_cli("inspect", str(spec))
    assert result.returncode == 0, result.stderr
    assert "common.yaml#/Thing/type: duplicate key 'type'" in result.stderr
