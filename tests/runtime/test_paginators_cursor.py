"""`JSONResponseCursorPaginator`'s dlt 1.31 options: `has_more_path` and `stop_after_empty_page`.

Scripted servers (cursor -> page) run through our client and, when dlt is installed, through
dlt's own `RESTClient` against the same server: both must make the same requests and yield the
same records, or both fail with a `ValueError`.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.exceptions import PaginatorError
from restwright_runtime.paginators import JSONResponseCursorPaginator, create_paginator
from tests.support.server import LocalServer, Reply, Request

Script = dict[str | None, dict[str, Any]]


def page(ids: list[int], following: Any, **extra: Any) -> dict[str, Any]:
    return {"items": [{"id": i} for i in ids], "next": following, **extra}


def scripted(script: Script) -> Callable[[Request], Reply]:
    def handle(request: Request) -> Reply:
        return Reply(script[request.query.get("c")])

    return handle


# Each scenario: pages by the cursor that asks for them, paginator options, and the outcome:
# the cursors sent (None for the first request) and record ids, or the error's message start.
SCENARIOS: dict[str, tuple[Script, dict[str, Any], Any]] = {
    # The acceptance example: a cursor on every page, `has_more` false on the last one.
    "has_more false ends despite a cursor": (
        {
            None: page([1, 2], "c1", has_more=True),
            "c1": page([3], "c2", has_more=False),
        },
        {"has_more_path": "has_more"},
        ([None, "c1"], [1, 2, 3]),
    ),
    "has_more strings as dlt's str2bool reads them": (
        {
            None: page([1], "c1", more={"flag": "True"}),
            "c1": page([2], "c2", more={"flag": "y"}),
            "c2": page([3], "c3", more={"flag": "0"}),
        },
        {"has_more_path": "more.flag"},
        ([None, "c1", "c2"], [1, 2, 3]),
    ),
    "has_more true cannot go on without a cursor": (
        {None: page([1], "c1", has_more=True), "c1": page([2], None, has_more=True)},
        {"has_more_path": "has_more"},
        ([None, "c1"], [1, 2]),
    ),
    "an empty page goes on by default": (
        {None: page([1], "c1"), "c1": page([], "c2"), "c2": page([2], None)},
        {},
        ([None, "c1", "c2"], [1, 2]),
    ),
    "stop_after_empty_page ends on an empty page with a cursor": (
        {None: page([1], "c1"), "c1": page([], "c2"), "c2": page([2], None)},
        {"stop_after_empty_page": True},
        ([None, "c1"], [1]),
    ),
    "stop_after_empty_page ends before has_more is read": (
        {None: page([1], "c1", has_more=True), "c1": page([], "c2")},
        {"stop_after_empty_page": True, "has_more_path": "has_more"},
        ([None, "c1"], [1]),
    ),
    "a missing has_more is an error": (
        {None: page([1], "c1", has_more=True), "c1": page([2], "c2")},
        {"has_more_path": "has_more"},
        "Has more value not found in the response in `JSONResponseCursorPaginator`.",
    ),
    "a missing has_more is an error on the last page too": (
        {None: page([1], None)},
        {"has_more_path": "has_more"},
        "Has more value not found in the response in `JSONResponseCursorPaginator`.",
    ),
    "a number is not a has_more": (
        {None: page([1], "c1", has_more=1)},
        {"has_more_path": "has_more"},
        "'has_more' is not a `bool` in the response in `JSONResponseCursorPaginator`."
        " Expected a boolean, got `1`",
    ),
    "an unknown string is not a has_more": (
        {None: page([1], "c1", has_more="maybe")},
        {"has_more_path": "has_more"},
        "'has_more' is not a `bool` in the response in `JSONResponseCursorPaginator`."
        " Expected a boolean, got `maybe`",
    ),
}


def run(
    client: Any, paginator: Any, server: LocalServer
) -> tuple[list[Any], list[int]]:
    ids = [r["id"] for p in client.paginate("/items", paginator=paginator) for r in p]
    return [r.query.get("c") for r in server.requests], ids


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cursor_options(server: LocalServer, name: str) -> None:
    script, options, outcome = SCENARIOS[name]
    server.route("GET", "/items", scripted(script))
    paginator = JSONResponseCursorPaginator(
        cursor_path="next", cursor_param="c", **options
    )
    client = RESTClient(server.url, data_selector="items")
    if isinstance(outcome, str):
        with pytest.raises(PaginatorError) as info:
            run(client, paginator, server)
        assert str(info.value).startswith(outcome)
        assert isinstance(info.value, ValueError)  # dlt raises ValueError
    else:
        assert run(client, paginator, server) == outcome


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cursor_options_as_dlt(server: LocalServer, name: str) -> None:
    """dlt 1.31's own client on the same server: same requests and records, or a ValueError."""
    rest_client = pytest.importorskip("dlt.sources.helpers.rest_client")
    dlt_paginators = pytest.importorskip("dlt.sources.helpers.rest_client.paginators")
    script, options, outcome = SCENARIOS[name]
    server.route("GET", "/items", scripted(script))
    paginator = dlt_paginators.JSONResponseCursorPaginator(
        cursor_path="next", cursor_param="c", **options
    )
    client = rest_client.RESTClient(server.url, data_selector="items")
    if isinstance(outcome, str):
        with pytest.raises(ValueError) as info:
            run(client, paginator, server)
        assert str(info.value).startswith(outcome)
    else:
        assert run(client, paginator, server) == outcome


def test_cursor_body_path_with_has_more(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        cursor = (request.json or {}).get("page", {}).get("token")
        if cursor is None:
            return Reply(page([1, 2], "t1", meta={"more": True}))
        return Reply(page([3], "t2", meta={"more": False}))

    server.route("POST", "/search", handle)
    paginator = JSONResponseCursorPaginator(
        cursor_path="next", cursor_body_path="page.token", has_more_path="meta.more"
    )
    client = RESTClient(server.url, data_selector="items")
    pages = list(
        client.paginate("/search", method="POST", json={"q": 1}, paginator=paginator)
    )
    assert [r["id"] for p in pages for r in p] == [1, 2, 3]
    assert [r.json for r in server.requests] == [
        {"q": 1},
        {"q": 1, "page": {"token": "t1"}},
    ]


def test_new_options_are_keyword_only_with_dlt_defaults() -> None:
    paginator = JSONResponseCursorPaginator()
    assert (paginator.stop_after_empty_page, paginator.has_more_path) == (False, None)
    with pytest.raises(TypeError):
        JSONResponseCursorPaginator("next", "c", None, True)  # type: ignore[misc]


def test_jsonpath_ng_expressions_are_paths(server: LocalServer) -> None:
    """dlt takes parsed jsonpath-ng expressions wherever it takes path text."""
    from jsonpath_ng import parse

    server.route(
        "GET",
        "/items",
        scripted(
            {
                None: page([1], "c1", has_more=True),
                "c1": page([2], "c2", has_more=False),
            }
        ),
    )
    paginator = JSONResponseCursorPaginator(
        cursor_path=parse("next"), cursor_param="c", has_more_path=parse("has_more")
    )
    client = RESTClient(server.url, data_selector=parse("items"))
    assert run(client, paginator, server) == ([None, "c1"], [1, 2])
    assert "has_more" in str(paginator)


def test_create_paginator_takes_the_new_options() -> None:
    paginator = create_paginator(
        {
            "type": "cursor",
            "cursor_path": "next",
            "cursor_param": "c",
            "has_more_path": "has_more",
            "stop_after_empty_page": True,
        }
    )
    assert isinstance(paginator, JSONResponseCursorPaginator)
    assert (str(paginator.has_more_path), paginator.stop_after_empty_page) == (
        "has_more",
        True,
    )
