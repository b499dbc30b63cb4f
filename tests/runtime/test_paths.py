"""Path helpers of generated clients: one segment per value, never a dot segment or another origin.

The requests go to a real local server, so what is checked is the path the server receives after
`requests` and `urllib3` have prepared the URL (both normalise dot segments and `%2E`).
"""

from __future__ import annotations

from typing import Any

import pytest

from restwright_runtime import RESTClient
from restwright_runtime.params import compact_headers, compact_params
from restwright_runtime.paths import PathValueError, build_path, expand_path
from tests.support.server import LocalServer, Reply


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a/b", "/api/pets/a%2Fb/toys"),
        ("a b?c#d", "/api/pets/a%20b%3Fc%23d/toys"),
        ("%2E%2E", "/api/pets/%252E%252E/toys"),
        ("...", "/api/pets/.../toys"),
        (42, "/api/pets/42/toys"),
        ("ü", "/api/pets/%C3%BC/toys"),
    ],
)
def test_each_value_is_one_segment_on_the_wire(
    server: LocalServer, value: Any, expected: str
) -> None:
    server.route("GET", expected, lambda request: Reply({}))
    path = build_path("pets/{}/toys", value)
    response = RESTClient(server.url + "/api/").get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert server.requests[-1].path == expected


@pytest.mark.parametrize("value", [".", "..", ""])
def test_dot_segments_and_empty_values_are_refused(value: str) -> None:
    with pytest.raises(PathValueError, match="cannot be a path segment"):
        build_path("pets/{}/toys", value)
    with pytest.raises(PathValueError):
        expand_path("pets/{id}", {"id": value}, "https://api.example/")


def test_literal_braces_stay_braces() -> None:
    assert build_path("a/{{x}}/{}", "b c") == "a/{x}/b%20c"
    assert expand_path("a/{{x}}/{id}", {"id": "b/c"}, "https://h/") == "a/{x}/b%2Fc"


def test_a_link_from_a_record_must_stay_on_the_clients_origin() -> None:
    base = "https://api.example/v1/"
    same = "https://api.example/v1/posts/1/comments?page=2"
    assert expand_path("{href}", {"href": same}, base) == same
    upgrade = "https://api.example:443/x"
    assert expand_path("{href}", {"href": upgrade}, "http://api.example/") == upgrade
    for foreign in (
        "https://evil.example/steal",
        "http://api.example/v1/",  # a downgrade to plain http
        "https://api.example:8443/v1/",
        "//evil.example/x",
    ):
        if foreign.startswith("//"):
            # No scheme: one segment, not a network-path reference.
            assert (
                expand_path("{href}", {"href": foreign}, base)
                == "%2F%2Fevil.example%2Fx"
            )
            continue
        with pytest.raises(PathValueError, match="leads away from https://api.example"):
            expand_path("{href}", {"href": foreign}, base)
    # Inside a longer path a URL is just text in one segment.
    assert (
        expand_path("p/{href}", {"href": "https://evil.example/"}, base)
        == "p/https%3A%2F%2Fevil.example%2F"
    )


def test_the_refusal_never_shows_credentials_of_the_base_url() -> None:
    with pytest.raises(PathValueError) as info:
        expand_path(
            "{h}", {"h": "https://evil.example/"}, "https://u:pw@api.example/?key=s"
        )
    assert "pw" not in str(info.value) and "key=s" not in str(info.value)


def test_compact_params_and_headers() -> None:
    values = {"a": None, "b": True, "c": [1, False], "d": "x"}
    assert compact_params(values) == {"b": "true", "c": [1, "false"], "d": "x"}
    assert compact_headers(values) == {"b": "true", "c": "1,false", "d": "x"}
