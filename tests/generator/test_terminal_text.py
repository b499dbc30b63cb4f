"""Spec text shown to a person cannot drive their terminal or reorder what they read: the `inspect`
table and JSON, and the generated README, through the real CLI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from restwright.text import neutralise
from tests.e2e.support import run_cli
from tests.support.specs import json_response

# Clear screen (CSI), set the window title (OSC ... BEL), a hyperlink (OSC 8 ... ST), an 8-bit CSI,
# a carriage return that rewrites the line, and every bidi control.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\\x9b31m\r"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def test_neutralise_makes_controls_visible_and_keeps_ordinary_text() -> None:
    assert neutralise("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert neutralise("x\x9by\x07") == "x\\x9by\\x07"
    assert neutralise("admin\u202etxt.exe") == "admin\\u202etxt.exe"
    assert neutralise("\u2066\u2069\u200f\u061c") == "\\u2066\\u2069\\u200f\\u061c"
    for kept in (
        "café",
        "no\u00a0break",
        "👩\u200d💻",
        "東京",
        "tab\there",
        "two\nlines",
    ):
        assert neutralise(kept) == kept
    assert not RAW.search(neutralise(ESCAPES + BIDI))


def _hostile_spec(tmp_path: Path) -> Path:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": f"Zoo{ESCAPES}{BIDI}", "version": f"1{BIDI}"},
        "servers": [{"url": "/v1" + BIDI}],
        "paths": {
            f"/pets{BIDI}": {
                "get": {
                    "operationId": "listPets",
                    "security": [{f"key{ESCAPES}": []}],
                    "parameters": [
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": json_response(
                            {
                                "type": "object",
                                "properties": {
                                    "data": {
                                        "type": "array",
                                        "items": {"type": "object"},
                                    },
                                    "next_cursor": {"type": "string"},
                                },
                            }
                        )
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                f"key{ESCAPES}": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_inspect_table_shows_escapes_instead_of_running_them(tmp_path: Path) -> None:
    result = run_cli("inspect", str(_hostile_spec(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout), repr(result.stdout)
    assert "/pets\\u202a\\u202b" in result.stdout
    assert "key\\x1b[2J" in result.stdout


def test_inspect_json_escapes_them_and_keeps_the_data(tmp_path: Path) -> None:
    result = run_cli("inspect", str(_hostile_spec(tmp_path)), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout), repr(result.stdout)
    rows = json.loads(result.stdout)
    assert rows[0]["path"] == f"/pets{BIDI}"  # the same data, written harmlessly


def test_generated_readme_shows_escapes_instead_of_running_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "generate", str(_hostile_spec(tmp_path)), "-o", str(out), "--package", "zoo"
    )
    assert result.returncode == 0, result.stderr
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert not RAW.search(readme), repr(readme)
    assert "# Zoo\\x1b[2J\\x1b]0;pwned\\x07" in readme
    assert "(spec version 1\\u202a" in readme
    assert "`/v1\\u202a" in readme
