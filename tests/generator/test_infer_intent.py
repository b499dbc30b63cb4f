"""Writes never page, single resources are not lists, tokens are not URLs, described cursors win."""

from __future__ import annotations

from dataclasses import replace

from restwright.infer import infer_api
from restwright.infer.context import OperationContext
from restwright.infer.paginators import candidates
from restwright.model.ir import ListType, Operation, Primitive, UnionType
from tests.generator.test_infer import BOOL, INT, STR, Spec, q


def _named(s: Spec, op: Operation, op_id: str, summary: str) -> Operation:
    named = replace(op, operation_id=op_id, summary=summary)
    s.model.operations[s.model.operations.index(op)] = named
    return named


def test_put_patch_delete_never_page_even_with_paging_inputs() -> None:
    s = Spec()
    item = s.obj("incident", id=STR, title=STR)
    page = s.obj(
        "incidents",
        incidents=ListType(item),
        more=BOOL,
        next_url=Primitive("str", "uri"),
    )
    ops = [
        s.op(m, "/incidents", page, (q("offset"), q("limit")), body=item)
        for m in ("put", "patch", "delete")
    ]
    result = infer_api(s.model)
    for op in ops:
        assert result[op.key].paginator is None, op.key
        assert result[op.key].data_selector is None


def test_post_that_says_it_creates_is_not_paginated() -> None:
    s = Spec()
    rule = s.obj("rule", id=STR, position=(INT, "Position of the rule; an offset"))
    body = s.obj("rule_in", rule=rule)
    created = s.obj(
        "created", rule=rule, items=ListType(rule), next=Primitive("str", "uri")
    )
    create = _named(
        s,
        s.op("post", "/rulesets/{id}/rules", created, body=body),
        "createRule",
        "Create a rule",
    )
    django = _named(
        s,
        s.op("post", "/api/labels/", created, body=body),
        "api_labels_create",
        "Labels",
    )
    both = _named(
        s,
        s.op("post", "/api/modules/", created),
        "api_modules_create",
        "List or create modules",
    )
    result = infer_api(s.model)
    for op in (create, django, both):
        assert result[op.key].paginator is None, op.key


def test_post_pages_when_it_reads_or_the_response_feeds_the_cursor_back() -> None:
    s = Spec()
    item = s.obj("hit", id=STR)
    page = s.obj("hits", results=ListType(item), next_cursor=STR, has_more=BOOL)
    body = s.obj("query", start_cursor=(STR, "A cursor"), page_size=INT)
    search = _named(
        s, s.op("post", "/v1/things", page, body=body), "searchThings", "Search things"
    )
    neutral = _named(
        s,
        s.op("post", "/v1/data/{id}/run", page, body=body),
        "dataRun",
        "Run the data source",
    )
    silent = s.obj("empty", results=ListType(item))
    other = _named(
        s, s.op("post", "/v1/other", silent, body=body), "otherThing", "Other thing"
    )
    result = infer_api(s.model)
    for op in (search, neutral):
        p = result[op.key].paginator
        assert p is not None and p.type == "cursor", op.key
        assert p.params == {
            "cursor_body_path": "start_cursor",
            "cursor_path": "next_cursor",
        }
    assert result[other.key].paginator is None


def test_get_of_one_resource_with_embedded_collections_is_not_a_list() -> None:
    s = Spec()
    mini = s.obj("mini", id=STR, type=STR, name=STR)
    entries = s.obj("entries", total_count=INT, entries=ListType(mini))
    items = s.obj(
        "items", total_count=INT, entries=ListType(mini), offset=INT, limit=INT
    )
    folder = s.obj(
        "folder",
        id=STR,
        type=STR,
        name=STR,
        description=STR,
        size=INT,
        created_at=STR,
        path_collection=entries,
        item_collection=items,
    )
    op = s.op("get", "/folders/{folder_id}", folder, (q("offset"), q("limit")))
    got = infer_api(s.model)[op.key]
    assert got.paginator is None and got.data_selector is None
    # A page envelope at a parameter path stays a list: its paging fields sit at the top.
    envelope = s.obj(
        "tags_page", id=STR, offset=INT, limit=INT, more=BOOL, users=ListType(mini)
    )
    listed = s.op(
        "get", "/tags/{id}/{entity_type}", envelope, (q("offset"), q("limit"))
    )
    p = infer_api(s.model)[listed.key].paginator
    assert p is not None and p.type == "offset"


def test_next_page_token_is_not_taken_for_a_url() -> None:
    s = Spec()
    item = s.obj("chunk", file_id=STR)
    token = UnionType((STR, Primitive("None")))
    page = s.obj("results_page", data=ListType(item), has_more=BOOL, next_page=token)
    op = _named(
        s,
        s.op("post", "/stores/{id}/search", page, body=s.obj("q", query=STR)),
        "searchStore",
        "Search",
    )
    p = infer_api(s.model)[op.key].paginator
    assert p is not None and p.type != "json_link"
    # With a URL format, or a URL in the response example, it is a link.
    linked = s.obj(
        "linked_page", data=ListType(item), next_page=Primitive("str", "uri")
    )
    by_format = s.op("get", "/a", linked)
    example = s.op("get", "/b", page)
    s.model.operations[-1] = replace(
        example,
        responses=(
            replace(
                example.responses[0],
                examples=({"data": [], "next_page": "https://api.test/b?page=2"},),
            ),
        ),
    )
    result = infer_api(s.model)
    # `has_more` beside the link marks the end where the link cannot: an empty page stops too
    for key, stop in (
        (by_format.key, {}),
        (example.key, {"stop_after_empty_page": True}),
    ):
        p = result[key].paginator
        assert (
            p is not None
            and p.type == "json_link"
            and p.params == {"next_url_path": "next_page", **stop}
        ), key


def test_body_cursor_fed_by_a_response_field_described_as_the_last_cursor() -> None:
    s = Spec()
    row = s.obj("row", id=STR, urgency=STR)
    page = s.obj(
        "raw_page",
        first=(STR, "Cursor to identify the first object in the response."),
        last=(STR, "Cursor to identify the last object in the response."),
        more=(
            BOOL,
            "Indicates if there are more resources available than were returned.",
        ),
        data=ListType(row),
    )
    body = s.obj(
        "raw_query",
        starting_after=(
            STR,
            "A cursor to indicate the reference point that the results should follow",
        ),
        ending_before=(
            STR,
            "A cursor to indicate the reference point that the results should precede",
        ),
        limit=INT,
    )
    op = _named(
        s,
        s.op("post", "/analytics/raw/incidents", page, body=body),
        "getRawIncidents",
        "Get raw data",
    )
    p = infer_api(s.model)[op.key].paginator
    assert p is not None and p.type == "cursor"
    assert p.params == {"cursor_body_path": "starting_after", "cursor_path": "last"}


def test_no_cursor_field_is_invented_for_an_unconventional_name() -> None:
    s = Spec()
    op = _named(
        s,
        s.op(
            "patch",
            "/blocks/{id}/children",
            None,
            body=s.obj("append", after=(STR, "A cursor")),
        ),
        "appendChildren",
        "Append block children",
    )
    listed = s.op(
        "get", "/events", None, (q("after", STR, "A cursor for the next page"),)
    )
    result = infer_api(s.model)
    assert result[op.key].paginator is None
    p = result[listed.key].paginator
    assert p is None or "next_after" not in str(p.params)


def test_forward_record_cursor_owns_the_reverse_cursor_parameter() -> None:
    s = Spec()
    charge = s.obj("charge", id=STR, amount=INT)
    page = s.obj("charges", data=ListType(charge), has_more=BOOL)
    op = s.op(
        "get",
        "/v1/charges",
        page,
        (
            q("limit", INT, "A limit on the number of objects to be returned"),
            q("starting_after", STR, "A cursor for use in pagination: an object ID"),
            q("ending_before", STR, "A cursor for use in pagination: an object ID"),
        ),
    )
    p = infer_api(s.model)[op.key].paginator
    assert p is not None and p.type == "record_cursor"
    assert p.params["cursor_param"] == "starting_after"
    assert p.controlled_params == ("starting_after", "ending_before")
    assert p.page_size_param == "limit"


def test_a_post_pages_when_a_vendor_extension_states_it() -> None:
    """The detector run once says whether a vendor stated the pagination; a POST then pages."""
    s = Spec()
    item = s.obj("row", id=STR)
    page = s.obj("rows", value=ListType(item), nextLink=STR)
    stated = _named(
        s,
        s.op(
            "post",
            "/rows",
            page,
            extensions={"x-ms-pageable": {"nextLinkName": "nextLink"}},
        ),
        "rowsPost",
        "Rows",
    )
    silent = _named(s, s.op("post", "/other", page), "otherPost", "Rows")
    found = candidates(OperationContext(s.model, stated))
    assert found.stated_by_vendor and [c.type for c in found.choices] == ["json_link"]
    assert not candidates(OperationContext(s.model, silent)).stated_by_vendor
    result = infer_api(s.model)
    p = result[stated.key].paginator
    assert p is not None and p.type == "json_link"
    assert result[silent.key].paginator is None
