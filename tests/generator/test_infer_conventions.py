"""API-wide conventions, response examples, lists misdescribed as one item, and lists that are not.

Each test writes a small hand-built spec to a file and runs load → model → infer on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from restwright.infer import infer_api
from restwright.infer.context import OperationContext
from restwright.infer.conventions import api_conventions
from restwright.infer.decision import OperationInference
from restwright.infer.selector import array_candidates
from restwright.load import load_document
from restwright.model.build import build_model

INT: dict[str, Any] = {"type": "integer"}
STR: dict[str, Any] = {"type": "string"}


def infer(
    tmp_path: Path, paths: dict[str, Any], **info: Any
) -> dict[str, OperationInference]:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1", **info},
        "paths": paths,
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    return infer_api(build_model(load_document(spec)))


def query(
    name: str, schema: dict[str, Any] = INT, description: str = ""
) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def ok(schema: dict[str, Any] | None = None, **media: Any) -> dict[str, Any]:
    """A 200 response with a JSON body (schema and/or example)."""
    if schema is not None:
        media["schema"] = schema
    return {"200": {"description": "ok", "content": {"application/json": media}}}


def obj(**props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


RECORD = obj(id=STR, name=STR)
CURSOR_PARAMS = [
    query(
        "start_cursor",
        STR,
        "Returns a page of results starting after the cursor provided.",
    ),
    query("page_size"),
]
CURSOR_ENVELOPE = obj(
    object=STR, results=array(RECORD), next_cursor=STR, has_more={"type": "boolean"}
)


def test_untyped_response_borrows_the_envelope_of_operations_paged_alike(
    tmp_path: Path,
) -> None:
    result = infer(
        tmp_path,
        {
            "/comments": {
                "get": {"parameters": CURSOR_PARAMS, "responses": ok(CURSOR_ENVELOPE)}
            },
            "/users": {
                "get": {
                    "parameters": CURSOR_PARAMS,
                    "responses": ok({"type": "object"}),
                }
            },
            "/search": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": obj(
                                    query=STR, start_cursor=STR, page_size=INT
                                )
                            }
                        }
                    },
                    "responses": ok({"type": "object"}),
                }
            },
        },
    )
    users = result["GET /users"]
    assert users.data_selector is not None and users.data_selector.path == "results"
    assert (
        users.data_selector.record_type is None
    )  # the sibling's records are not ours to type
    assert users.paginator is not None and users.paginator.type == "cursor"
    assert users.paginator.params["cursor_path"] == "next_cursor"
    assert any("shape of `GET /comments` used" in e for e in users.paginator.evidence)
    search = result["POST /search"]
    assert search.data_selector is not None and search.data_selector.path == "results"
    assert search.paginator is not None
    assert search.paginator.params["cursor_body_path"] == "start_cursor"


def test_borrowing_weighs_siblings_by_likeness_of_their_parameters(
    tmp_path: Path,
) -> None:
    paged = [query("startAt"), query("maxResults")]
    values = obj(startAt=INT, maxResults=INT, total=INT, values=array(RECORD))
    issues = obj(startAt=INT, maxResults=INT, total=INT, issues=array(RECORD))
    jql = [query("jql", STR), query("fields", STR)]
    result = infer(
        tmp_path,
        {
            "/boards": {
                "get": {
                    "parameters": paged + [query("name", STR)],
                    "responses": ok(values),
                }
            },
            "/filters": {"get": {"parameters": paged, "responses": ok(values)}},
            "/backlog": {"get": {"parameters": paged + jql, "responses": ok(issues)}},
            "/boards/{id}/sprints": {
                "get": {"parameters": paged + [query("state", STR)]}
            },
            "/sprints/{id}/issues": {"get": {"parameters": paged + jql}},
        },
    )
    sprints = result["GET /boards/{id}/sprints"]
    assert sprints.data_selector is not None and sprints.data_selector.path == "values"
    assert sprints.paginator is not None and sprints.paginator.type == "offset"
    # A borrowed total may be missing from the real body: an empty page stops too.
    assert sprints.paginator.params.get("stop_after_empty_page") is True
    sprint_issues = result["GET /sprints/{id}/issues"]
    assert sprint_issues.data_selector is not None
    assert sprint_issues.data_selector.path == "issues"


def test_shape_from_own_example_even_written_as_a_json_string(tmp_path: Path) -> None:
    page = {"startAt": 0, "maxResults": 2, "isLast": True, "values": [{"id": 1}]}
    result = infer(
        tmp_path,
        {
            "/sprints": {
                "get": {
                    "parameters": [query("startAt"), query("maxResults")],
                    "responses": ok(example=json.dumps(page)),
                }
            },
            "/comments": {
                "get": {
                    "parameters": CURSOR_PARAMS,
                    "responses": ok(
                        examples={
                            "OK": {
                                "value": {
                                    "object": "list",
                                    "results": [{"id": "c1"}],
                                    "next_cursor": None,
                                    "has_more": False,
                                }
                            }
                        }
                    ),
                }
            },
        },
    )
    sprints = result["GET /sprints"]
    assert sprints.data_selector is not None and sprints.data_selector.path == "values"
    assert any("response example" in e for e in sprints.data_selector.evidence)
    comments = result["GET /comments"]
    assert (
        comments.data_selector is not None and comments.data_selector.path == "results"
    )
    assert comments.paginator is not None and comments.paginator.type == "cursor"


def test_an_example_of_one_record_is_not_a_page_and_makes_no_list(
    tmp_path: Path,
) -> None:
    one = {"id": "c1", "object": "comment", "rich_text": [{"text": "hi"}]}
    result = infer(
        tmp_path,
        {
            "/comments": {"post": {"responses": ok(example=one)}},
            "/users/me": {
                "get": {"responses": ok(example={"id": "u1", "groups": [{"n": 1}]})}
            },
        },
    )
    assert result["POST /comments"].paginator is None
    assert result["GET /users/me"].paginator is None


def test_page_size_alone_takes_the_apis_page_parameter(tmp_path: Path) -> None:
    topics = obj(topic_list=obj(per_page=INT, topics=array(RECORD)))
    result = infer(
        tmp_path,
        {
            "/search": {
                "get": {
                    "parameters": [query("q", STR), query("page")],
                    "responses": ok(topics),
                }
            },
            "/users": {
                "get": {"parameters": [query("page")], "responses": ok(array(RECORD))}
            },
            "/latest": {
                "get": {"parameters": [query("per_page")], "responses": ok(topics)}
            },
        },
    )
    latest = result["GET /latest"].paginator
    assert latest is not None and latest.type == "page_number"
    assert latest.params["page_param"] == "page"
    assert (
        latest.params["base_page"] == 0
    )  # unstated: a repeated page beats a skipped one
    assert latest.controlled_params == ()  # undeclared: nothing to hide from the method
    assert any("2 operations of this API declare" in e for e in latest.evidence)


def test_page_convention_uses_a_stated_base_and_needs_two_users_and_an_echo(
    tmp_path: Path,
) -> None:
    one_based = {**query("page"), "schema": {"type": "integer", "minimum": 1}}
    envelope = obj(per_page=INT, items=array(RECORD))
    result = infer(
        tmp_path,
        {
            "/a": {"get": {"parameters": [one_based], "responses": ok(array(RECORD))}},
            "/b": {"get": {"parameters": [one_based], "responses": ok(array(RECORD))}},
            "/c": {
                "get": {"parameters": [query("per_page")], "responses": ok(envelope)}
            },
            "/d": {
                "get": {
                    "parameters": [query("per_page")],
                    "responses": ok(obj(items=array(RECORD))),
                }
            },
        },
    )
    c = result["GET /c"].paginator
    assert c is not None and c.type == "page_number" and c.params["base_page"] == 1
    # nothing in the body says it is one page of several: not the API's page parameter, but
    # a size per page is a paging sign, so the runtime detects paging and inspect flags it
    d = result["GET /d"]
    assert d.paginator is not None and d.paginator.type == "auto" and d.review
    lone = infer(
        tmp_path,
        {
            "/a": {"get": {"parameters": [one_based], "responses": ok(array(RECORD))}},
            "/c": {
                "get": {"parameters": [query("per_page")], "responses": ok(envelope)}
            },
        },
    )
    c_alone = lone["GET /c"].paginator  # one operation is not a convention
    assert c_alone is not None and c_alone.type == "auto"


def test_link_header_convention_from_the_api_description(tmp_path: Path) -> None:
    result = infer(
        tmp_path,
        {
            "/issues": {
                "get": {
                    "parameters": [query("page"), query("per_page")],
                    "responses": ok(array(RECORD)),
                }
            }
        },
        description='Lists are paginated: follow the URL in the `Link` header with rel="next".',
    )
    p = result["GET /issues"].paginator
    assert p is not None and p.type == "header_link"
    assert any("API description says pages are linked" in e for e in p.evidence)


def test_link_header_convention_from_most_paged_operations(tmp_path: Path) -> None:
    paged = [query("page"), query("per_page")]
    linked = {
        "200": {
            "description": "ok",
            "headers": {"Link": {"schema": STR}},
            "content": {"application/json": {"schema": array(RECORD)}},
        }
    }
    result = infer(
        tmp_path,
        {
            "/a": {"get": {"parameters": paged, "responses": linked}},
            "/b": {"get": {"parameters": paged, "responses": linked}},
            "/search": {
                "get": {
                    "parameters": paged,
                    "responses": ok(obj(total_count=INT, items=array(RECORD))),
                }
            },
        },
    )
    p = result["GET /search"].paginator
    assert p is not None and p.type == "header_link"
    assert any("2 of 3 paged operations declare a `Link`" in e for e in p.evidence)


def test_list_operation_whose_schema_is_one_item(tmp_path: Path) -> None:
    item = obj(id=INT, username=STR, state=STR)
    result = infer(
        tmp_path,
        {
            "/projects/{id}/members": {
                "get": {"summary": "List members of a project", "responses": ok(item)},
                "post": {"summary": "Add a member", "responses": ok(item)},
            },
        },
    )
    members = result["GET /projects/{id}/members"]
    assert members.data_selector is not None and members.data_selector.path == "$"
    assert members.paginator is not None and members.paginator.type == "header_link"
    assert 0.45 <= members.paginator.score <= 0.6
    assert any(
        "`POST /projects/{id}/members` returns the same record" in e
        for e in members.paginator.evidence
    )


def test_single_resources_stay_single(tmp_path: Path) -> None:
    """Negative cases: none of these is a collection, whatever its arrays."""
    item = obj(id=INT, name=STR, tags=array(STR), photos=array(obj(url=STR)))
    result = infer(
        tmp_path,
        {
            "/version": {
                "get": {
                    "summary": "Retrieve version information",
                    "responses": ok(obj(version=STR, revision=STR)),
                }
            },
            "/pets/{petId}": {
                "get": {"summary": "List one pet", "responses": ok(item)}
            },
            "/settings": {
                "get": {
                    "summary": "List settings",
                    "responses": ok(obj(theme=STR, locale=STR)),
                }
            },
            "/me": {"get": {"responses": ok(item)}},
            "/accounts": {
                "post": {
                    "summary": "Create an account",
                    "responses": ok(
                        obj(name=STR, external_accounts=obj(data=array(RECORD)))
                    ),
                }
            },
            "/report": {
                "get": {
                    "responses": ok(obj(report=obj(title=STR, items=array(RECORD))))
                }
            },
        },
    )
    for key in (
        "GET /version",
        "GET /pets/{petId}",
        "GET /settings",
        "GET /me",
        "POST /accounts",
        "GET /report",
    ):
        assert result[key].paginator is None, key
        if key != "GET /report":
            assert result[key].data_selector is None, key
    # one resource wrapped in an envelope: the selector says where it sits, not a list
    wrapped = result["GET /report"].data_selector
    assert wrapped is not None and wrapped.path == "report"


def test_posts_that_read_are_lists(tmp_path: Path) -> None:
    result = infer(
        tmp_path,
        {
            "/templates/list": {"post": {"responses": ok(array(RECORD))}},
            "/messages/search": {"post": {"responses": ok(array(RECORD))}},
            "/templates/add": {"post": {"responses": ok(array(RECORD))}},
        },
    )
    for key in ("POST /templates/list", "POST /messages/search"):
        p = result[key].paginator
        assert p is not None and p.type == "single_page", key
    assert result["POST /templates/add"].paginator is None


def test_non_json_body_borrows_no_envelope(tmp_path: Path) -> None:
    paged = [query("before", STR, "cursor from the previous response"), query("limit")]
    result = infer(
        tmp_path,
        {
            "/events.json": {
                "get": {
                    "parameters": paged,
                    "responses": ok(obj(events=array(RECORD), next_before=STR)),
                }
            },
            "/events.ics": {
                "get": {
                    "parameters": paged,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"text/calendar": {"schema": STR}},
                        }
                    },
                }
            },
        },
    )
    assert result["GET /events.ics"].data_selector is None


def test_contexts_read_for_the_conventions_are_reused_unless_they_borrow(
    tmp_path: Path,
) -> None:
    """One context per operation: inference reuses the one the conventions read, computed once;
    a context that borrows its shape from siblings is made anew once the siblings are known.
    Every context is handed the API's hints; none points back at the conventions.
    """
    page = {"$ref": "#/components/schemas/Page"}
    paths = {
        "/a": {"get": {"parameters": CURSOR_PARAMS, "responses": ok(page)}},
        "/b": {"get": {"parameters": CURSOR_PARAMS, "responses": ok(page)}},
        "/c": {"get": {"parameters": CURSOR_PARAMS, "responses": ok({})}},
    }
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Page": obj(results=array(RECORD), next_cursor=STR)}
        },
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    model = build_model(load_document(spec))
    conventions = api_conventions(model)
    a, b, c = model.operations
    assert conventions.context(a) is conventions.contexts["GET /a"]
    borrowed = conventions.context(c)
    assert borrowed.shape.borrowed and borrowed.shape_note is not None
    assert borrowed.response_type == conventions.context(a).response_type
    assert all(ctx.hints is conventions.hints for ctx in conventions.contexts.values())
    # the same response type is flattened once for the whole API
    ctx_a, ctx_b = conventions.context(a), conventions.context(b)
    assert ctx_a.response_fields is ctx_b.response_fields
    assert ctx_a.field("next_cursor") is ctx_a.response_fields[1]
    assert ctx_a.field("results") is not None and ctx_a.field("nope") is None
    assert array_candidates(ctx_a) is array_candidates(ctx_a)
    assert [x.path for x in array_candidates(ctx_a)] == ["results"]


def test_body_inputs_carry_their_declared_defaults(tmp_path: Path) -> None:
    body = obj(
        page=obj(size={"type": "integer", "default": 25}, cursor=STR),
        query={"type": "string", "default": "*"},
    )
    paths = {
        "/search": {
            "post": {
                "operationId": "search",
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": ok(obj(results=array(RECORD))),
            }
        }
    }
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}
        ),
        encoding="utf-8",
    )
    model = build_model(load_document(spec))
    ctx = OperationContext(model, model.operations[0])
    defaults = {i.name: (i.default, i.has_default) for i in ctx.inputs}
    assert defaults == {
        "page.size": (25, True),
        "page.cursor": (None, False),
        "query": ("*", True),
    }
