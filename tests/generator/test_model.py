"""The model stage on hand-written documents: schema constructs, parameters, bodies, security."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from restwright.diagnostics import RestwrightError
from restwright.load import LoadedDocument
from restwright.model.build import build_model
from restwright.pipeline import model_of as pipeline_model_of
from restwright.model.ir import (
    AnyType,
    ApiModel,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)

STR, INT, NONE = Primitive("str"), Primitive("int"), Primitive("None")


def model_of(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    kind: Any = "openapi-3.0",
    **top: Any,
) -> ApiModel:
    document: dict[str, Any] = {
        "openapi": "3.1.0" if kind == "openapi-3.1" else "3.0.3",
        "info": {"title": "Zoo", "version": "2"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}, **top.pop("components", {})},
        **top,
    }
    model = build_model(LoadedDocument(kind, "zoo.yaml", document))
    assert_named_types_defined(model)
    return model


def types_in(t: TypeExpr | None) -> Iterator[TypeExpr]:
    if t is None:
        return
    yield t
    if isinstance(t, ListType):
        yield from types_in(t.item)
    elif isinstance(t, MapType):
        yield from types_in(t.value)
    elif isinstance(t, UnionType):
        for m in t.members:
            yield from types_in(m)


def assert_named_types_defined(model: ApiModel) -> None:
    """No NamedType may point at a key missing from `schemas`."""
    roots: list[TypeExpr | None] = []
    for schema in model.schemas.values():
        roots += [schema.alias, schema.extra, *(f.type for f in schema.fields or ())]
    for op in model.operations:
        roots += [p.type for p in op.parameters]
        roots += [op.request_body.type if op.request_body else None]
        roots += [r.type for r in op.responses] + [
            h.type for r in op.responses for h in r.headers
        ]
    for root in roots:
        for t in types_in(root):
            if isinstance(t, NamedType):
                assert t.key in model.schemas, t.key


def fields(model: ApiModel, key: str) -> dict[str, Any]:
    schema = model.schemas[key]
    assert schema.fields is not None
    return {f.name: f for f in schema.fields}


def only_op(model: ApiModel) -> Operation:
    assert len(model.operations) == 1
    return model.operations[0]


# ---------------------------------------------------------------- schemas


def test_object_fields_keep_required_description_flags_and_defaults() -> None:
    model = model_of(
        {
            "Pet": {
                "type": "object",
                "title": "A pet",
                "description": "An animal.",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {
                        "type": "string",
                        "description": "Its name",
                        "default": "Rex",
                    },
                    "secret": {"type": "string", "writeOnly": True},
                    "born": {"type": "string", "format": "date"},
                },
            }
        }
    )
    pet = model.schemas["Pet"]
    assert (pet.title, pet.description, pet.is_component, pet.alias) == (
        "A pet",
        "An animal.",
        True,
        None,
    )
    by_name = fields(model, "Pet")
    assert list(by_name) == ["id", "name", "secret", "born"]
    assert (
        by_name["id"].required and by_name["id"].read_only and by_name["id"].type == INT
    )
    assert not by_name["name"].required
    assert (
        by_name["name"].description,
        by_name["name"].default,
        by_name["name"].has_default,
    ) == ("Its name", "Rex", True)
    assert by_name["secret"].write_only
    assert by_name["born"].type == Primitive("str", "date")


def test_nullable_forms_all_give_optional() -> None:
    model = model_of(
        {
            "A": {"type": "string", "nullable": True},
            "B": {"oneOf": [{"type": "integer"}, {"type": "null"}]},
            "C": {"type": ["string", "null"]},
            "D": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "boolean"}]},
        },
        kind="openapi-3.1",
    )
    assert model.schemas["A"].alias == UnionType((STR, NONE))
    assert model.schemas["B"].alias == UnionType((INT, NONE))
    assert model.schemas["C"].alias == UnionType((STR, NONE))
    assert model.schemas["D"].alias == UnionType((NamedType("A"), Primitive("bool")))


def test_type_array_is_a_union() -> None:
    model = model_of({"A": {"type": ["string", "integer"]}}, kind="openapi-3.1")
    assert model.schemas["A"].alias == UnionType((STR, INT))


def test_enum_dedupes_in_order_and_null_makes_it_optional() -> None:
    model = model_of(
        {
            "E": {"type": "string", "enum": ["b", "a", "b"]},
            "N": {"enum": [1, True, 1, None]},
            "K": {"const": "fixed"},
        }
    )
    assert model.schemas["E"].alias == LiteralType(("b", "a"))
    assert model.schemas["N"].alias == UnionType((LiteralType((1, True)), NONE))
    assert model.schemas["K"].alias == LiteralType(("fixed",))


def test_all_of_merges_properties_and_required_across_refs_recursively() -> None:
    model = model_of(
        {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer"}},
            },
            "Named": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                    },
                ]
            },
            "Pet": {
                "description": "A pet.",
                "allOf": [
                    {"$ref": "#/components/schemas/Named"},
                    {"properties": {"tag": {"type": "string"}}},
                ],
            },
        }
    )
    pet = fields(model, "Pet")
    assert list(pet) == ["id", "name", "tag"]
    assert [f.required for f in pet.values()] == [True, True, False]
    assert model.schemas["Pet"].description == "A pet."


def test_all_of_wrapper_keeps_the_name_and_a_typed_part_wins() -> None:
    model = model_of(
        {
            "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Wrapped": {
                "description": "same as base",
                "allOf": [{"$ref": "#/components/schemas/Base"}],
            },
            "Short": {"allOf": [{"type": "string"}, {"maxLength": 3}]},
        }
    )
    assert model.schemas["Wrapped"].alias == NamedType("Base")
    assert model.schemas["Short"].alias == STR


def test_unmergeable_all_of_warns() -> None:
    model = model_of({"X": {"allOf": [{"type": "string"}, {"type": "integer"}]}})
    assert model.schemas["X"].alias == AnyType()
    assert any(
        d.location.pointer == "/components/schemas/X" and "allOf" in d.message
        for d in model.diagnostics
    )


def test_additional_properties_give_maps_and_extra() -> None:
    model = model_of(
        {
            "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Free": {"type": "object"},
            "Mixed": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "additionalProperties": True,
            },
            "Closed": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "additionalProperties": False,
            },
        }
    )
    assert model.schemas["Counts"].alias == MapType(INT)
    assert model.schemas["Free"].alias == MapType(AnyType())
    assert model.schemas["Mixed"].extra == AnyType()
    assert model.schemas["Closed"].extra is None


def test_arrays_recursion_not_and_empty_schemas() -> None:
    model = model_of(
        {
            "Node": {
                "type": "object",
                "properties": {
                    "children": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Node"},
                    },
                    "anything": {},
                    "neither": {"not": {"type": "string"}},
                    "untyped_list": {"type": "array"},
                },
            }
        }
    )
    node = fields(model, "Node")
    assert node["children"].type == ListType(NamedType("Node"))
    assert node["anything"].type == AnyType()
    assert node["neither"].type == AnyType()
    assert node["untyped_list"].type == ListType(AnyType())


def test_inline_objects_are_hoisted_with_keys_from_their_place() -> None:
    inline = {"type": "object", "properties": {"street": {"type": "string"}}}
    model = model_of(
        {
            "simple-user": {
                "type": "object",
                "properties": {
                    "address": {**inline, "nullable": True},
                    "pets": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"n": {"type": "integer"}},
                        },
                    },
                },
            }
        },
        paths={
            "/users": {
                "post": {
                    "operationId": "createUser",
                    "requestBody": {
                        "content": {"application/json": {"schema": inline}}
                    },
                    "responses": {
                        "201": {
                            "description": "ok",
                            "content": {"application/json": {"schema": inline}},
                        }
                    },
                },
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": inline}},
                        }
                    }
                },
            }
        },
    )
    user = fields(model, "simple-user")
    assert user["address"].type == UnionType((NamedType("simple-user.address"), NONE))
    assert user["pets"].type == ListType(NamedType("simple-user.pets.item"))
    assert model.schemas["simple-user.address"].is_component is False
    assert (
        model.schemas["simple-user.address"].location.pointer
        == "/components/schemas/simple-user/properties/address"
    )
    post, get = sorted(model.operations, key=lambda o: o.method, reverse=True)
    assert post.request_body is not None and post.request_body.type == NamedType(
        "createUser.request"
    )
    assert post.responses[0].type == NamedType("createUser.201")
    assert get.responses[0].type == NamedType("get_users.200")
    assert set(model.schemas) == {
        "simple-user", "simple-user.address", "simple-user.pets.item", "createUser.request", "createUser.201", "get_users.200"
    }  # fmt: skip


def test_same_title_different_keys_both_survive_and_nullable_object_refs_are_optional() -> (
    None
):
    user = {
        "title": "Simple User",
        "type": "object",
        "properties": {"login": {"type": "string"}},
    }
    model = model_of(
        {
            "simple-user": user,
            "nullable-simple-user": {**user, "nullable": True},
            "Issue": {
                "type": "object",
                "properties": {
                    "user": {"$ref": "#/components/schemas/simple-user"},
                    "assignee": {"$ref": "#/components/schemas/nullable-simple-user"},
                },
            },
        }
    )
    assert (
        model.schemas["simple-user"].title
        == model.schemas["nullable-simple-user"].title
        == "Simple User"
    )
    issue = fields(model, "Issue")
    assert issue["user"].type == NamedType("simple-user")
    assert issue["assignee"].type == UnionType(
        (NamedType("nullable-simple-user"), NONE)
    )


def test_hoisted_key_clash_is_resolved_deterministically() -> None:
    inline = {"type": "object", "properties": {"a": {"type": "string"}}}
    model = model_of(
        {
            "Pet.owner": {"type": "string"},
            "Pet": {"type": "object", "properties": {"owner": inline}},
        }
    )
    assert fields(model, "Pet")["owner"].type == NamedType("Pet.owner_2")
    assert model.schemas["Pet.owner"].alias == STR


def test_untypable_things_become_any_with_a_warning() -> None:
    model = model_of(
        {
            "Weird": {"type": "decimal"},
            "Dangling": {
                "type": "object",
                "properties": {"x": {"$ref": "#/components/schemas/Gone"}},
            },
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
        }
    )
    assert model.schemas["Weird"].alias == AnyType()
    assert fields(model, "Dangling")["x"].type == AnyType()
    assert model.schemas["Loop1"].alias == AnyType()
    pointers = {
        d.location.pointer for d in model.diagnostics if d.severity == "warning"
    }
    assert {
        "/components/schemas/Weird",
        "/components/schemas/Dangling/properties/x",
        "/components/schemas/Loop1",
    } <= pointers


def test_refs_below_components_resolve_where_they_point() -> None:
    model = model_of(
        {
            "Pet": {
                "type": "object",
                "properties": {
                    "tag": {"type": "object", "properties": {"v": {"type": "string"}}}
                },
            },
            "Other": {
                "type": "object",
                "properties": {
                    "tag": {"$ref": "#/components/schemas/Pet/properties/tag"}
                },
            },
        }
    )
    other_tag = fields(model, "Other")["tag"].type
    assert isinstance(other_tag, NamedType) and other_tag.key in model.schemas


# ---------------------------------------------------------------- operations

PARAMS = {
    "/zoos/{zooId}/animals": {
        "parameters": [
            {"name": "zooId", "in": "path", "schema": {"type": "string"}},
            {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer"},
                "description": "path level",
            },
        ],
        "get": {
            "operationId": "listAnimals",
            "tags": ["animals"],
            "x-pagination": {"style": "cursor"},
            "parameters": [
                {"$ref": "#/components/parameters/Limit"},
                {
                    "name": "X-Trace",
                    "in": "header",
                    "schema": {"type": "string"},
                    "x-internal": True,
                },
                {
                    "name": "q",
                    "in": "query",
                    "content": {"application/json": {"schema": {"type": "string"}}},
                },
            ],
            "responses": {"200": {"$ref": "#/components/responses/Animals"}},
        },
        "trace": {
            "responses": {
                "200": {"description": "echo", "content": {"message/http": {}}}
            }
        },
        "options": {"responses": {"204": {"description": "none"}}},
        "head": {"responses": {"200": {"description": "none"}}},
    }
}
PARAM_COMPONENTS = {
    "parameters": {
        "Limit": {
            "name": "limit",
            "in": "query",
            "required": True,
            "schema": {"$ref": "#/components/schemas/PageSize"},
        }
    },
    "responses": {
        "Animals": {
            "description": "animals",
            "headers": {"Link": {"$ref": "#/components/headers/Link"}},
            "links": {"next": {"operationId": "listAnimals"}},
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"type": "string"}}
                }
            },
        }
    },
    "headers": {"Link": {"description": "next page", "schema": {"type": "string"}}},
}


def test_parameters_merge_resolve_refs_and_keep_bounds_and_extensions() -> None:
    model = model_of(
        {"PageSize": {"type": "integer", "minimum": 1, "maximum": 100, "default": 30}},
        paths=PARAMS,
        components=PARAM_COMPONENTS,
    )
    get = next(o for o in model.operations if o.method == "get")
    assert get.key == "GET /zoos/{zooId}/animals"
    params = {p.name: p for p in get.parameters}
    assert list(params) == ["zooId", "limit", "X-Trace", "q"]
    assert params["zooId"].required and params["zooId"].location == "path"
    limit = params["limit"]
    assert limit.required and limit.description is None  # the operation's Limit won
    assert (limit.minimum, limit.maximum, limit.default, limit.has_default) == (
        1.0,
        100.0,
        30,
        True,
    )
    assert limit.type == NamedType("PageSize")
    assert limit.location_in_spec.pointer == "/components/parameters/Limit"
    assert params["X-Trace"].extensions == {"x-internal": True}
    assert params["q"].type == STR
    assert get.extensions == {"x-pagination": {"style": "cursor"}}
    assert get.tags == ("animals",)
    ok = get.responses[0]
    assert ok.type == ListType(STR) and ok.content_type == "application/json"
    assert [(h.name, h.type, h.description) for h in ok.headers] == [
        ("Link", STR, "next page")
    ]
    assert ok.links == ("next",)
    assert get.success_response() is ok


def test_every_method_is_an_operation_and_non_json_bodies_have_no_type() -> None:
    model = model_of(
        paths=PARAMS,
        components=PARAM_COMPONENTS,
        schemas={"PageSize": {"type": "integer"}},
    )
    assert [o.method for o in model.operations] == ["get", "options", "head", "trace"]
    trace = next(o for o in model.operations if o.method == "trace")
    assert (
        trace.responses[0].content_type == "message/http"
        and trace.responses[0].type is None
    )
    assert [p.name for p in trace.parameters] == ["zooId", "limit"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {
                "text/plain": {},
                "application/x-www-form-urlencoded": {},
                "application/json": {},
            },
            "application/json",
        ),
        (
            {"text/plain": {}, "application/vnd.api+json": {}},
            "application/vnd.api+json",
        ),
        ({"text/plain": {}, "multipart/form-data": {}}, "multipart/form-data"),
        ({"application/octet-stream": {}}, "application/octet-stream"),
    ],
)
def test_request_body_prefers_json_then_form_then_anything(
    content: dict[str, Any], expected: str
) -> None:
    paths = {
        "/x": {
            "post": {
                "requestBody": {"required": True, "content": content},
                "responses": {},
            }
        }
    }
    body = only_op(model_of(paths=paths)).request_body
    assert body is not None and body.content_type == expected and body.required
    assert body.type == AnyType()


def test_request_body_by_ref() -> None:
    paths = {
        "/x": {
            "put": {
                "requestBody": {"$ref": "#/components/requestBodies/Pet"},
                "responses": {},
            }
        }
    }
    components = {
        "requestBodies": {
            "Pet": {"content": {"application/json": {"schema": {"type": "string"}}}}
        }
    }
    body = only_op(model_of(paths=paths, components=components)).request_body
    assert (
        body is not None
        and body.type == STR
        and body.location.pointer == "/components/requestBodies/Pet"
    )


# ---------------------------------------------------------------- security and servers

SCHEMES = {
    "securitySchemes": {
        "token": {"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"},
        "basic": {"type": "http", "scheme": "basic"},
        "key": {"type": "apiKey", "name": "api_key", "in": "query"},
        "cc": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/oauth/token",
                    "scopes": {"read": "r", "write": "w"},
                }
            },
        },
        "code": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/a",
                    "tokenUrl": "/t",
                    "scopes": {},
                }
            },
        },
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x/.well-known"},
        "mutual": {"type": "mutualTLS"},
    }
}


def test_security_schemes_are_reduced() -> None:
    model = model_of(components=SCHEMES)
    schemes = model.security_schemes
    assert {k: s.kind for k, s in schemes.items()} == {
        "token": "bearer", "basic": "basic", "key": "api_key", "cc": "oauth2_client_credentials",
        "code": "oauth2", "oidc": "openid", "mutual": "other",
    }  # fmt: skip
    assert schemes["token"].bearer_format == "JWT"
    assert (schemes["key"].api_key_name, schemes["key"].api_key_in) == (
        "api_key",
        "query",
    )
    assert schemes["cc"].token_url == "/oauth/token" and schemes["cc"].scopes == (
        "read",
        "write",
    )
    assert schemes["code"].flows == ("authorizationCode",)
    assert any(
        d.location.pointer == "/components/securitySchemes/mutual"
        for d in model.diagnostics
    )


def test_operation_security_overrides_the_global_default() -> None:
    ok = {"200": {"description": "ok"}}
    paths = {
        "/default": {"get": {"responses": ok}},
        "/override": {
            "get": {
                "security": [{"key": []}, {"token": [], "basic": []}],
                "responses": ok,
            }
        },
        "/public": {"get": {"security": [], "responses": ok}},
        "/optional": {"get": {"security": [{}, {"token": []}], "responses": ok}},
    }
    model = model_of(paths=paths, components=SCHEMES, security=[{"token": []}])
    security = {o.path: o.security for o in model.operations}
    assert security == {
        "/default": (("token",),),
        "/override": (("key",), ("token", "basic")),
        "/public": (),
        "/optional": ((), ("token",)),
    }


def test_servers_substitute_variable_defaults_and_keep_relative_urls() -> None:
    servers = [
        {
            "url": "https://{region}.example.com/{version}",
            "variables": {"region": {"default": "eu"}, "version": {"default": "v2"}},
        },
        {"url": "/api"},
    ]
    model = model_of(servers=servers)
    assert model.servers == ("https://eu.example.com/v2", "/api")
    assert (model.title, model.version, model.source_kind, model.source_file) == (
        "Zoo",
        "2",
        "openapi-3.0",
        "zoo.yaml",
    )


def test_rest_api_config_goes_to_the_restconfig_builder() -> None:
    with pytest.raises(RestwrightError, match="client.base_url` is missing"):
        pipeline_model_of(
            LoadedDocument("rest-api-config", "c.yaml", {"client": {}, "resources": []})
        )


def test_all_of_ref_plus_annotations_keeps_the_name_even_inside_itself() -> None:
    model = model_of(
        {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "parent": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Node"},
                            {"description": "the parent node", "nullable": True},
                        ]
                    },
                    "first": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Node"},
                            {"description": "the first child"},
                        ]
                    },
                },
            }
        }
    )
    node = fields(model, "Node")
    assert node["parent"].type == UnionType((NamedType("Node"), Primitive("None")))
    assert node["first"].type == NamedType("Node")
    assert list(model.schemas) == ["Node"]  # no inlined copies


# ---------------------------------------------------------------- components shared by $ref

OBJECT = {"type": "object", "properties": {"id": {"type": "integer"}}}
SHARED_COMPONENTS = {
    "parameters": {
        "Order": {
            "name": "order",
            "in": "query",
            "style": "deepObject",
            "schema": {"type": "object", "properties": {"by": {"type": "string"}}},
        }
    },
    "requestBodies": {
        "NewThing": {"content": {"application/json": {"schema": OBJECT}}}
    },
    "responses": {
        "Page": {
            "description": "one page",
            "headers": {
                "X-Page": {"$ref": "#/components/headers/PageInfo"},
                "X-Own": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}},
            },
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"items": {"type": "array", "items": OBJECT}},
                    }
                }
            },
        },
        "Unused": {"description": "x", "content": {"application/json": {"schema": OBJECT}}},
    },
    "headers": {"PageInfo": {"schema": OBJECT}},
}  # fmt: skip


def shared_paths(names: list[str]) -> dict[str, Any]:
    """One list operation per name, each mentioning the shared components by `$ref`."""
    return {
        f"/{name.lower()}": {
            "post": {
                "operationId": f"list{name}",
                "parameters": [{"$ref": "#/components/parameters/Order"}],
                "requestBody": {"$ref": "#/components/requestBodies/NewThing"},
                "responses": {
                    "200": {"$ref": "#/components/responses/Page"},
                    "default": {"$ref": "#/components/responses/Page"},
                    "400": {
                        "description": "inline",
                        "content": {"application/json": {"schema": OBJECT}},
                    },
                },
            }
        }
        for name in names
    }


def test_components_shared_by_ref_are_one_model_each_named_from_the_component() -> None:
    model = model_of(paths=shared_paths(["A", "B", "C"]), components=SHARED_COMPONENTS)
    assert set(model.schemas) == {
        "Order", "NewThing", "Page", "Page.items.item", "PageInfo", "Page.X-Own",
        "listA.400", "listB.400", "listC.400",  # inline responses keep their operation's key
    }  # fmt: skip
    assert not any(s.is_component for s in model.schemas.values())
    for op in model.operations:
        assert [p.type for p in op.parameters] == [NamedType("Order")]
        assert op.request_body is not None
        assert op.request_body.type == NamedType("NewThing")
        ok, default, _ = op.responses
        assert (ok.status, default.status) == ("200", "default")
        assert ok.type == default.type == NamedType("Page")
        assert [(h.name, h.type) for h in ok.headers] == [
            ("X-Page", NamedType("PageInfo")),
            ("X-Own", NamedType("Page.X-Own")),
        ]
    assert fields(model, "Page")["items"].type == ListType(NamedType("Page.items.item"))
    assert (
        model.schemas["Page"].location.pointer
        == "/components/responses/Page/content/application~1json/schema"
    )


def test_shared_component_names_do_not_depend_on_operation_order() -> None:
    clashing = {
        **SHARED_COMPONENTS,
        # Three sections and a schema all want the key "Thing": the suffixes follow the
        # sections' order, whichever operation mentions them first.
        "requestBodies": {"Thing": {"content": {"application/json": {"schema": OBJECT}}}},
        "responses": {"Thing": {"description": "x", "content": {"application/json": {"schema": OBJECT}}}},
        "parameters": {"Thing": {"name": "t", "in": "query", "content": {"application/json": {"schema": OBJECT}}}},
    }  # fmt: skip
    paths = {
        "/a": {"get": {"operationId": "getA", "responses": {"200": {"$ref": "#/components/responses/Thing"}}}},
        "/b": {"put": {"operationId": "putB", "requestBody": {"$ref": "#/components/requestBodies/Thing"}, "responses": {}}},
        "/c": {"get": {"operationId": "getC", "parameters": [{"$ref": "#/components/parameters/Thing"}], "responses": {}}},
    }  # fmt: skip

    def named(order: list[str]) -> tuple[set[str], dict[str, list[Any]]]:
        model = model_of(
            {"Thing": {"type": "string"}},
            paths={path: paths[path] for path in order},
            components=clashing,
        )
        types = {
            op.key: [p.type for p in op.parameters]
            + [op.request_body.type if op.request_body else None]
            + [r.type for r in op.responses]
            for op in model.operations
        }
        return set(model.schemas), types

    first = named(["/a", "/b", "/c"])
    assert named(["/c", "/b", "/a"]) == named(["/b", "/a", "/c"]) == first
    assert first[1] == {
        "GET /a": [None, NamedType("Thing_4")],
        "PUT /b": [NamedType("Thing_3")],
        "GET /c": [NamedType("Thing_2"), None],
    }


def test_a_shared_component_warns_once_and_an_unused_one_adds_no_model() -> None:
    components = {
        "parameters": {"Broken": {"in": "query", "schema": {"type": "string"}}},
        "responses": {"Unused": {"description": "x", "content": {"application/json": {"schema": OBJECT}}}},
    }  # fmt: skip
    paths = {
        f"/{n}": {"get": {"parameters": [{"$ref": "#/components/parameters/Broken"}], "responses": {}}}
        for n in ("a", "b")
    }  # fmt: skip
    model = model_of(paths=paths, components=components)
    assert [op.parameters for op in model.operations] == [(), ()]
    assert [d.location.pointer for d in model.diagnostics] == [
        "/components/parameters/Broken"
    ]
    assert model.schemas == {}


def test_identical_inline_objects_in_one_component_are_one_model() -> None:
    plan = {"type": "object", "properties": {"seats": {"type": "integer"}}}
    owner = {
        "type": "object",
        "properties": {"login": {"type": "string"}, "plan": plan},
    }
    repo = {
        "type": "object",
        "properties": {
            "owner": owner,
            "organization": owner,
            "moved_from": {"type": "array", "items": owner},
            "other": {**owner, "description": "not quite the same"},
        },
    }
    gist = {"type": "object", "properties": {"owner": owner}}
    paths = {
        "/r": {"get": {"operationId": "getR", "responses": {
            "200": {"description": "a", "content": {"application/json": {"schema": owner}}},
            "201": {"description": "b", "content": {"application/json": {"schema": owner}}},
        }}}
    }  # fmt: skip

    def model(order: list[str]) -> ApiModel:
        both = {"repo": repo, "gist": gist}
        return model_of({key: both[key] for key in order}, paths=paths)

    first = model(["repo", "gist"])
    assert model(["gist", "repo"]).schemas.keys() == first.schemas.keys()
    fields_of_repo = fields(first, "repo")
    assert fields_of_repo["owner"].type == NamedType("repo.owner")
    assert fields_of_repo["organization"].type == NamedType("repo.owner")
    assert fields_of_repo["moved_from"].type == ListType(NamedType("repo.owner"))
    assert fields_of_repo["other"].type == NamedType("repo.other")
    assert fields(first, "repo.other")["plan"].type == NamedType("repo.owner.plan")
    # Another component and operations keep their own copies, named from their own place.
    assert fields(first, "gist")["owner"].type == NamedType("gist.owner")
    assert [r.type for r in first.operations[0].responses] == [
        NamedType("getR.200"),
        NamedType("getR.201"),
    ]
    assert sorted(first.schemas) == sorted([
        "repo", "repo.owner", "repo.owner.plan", "repo.other",
        "gist", "gist.owner", "gist.owner.plan",
        "getR.200", "getR.200.plan", "getR.201", "getR.201.plan",
    ])  # fmt: skip
