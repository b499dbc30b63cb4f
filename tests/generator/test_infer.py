"""Inference on small spec-like IR values: one per paginator style, plus data selector cases."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Location
from restwright.infer import infer_api, infer_operation
from restwright.infer.context import OperationContext
from restwright.infer.decision import OperationInference
from restwright.infer.paginators import candidates
from restwright.model.plan import StatedChoices
from restwright.model.ir import (
    AnyType,
    ApiModel,
    Field,
    JSONValue,
    ListType,
    MapType,
    NamedType,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    Response,
    ResponseHeader,
    SecurityScheme,
    TypeExpr,
    UnionType,
)

HERE = Location("spec.yaml")
STR, INT, BOOL = Primitive("str"), Primitive("int"), Primitive("bool")
URL = Primitive("str", "uri")


class Spec:
    """A tiny builder of `ApiModel` values that reads like the spec it stands for."""

    def __init__(self) -> None:
        self.model = ApiModel("t", "1", "openapi-3.0", "spec.yaml")

    def obj(
        self, schema_key: str, /, **fields: TypeExpr | tuple[TypeExpr, str]
    ) -> NamedType:
        built = []
        for name, value in fields.items():
            t, description = value if isinstance(value, tuple) else (value, None)
            built.append(Field(name, t, False, description))
        from restwright.model.ir import SchemaDef

        self.model.schemas[schema_key] = SchemaDef(
            schema_key, HERE, fields=tuple(built)
        )
        return NamedType(schema_key)

    def scheme(self, key: str, kind: Any, **kw: Any) -> None:
        self.model.security_schemes[key] = SecurityScheme(key, kind, HERE, **kw)

    def op(
        self,
        method: str,
        path: str,
        response: TypeExpr | None = None,
        params: tuple[Parameter, ...] = (),
        headers: tuple[str, ...] = (),
        body: TypeExpr | None = None,
        security: tuple[tuple[str, ...], ...] = (),
        extensions: dict[str, JSONValue] | None = None,
        status: str = "200",
    ) -> Operation:
        responses = (
            Response(
                status,
                HERE,
                "application/json",
                response,
                None,
                tuple(ResponseHeader(h, STR) for h in headers),
            ),
        )
        request = (
            RequestBody("application/json", body, True, HERE)
            if body is not None
            else None
        )
        operation = Operation(
            method,
            path,
            None,
            HERE,
            parameters=params,
            responses=responses,
            request_body=request,
            security=security,
            extensions=extensions or {},
        )
        self.model.operations.append(operation)
        return operation

    def infer(self, operation: Operation) -> OperationInference:
        return infer_operation(self.model, operation)


def q(
    name: str, t: TypeExpr = INT, description: str | None = None, **kw: Any
) -> Parameter:
    return Parameter(name, "query", False, t, HERE, description, **kw)


def test_offset_with_item_total_and_default_limit() -> None:
    s = Spec()
    pokemon = s.obj("pokemon", id=INT, name=STR)
    page = s.obj(
        "page",
        count=INT,
        next=UnionType((URL, Primitive("None"))),
        results=ListType(pokemon),
    )
    op = s.op(
        "get",
        "/pokemon/",
        page,
        (
            q(
                "limit",
                description="Number of results to return per page.",
                default=20,
                has_default=True,
            ),
            q(
                "offset",
                description="The initial index from which to return the results.",
            ),
        ),
    )
    result = s.infer(op)
    assert result.paginator is not None
    assert result.paginator.type in ("offset", "json_link")
    assert result.data_selector is not None and result.data_selector.path == "results"
    assert result.data_selector.record_type == pokemon
    offset = [
        c
        for c in candidates(OperationContext(s.model, op)).choices
        if c.type == "offset"
    ][0]
    assert offset.params == {
        "offset_param": "offset",
        "limit_param": "limit",
        "limit": 20,
        "total_path": "count",
    }
    assert offset.controlled_params == ("offset",) and offset.page_size_param == "limit"


def test_page_number_total_pages_is_a_page_count_and_base_from_minimum() -> None:
    s = Spec()
    invoice = s.obj("invoice", id=STR)
    meta = s.obj(
        "meta",
        current_page=INT,
        total_pages=(INT, "Total number of pages."),
        total_count=INT,
    )
    body = s.obj("invoices", invoices=ListType(invoice), meta=meta)
    op = s.op(
        "get",
        "/invoices",
        body,
        (
            q("page", description="Page number.", minimum=1),
            q("per_page", description="Number of records per page."),
        ),
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "page_number"
    assert result.paginator.params["page_param"] == "page"
    assert result.paginator.params["base_page"] == 1
    assert result.paginator.params["total_path"] == "meta.total_pages"
    assert result.paginator.page_size_param == "per_page"
    assert result.paginator.controlled_params == ("page",)
    assert result.data_selector is not None and result.data_selector.path == "invoices"


def test_page_number_zero_based_and_item_count_not_a_page_total() -> None:
    s = Spec()
    item = s.obj("item", id=INT)
    body = s.obj("list", total_count=INT, items=ListType(item))
    op = s.op(
        "get",
        "/search/things",
        body,
        (q("page", description="Page to fetch (0-based)"), q("size")),
    )
    p = s.infer(op).paginator
    assert p is not None and p.type == "page_number"
    assert p.params["base_page"] == 0 and p.params["total_path"] is None


def test_json_link_next_url_in_nested_meta() -> None:
    s = Spec()
    svc = s.obj("service", sid=STR)
    meta = s.obj(
        "meta",
        page=INT,
        next_page_url=(UnionType((STR, Primitive("None"))), None),
        key=STR,
    )
    body = s.obj("services", services=ListType(svc), meta=meta)
    op = s.op(
        "get",
        "/v1/Services",
        body,
        (
            q("PageSize"),
            q(
                "Page",
                description="The page index. This value is simply for client state.",
            ),
            q("PageToken", STR, "The page token. This is provided by the API."),
        ),
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "json_link"
    assert result.paginator.params == {"next_url_path": "meta.next_page_url"}
    assert result.data_selector is not None and result.data_selector.path == "services"


def test_header_link_when_link_header_declared() -> None:
    s = Spec()
    issue = s.obj("issue", id=INT, title=STR)
    op = s.op(
        "get",
        "/repos/{owner}/{repo}/issues",
        ListType(issue),
        (
            q("per_page", default=30, has_default=True),
            q("page", default=1, has_default=True),
        ),
        headers=("Link",),
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "header_link"
    assert result.paginator.params == {"links_next_key": "next"}
    assert result.paginator.controlled_params == ("page",)
    assert result.paginator.page_size_param == "per_page"
    assert (
        result.data_selector is not None
        and result.data_selector.path == "$"
        and result.data_selector.record_type == issue
    )


def test_cursor_named_in_parameter_description() -> None:
    s = Spec()
    meta = s.obj("response_metadata", next_cursor=STR)
    channel = s.obj("channel", id=STR)
    body = s.obj(
        "conversations_list",
        ok=BOOL,
        channels=ListType(channel),
        response_metadata=meta,
    )
    desc = "Paginate by setting the `cursor` parameter to a `next_cursor` attribute returned by a previous request's `response_metadata`."
    op = s.op("get", "/conversations.list", body, (q("cursor", STR, desc), q("limit")))
    p = s.infer(op).paginator
    assert p is not None and p.type == "cursor"
    assert p.params == {
        "cursor_param": "cursor",
        "cursor_path": "response_metadata.next_cursor",
    }
    assert p.controlled_params == ("cursor",) and p.page_size_param == "limit"
    assert any("next_cursor" in e for e in p.evidence)


def test_cursor_in_request_body_for_post_search() -> None:
    s = Spec()
    result_item = s.obj("contact", id=STR)
    nxt = s.obj("next", after=STR, link=STR)
    paging = s.obj("paging", next=nxt)
    body = s.obj(
        "search_response", total=INT, results=ListType(result_item), paging=paging
    )
    request = s.obj(
        "search_request",
        after=(STR, "A paging cursor token for retrieving subsequent pages."),
        limit=INT,
        query=STR,
    )
    op = s.op("post", "/contacts/search", body, body=request)
    p = s.infer(op).paginator
    assert p is not None and p.type == "cursor"
    assert p.params == {"cursor_body_path": "after", "cursor_path": "paging.next.after"}
    assert p.controlled_params == ()


def test_offset_in_nested_request_body() -> None:
    s = Spec()
    tx = s.obj("transaction", id=STR)
    options = s.obj(
        "options",
        count=(INT, "The number of transactions to fetch."),
        offset=(INT, "The number of transactions to skip."),
    )
    request = s.obj("req", client_id=STR, options=options)
    body = s.obj(
        "resp",
        transactions=ListType(tx),
        total_transactions=(INT, "The total number of transactions available"),
    )
    p = s.infer(s.op("post", "/transactions/get", body, body=request)).paginator
    assert p is not None and p.type == "offset"
    assert (
        p.params["offset_body_path"] == "options.offset"
        and p.params["limit_body_path"] == "options.count"
    )
    assert p.params["total_path"] == "total_transactions"


def test_record_cursor_from_last_record_id_with_has_more() -> None:
    s = Spec()
    customer = s.obj("customer", id=STR, email=STR)
    body = s.obj(
        "customer_list",
        object=STR,
        data=ListType(customer),
        has_more=(BOOL, "True if this list has another page of items after this one"),
        url=STR,
    )
    desc = "A cursor for use in pagination. `starting_after` is an object ID that defines your place in the list."
    op = s.op(
        "get",
        "/v1/customers",
        body,
        (q("starting_after", STR, desc), q("ending_before", STR), q("limit")),
    )
    p = s.infer(op).paginator
    assert p is not None and p.type == "record_cursor"
    assert p.params == {
        "cursor_param": "starting_after",
        "cursor_field": "id",
        "has_more_path": "has_more",
    }


def test_cursor_field_beats_record_cursor_when_response_names_it() -> None:
    s = Spec()
    f = s.obj("file", id=STR)
    body = s.obj("files", data=ListType(f), first_id=STR, last_id=STR, has_more=BOOL)
    desc = "A cursor for use in pagination. `after` is an object ID that defines your place in the list."
    p = s.infer(
        s.op("get", "/files", body, (q("after", STR, desc), q("limit")))
    ).paginator
    assert p is not None and p.type == "cursor" and p.params["cursor_path"] == "last_id"


def test_header_cursor() -> None:
    s = Spec()
    item = s.obj("event", id=STR)
    op = s.op(
        "get",
        "/events",
        ListType(item),
        (q("cursor", STR),),
        headers=("X-Next-Cursor",),
    )
    p = s.infer(op).paginator
    assert p is not None and p.type == "header_cursor"
    assert p.params == {"cursor_key": "X-Next-Cursor", "cursor_param": "cursor"}


def test_list_without_signals_is_single_page() -> None:
    s = Spec()
    pet = s.obj("pet", id=INT, name=STR)
    p = s.infer(
        s.op(
            "get",
            "/pet/findByStatus",
            ListType(pet),
            (q("status", STR, "Status values"),),
        )
    ).paginator
    assert p is not None and p.type == "single_page"
    assert p.evidence == ("no pagination parameters or response fields",)


def test_single_resource_is_not_a_list() -> None:
    s = Spec()
    pet = s.obj(
        "pet",
        id=INT,
        name=STR,
        tags=ListType(STR),
        photos=ListType(s.obj("photo", url=STR)),
    )
    result = s.infer(s.op("get", "/pets/{petId}", pet))
    assert result.paginator is None and result.data_selector is None
    inventory = s.infer(s.op("get", "/store/inventory", MapType(INT)))
    assert inventory.paginator is None and inventory.data_selector is None


def test_silent_spec_falls_back_to_auto() -> None:
    s = Spec()
    body = s.obj("resp", items=ListType(s.obj("thing", id=STR)))
    op = s.op(
        "get", "/things", body, (q("page", STR),)
    )  # a string `page`, no size, no totals: weak
    p = s.infer(op).paginator
    assert p is not None and p.score < 0.6


def test_untyped_response_cursor_uses_convention_and_leaves_selector_to_runtime() -> (
    None
):
    s = Spec()
    op = s.op(
        "get",
        "/v1/users",
        AnyType(),
        (
            q(
                "start_cursor",
                STR,
                "If supplied, returns a page of results starting after the cursor provided.",
            ),
            q("page_size"),
        ),
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "cursor"
    assert result.paginator.params == {
        "cursor_param": "start_cursor",
        "cursor_path": "next_cursor",
    }
    assert result.paginator.score <= 0.6
    assert result.data_selector is None


def test_data_selector_prefers_resource_named_array_over_sideloads() -> None:
    s = Spec()
    member = s.obj("member", id=INT)
    meta = s.obj("meta", total=INT, limit=INT, offset=INT)
    body = s.obj(
        "members", members=ListType(member), owners=ListType(member), meta=meta
    )
    result = s.infer(s.op("get", "/groups/{name}/members.json", body))
    assert result.data_selector is not None and result.data_selector.path == "members"
    p = result.paginator
    assert p is not None and p.type == "offset" and p.params["offset_param"] == "offset"
    assert p.params["total_path"] == "meta.total"


def test_data_selector_ignores_metadata_arrays_and_nests() -> None:
    s = Spec()
    link = s.obj("link", href=STR)
    comp = s.obj("component", key=STR)
    meta = s.obj(
        "meta", components=ListType(comp), cursor=s.obj("cursor", before=INT, after=INT)
    )
    body = s.obj("resp", status=INT, _links=ListType(link), meta=meta)
    op = s.op(
        "get",
        "/v1/teams/{team_id}/components",
        body,
        (
            q("after", INT, "Cursor indicating which id after which to start"),
            q("page_size"),
        ),
    )
    result = s.infer(op)
    assert (
        result.data_selector is not None
        and result.data_selector.path == "meta.components"
    )
    assert result.paginator is not None and result.paginator.type == "cursor"
    assert result.paginator.params["cursor_path"] == "meta.cursor.after"


def test_vendor_extension_x_ms_pageable() -> None:
    s = Spec()
    item = s.obj("secret", id=STR)
    body = s.obj("list", value=ListType(item), nextLink=STR)
    op = s.op(
        "get",
        "/secrets",
        body,
        (q("maxresults"),),
        extensions={"x-ms-pageable": {"nextLinkName": "nextLink"}},
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "json_link"
    assert (
        result.paginator.params == {"next_url_path": "nextLink"}
        and result.paginator.score >= 0.9
    )
    assert result.data_selector is not None and result.data_selector.path == "value"


def test_vendor_extension_x_fern_page() -> None:
    s = Spec()
    task = s.obj("task", id=INT)
    body = s.obj("tasks", tasks=ListType(task), total=(INT, "Total number of tasks"))
    ext: dict[str, JSONValue] = {
        "x-fern-pagination": {"offset": "$request.page", "results": "$response.tasks"}
    }
    op = s.op(
        "get",
        "/api/tasks/",
        body,
        (
            q("page", description="A page number within the paginated result set."),
            q("page_size"),
        ),
        extensions=ext,
    )
    result = s.infer(op)
    assert result.paginator is not None and result.paginator.type == "page_number"
    assert (
        result.paginator.params["base_page"] == 1
        and result.paginator.params["total_path"] is None
    )
    assert result.data_selector is not None and result.data_selector.path == "tasks"


def test_stated_paginator_and_selector_are_taken_as_is() -> None:
    s = Spec()
    op = Operation("get", "/posts", None, HERE)
    s.model.operations.append(op)
    stated = StatedChoices({"type": "offset", "limit": 5}, "data", "stated")
    result = infer_api(s.model, None, {op.key: stated})["GET /posts"]
    assert (
        result.paginator is not None
        and result.paginator.type == "offset"
        and result.paginator.params == {"limit": 5}
    )
    assert result.data_selector is not None and result.data_selector.path == "data"


def test_every_operation_gets_an_entry_and_writes_are_not_lists() -> None:
    s = Spec()
    pet = s.obj("pet", id=INT)
    s.op("get", "/pets", ListType(pet))
    s.op("post", "/pets", pet, body=pet, status="201")
    s.op("delete", "/pets/{id}", None)
    result = infer_api(s.model)
    assert set(result) == {"GET /pets", "POST /pets", "DELETE /pets/{id}"}
    assert (
        result["POST /pets"].paginator is None
        and result["DELETE /pets/{id}"].paginator is None
    )
