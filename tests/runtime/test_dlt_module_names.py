"""dlt's smaller public helpers, with dlt's behaviour: `sanitize_url`, `client.Hooks` at run
time, and the exception names dlt code catches."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from restwright_runtime import RESTClient, client, exceptions
from restwright_runtime.redaction import SENSITIVE_PARAMS, sanitize_url
from tests.support.server import LocalServer, Reply


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://api.example/items?api_key=s3cr3t&page=2",
            "https://api.example/items?api_key=***&page=2",
        ),
        (
            "https://api.example/items?Token=abc&empty=&Password=x",
            "https://api.example/items?Token=***&empty=&Password=***",
        ),
        ("https://api.example/items", "https://api.example/items"),
    ],
)
def test_sanitize_url_masks_dlts_names(url: str, expected: str) -> None:
    assert sanitize_url(url) == expected


def test_sanitize_url_takes_its_own_names() -> None:
    url = "https://api.example/items?sig=abc&api_key=k"
    assert sanitize_url(url, {"sig"}) == "https://api.example/items?sig=***&api_key=k"
    assert {"api_key", "token", "client_secret"} <= set(SENSITIVE_PARAMS)


def test_hooks_is_importable_at_run_time(server: LocalServer) -> None:
    """dlt code writes `hooks: Hooks = {...}` with `Hooks` from the client module."""
    seen: list[int] = []

    def remember(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        seen.append(response.status_code)

    hooks: client.Hooks = {"response": [remember]}
    server.route("GET", "/items", lambda r: Reply({"data": [{"id": 1}]}))
    pages = list(RESTClient(server.url).paginate("/items", hooks=hooks))
    assert [len(page) for page in pages] == [1] and seen == [200]


def test_dlt_exception_names() -> None:
    assert exceptions.RESTClientException is exceptions.RESTClientError
    assert exceptions.PaginatorSetupError is exceptions.PaginatorError
    assert issubclass(exceptions.PaginatorNotFound, exceptions.RESTClientError)
    assert issubclass(
        exceptions.IgnoreResponseException, exceptions.RESTClientException
    )
    assert issubclass(exceptions.PaginatorSetupError, ValueError)
