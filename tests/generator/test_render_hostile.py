"""A hostile spec: a canary payload in every text field. The generated package compiles,
imports, passes black and mypy, and the payload never runs (neither as Python nor as jinja).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import generate, run_black_check, run_mypy

PAYLOAD = "__import__('pathlib').Path('PWNED').touch()"
CANARY = (
    "\"\"\"'''\\ \r\n\u2028\x00 {{ 7 * 7 }} {% raw %} {# #} ${x} `x`"
    f'"); {PAYLOAD} #\n\t"""; {PAYLOAD}; """'
)


def hostile_spec() -> dict[str, Any]:
    text = CANARY
    record = {
        "type": "object",
        "title": text,
        "description": text,
        "required": ["id"],
        "properties": {
            "id": {"type": "integer", "description": text},
            text: {"type": "string", "description": text},
            "class": {"type": "string", "enum": [text, "plain"]},
            "__init__": {"type": "string", "default": text},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": text, "version": text, "description": text},
        "servers": [{"url": "https://example.com/api", "description": text}],
        "tags": [{"name": text, "description": text}],
        "paths": {
            "/items/{item id}": {
                "get": {
                    "operationId": text,
                    "tags": [text],
                    "summary": text,
                    "description": text,
                    "parameters": [
                        {
                            "name": "item id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": text,
                            "in": "query",
                            "description": text,
                            "schema": {
                                "type": "string",
                                "default": text,
                                "enum": [text, "b"],
                            },
                        },
                        {"name": text, "in": "header", "schema": {"type": "string"}},
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": text,
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "data": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/record"
                                                },
                                            },
                                            "next_cursor": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/things": {
                "post": {
                    "summary": text,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/record"}
                            }
                        },
                    },
                    "responses": {"201": {"description": text}},
                }
            },
        },
        "components": {
            "schemas": {
                "record": record,
                text: {"type": "string", "description": text},
            },
            "securitySchemes": {
                "key": {
                    "type": "apiKey",
                    "in": "header",
                    "name": text,
                    "description": text,
                },
                text: {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {"tokenUrl": text, "scopes": {text: text}}
                    },
                },
            },
        },
        "security": [{"key": []}],
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    spec = root / "hostile.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    outdir = root / "out"
    generate(spec, outdir, "hostile_client")
    return outdir


def test_canary_never_runs_and_text_survives(hostile: Path) -> None:
    code = (
        "import hostile_client, hostile_client.models\n"
        "from hostile_client.client import Client\n"
        "c = Client(api_key='k')\n"
        "for name in dir(c):\n"
        "    if not name.startswith('_'):\n"
        "        getattr(c, name)\n"
        "docs = [m.__doc__ or '' for r in dir(c) if not r.startswith('_')\n"
        "        for g in [getattr(c, r)] for m in vars(type(g)).values() if callable(m)]\n"
        "print(any('{{ 7 * 7 }}' in d for d in docs))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=hostile, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == "True"
    )  # the docstring holds the template text, unrendered
    assert not (hostile / "PWNED").exists()
    generated = "\n".join(p.read_text(encoding="utf-8") for p in hostile.rglob("*.py"))
    assert "49" not in generated


def test_every_module_compiles(hostile: Path) -> None:
    for path in hostile.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_hostile_package_is_black_stable_and_type_checks(hostile: Path) -> None:
    black = run_black_check(hostile)
    assert black.returncode == 0, black.stdout + black.stderr
    mypy = run_mypy(hostile, "hostile_client")
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
