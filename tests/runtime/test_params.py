"""OpenAPI query styles reach the server as the spec says (checked on the wire, not just the dict)."""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.params import encode_query_param, styled_query
from tests.support.server import LocalServer, Reply


@pytest.mark.parametrize(
    ("value", "style", "explode", "expected"),
    [
        (
            {"gte": 5, "lt": 9},
            "deepObject",
            True,
            {"created[gte]": 5, "created[lt]": 9},
        ),
        ({"a": {"b": True}}, "deepObject", True, {"created[a][b]": "true"}),
        (["a", "b"], "deepObject", True, {"created[]": ["a", "b"]}),
        (["a", "b"], "form", False, {"created": "a,b"}),
        (["a", "b"], "form", True, {"created": ["a", "b"]}),
        (["a", "b"], "pipeDelimited", False, {"created": "a|b"}),
        (["a", "b"], "spaceDelimited", False, {"created": "a b"}),
        ({"x": 1, "y": 2}, "form", True, {"x": 1, "y": 2}),
        ({"x": 1, "y": 2}, "form", False, {"created": "x,1,y,2"}),
        (False, "form", True, {"created": "false"}),
        (None, "deepObject", True, {}),
    ],
)
def test_encode_query_param(
    value: Any, style: str, explode: bool, expected: dict[str, Any]
) -> None:
    assert encode_query_param("created", value, style, explode) == expected


def test_styled_query_on_the_wire(server: LocalServer) -> None:
    server.route("GET", "/charges", lambda req: Reply({"ok": True}))
    params = styled_query(
        {
            "created": {"gte": 5, "lt": 9},
            "ids": ["a", "b"],
            "expand": ["x", "y"],
            "limit": None,
        },
        {
            "created": ("deepObject", True),
            "ids": ("form", False),
            "expand": ("deepObject", True),
        },
    )
    RESTClient(server.url).request_json("/charges", params=params)
    sent = server.requests[0]
    assert sent.query_all == {
        "created[gte]": ["5"],
        "created[lt]": ["9"],
        "ids": ["a,b"],
        "expand[]": ["x", "y"],
    }
