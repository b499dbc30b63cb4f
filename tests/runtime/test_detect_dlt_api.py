"""dlt's public detector names (`PaginatorFactory`, `find_response_page_data`,
`find_next_page_path`, `single_entity_path`, the `*_detector` functions), and the detector
cases where we now read what dlt reads: a page `number`/`index` inside a page object, an
integer `next_id` cursor. Paginations run against a real local server.
"""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.detector import (
    PaginatorFactory,
    find_next_page_path,
    find_response_page_data,
    header_links_detector,
    json_links_detector,
    single_entity_path,
    single_page_detector,
)
from restwright_runtime.exceptions import PaginatorNotFound
from restwright_runtime.paginators import (
    BasePaginator,
    JSONResponseCursorPaginator,
    PageNumberPaginator,
    SinglePagePaginator,
)
from tests.support.server import LocalServer, Reply, Request

RECORDS = [{"id": i} for i in range(12)]


@pytest.mark.parametrize(
    "document, path",
    [
        ({"data": [1], "meta": {"tags": ["a"]}}, ("data",)),
        ({"_embedded": {"items": [1]}, "_links": {}}, ("_embedded", "items")),
        ([{"id": 1}], ("$",)),
        ({"id": 1}, ("$",)),
    ],
)
def test_find_response_page_data(document: Any, path: tuple[str, ...]) -> None:
    found, data = find_response_page_data(document)
    assert found == path
    expected = document
    for key in path if path != ("$",) else ():
        expected = expected[key]
    assert data is expected


@pytest.mark.parametrize(
    "document, expected",
    [
        (
            {"next": "https://x/items?page=2", "results": []},
            (("next",), "https://x/items?page=2"),
        ),
        (
            {"_links": {"next": {"href": "/items?p=2"}}},
            (("_links", "next", "href"), "/items?p=2"),
        ),
        ({"links": {"nextPage": "/items?p=2"}}, (("links", "nextPage"), "/items?p=2")),
        ({"cursors": {"next": "NjM="}}, (("cursors", "next"), "NjM=")),
        ({"entries": [], "next_id": 33}, (("next_id",), 33)),
        ({"data": [], "next": None}, (None, None)),
        ({"data": [], "pagination": {"offset": 0}}, (None, None)),
    ],
)
def test_find_next_page_path(document: Any, expected: Any) -> None:
    assert find_next_page_path(document) == expected


@pytest.mark.parametrize(
    "path, single",
    [
        ("/users/{user_id}", True),
        ("/api/v1/products/{product_id}.json", True),
        ("/users/{user_id}/posts/{post_id}", True),
        ("/users/{user_id}/details", False),
        ("/users/{user id}", False),
        ("/{}", False),
        ("/", False),
    ],
)
def test_single_entity_path(path: str, single: bool) -> None:
    assert single_entity_path(path) is single


def spring_pages(request: Request) -> Reply:
    """Spring Data's shape: a 0-based `page.number` and `page.totalPages`, `?page=`."""
    number = int(request.query.get("page", 0))
    return Reply(
        {
            "content": RECORDS[number * 5 : number * 5 + 5],
            "page": {"size": 5, "number": number, "totalPages": 3},
        }
    )


def test_page_number_inside_a_page_object(server: LocalServer) -> None:
    server.route("GET", "/items", spring_pages)
    pages = list(RESTClient(server.url).paginate("/items"))
    assert [r["id"] for page in pages for r in page] == [r["id"] for r in RECORDS]
    paginator = pages[0].paginator
    assert isinstance(paginator, PageNumberPaginator)
    assert (paginator.param_name, str(paginator.total_path)) == (
        "page",
        "page.totalPages",
    )
    assert [r.query.get("page") for r in server.requests] == [None, "1", "2"]


def test_page_index_in_page_metadata(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        index = int(request.query.get("page", 1))
        return Reply(
            {
                "catalog": RECORDS[(index - 1) * 6 : index * 6],
                "page_metadata": {"index": index, "size": 6, "total_pages": 2},
            }
        )

    server.route("GET", "/items", handle)
    pages = list(RESTClient(server.url).paginate("/items"))
    assert [len(page) for page in pages] == [6, 6]
    assert [r.query.get("page") for r in server.requests] == [None, "2"]


def test_integer_next_id_is_a_cursor(server: LocalServer) -> None:
    def handle(request: Request) -> Reply:
        start = int(request.query.get("cursor", 0))
        following = start + 4 if start + 4 < len(RECORDS) else None
        return Reply({"entries": RECORDS[start : start + 4], "next_id": following})

    server.route("GET", "/items", handle)
    pages = list(RESTClient(server.url).paginate("/items"))
    assert [r["id"] for page in pages for r in page] == [r["id"] for r in RECORDS]
    paginator = pages[0].paginator
    assert isinstance(paginator, JSONResponseCursorPaginator)
    # `cursor`, as dlt sends it: `?id=` would filter the list down to one record.
    assert paginator.cursor_param == "cursor"


class FakeResponse:
    """What dlt's detector tests hand a factory: a body and `links`, nothing else."""

    def __init__(self, body: Any, links: dict[str, Any] | None = None) -> None:
        self.body = body
        self.links = links or {}

    def json(self) -> Any:
        return self.body


def test_paginator_factory_scores_are_dlts() -> None:
    factory = PaginatorFactory()
    linked = FakeResponse([{"id": 1}], {"next": {"url": "https://x/items?p=2"}})
    assert factory.create_paginator(linked)[1] == 1.0  # type: ignore[arg-type]
    paged = FakeResponse({"items": [{"id": 1}], "page": 1, "total_pages": 3})
    paginator, score = factory.create_paginator(paged)  # type: ignore[arg-type]
    assert isinstance(paginator, PageNumberPaginator) and score == 0.5
    plain = FakeResponse({"id": 1})
    paginator, score = factory.create_paginator(plain)  # type: ignore[arg-type]
    assert isinstance(paginator, SinglePagePaginator) and score == 0.0


def test_paginator_factory_with_detectors_of_ones_own(server: LocalServer) -> None:
    """dlt's way to extend detection: a list of detectors, ours mixed with one's own."""
    seen: list[str] = []

    def nothing_here(response: Any) -> tuple[BasePaginator | None, float | None]:
        seen.append(response.url)
        return None, None

    server.route("GET", "/items", lambda r: Reply({"data": RECORDS}))
    factory = PaginatorFactory(
        detectors=[header_links_detector, nothing_here, json_links_detector]
    )
    client = RESTClient(server.url, paginator_factory=factory)
    with pytest.raises(PaginatorNotFound, match="No suitable `paginator` found"):
        list(client.paginate("/items"))
    assert seen == [server.url + "/items"]
    factory.detectors.append(single_page_detector)
    pages = list(client.paginate("/items"))
    assert len(pages) == 1 and len(pages[0]) == len(RECORDS)


def test_default_factory_is_dlts_attribute() -> None:
    client = RESTClient("http://api.example")
    assert isinstance(client.pagination_factory, PaginatorFactory)
