"""A page cap: off by default, settable per client and per call; it stops cleanly, as dlt's
`add_limit` does, and says so in a warning when the API had more pages."""

from __future__ import annotations

import logging

import pytest

from restwright_runtime import Paged, RESTClient
from restwright_runtime.paginators import PageNumberPaginator
from tests.support.server import LocalServer, Reply, Request

TOTAL_PAGES = 6


def numbered(request: Request) -> Reply:
    page = int(request.query.get("page", "1"))
    return Reply({"items": [page], "total_pages": TOTAL_PAGES})


def client(server: LocalServer, **kwargs: object) -> RESTClient:
    server.route("GET", "/items", numbered)
    paginator = PageNumberPaginator(base_page=1, total_path="total_pages")
    return RESTClient(
        server.url, paginator=paginator, data_selector="items", **kwargs  # type: ignore[arg-type]
    )


def records(pages: object) -> list[int]:
    return [record for page in pages for record in page]  # type: ignore[attr-defined]


def test_off_by_default(server: LocalServer) -> None:
    assert records(client(server).paginate("/items")) == [1, 2, 3, 4, 5, 6]


def test_a_client_cap_stops_every_pagination_with_a_warning(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    capped = client(server, max_pages=2)
    with caplog.at_level(logging.WARNING, logger="restwright_runtime"):
        assert records(capped.paginate("/items")) == [1, 2]
        assert list(Paged(capped, "/items")) == [1, 2]  # what generated code iterates
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "max_pages=2" in warnings[0] and "more pages" in warnings[0]
    assert len(server.requests) == 4  # the third page is never requested


def test_a_call_cap_wins_over_the_client_cap(server: LocalServer) -> None:
    capped = client(server, max_pages=2)
    assert records(capped.paginate("/items", max_pages=4)) == [1, 2, 3, 4]
    assert list(Paged(capped, "/items", max_pages=3)) == [1, 2, 3]


def test_no_warning_when_the_cap_meets_the_last_page(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="restwright_runtime"):
        assert (
            len(records(client(server, max_pages=TOTAL_PAGES).paginate("/items"))) == 6
        )
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_cap_below_one_is_refused(server: LocalServer) -> None:
    with pytest.raises(ValueError, match="max_pages"):
        client(server, max_pages=0)
