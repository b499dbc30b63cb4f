"""Error messages never embed a whole page or a whole runaway URL, and never a secret from either.

A paginator that quotes the page it could not read (dlt's wording does) would put megabytes, and
whatever credentials the API echoed, into logs and CI output. Every runtime error's message is
redacted and bounded where the error is made.
"""

from __future__ import annotations

import pytest

from restwright_runtime import PaginationLoopError, PaginatorError, RESTClient
from restwright_runtime.exceptions import MESSAGE_LIMIT, RESTClientError
from restwright_runtime.paginators import JSONLinkPaginator, JSONResponseCursorPaginator
from restwright_runtime.requests import ErrorBody
from tests.support.server import LocalServer, Reply, Request

SECRET = "SECRETTOKEN9"


def test_the_limit_is_a_few_thousand_characters() -> None:
    assert 1000 <= MESSAGE_LIMIT <= 4000


def test_a_paginator_quoting_a_huge_page_is_cut_and_redacted(
    server: LocalServer,
) -> None:
    page = {
        "items": [{"id": i, "name": "x" * 50} for i in range(20_000)],
        "access_token": SECRET,
    }
    server.route("GET", "/items", lambda r: Reply(page))
    paginator = JSONResponseCursorPaginator("next", "cursor", has_more_path="more")
    pages = RESTClient(server.url).paginate(
        "/items", paginator=paginator, data_selector="items"
    )
    with pytest.raises(PaginatorError) as info:
        list(pages)
    message = str(info.value)
    assert len(message) < MESSAGE_LIMIT + 100
    assert "more characters]" in message
    assert SECRET not in message and SECRET not in repr(info.value)


def test_a_loop_on_a_huge_next_link_keeps_its_explanation(server: LocalServer) -> None:
    huge = "/items?cursor=" + "c" * 60_000 + f"&api_key={SECRET}"
    server.route("GET", "/items", lambda r: Reply({"items": [2], "next": huge}))
    pages = RESTClient(server.url).paginate(
        "/start",
        paginator=JSONLinkPaginator("next"),
        data_selector="items",
    )
    server.route("GET", "/start", lambda r: Reply({"items": [1], "next": huge}))
    with pytest.raises(PaginationLoopError) as info:
        list(pages)
    message = str(info.value)
    assert len(message) < MESSAGE_LIMIT + 100
    assert "stopping instead of paging forever" in message
    assert SECRET not in message


def test_an_http_error_keeps_the_body_it_was_asked_for_but_not_a_huge_url(
    server: LocalServer,
) -> None:
    def refuse(request: Request) -> Reply:
        return Reply({"error": "e" * 3000, "password": SECRET}, status=400)

    server.route("GET", "/items", refuse)
    client = RESTClient(
        server.url,
        config={"http_show_error_body": True, "http_max_error_body_length": 5000},
    )
    assert client.error_body.limit() == 5000 and isinstance(
        client.error_body, ErrorBody
    )
    with pytest.raises(RESTClientError) as info:
        client.request_json("/items", params={"cursor": "c" * 50_000})
    message = str(info.value)
    assert "e" * 3000 in message  # the body, as long as the caller asked for
    assert SECRET not in message
    assert len(message) < 5000 + MESSAGE_LIMIT


def test_errors_made_directly_are_bounded_too() -> None:
    error = PaginatorError("got `" + "{'token': 'abc', 'n': 1} " * 10_000 + "`")
    assert len(str(error)) < MESSAGE_LIMIT + 100
    assert "abc" not in str(error)
