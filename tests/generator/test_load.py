"""The load stage on real files: kinds, parse failures, refusals, Swagger 2.0, multi-file bundling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from restwright.diagnostics import RestwrightError
from restwright.load import load_document

PETS_30 = """\
openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        200:
          description: ok
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path, *, strict: bool = False) -> RestwrightError:
    with pytest.raises(RestwrightError) as info:
        load_document(path, strict=strict)
    return info.value


def all_refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return own + [r for v in value.values() for r in all_refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in all_refs(v)]
    return []


# ---------------------------------------------------------------- kinds


def test_openapi_30_yaml_keys_become_strings(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "zoo.yaml", PETS_30))
    assert doc.kind == "openapi-3.0"
    assert doc.diagnostics == []
    assert list(doc.document["paths"]["/pets"]["get"]["responses"]) == ["200"]


def test_openapi_31_json_and_unquoted_version(tmp_path: Path) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert (
        load_document(write(tmp_path, "a.json", json.dumps(spec))).kind == "openapi-3.1"
    )
    assert load_document(
        write(
            tmp_path,
            "b.yaml",
            "openapi: 3.0\ninfo: {title: t, version: v}\npaths: {}\n",
        )
    ).kind == ("openapi-3.0")


def test_validation_problems_are_warnings_with_pointer(tmp_path: Path) -> None:
    text = PETS_30.replace("          description: ok\n", "          content: {}\n")
    doc = load_document(write(tmp_path, "zoo.yaml", text))
    assert [d.severity for d in doc.diagnostics] == ["warning"]
    assert doc.diagnostics[0].location.pointer == "/paths/~1pets/get/responses/200"
    assert "description" in str(doc.diagnostics[0])


def test_rest_api_config_from_toml_and_yaml(tmp_path: Path) -> None:
    toml = '[client]\nbase_url = "https://api.example.com"\n[[resources]]\nname = "posts"\n'
    doc = load_document(write(tmp_path, "config.toml", toml))
    assert doc.kind == "rest-api-config"
    assert doc.document["resources"] == [{"name": "posts"}]
    yaml_doc = load_document(
        write(tmp_path, "config.yaml", "client: {base_url: x}\nresources: [posts]\n")
    )
    assert yaml_doc.kind == "rest-api-config"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: nothing\n",
            "neither an OpenAPI/Swagger document nor a rest_api config",
        ),
        ("- a\n- b\n", "a mapping at the top level"),
        ("openapi: 2.5.0\n", "unsupported OpenAPI version '2.5.0'"),
        ("swagger: '1.2'\n", "unsupported Swagger version '1.2'"),
    ],
)
def test_unknown_documents_are_refused(
    tmp_path: Path, text: str, expected: str
) -> None:
    error = load_error(write(tmp_path, "doc.yaml", text))
    assert expected in str(error)
    assert str(error).startswith(str(tmp_path / "doc.yaml"))


# ---------------------------------------------------------------- unreadable input


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.yaml", "", "the file is empty"),
        ("blank.json", "  \n\n", "the file is empty"),
        ("image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.yaml", b"title: caf\xe9\n", "not UTF-8"),
        ("bad.json", '{"openapi": "3.0.0",, }', "invalid JSON"),
        ("bad.yaml", "openapi: 3.0.0\ninfo: [unclosed\n", "invalid YAML"),
        ("bad.toml", "[client\n", "invalid TOML"),
    ],
)
def test_unparsable_files_name_the_file(
    tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    error = load_error(write(tmp_path, name, content))
    assert expected in str(error)
    assert error.diagnostics[0].location.file == str(tmp_path / name)


def test_yaml_error_gives_line(tmp_path: Path) -> None:
    error = load_error(
        write(tmp_path, "bad.yaml", "openapi: 3.0.0\ninfo:\n  title: [x\npaths: {}\n")
    )
    assert "line " in str(error)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in str(load_error(tmp_path / "nope.yaml"))


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    error = load_error(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    assert "alias bomb" in str(error)


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert "recursive YAML alias" in str(
        load_error(write(tmp_path, "loop.yaml", "a: &x [1, *x]\n"))
    )


def test_a_few_shared_anchors_are_fine(tmp_path: Path) -> None:
    text = PETS_30 + "x-shared: &s {a: 1}\nx-copy: *s\n"
    assert load_document(write(tmp_path, "zoo.yaml", text)).document["x-copy"] == {
        "a": 1
    }


# ---------------------------------------------------------------- Swagger 2.0

SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "Old", "version": "1"},
    "host": "api.example.com",
    "basePath": "/v1",
    "schemes": ["https"],
    "produces": ["application/json"],
    "securityDefinitions": {
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "oauth": {
            "type": "oauth2",
            "flow": "application",
            "tokenUrl": "/token",
            "scopes": {"read": ""},
        },
    },
    "parameters": {
        "limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 100}
    },
    "definitions": {
        "Pet": {
            "type": "object",
            "properties": {"tag": {"$ref": "#/definitions/Tag"}, "x": {"type": "file"}},
        },
        "Tag": {"type": "string", "x-nullable": True},
    },
    "paths": {
        "/pets": {
            "get": {
                "parameters": [{"$ref": "#/parameters/limit"}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {
                            "type": "array",
                            "items": {"$ref": "#/definitions/Pet"},
                        },
                        "headers": {
                            "X-Next": {"type": "string", "description": "next page"}
                        },
                    }
                },
            },
            "post": {
                "consumes": ["application/json"],
                "parameters": [
                    {
                        "name": "pet",
                        "in": "body",
                        "required": True,
                        "schema": {"$ref": "#/definitions/Pet"},
                    }
                ],
                "responses": {"201": {"description": "created"}},
            },
            "put": {
                "parameters": [
                    {
                        "name": "name",
                        "in": "formData",
                        "type": "string",
                        "required": True,
                    },
                    {
                        "name": "tags",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "multi",
                    },
                ],
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
}


def test_swagger_20_is_normalised_to_openapi_30(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "old.json", json.dumps(SWAGGER)))
    spec = doc.document
    assert doc.kind == "swagger-2.0"
    assert spec["servers"] == [{"url": "https://api.example.com/v1"}]
    assert spec["components"]["schemas"]["Pet"]["properties"]["tag"] == {
        "$ref": "#/components/schemas/Tag"
    }
    assert spec["components"]["schemas"]["Pet"]["properties"]["x"] == {
        "type": "string",
        "format": "binary",
    }
    assert spec["components"]["schemas"]["Tag"]["nullable"] is True
    assert spec["components"]["parameters"]["limit"]["schema"] == {
        "type": "integer",
        "maximum": 100,
    }
    assert spec["components"]["securitySchemes"]["oauth"]["flows"] == {
        "clientCredentials": {"scopes": {"read": ""}, "tokenUrl": "/token"}
    }
    get = spec["paths"]["/pets"]["get"]
    assert get["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    ok = get["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/Pet"
    }
    assert ok["headers"]["X-Next"] == {
        "description": "next page",
        "schema": {"type": "string"},
    }
    post = spec["paths"]["/pets"]["post"]
    assert post["parameters"] == []
    assert post["requestBody"] == {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
        },
        "required": True,
    }
    put = spec["paths"]["/pets"]["put"]
    form = put["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form == {
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "required": ["name"],
    }
    assert put["parameters"][0]["explode"] is True
    assert all(ref.startswith("#/components/") for ref in all_refs(spec))


def test_swagger_without_host_keeps_a_relative_server(tmp_path: Path) -> None:
    spec = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "basePath": "/api",
        "paths": {},
    }
    assert load_document(write(tmp_path, "s.json", json.dumps(spec))).document[
        "servers"
    ] == [{"url": "/api"}]


# ---------------------------------------------------------------- $ref bundling

ROOT = """\
openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - $ref: "common.yaml#/parameters/Limit"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "./schemas/pet.json"}}
        default:
          $ref: "common.yaml#/responses/Error"
components:
  schemas:
    Local: {type: string}
"""
PET = {
    "type": "object",
    "properties": {
        "owner": {"$ref": "../common.yaml#/schemas/Owner"},
        "tag": {"$ref": "#/definitions/Tag"},
        "local": {"$ref": "../zoo.yaml#/components/schemas/Local"},
    },
    "definitions": {"Tag": {"type": "string"}},
}
COMMON = """\
parameters:
  Limit: {name: limit, in: query, schema: {type: integer}}
responses:
  Error:
    description: error
    content:
      application/json:
        schema: {$ref: "#/schemas/Error"}
schemas:
  Error: {type: object, properties: {message: {type: string}}}
  Owner:
    type: object
    properties:
      pets: {type: array, items: {$ref: "schemas/pet.json"}}
"""


def multi_file_spec(tmp_path: Path) -> Path:
    write(tmp_path, "schemas/pet.json", json.dumps(PET))
    write(tmp_path, "common.yaml", COMMON)
    return write(tmp_path, "zoo.yaml", ROOT)


def test_relative_file_refs_are_bundled_with_derived_names(tmp_path: Path) -> None:
    doc = load_document(multi_file_spec(tmp_path))
    spec = doc.document
    components = spec["components"]
    assert sorted(components["schemas"]) == ["Error", "Local", "Owner", "Tag", "pet"]
    assert components["parameters"]["Limit"]["name"] == "limit"
    assert components["responses"]["Error"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/Error"}
    pet = components["schemas"]["pet"]
    assert pet["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert pet["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    assert pet["properties"]["local"] == {"$ref": "#/components/schemas/Local"}
    # the cycle pet → Owner → pet ends at the already bundled name
    assert components["schemas"]["Owner"]["properties"]["pets"]["items"] == {
        "$ref": "#/components/schemas/pet"
    }
    assert all(ref.startswith("#/") for ref in all_refs(spec))
    assert load_document(tmp_path / "zoo.yaml").document == spec  # deterministic


def test_bundled_name_clash_takes_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "other.yaml", "Local: {type: integer}\n")
    root = ROOT.replace(
        '{$ref: "./schemas/pet.json"}', '{$ref: "other.yaml#/Local"}'
    ).replace('        - $ref: "common.yaml#/parameters/Limit"\n', "")
    root = root.replace(
        '          $ref: "common.yaml#/responses/Error"', "          description: error"
    )
    spec = load_document(write(tmp_path, "zoo.yaml", root)).document
    assert spec["components"]["schemas"]["other.Local"] == {"type": "integer"}
    assert spec["components"]["schemas"]["Local"] == {"type": "string"}


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("https://example.com/pet.yaml#/Pet", "remote $ref"),
        ("http://example.com/pet.yaml", "remote $ref"),
        ("file:///etc/passwd", "remote $ref"),
        ("../outside.yaml#/Pet", "leaves the spec's folder"),
        ("missing.yaml#/Pet", "does not exist"),
        ("common.yaml#/schemas/Nope", "target not found"),
        ("#/components/parameters/Nope", "target not found"),
    ],
)
def test_bad_refs_are_refused_with_file_and_pointer(
    tmp_path: Path, ref: str, expected: str
) -> None:
    write(tmp_path, "spec/common.yaml", COMMON)
    write(tmp_path, "outside.yaml", "Pet: {type: string}\n")
    text = PETS_30.replace(
        "      operationId: listPets\n",
        f'      operationId: listPets\n      parameters: [{{$ref: "{ref}"}}]\n',
    )
    root = write(tmp_path, "spec/zoo.yaml", text)
    error = load_error(root)
    assert expected in str(error)
    assert error.diagnostics[0].location.file == str(root)
    assert (
        error.diagnostics[0].location.pointer == "/paths/~1pets/get/parameters/0/$ref"
    )


def test_error_inside_a_referenced_file_names_that_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "Pet: {type: object, properties: {b: {$ref: 'b.yaml#/Missing'}}}\n",
    )
    write(tmp_path, "b.yaml", "Other: {type: string}\n")
    text = PETS_30 + "components:\n  schemas:\n    Pet: {$ref: 'a.yaml#/Pet'}\n"
    root = write(tmp_path, "zoo.yaml", text)
    error = load_error(root, strict=True)
    assert error.diagnostics[0].location.file == str(tmp_path / "a.yaml")
    assert error.diagnostics[0].location.pointer == "/Pet/properties/b/$ref"
    assert "target not found in" in str(error)
    # Without --strict the same place is named by a warning, and the type becomes Any.
    (warning,) = load_document(root).diagnostics
    assert warning.location == error.diagnostics[0].location
    assert warning.message.endswith("; typed as Any")


def test_dangling_local_schema_ref_is_a_warning(tmp_path: Path) -> None:
    text = (
        PETS_30
        + "components:\n  schemas:\n    Pet: {type: object, properties: {a: {$ref: '#/components/schemas/Gone'}}}\n"
    )
    doc = load_document(write(tmp_path, "zoo.yaml", text))
    assert [d.severity for d in doc.diagnostics] == ["warning"]
    assert (
        doc.diagnostics[0].location.pointer
        == "/components/schemas/Pet/properties/a/$ref"
    )


def test_refs_in_examples_are_data(tmp_path: Path) -> None:
    text = (
        PETS_30
        + "components:\n  schemas:\n    Pet: {type: object, example: {$ref: 'https://x'}}\n"
    )
    assert load_document(write(tmp_path, "zoo.yaml", text)).diagnostics == []


def test_absurd_nesting_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    text = (
        '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": '
        + deep
        + "}"
    )
    path = write(tmp_path, "deep.json", text)
    try:
        doc = load_document(path)
    except RestwrightError as error:
        assert "nested too deeply" in str(error) or "invalid JSON" in str(error)
    else:
        assert doc.kind == "openapi-3.0"
