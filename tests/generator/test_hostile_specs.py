"""Hostile specs through the real CLI: names that fight Python and each other, shapes that fight
the type system, and a canary in every text field of a dlt rest_api config and of the OpenAPI
fields the older hostile test leaves out (extensions, examples, server URLs).

Every generated package compiles, imports, is black-stable and passes `mypy --strict` (one mypy
run over all of them); nothing from the spec ever runs.
"""

from __future__ import annotations

import ast
import inspect
import json
import keyword
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import (
    PYTHON,
    RUNTIME_ROOT,
    generate,
    import_generated,
    run_black_check,
)
from tests.generator.test_render_hostile import CANARY, PAYLOAD
from tests.support.server import LocalServer, Reply

# Braces are dlt placeholders in a config's params: the same canary without them.
CANARY_NO_BRACES = CANARY.replace("{", "(").replace("}", ")")


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": schema or {"type": "object"}}}
    return {"200": {"description": "ok", "content": content}}


def param(name: str, where: str = "query", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": {"type": "string"},
        **extra,
    }


# Every parameter of this operation fights something: keywords, builtins, dunders, the method's
# own arguments (self, body, client), names that differ by case or punctuation, the same name in
# query and header, and a literal `id_path` beside the `id_path` a path/header clash derives.
CLASH_PARAMS = [
    param("class", "path"),
    param("self", "path"),
    param("id", "path"),
    param("body"),
    param("client"),
    param("self", "header"),
    param("lambda"),
    param("None"),
    param("__init__"),
    param("list"),
    param("print"),
    param("X-Rate", "header"),
    param("x_rate"),
    param("x.rate"),
    param("id", "header"),
    param("Id"),
    param("id_path"),
    param("id_header", "header"),
    param("result"),
    param("params"),
    param("headers"),
    param("json"),
    param("models"),
    param("Paged"),
    param("build_path"),
    param("kwargs"),
    param("return"),
    param("match"),
    param("_"),
    param("ünïcødé"),
    param("名前"),
    # The per-call option keywords (`**options`): a spec parameter never takes their place.
    param("timeout"),
    param("extra_headers"),
    param("idempotency_key", "header"),
    param("options"),
]


def names_spec() -> dict[str, Any]:
    simple = {"type": "object", "properties": {"x": {"type": "string"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": {
            "/a/{class}/{self}/{id}": {
                "get": {
                    "operationId": "get",
                    "tags": ["things"],
                    "parameters": CLASH_PARAMS,
                    "responses": ok(ref("Client")),
                }
            },
            "/b": {
                "post": {
                    "operationId": "get",  # a duplicate operationId, and one differing by case
                    "tags": ["things"],
                    "parameters": [param("body"), param("client")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("class")}},
                    },
                    "responses": ok(ref("Client")),
                },
                "get": {
                    "operationId": "Get",
                    "tags": ["things"],
                    "responses": ok({"type": "array", "items": ref("client")}),
                },
            },
            "/c": {
                "get": {
                    "operationId": "get-thing",
                    "tags": ["Client"],
                    "responses": ok(ref("None")),
                },
                "put": {
                    "operationId": "get_thing",
                    "tags": ["Client"],
                    "responses": ok(ref("__class__")),
                },
            },
            "/d": {
                "get": {"operationId": "import", "tags": ["import"], "responses": ok()},
                "delete": {"operationId": "self", "tags": ["self"], "responses": ok()},
            },
            "/e": {
                "get": {
                    "operationId": "__init__",
                    "tags": ["__init__"],
                    "responses": ok(),
                },
                "post": {"operationId": "pages", "tags": ["pages"], "responses": ok()},
            },
            "/f": {
                "get": {"operationId": "async", "responses": ok()},
                "put": {"operationId": "Client", "responses": ok()},
                "post": {"operationId": "rest", "responses": ok()},
                "patch": {"operationId": "base_url", "responses": ok()},
            },
            "/g": {
                "get": {"operationId": "list", "tags": ["things"], "responses": ok()},
                "put": {"operationId": "List", "tags": ["Things"], "responses": ok()},
                "post": {"operationId": "v1", "tags": ["v 1"], "responses": ok()},
                "patch": {"operationId": "v1", "tags": ["v1"], "responses": ok()},
            },
        },
        "components": {
            "schemas": {
                "Client": {
                    "type": "object",
                    "properties": {
                        key: {"type": "string"}
                        for key in (
                            "client",
                            "self",
                            "class",
                            "Class",
                            "items",
                            "keys",
                            "__dict__",
                            "a-b",
                            "a_b",
                            "",
                            "str",
                            "Any",
                        )
                    },
                },
                "client": simple,
                "class": {"type": "object", "properties": {"def": {"type": "string"}}},
                "None": {"type": "object", "properties": {"True": {"type": "boolean"}}},
                "__class__": {"type": "object"},
                "Pet": simple,
                "pet": simple,
                "PET_": simple,
                "pet-": simple,
                **{
                    name: {"type": "object"}
                    for name in (
                        "Any",
                        "TypedDict",
                        "Literal",
                        "NotRequired",
                        "TypeAlias",
                        "Union",
                        "Paged",
                        "annotations",
                        "TYPE_CHECKING",
                        "sys",
                    )
                },
                "str": {"type": "string"},
                "int": {"type": "object", "properties": {"str": ref("str")}},
            }
        },
    }


def shapes_spec() -> dict[str, Any]:
    deep: dict[str, Any] = {"type": "string"}
    for level in range(60):
        deep = {
            "type": "object",
            "properties": {
                f"level{level}": deep,
                "also": {"type": "array", "items": deep} if level % 20 == 0 else {},
            },
        }
    big_enum = [f"v{i}" for i in range(1500)] + [f"V{i}" for i in range(1500)]
    schemas: dict[str, Any] = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": ref("Node")},
                "parent": ref("Node"),
            },
        },
        "A": {"type": "object", "properties": {"b": ref("B")}},
        "B": {
            "type": "object",
            "properties": {"a": ref("A"), "many": {"type": "array", "items": ref("A")}},
        },
        "Alias1": ref("Alias2"),
        "Alias2": ref("Alias3"),
        "Alias3": ref("Node"),
        "LoopX": ref("LoopY"),
        "LoopY": ref("LoopX"),
        "SelfUnion": {"anyOf": [ref("SelfUnion"), {"type": "string"}]},
        "UnionX": {"oneOf": [ref("UnionY"), {"type": "integer"}]},
        "UnionY": {"oneOf": [ref("UnionX"), {"type": "string"}]},
        "Merged": {
            "allOf": [
                ref("A"),
                ref("Alias1"),
                {"type": "object", "properties": {"extra": {"type": "integer"}}},
            ]
        },
        "Big": {"type": "string", "enum": big_enum},
        "MixedEnum": {"enum": ["a", 1, 1.5, True, None, "A", "a-b", "a_b", ""]},
        "Deep": deep,
        "Empty": {},
        "EmptyObject": {"type": "object"},
        "Nullable": {"type": ["string", "null"]},
        "Multi": {"type": ["integer", "string", "array"], "items": {"type": "string"}},
        "Not": {"not": {"type": "string"}},
        "NotInside": {
            "type": "object",
            "properties": {
                "x": {"not": {}},
                "y": {"type": "string", "not": {"enum": ["a"]}},
            },
        },
        "Const": {"const": "fixed"},
        "OneOf": {
            "oneOf": [ref("A"), ref("B"), {"type": "null"}],
            "discriminator": {"propertyName": "kind"},
        },
        "Additional": {"type": "object", "additionalProperties": ref("Node")},
        "RecursiveList": {"type": "array", "items": ref("RecursiveList")},
        "RecursiveMap": {"type": "object", "additionalProperties": ref("RecursiveMap")},
    }
    paths: dict[str, Any] = {}
    for name in schemas:
        paths[f"/{name.lower()}"] = {
            "get": {
                "operationId": f"get{name}",
                "tags": ["shapes"],
                "responses": ok(ref(name)),
            },
            "post": {
                "operationId": f"list{name}",
                "tags": ["shapes"],
                "requestBody": {"content": {"application/json": {"schema": ref(name)}}},
                "responses": ok({"type": "array", "items": ref(name)}),
            },
        }
    paths["/enum"] = {
        "get": {
            "operationId": "enumParam",
            "parameters": [
                {"name": "v", "in": "query", "schema": ref("Big")},
                {
                    "name": "w",
                    "in": "query",
                    "schema": {"type": "string", "enum": big_enum, "default": "V7"},
                },
            ],
            "responses": ok(),
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shapes", "version": "1"},
        "servers": [{"url": "http://localhost"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def text_spec() -> dict[str, Any]:
    """The canary where the older hostile test has none: extensions, examples, URLs, headers."""
    text = CANARY
    return {
        "openapi": "3.0.3",
        "info": {
            "title": text,
            "version": "1",
            "x-logo": {"url": text},
            "contact": {"name": text, "url": text},
        },
        "servers": [
            {
                "url": "https://{region}.example.com/" + text,
                "variables": {"region": {"default": text, "enum": [text]}},
            }
        ],
        "x-tagGroups": [{"name": text, "tags": [text]}],
        "externalDocs": {"url": text, "description": text},
        "paths": {
            "/items": {
                "x-path-ext": text,
                "get": {
                    "operationId": "listItems",
                    "x-pagination": {"cursor": text, "next": text},
                    "externalDocs": {"url": text},
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "default": 10,
                                "example": text,
                            },
                            "example": text,
                            "x-ext": text,
                        },
                        {
                            "name": "cursor",
                            "in": "query",
                            "description": text,
                            "schema": {
                                "type": "string",
                                "example": text,
                                "default": text,
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": text,
                            "headers": {
                                text: {
                                    "schema": {"type": "string"},
                                    "description": text,
                                }
                            },
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "x-ext": {text: text},
                                        "properties": {
                                            "data": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "example": {text: text},
                                                    "properties": {
                                                        text: {
                                                            "type": "string",
                                                            "example": text,
                                                            "format": text,
                                                            "pattern": text,
                                                        }
                                                    },
                                                },
                                            },
                                            "next": {"type": "string"},
                                        },
                                    },
                                    "example": {"data": [{text: text}], "next": text},
                                    "examples": {
                                        text: {"summary": text, "value": text}
                                    },
                                }
                            },
                        },
                        "default": {"description": text},
                    },
                },
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": text},
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "/" + text,
                            "refreshUrl": text,
                            "scopes": {},
                        }
                    },
                },
            }
        },
        "security": [{"bearer": []}, {"oauth": []}],
    }


def config_spec() -> dict[str, Any]:
    """A dlt rest_api config with the canary in resource names, params, headers and columns."""
    text, plain = CANARY, CANARY_NO_BRACES
    return {
        "client": {
            "base_url": "https://api.example.com/",
            "headers": {"X-Note": plain},
            "auth": {"type": "api_key", "name": text, "location": "header"},
        },
        "resource_defaults": {"endpoint": {"params": {text: plain}}},
        "resources": [
            {
                "name": text,
                "endpoint": {
                    "path": "items",
                    "params": {
                        text: plain,
                        "class": plain,
                        "self": 1,
                        "start_value": 2,
                    },
                    "data_selector": "data",
                },
                "columns": {
                    text: {"data_type": "text"},
                    "class": {"data_type": "bigint"},
                },
            },
            {
                "name": "class",
                "endpoint": {
                    "path": "things/{resources.Class.id}",
                    "params": {"body": plain},
                },
                "columns": {
                    "__init__": {"data_type": "text"},
                    text: {"data_type": "json"},
                },
            },
            {"name": "Class", "endpoint": {"path": "other"}},
            {"name": "all_class", "endpoint": {"path": "every"}},
            {
                "name": "if",
                "endpoint": {"path": "deeper/{resources.-.if}"},
            },
            {"name": "-", "endpoint": {"path": "dash"}},
            "plain",
        ],
    }


SPECS = {
    "names_client": names_spec,
    "shapes_client": shapes_spec,
    "text_client": text_spec,
    "config_client": config_spec,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile_specs")
    out: dict[str, Path] = {}
    for package, build in SPECS.items():
        spec = root / f"{package}.json"
        spec.write_text(json.dumps(build()), encoding="utf-8")
        out[package] = root / package
        generate(spec, out[package], package)
    return out


def _package_files(outdir: Path) -> list[Path]:
    return sorted(outdir.rglob("*.py"))


@pytest.mark.parametrize("package", sorted(SPECS))
def test_package_compiles_and_imports_without_running_spec_text(
    generated: dict[str, Path], package: str
) -> None:
    outdir = generated[package]
    for path in _package_files(outdir):
        ast.parse(path.read_text(encoding="utf-8"), str(path))
    code = (
        f"import {package}, {package}.models, {package}.resources\n"
        f"from {package} import Client\n"
        "import pkgutil, importlib\n"
        f"for m in pkgutil.iter_modules({package}.resources.__path__):\n"
        f"    importlib.import_module('{package}.resources.' + m.name)\n"
        "c = Client(base_url='http://127.0.0.1:9')\n"
        "for name in dir(c):\n"
        "    if not name.startswith('_'):\n"
        "        getattr(c, name)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=outdir,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not (outdir / "PWNED").exists()
    assert not Path("PWNED").exists()
    for path in _package_files(outdir):
        assert not _calls_import(path), path


def _calls_import(path: Path) -> bool:
    """The payload may sit in string constants (escaped data), never in code: no `__import__` call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "__import__"
        for node in ast.walk(tree)
    )


def test_generated_packages_are_black_stable_and_type_check(
    generated: dict[str, Path],
) -> None:
    for outdir in generated.values():
        black = run_black_check(outdir)
        assert black.returncode == 0, black.stdout + black.stderr
    paths = os.pathsep.join([*map(str, generated.values()), str(RUNTIME_ROOT)])
    args = [arg for package in generated for arg in ("-p", package)]
    mypy = subprocess.run(
        [
            PYTHON,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *args,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": paths},
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout[-5000:] + mypy.stderr


def test_same_input_same_bytes(generated: dict[str, Path], tmp_path: Path) -> None:
    spec = tmp_path / "names.json"
    spec.write_text(json.dumps(names_spec()), encoding="utf-8")
    again = tmp_path / "again"
    generate(spec, again, "names_client")
    first = {
        p.relative_to(generated["names_client"]): p.read_bytes()
        for p in _package_files(generated["names_client"])
    }
    second = {p.relative_to(again): p.read_bytes() for p in _package_files(again)}
    assert first == second


def _public_methods(obj: object) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(type(obj), inspect.isfunction)
        if not name.startswith("_")
    }


def _named_parameters(method: Any) -> list[inspect.Parameter]:
    """A method's own parameters: `**options` (the per-call options) is not one of the spec's."""
    return [
        p
        for p in inspect.signature(method).parameters.values()
        if p.kind is not p.VAR_KEYWORD
    ]


def test_clashing_parameters_each_reach_their_own_place(
    generated: dict[str, Path], server: LocalServer
) -> None:
    server.route("GET", "/a/p-class/p-self/p-id", lambda r: Reply({}))
    package = import_generated(generated["names_client"], "names_client")
    client = package.Client(base_url=server.url)
    groups = [
        getattr(client, name)
        for name in dir(client)
        if name.startswith("things") and not name.startswith("_")
    ]
    candidates = [
        method
        for group in groups
        for method in (getattr(group, n) for n in _public_methods(group))
        if len(_named_parameters(method)) == len(CLASH_PARAMS)
    ]
    assert len(candidates) == 1
    method = candidates[0]
    signature = inspect.signature(method)
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    assert len(positional) == 3  # class, self, id: positional, in path order
    keywords = {
        p.name: f"v-{p.name}"
        for p in signature.parameters.values()
        if p.kind is p.KEYWORD_ONLY
    }
    method("p-class", "p-self", "p-id", **keywords)
    request = server.requests[-1]
    assert request.path == "/a/p-class/p-self/p-id"
    sent_query = {k: v for k, v in request.query.items()}
    sent_headers = {
        k.lower(): v for k, v in request.headers.items() if v.startswith("v-")
    }
    spec_query = {p["name"] for p in CLASH_PARAMS if p["in"] == "query"}
    spec_headers = {p["name"].lower() for p in CLASH_PARAMS if p["in"] == "header"}
    assert set(sent_query) == spec_query
    assert set(sent_headers) == spec_headers
    # Every keyword landed exactly once, under one spec name: no two arguments share a place.
    assert sorted([*sent_query.values(), *sent_headers.values()]) == sorted(
        keywords.values()
    )


def test_colliding_names_are_distinct_and_plain_names_survive(
    generated: dict[str, Path],
) -> None:
    package = import_generated(generated["names_client"], "names_client")
    client = package.Client(base_url="http://127.0.0.1:9")
    members = [n for n in dir(client) if not n.startswith("_")]
    assert (
        "rest" in members and "base_url" in members
    )  # the client's own, never replaced
    assert isinstance(client.base_url, str)
    # `v 1` and `v1` are different tags that snake_case alike: two groups, two resource classes.
    v_groups = [n for n in members if n.startswith("v1") or n.startswith("v_1")]
    assert len(v_groups) == 2
    assert type(getattr(client, v_groups[0])) is not type(getattr(client, v_groups[1]))
    self_group = client.self
    assert callable(self_group.self)
    models_text = (generated["names_client"] / "names_client" / "models.py").read_text()
    tree = ast.parse(models_text)
    defined = [
        t.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    ] + [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(defined) == len(set(defined))
    own = {"Any", "TypedDict", "Literal", "NotRequired", "TypeAlias", "Union", "sys"}
    assert not own & set(defined) - {"__all__"}


def test_shapes_keep_their_meaning(generated: dict[str, Path]) -> None:
    models = import_generated(generated["shapes_client"], "shapes_client.models")
    text = (generated["shapes_client"] / "shapes_client" / "models.py").read_text()
    assert '"v1499"' in text and '"V1499"' in text  # values differing by case both kept
    assert 'RecursiveList: TypeAlias = list["RecursiveList"]' in text
    assert hasattr(models, "Node") and hasattr(models, "Deep")


def test_config_client_names(generated: dict[str, Path]) -> None:
    package = import_generated(generated["config_client"], "config_client")
    client = package.Client(api_key="k", base_url="http://127.0.0.1:9")
    members = [n for n in dir(client) if not n.startswith("_")]
    # `all_class` is a resource: it steps aside for the fan-out iterators, which carry `all_`.
    fan_outs = {n for n in members if n.startswith("all_")} - {"all_class_"}
    assert "all_class_" in members and "all_if_" in fan_outs and len(fan_outs) == 2
    (class_method,) = {n[4:] for n in fan_outs} - {"if_"}
    assert class_method.startswith("class_") and class_method in members
    assert str(inspect.signature(client.all_class_).return_annotation).startswith(
        "Paged"
    )
    for name in (f"all_{class_method}", "all_if_", class_method, "if_"):
        keywords = inspect.signature(getattr(client, name)).parameters
        assert all(k.isidentifier() and not keyword.iskeyword(k) for k in keywords)
