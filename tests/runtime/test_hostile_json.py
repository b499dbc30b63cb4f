"""Hostile JSON bodies fail the same way with and without orjson.

The runtime decodes with orjson when it is importable, else with the standard library (see
`restwright_runtime.json_decode`). The two disagree out of the box: the standard parser accepts
`NaN`, `Infinity` and `1e999` (as float infinities) and overflows Python's recursion limit on
deep nesting, where orjson refuses all three. Every test runs against both: `without_orjson`
makes `import orjson` fail, exactly as on a machine where it is not installed.
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

import pytest

from restwright_runtime import RESTClient, ResponseDecodeError, json_decode
from restwright_runtime.auth import OAuth2ClientCredentials
from restwright_runtime.exceptions import AuthError, PaginatorError
from restwright_runtime.paginators import OffsetPaginator
from restwright_runtime.requests import Client
from tests.support.server import LocalServer, Reply


@pytest.fixture(params=["orjson", "stdlib"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(json_decode, "_decoder", None)  # choose again, as on first use
    if request.param == "stdlib":
        monkeypatch.setitem(
            sys.modules, "orjson", None
        )  # `import orjson` raises ImportError
    assert json_decode.decoder_name() == request.param
    return str(request.param)


def raw(body: bytes) -> Any:
    return lambda request: Reply(
        body, raw=True, headers={"Content-Type": "application/json"}
    )


def client(server: LocalServer) -> RESTClient:
    return RESTClient(server.url, session=Client(raise_for_status=False).session)


def decode_error(server: LocalServer, body: bytes) -> str:
    server.route("GET", "/doc", raw(body))
    with pytest.raises(ResponseDecodeError) as info:
        client(server).request_json("/doc")
    return str(info.value)


DEEP = {
    "array 1025": b"[" * 1025 + b"]" * 1025,
    "object 5000": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "array 100000": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_a_decode_error(
    server: LocalServer, decoder: str, name: str
) -> None:
    message = decode_error(server, DEEP[name])
    assert message.endswith("nested more than 1024 levels deep")


@pytest.mark.parametrize("depth", [990, 1000, 1024])
def test_nesting_up_to_1024_levels_decodes(
    server: LocalServer, decoder: str, depth: int
) -> None:
    """orjson's limit; the standard parser is given the stack to reach it, too."""
    server.route("GET", "/doc", raw(b"[" * depth + b"]" * depth))
    document = client(server).request_json("/doc")
    for _ in range(depth - 1):
        (document,) = document
    assert document == []


@pytest.mark.parametrize(
    "body",
    [b"NaN", b"[Infinity]", b'{"total": -Infinity}', b'{"total": 1e999}', b"[-1e400]"],
)
def test_non_finite_numbers_are_a_decode_error(
    server: LocalServer, decoder: str, body: bytes
) -> None:
    message = decode_error(server, body)
    assert message.endswith(
        "has a number JSON cannot carry (NaN, Infinity, or beyond the float range)"
    )


def test_the_same_message_whichever_parser(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = []
    for blocked in (False, True):
        monkeypatch.setattr(json_decode, "_decoder", None)
        if blocked:
            monkeypatch.setitem(sys.modules, "orjson", None)
        for body in (DEEP["array 1025"], b'{"total": 1e999}'):
            messages.append(decode_error(server, body).split(": ", 1)[1])
    assert messages[:2] == messages[2:]


def test_an_infinite_total_stops_pagination_with_a_clear_error(
    server: LocalServer, decoder: str
) -> None:
    server.route("GET", "/items", raw(b'{"items": [1, 2], "total": 1e999}'))
    pages = client(server).paginate(
        "/items", paginator=OffsetPaginator(limit=2), data_selector="items"
    )
    with pytest.raises(ResponseDecodeError, match="page 1 from GET"):
        list(pages)


def test_a_total_that_is_not_a_finite_number_is_a_paginator_error(
    server: LocalServer, decoder: str
) -> None:
    """Text is not JSON's to judge: "Infinity" and "NaN" as strings reach the paginator."""
    for total in ("Infinity", "NaN", "1e999"):
        server.route(
            "GET", "/items", raw(b'{"items": [1], "total": "%s"}' % total.encode())
        )
        pages = client(server).paginate(
            "/items", paginator=OffsetPaginator(limit=1), data_selector="items"
        )
        with pytest.raises(PaginatorError, match="is not an `int`"):
            list(pages)


def token_auth(server: LocalServer) -> OAuth2ClientCredentials:
    return OAuth2ClientCredentials(
        server.url + "/token",
        client_id="id",
        client_secret="cs",
        session=Client(raise_for_status=False).session,
    )


@pytest.mark.parametrize("expires_in", [b"1e999", b"Infinity", b"NaN"])
def test_a_non_finite_expires_in_number_is_refused_as_not_json(
    server: LocalServer, decoder: str, expires_in: bytes
) -> None:
    server.route(
        "POST", "/token", raw(b'{"access_token": "t", "expires_in": %s}' % expires_in)
    )
    with pytest.raises(AuthError, match="did not answer with JSON"):
        RESTClient(server.url, auth=token_auth(server)).request_json("/items")


@pytest.mark.parametrize(
    "expires_in", ['"1e999"', '"Infinity"', '"NaN"', "-5", "1e300", "true"]
)
def test_an_absurd_expires_in_is_a_clear_auth_error(
    server: LocalServer, decoder: str, expires_in: str
) -> None:
    body = '{"access_token": "t", "expires_in": %s}' % expires_in
    server.route("POST", "/token", raw(body.encode()))
    with pytest.raises(AuthError, match="expires_in") as info:
        RESTClient(server.url, auth=token_auth(server)).request_json("/items")
    assert "seconds" in str(info.value)


@pytest.mark.parametrize("expires_in", ["3600", '"3600"', "3600.5", '"oops"'])
def test_sane_expires_in_values_still_work(
    server: LocalServer, decoder: str, expires_in: str
) -> None:
    body = '{"access_token": "t", "expires_in": %s}' % expires_in
    server.route("POST", "/token", raw(body.encode()))
    server.route("GET", "/items", lambda r: Reply({"ok": True}))
    auth = token_auth(server)
    assert RESTClient(server.url, auth=auth).request_json("/items") == {"ok": True}
    assert auth.token_expiry is not None


def test_the_decoder_is_chosen_once_and_named() -> None:
    assert json_decode.decoder_name() in ("orjson", "stdlib")
    assert json_decode.MAX_DEPTH == 1024


def test_both_decoders_agree_on_ordinary_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = b'{"a": [1, 2.5, "x\\u00e9", null, true, {"b": []}], "c": -0.0}'
    decoded = []
    for blocked in (False, True):
        monkeypatch.setattr(json_decode, "_decoder", None)
        if blocked:
            monkeypatch.setitem(sys.modules, "orjson", None)
        decoded.append(json_decode.loads(document))
    assert decoded[0] == decoded[1]
