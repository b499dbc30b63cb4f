"""RESTClient's dlt options `paginator_factory` and `config`, against a real local server."""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.exceptions import HTTPError, PaginatorError
from restwright_runtime.paginators import BasePaginator, JSONLinkPaginator
from tests.support.server import LocalServer, Reply, Request


class Factory:
    """A dlt-style paginator factory: records the responses it was asked about."""

    def __init__(self, paginator: BasePaginator | None) -> None:
        self.paginator = paginator
        self.seen: list[str] = []

    def create_paginator(self, response: Any) -> tuple[BasePaginator | None, float]:
        self.seen.append(response.url)
        return self.paginator, 1.0


def linked(request: Request) -> Reply:
    page = int(request.query.get("p", "0"))
    following = f"/items?p={page + 1}" if page < 2 else None
    return Reply({"data": [{"id": page}], "links": {"following": following}})


def test_paginator_factory_chooses_the_paginator(server: LocalServer) -> None:
    server.route("GET", "/items", linked)
    factory = Factory(JSONLinkPaginator(next_url_path="links.following"))
    client = RESTClient(server.url, data_selector="data", paginator_factory=factory)
    ids = [r["id"] for page in client.paginate("/items") for r in page]
    assert ids == [0, 1, 2]
    assert len(factory.seen) == 1  # asked once, about the first page
    assert client.pagination_factory is factory


def test_paginator_factory_without_an_answer_is_an_error(server: LocalServer) -> None:
    server.route("GET", "/items", linked)
    client = RESTClient(
        server.url, data_selector="data", paginator_factory=Factory(None)
    )
    with pytest.raises(PaginatorError, match="No suitable `paginator` found"):
        list(client.paginate("/items"))


def failing(_request: Request) -> Reply:
    return Reply({"message": "quota exceeded for this key"}, status=403)


def test_config_shows_the_error_body(server: LocalServer) -> None:
    server.route("GET", "/items", failing)
    client = RESTClient(
        server.url,
        config={"http_show_error_body": True, "http_max_error_body_length": 12},
    )
    with pytest.raises(HTTPError) as info:
        client.request_json("/items")
    assert 'Response body: {"message": ' in str(info.value)
    body = str(info.value).partition("Response body: ")[2]
    assert "quota" not in body  # cut at 12 characters


def test_config_hides_the_body_even_when_the_environment_shows_it(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNTIME__HTTP_SHOW_ERROR_BODY", "true")
    server.route("GET", "/items", failing)
    with pytest.raises(HTTPError) as info:
        list(RESTClient(server.url).paginate("/items"))
    assert "quota" in str(info.value)  # no config: the environment decides
    hidden = RESTClient(server.url, config={"http_show_error_body": False})
    with pytest.raises(HTTPError) as info:
        list(hidden.paginate("/items"))
    assert "quota" not in str(info.value)


def test_config_is_dlts_runtime_configuration(server: LocalServer) -> None:
    specs = pytest.importorskip("dlt.common.configuration.specs")
    server.route("GET", "/items", failing)
    config = specs.RuntimeConfiguration(http_show_error_body=True)
    with pytest.raises(HTTPError) as info:
        RESTClient(server.url, config=config).request_json("/items")
    assert "quota exceeded" in str(info.value)
