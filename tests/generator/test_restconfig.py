"""A dlt `rest_api` config → the IR: merging, placeholders, parents, incremental, actions, auth, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from restwright.diagnostics import RestwrightError
from restwright.load import load_document
from restwright.model.ir import (
    AnyType,
    ApiModel,
    NamedType,
    Operation,
    Primitive,
    UnionType,
)
from restwright.model.plan import ModelledApi, StatedChoices
from restwright.model.resource import ResourceConfig
from restwright.restconfig import build_model_from_config

ROOT = Path(__file__).resolve().parents[2]
BASE = {"base_url": "https://api.example.com/v1/"}


def build(tmp_path: Path, config: dict[str, Any], suffix: str = ".yaml") -> ModelledApi:
    path = tmp_path / f"config{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(config))
    else:
        path.write_text(yaml.safe_dump(config, sort_keys=False))
    return build_model_from_config(load_document(path))


def resource(api: ModelledApi, op: Operation) -> ResourceConfig:
    """The config's resource behind an operation (kept beside the IR, by operation key)."""
    return api.plans[op.key].resource


def stated(api: ModelledApi, op: Operation) -> StatedChoices:
    return api.plans[op.key].stated


def op_named(model: ApiModel, name: str) -> Operation:
    return next(op for op in model.operations if op.operation_id == name)


def error_of(tmp_path: Path, config: dict[str, Any]) -> str:
    with pytest.raises(RestwrightError) as info:
        build(tmp_path, config)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_sample_blog_config() -> None:
    api = build_model_from_config(
        load_document(ROOT / "samples" / "dlt_blog" / "config.yaml")
    )
    assert api.model.source_kind == "rest-api-config"
    assert api.model.servers == ("https://blog.example/api/v1/",)
    assert [op.key for op in api.model.operations] == [
        "GET /posts",
        "GET /posts/{posts_id}/comments",
        "GET /authors",
    ]
    posts, comments, authors = api.model.operations
    assert all(
        op.tags == () and op.security == (("bearer",),) for op in api.model.operations
    )
    assert api.model.security_schemes["bearer"].kind == "bearer"
    # client paginator inherited; the resource's own wins
    assert stated(api, posts).paginator == {
        "type": "json_link",
        "next_url_path": "paging.next",
    }
    assert (
        stated(api, authors).paginator is not None
        and stated(api, authors).paginator["type"] == "offset"
    )
    assert (stated(api, posts).data_selector, stated(api, authors).data_selector) == (
        "data",
        "authors",
    )
    # resource_defaults params merged under the resource's own
    assert resource(api, posts) is not None
    assert resource(api, posts).params == {
        "per_page": 50,
        "sort": "updated",
        "updated_since": "{incremental.start_value}",
    }
    assert [p.name for p in posts.parameters] == ["per_page", "sort"]
    assert resource(api, posts).incremental is not None
    assert resource(api, posts).incremental.initial_value == "2024-01-01T00:00:00Z"
    assert [p.keyword for p in resource(api, posts).placeholders] == ["start_value"]
    assert (
        resource(api, posts).primary_key == "id"
        and resource(api, posts).write_disposition == "merge"
    )
    # the child: `posts_id`, typed from the parent's `id` column
    assert (
        resource(api, comments) is not None
        and resource(api, comments).parent is not None
    )
    assert resource(api, comments).parent.resource == "posts"
    assert resource(api, comments).parent.keywords == ("posts_id",)
    path_param = comments.parameters[0]
    assert (path_param.name, path_param.location, path_param.type) == (
        "posts_id",
        "path",
        Primitive("int"),
    )
    # records: TypedDicts from column hints, the primary key never null; no hints → no type
    assert resource(api, posts).record_type == NamedType("posts_record")
    fields = {f.name: f.type for f in api.model.schemas["posts_record"].fields or ()}
    assert fields["id"] == Primitive("int")
    assert fields["title"] == UnionType((Primitive("str"), Primitive("None")))
    assert (
        resource(api, authors) is not None
        and resource(api, authors).record_type is None
    )
    # the offset paginator's own params are not keywords
    assert [p.name for p in authors.parameters] == ["per_page"]


def test_string_resources_defaults_and_auto_paginator(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        {
            "client": BASE,
            "resource_defaults": {
                "endpoint": {
                    "params": {"per_page": 10, "state": "open"},
                    "headers": {"X-A": "1"},
                },
                "columns": {
                    "id": {"data_type": "bigint"},
                    "name": {"data_type": "text"},
                },
                "primary_key": "id",
            },
            "resources": [
                "users",
                {
                    "name": "issues",
                    "endpoint": {
                        "path": "repos/issues",
                        "params": {"state": "all"},
                        "headers": {"X-B": "2"},
                    },
                    "columns": {
                        "name": {"nullable": False},
                        "labels": {"data_type": "json"},
                    },
                },
            ],
        },
    )
    users, issues = api.model.operations
    assert users.key == "GET /users" and stated(api, users).paginator == {
        "type": "auto"
    }
    assert stated(api, users).data_selector is None
    assert resource(api, users) is not None and resource(api, users).params == {
        "per_page": 10,
        "state": "open",
    }
    assert resource(api, issues) is not None and resource(api, issues).params == {
        "per_page": 10,
        "state": "all",
    }
    assert resource(api, issues).headers == {"X-A": "1", "X-B": "2"}
    fields = {f.name: f.type for f in api.model.schemas["issues_record"].fields or ()}
    assert fields == {
        "id": Primitive("int"),
        "name": Primitive("str"),
        "labels": AnyType(),
    }
    assert api.model.security_schemes == {} and users.security == ()


def test_legacy_resolve_params_and_nested_parents(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        {
            "client": BASE,
            "resources": [
                "repos",
                {
                    "name": "issues",
                    "endpoint": {
                        "path": "repos/{repo}/issues",
                        "params": {
                            "repo": {
                                "type": "resolve",
                                "resource": "repos",
                                "field": "full_name",
                            },
                            "owner": {
                                "type": "resolve",
                                "resource": "repos",
                                "field": "owner.login",
                            },
                        },
                    },
                    "include_from_parent": ["name"],
                },
                {
                    "name": "comments",
                    "endpoint": {
                        "path": "issues/{resources.issues.number}/comments",
                        "headers": {"X-Issue": "{resources.issues.id}"},
                    },
                },
            ],
        },
    )
    issues = op_named(api.model, "issues")
    assert issues.key == "GET /repos/{repos_full_name}/issues"
    assert (
        resource(api, issues) is not None
        and resource(api, issues).path == "repos/{resources.repos.full_name}/issues"
    )
    assert resource(api, issues).params == {"owner": "{resources.repos.owner.login}"}
    assert resource(api, issues).parent is not None
    assert resource(api, issues).parent.keywords == (
        "repos_full_name",
        "repos_owner_login",
    )
    assert resource(api, issues).parent.include_from_parent == ("name",)
    assert "_repos_name" in {
        f.name for f in api.model.schemas["issues_record"].fields or ()
    }
    comments = op_named(api.model, "comments")
    assert (
        resource(api, comments) is not None
        and resource(api, comments).parent is not None
    )
    assert resource(api, comments).parent.resource == "issues"
    assert resource(api, comments).parent.keywords == ("issues_number", "issues_id")


def test_incremental_forms(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        {
            "client": BASE,
            "resources": [
                {
                    "name": "events",
                    "endpoint": {
                        "path": "events",
                        "incremental": {
                            "cursor_path": "ts",
                            "initial_value": 100,
                            "start_param": "since",
                            "end_param": "until",
                            "end_value": 200,
                        },
                    },
                },
                {
                    "name": "legacy",
                    "endpoint": {
                        "path": "legacy",
                        "params": {
                            "after": {
                                "type": "incremental",
                                "cursor_path": "updated",
                                "initial_value": "x",
                            }
                        },
                    },
                },
            ],
        },
    )
    events, legacy = api.model.operations
    assert (
        resource(api, events) is not None
        and resource(api, events).incremental is not None
    )
    assert resource(api, events).params == {
        "since": "{incremental.start_value}",
        "until": "{incremental.end_value}",
    }
    assert resource(api, events).incremental.start_type == Primitive("int")
    assert [p.keyword for p in resource(api, events).placeholders] == [
        "start_value",
        "end_value",
    ]
    assert (
        resource(api, legacy) is not None
        and resource(api, legacy).incremental is not None
    )
    assert resource(api, legacy).incremental.start_param == "after"
    assert resource(api, legacy).params == {"after": "{incremental.start_value}"}


def test_response_actions(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        {
            "client": BASE,
            "resources": [
                {
                    "name": "issues",
                    "endpoint": {
                        "response_actions": [
                            "mymodule:fix_encoding",
                            {"status_code": 404, "action": "ignore"},
                            {"content": "Not found", "action": "ignore"},
                            {
                                "status_code": 200,
                                "content": "x",
                                "action": ["a.b:c", "a.d"],
                            },
                        ]
                    },
                }
            ],
        },
    )
    first, status, content, both = resource(
        api, api.model.operations[0]
    ).response_actions
    assert (
        tuple(map(str, first.callables)) == ("mymodule:fix_encoding",)
        and first.status_codes == ()
        and not first.ignore
    )
    assert status.status_codes == (404,) and status.ignore
    assert content.content == "Not found" and content.ignore
    assert tuple(map(str, both.callables)) == ("a.b:c", "a:d")
    assert both.status_codes == (200,)
    # Each hook keeps its place in the config, for the generate-time check of who may run it.
    assert (
        first.callables[0].location.pointer
        == "/resources/0/endpoint/response_actions/0"
    )


@pytest.mark.parametrize(
    ("auth", "kind", "extra"),
    [
        ("bearer", "bearer", {}),
        ({"type": "bearer", "token": "s3cr3t"}, "bearer", {}),
        ({"token": "s3cr3t"}, "bearer", {}),
        ({"type": "api_key", "name": "X-Key", "location": "query", "api_key": "s3cr3t"}, "api_key",
         {"api_key_name": "X-Key", "api_key_in": "query"}),
        ({"type": "http_basic", "username": "u", "password": "s3cr3t"}, "basic", {}),
        ({"type": "oauth2_client_credentials", "access_token_url": "https://id.example/token",
          "client_id": "id", "client_secret": "s3cr3t"}, "oauth2_client_credentials",
         {"token_url": "https://id.example/token"}),
    ],
)  # fmt: skip
def test_auth_kinds_never_keep_secrets(
    tmp_path: Path, auth: Any, kind: str, extra: dict[str, Any]
) -> None:
    api = build(tmp_path, {"client": {**BASE, "auth": auth}, "resources": ["things"]})
    (scheme,) = api.model.security_schemes.values()
    assert scheme.kind == kind
    for attribute, value in extra.items():
        assert getattr(scheme, attribute) == value
    assert api.model.operations[0].security == ((scheme.key,),)
    assert "s3cr3t" not in repr(api.model.operations) + repr(api.model.security_schemes)
    if isinstance(auth, dict) and any(
        k in auth for k in ("token", "api_key", "password", "client_secret")
    ):
        assert any("not copied" in d.message for d in api.model.diagnostics)


def test_json_toml_and_same_path_resources(tmp_path: Path) -> None:
    config = {
        "client": BASE,
        "resources": [
            {
                "name": "open_issues",
                "endpoint": {"path": "issues", "params": {"state": "open"}},
            },
            {
                "name": "closed_issues",
                "endpoint": {"path": "issues", "params": {"state": "closed"}},
            },
        ],
    }
    api = build(tmp_path, config, ".json")
    assert [op.key for op in api.model.operations] == [
        "GET /issues",
        "GET /issues#closed_issues",
    ]
    toml = tmp_path / "config.toml"
    toml.write_text(
        '[client]\nbase_url = "https://api.example.com"\n[client.paginator]\ntype = "json_response"\n'
        'next_url_path = "next"\n\n[[resources]]\nname = "pets"\n[resources.endpoint]\npath = "pets"\n'
        'method = "POST"\njson = { query = "since {incremental.start_value}" }\n'
        '[resources.endpoint.incremental]\ncursor_path = "updated"\ninitial_value = 2024-01-01T00:00:00Z\n'
    )
    api = build_model_from_config(load_document(toml))
    op = api.model.operations[0]
    assert op.method == "post" and stated(api, op).paginator == {
        "type": "json_link",
        "next_url_path": "next",
    }
    assert resource(api, op) is not None and resource(api, op).json == {
        "query": "since {incremental.start_value}"
    }
    assert resource(api, op).incremental is not None
    assert resource(api, op).incremental.initial_value == "2024-01-01T00:00:00+00:00"


@pytest.mark.parametrize(
    ("resources", "client", "expected"),
    [
        ([{"name": "posts", "endpoint": {"paginator": "magic"}}], BASE,
         "resource `posts`: unknown paginator type `magic`"),
        ([{"name": "posts", "endpoint": {"paginator": {"type": "offset", "pages": 3}}}], BASE,
         "resource `posts`: paginator `offset` takes no parameter `pages`"),
        (["posts", {"name": "comments", "endpoint": "posts/{resources.post.id}/comments"}], BASE,
         "resource `comments`: placeholder `{resources.post.id}` names a resource `post`"),
        ([{"name": "a", "endpoint": "a/{resources.b.id}"}, {"name": "b", "endpoint": "b/{resources.a.id}"}], BASE,
         "resource `a`: resources depend on each other in a cycle (a → b → a)"),
        (["posts"], {"headers": {"X": "1"}}, "`client.base_url` is missing"),
        (["a", "b", {"name": "c", "endpoint": "x/{resources.a.id}/{resources.b.id}"}], BASE,
         "resource `c` reads from more than one parent resource (a, b)"),
        ([{"name": "c", "endpoint": "x/{whatever}"}], BASE, "resource `c`: unknown placeholder `{whatever}`"),
        ([{"name": "c", "endpoint": "x/{incremental.start_value}"}], BASE,
         "resource `c`: placeholder `{incremental.start_value}` needs an `incremental` setting"),
        ([{"name": "c", "endpoint": {"response_actions": [{"status_code": 404, "action": "explode"}]}}], BASE,
         "resource `c`: response action 'explode' is neither `ignore` nor"),
        (["posts"], {**BASE, "auth": {"type": "kerberos"}}, "client: unknown auth type `kerberos`"),
        (["posts", "posts"], BASE, "resource `posts` is defined twice"),
        ([{"name": "posts", "endpoint": {"paginator": {
            "type": "offset", "offset_param": "offset", "offset_body_path": "page.offset"}}}], BASE,
         "resource `posts`: paginator `offset` needs `limit` (a positive integer)"),
        ([{"name": "posts", "endpoint": {"paginator": {"type": "offset", "limit": 0}}}], BASE,
         "resource `posts`: `limit` must be positive"),
        ([{"name": "posts", "endpoint": {"paginator": {"type": "page_number", "base_page": "one"}}}], BASE,
         "resource `posts`: `base_page` must be an integer, got 'one'"),
        ([{"name": "posts", "endpoint": {"paginator": {
            "type": "cursor", "cursor_param": "c", "cursor_body_path": "c"}}}], BASE,
         "resource `posts`: paginator `cursor` takes `cursor_param` or `cursor_body_path`, not both"),
        (["posts"], {**BASE, "paginator": "offset"}, "client: paginator `offset` needs `limit`"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_name_the_resource(
    tmp_path: Path, resources: list[Any], client: dict[str, Any], expected: str
) -> None:
    assert expected in error_of(tmp_path, {"client": client, "resources": resources})


def test_error_location_points_into_the_config(tmp_path: Path) -> None:
    with pytest.raises(RestwrightError) as info:
        build(
            tmp_path,
            {
                "client": BASE,
                "resources": ["a", {"name": "b", "endpoint": {"paginator": "nope"}}],
            },
        )
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.location.pointer == "/resources/1/endpoint/paginator"
    assert diagnostic.location.file.endswith("config.yaml")


def test_every_mistake_in_a_config_is_reported_with_its_place(tmp_path: Path) -> None:
    """Errors are collected while building: one run names them all, each where it is."""
    config = {
        "client": {**BASE, "auth": {"type": "kerberos"}, "paginator": "offset"},
        "resources": [
            {"name": "a", "endpoint": {"paginator": {"type": "offset", "limt": 5}}},
            {"name": "b", "endpoint": {"path": "b/{nope}", "data_selector": 3}},
            {"name": "c", "endpoint": {"response_actions": ["explode"]}},
            "a",
        ],
    }
    with pytest.raises(RestwrightError) as info:
        build(tmp_path, config)
    found = [(d.location.pointer, d.message) for d in info.value.diagnostics]
    assert found == [
        ("/client/paginator", "client: paginator `offset` needs `limit` (a positive integer)"),
        ("/client/auth/type", "client: unknown auth type `kerberos`"),
        ("/resources/3/name", "resource `a` is defined twice"),
        ("/resources/0/endpoint/paginator/limt", "resource `a`: paginator `offset` takes no parameter `limt`"),
        ("/resources/0/endpoint/paginator", "resource `a`: paginator `offset` needs `limit` (a positive integer)"),
        ("/resources/1/endpoint/data_selector", "resource `b`: `data_selector` must be a JSONPath string"),
        ("/resources/1/endpoint/path", "resource `b`: unknown placeholder `{nope}`"),
        ("/resources/2/endpoint/response_actions/0",
         "resource `c`: response action 'explode' is neither `ignore` nor a `module:function` import path"),
    ]  # fmt: skip
    assert all(d.severity == "error" for d in info.value.diagnostics)
    assert "\n" not in str(info.value)


def test_a_dependency_cycle_is_reported_once(tmp_path: Path) -> None:
    config = {
        "client": BASE,
        "resources": [
            {"name": "a", "endpoint": "a/{resources.b.id}"},
            {"name": "b", "endpoint": "b/{resources.a.id}"},
        ],
    }
    with pytest.raises(RestwrightError) as info:
        build(tmp_path, config)
    assert [d.message for d in info.value.diagnostics] == [
        "resource `a`: resources depend on each other in a cycle (a → b → a)"
    ]


def test_the_declared_shape_reports_each_wrong_field_at_its_place(
    tmp_path: Path,
) -> None:
    """restconfig/schema.py: each field's message is declared beside it; all are reported."""
    config = {
        "client": {**BASE, "headers": ["X-A"]},
        "resources": [
            {
                "name": "a",
                "endpoint": {
                    "method": "FETCH",
                    "params": ["x"],
                    "incremental": {"initial_value": 1},
                    "response_actions": [{"status_code": "404", "content": 5}],
                },
                "include_from_parent": "id",
            }
        ],
    }
    with pytest.raises(RestwrightError) as info:
        build(tmp_path, config)
    found = {(d.location.pointer, d.message) for d in info.value.diagnostics}
    assert found == {
        ("/client/headers", "client: `headers` must map header names to strings"),
        ("/resources/0/include_from_parent",
         "resource `a`: `include_from_parent` must be a list of field names"),
        ("/resources/0/endpoint/method", "resource `a`: unknown HTTP method `FETCH`"),
        ("/resources/0/endpoint/params", "resource `a`: `params` must be a mapping"),
        ("/resources/0/endpoint/incremental", "resource `a`: `incremental` needs a `cursor_path`"),
        ("/resources/0/endpoint/response_actions/0/status_code",
         "resource `a`: `status_code` must be an integer"),
        ("/resources/0/endpoint/response_actions/0/content",
         "resource `a`: `content` must be a string"),
        ("/resources/0/endpoint/response_actions/0", "resource `a`: a response action needs an `action`"),
    }  # fmt: skip
