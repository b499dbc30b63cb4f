"""Real specs are messy: a broken `$ref` where it does not shape the client is a located warning,
one in a schema makes that type `Any`, and `--strict` refuses them all. Through the real CLI, on
a 700-operation spec, a real corpus spec, and each kind of place.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate_scaling import synthetic_spec
from tests.e2e.support import run_cli

PACKAGE = "messy"


def _generate(spec: dict[str, Any], folder: Path, *extra: str) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    return run_cli(
        "generate", "spec.json", "-o", "out", "--package", PACKAGE, *extra, cwd=folder
    )


def _client(folder: Path) -> dict[str, str]:
    out = folder / "out"
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _warnings(stderr: str) -> list[str]:
    return [
        ln.removeprefix("restwright: warning: ")
        for ln in stderr.splitlines()
        if ln.startswith("restwright: warning: ")
    ]


def _media(spec: dict[str, Any], path: str, method: str, status: str) -> Any:
    response = spec["paths"][path][method]["responses"][status]
    return response["content"]["application/json"]


def test_big_spec_with_one_broken_example_ref_generates(tmp_path: Path) -> None:
    spec = synthetic_spec(350)  # 700 operations
    _media(spec, "/group3/things80", "get", "200")["examples"] = {
        "first": {"$ref": "#/components/examples/GoneExample"}
    }
    result = _generate(spec, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "700 operations" in result.stdout
    assert _warnings(result.stderr) == [
        "spec.json#/paths/~1group3~1things80/get/responses/200/content/application~1json"
        "/examples/first/$ref: $ref '#/components/examples/GoneExample': target not found "
        "in spec.json; left out (it does not shape the client) "
        "(no 'examples' at #/components/examples/GoneExample)"
    ]
    strict = _generate(spec, tmp_path / "strict", "--strict")
    assert strict.returncode == 2 and not (tmp_path / "strict" / "out").exists()
    assert (
        "/examples/first/$ref: $ref '#/components/examples/GoneExample'"
        in strict.stderr
    )


def _put(spec: dict[str, Any], tokens: list[str], value: Any) -> None:
    """Set `value` at the place `tokens` name, creating the objects on the way."""
    node = spec
    for token in tokens[:-1]:
        node = node.setdefault(token, {})
    node[tokens[-1]] = value


def _zoo() -> dict[str, Any]:
    return synthetic_spec(3)


NON_STRUCTURAL: dict[str, tuple[list[str], Any]] = {
    "example-object": (
        ["paths", "/group0/things1", "get", "responses", "200", "content"]
        + ["application/json", "examples", "one"],
        {"$ref": "#/components/examples/Nope"},
    ),
    "example-in-missing-file": (
        ["paths", "/group0/things1", "get", "responses", "200", "content"]
        + ["application/json", "examples", "one"],
        {"$ref": "examples/missing.json"},
    ),
    "remote-example": (
        ["paths", "/group0/things1", "get", "responses", "200", "content"]
        + ["application/json", "examples", "one"],
        {"$ref": "https://example.com/examples/one.json"},
    ),
    "link": (
        ["paths", "/group0/things1", "get", "responses", "200", "links", "next"],
        {"$ref": "#/components/links/Nope"},
    ),
    "callback": (
        ["paths", "/group0/things1", "post", "callbacks", "done"],
        {"$ref": "#/components/callbacks/Nope"},
    ),
    "inside-a-callback": (
        ["paths", "/group0/things1", "post", "callbacks", "done"],
        {
            "{$request.body#/url}": {
                "post": {
                    "requestBody": {"$ref": "#/components/requestBodies/Nope"},
                    "responses": {"200": {"$ref": "callbacks.yaml#/Ok"}},
                }
            }
        },
    ),
    "description": (
        ["paths", "/group0/things1", "get", "description"],
        {"$ref": "docs/list-things.md"},
    ),
}


@pytest.mark.parametrize("case", sorted(NON_STRUCTURAL))
def test_broken_ref_that_shapes_nothing_is_left_out_with_a_warning(
    tmp_path: Path, case: str
) -> None:
    tokens, broken = NON_STRUCTURAL[case]
    clean = _zoo()
    assert _generate(clean, tmp_path / "clean").returncode == 0
    spec = copy.deepcopy(clean)
    _put(spec, tokens, broken)
    result = _generate(spec, tmp_path / "messy")
    assert result.returncode == 0, result.stderr
    # (The validator may add its own warning about the odd shape; the ref's are these.)
    warnings = [w for w in _warnings(result.stderr) if "$ref " in w]
    assert warnings and all(
        w.endswith("left out (it does not shape the client)")
        or "left out (it does not shape the client) (" in w
        for w in warnings
    ), warnings
    pointer = "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens)
    assert warnings[0].startswith(f"spec.json#/{pointer}"), warnings
    # The client is the one the spec without the broken part gives (bar the description).
    if case != "description":
        assert _client(tmp_path / "messy") == _client(tmp_path / "clean")
    strict = _generate(spec, tmp_path / "strict", "--strict")
    assert strict.returncode == 2 and "restwright: error: spec.json#/" in strict.stderr


def test_broken_schema_refs_become_any_and_the_rest_keeps_its_shape(
    tmp_path: Path,
) -> None:
    spec = _zoo()
    schemas = spec["components"]["schemas"]
    schemas["Thing1"]["properties"]["extra"] = {"$ref": "#/components/schemas/Gone"}
    schemas["Thing1"]["allOf"] = [{"$ref": "shared.json#/Base"}]
    schemas["Thing2Input"] = {"$ref": "#/components/schemas/AlsoGone"}
    _media(spec, "/group0/things0", "post", "201")["schema"] = {
        "$ref": "#/components/schemas/NoSuchThing",
        "description": "The created thing.",
    }
    result = _generate(spec, tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = _warnings(result.stderr)
    assert len(warnings) == 4 and all("typed as Any" in w for w in warnings), warnings
    assert any("file shared.json does not exist" in w for w in warnings)
    models = (tmp_path / "out" / PACKAGE / "models.py").read_text(encoding="utf-8")
    assert "extra: NotRequired[Any]" in models
    assert "Thing2Input: TypeAlias = Any" in models
    assert "class Thing1(TypedDict):" in models and "name: NotRequired[str]" in models
    strict = _generate(spec, tmp_path / "strict", "--strict")
    assert strict.returncode == 2
    assert (
        "/content/application~1json/schema/$ref: $ref '#/components/schemas/NoSuchThing'"
        in strict.stderr
    )


STRUCTURAL = {
    "parameter": (
        ["paths", "/group0/things1", "get", "parameters"],
        [{"$ref": "#/x/p"}],
    ),
    "request-body": (
        ["paths", "/group0/things1", "post", "requestBody"],
        {"$ref": "bodies.json#/Thing"},
    ),
    "response": (
        ["paths", "/group0/things1", "get", "responses", "200"],
        {"$ref": "#/components/responses/Nope"},
    ),
    "header": (
        ["paths", "/group0/things1", "get", "responses", "200", "headers", "Link"],
        {"$ref": "#/components/headers/Nope"},
    ),
    "path-item": (["paths", "/group0/things1"], {"$ref": "paths.json#/things"}),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_broken_refs_that_change_requests_or_responses_still_stop_generation(
    tmp_path: Path, case: str
) -> None:
    tokens, broken = STRUCTURAL[case]
    spec = _zoo()
    _put(spec, tokens, broken)
    result = _generate(spec, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "restwright: error: spec.json#/paths/~1group0~1things1"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.corpus
def test_real_spec_with_broken_example_link_and_schema_refs_generates(
    corpus: Path, tmp_path: Path
) -> None:
    spec = json.loads((corpus / "specs" / "jira_platform.json").read_text("utf-8"))
    operations = [
        op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    ]
    assert len(operations) > 400
    response = next(
        response
        for op in operations[len(operations) // 2 :]
        for response in op["responses"].values()
        if "application/json" in response.get("content", {})
    )
    media = response["content"]["application/json"]
    media["examples"] = {"broken": {"$ref": "#/components/examples/NoSuchExample"}}
    response["links"] = {"next": {"$ref": "#/components/links/NoSuchLink"}}
    schema = next(
        s for s in spec["components"]["schemas"].values() if "properties" in s
    )
    schema["properties"]["owner"] = {"$ref": "#/components/schemas/NoSuchUser"}
    result = _generate(spec, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{len(operations)} operations" in result.stdout
    warnings = _warnings(result.stderr)
    assert any("NoSuchExample" in w and "left out" in w for w in warnings), warnings
    assert any("NoSuchLink" in w and "left out" in w for w in warnings), warnings
    assert any("NoSuchUser" in w and "typed as Any" in w for w in warnings), warnings
    assert _generate(spec, tmp_path / "strict", "--strict").returncode == 2
