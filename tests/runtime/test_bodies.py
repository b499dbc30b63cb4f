"""Request bodies by media type, checked on the wire as a local server receives them."""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import uuid
from decimal import Decimal
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests

from restwright_runtime.bodies import EncodedBody, encode_body, encode_form
from tests.support.server import LocalServer, Reply
from tests.support.server import Request as Seen

FORM = "application/x-www-form-urlencoded"


def send(server: LocalServer, encoded: EncodedBody, method: str = "POST") -> Seen:
    """Send the encoded body for real and return what the server received."""
    server.route(method, "/echo", lambda request: Reply({}))
    with encoded:
        requests.request(method, server.url + "/echo", **encoded.request_kwargs())
    return server.requests[-1]


def form_pairs(seen: Seen) -> list[tuple[str, str]]:
    assert seen.headers["Content-Type"] == FORM
    return parse_qsl(seen.body.decode(), keep_blank_values=True)


def parts(seen: Seen) -> list[Message]:
    """The multipart parts as the standard library's MIME parser reads them."""
    head = f"Content-Type: {seen.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser().parsebytes(head + seen.body)
    assert message.get_content_type() == "multipart/form-data"
    payload = message.get_payload()
    assert isinstance(payload, list)
    return payload


def part_summary(part: Message) -> tuple[str | None, str | None, str | None, bytes]:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    content_type = part["Content-Type"]
    return (
        part.get_param("name", header="content-disposition"),  # type: ignore[return-value]
        part.get_filename(),
        content_type,
        data,
    )


# --------------------------------------------------------------------------- form


def test_stripe_style_nested_form(server: LocalServer) -> None:
    body = {
        "customer": "cus_1",
        "metadata": {"order": 42, "note": None, "gift": True},
        "items": [{"price": "p1", "quantity": 2}, {"price": "p2"}],
        "expand": ["customer", "invoice"],
        "capture": False,
        "description": None,
    }
    deep = {"style": "deepObject", "explode": True}
    encoding = {"metadata": deep, "items": deep, "expand": deep}
    seen = send(server, encode_body(FORM, body, encoding=encoding))
    assert form_pairs(seen) == [
        ("customer", "cus_1"),
        ("metadata[order]", "42"),
        ("metadata[gift]", "true"),
        ("items[0][price]", "p1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "p2"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("capture", "false"),
    ]


def test_form_without_declared_encoding_keeps_nesting(server: LocalServer) -> None:
    # No `encoding` in the spec: scalar arrays repeat their key (form, exploded), objects
    # and arrays of objects are bracketed rather than flattened into nonsense.
    body = {"tags": ["a", "b"], "metadata": {"order": "42"}, "lines": [{"sku": "x"}]}
    seen = send(server, encode_body(FORM, body))
    assert form_pairs(seen) == [
        ("tags", "a"),
        ("tags", "b"),
        ("metadata[order]", "42"),
        ("lines[0][sku]", "x"),
    ]


@pytest.mark.parametrize(
    "field_encoding, value, expected",
    [
        ({"style": "form", "explode": False}, ["a", "b"], [("f", "a,b")]),
        ({"style": "form"}, ["a", "b"], [("f", "a"), ("f", "b")]),
        ({"style": "spaceDelimited"}, ["a", "b"], [("f", "a b")]),
        ({"style": "pipeDelimited", "explode": False}, [1, 2], [("f", "1|2")]),
        ({"style": "pipeDelimited", "explode": True}, [1, 2], [("f", "1"), ("f", "2")]),
        ({"style": "deepObject"}, ["a"], [("f[0]", "a")]),
        (
            {"style": "form", "explode": True},
            {"x": 1, "y": True},
            [("x", "1"), ("y", "true")],
        ),
        ({"style": "form", "explode": False}, {"x": 1, "y": 2}, [("f", "x,1,y,2")]),
        (
            {"contentType": "application/json"},
            {"x": [1, None]},
            [("f", '{"x":[1,null]}')],
        ),
        ({}, dt.date(2024, 5, 1), [("f", "2024-05-01")]),
    ],
)
def test_form_styles(field_encoding: dict[str, Any], value: Any, expected: Any) -> None:
    assert encode_form({"f": value}, {"f": field_encoding}) == expected


def test_extra_body_merges_into_form_and_json(server: LocalServer) -> None:
    seen = send(
        server,
        encode_body(FORM, {"a": 1, "b": 2}, extra_body={"b": 3, "meta": {"k": "v"}}),
    )
    assert form_pairs(seen) == [("a", "1"), ("b", "3"), ("meta[k]", "v")]
    seen = send(
        server, encode_body("application/json", {"a": 1}, extra_body={"x": True})
    )
    assert seen.json == {"a": 1, "x": True}
    seen = send(server, encode_body("application/json", None, extra_body={"x": 1}))
    assert seen.json == {"x": 1}


class Colour(enum.Enum):
    RED = "red"


def test_json_bodies_write_what_json_cannot(server: LocalServer) -> None:
    ident = uuid.UUID(int=7)
    body = {
        "at": dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc),
        "id": ident,
        "amount": Decimal("12.50"),
        "count": Decimal("3"),
        "colour": Colour.RED,
        "pair": (1, 2),
        "blob": b"\x00\x01",
    }
    seen = send(server, encode_body("application/merge-patch+json", body), "PATCH")
    assert seen.headers["Content-Type"] == "application/merge-patch+json"
    assert seen.json == {
        "at": "2024-05-01T12:30:00+00:00",
        "id": str(ident),
        "amount": 12.5,
        "count": 3,
        "colour": "red",
        "pair": [1, 2],
        "blob": "AAE=",
    }


# --------------------------------------------------------------------------- multipart


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_multipart_fields_and_every_kind_of_file(
    server: LocalServer, tmp_path: Path
) -> None:
    report = tmp_path / "report.csv"
    report.write_bytes(b"a,b\n1,2\n")
    on_disk = tmp_path / "photo.png"
    on_disk.write_bytes(b"\x89PNG...")
    handle = open(on_disk, "rb")
    body = {
        "purpose": "dispute_evidence",
        "raw": b"raw bytes",
        "stream": io.BytesIO(b"from memory"),
        "named": handle,
        "typed": ("notes.txt", b"hello", "text/markdown"),
        "path": report,
        "with_headers": ("x.bin", io.BytesIO(b"x"), None, {"X-Part": "1"}),
        "skipped": None,
        "flag": True,
        "count": 3,
    }
    before = open_fds()
    encoded = encode_body("multipart/form-data", body)
    assert open_fds() == before  # the Path was opened, read and closed for the caller
    seen = send(server, encoded)
    assert not handle.closed  # the caller's own file stays theirs
    handle.close()
    got = [part_summary(part) for part in parts(seen)]
    assert got == [
        ("purpose", None, None, b"dispute_evidence"),
        ("raw", "raw", "application/octet-stream", b"raw bytes"),
        ("stream", "stream", "application/octet-stream", b"from memory"),
        ("named", "photo.png", "image/png", b"\x89PNG..."),
        ("typed", "notes.txt", "text/markdown", b"hello"),
        ("path", "report.csv", "text/csv", b"a,b\n1,2\n"),
        ("with_headers", "x.bin", "application/octet-stream", b"x"),
        ("flag", None, None, b"true"),
        ("count", None, None, b"3"),
    ]
    assert parts(seen)[6]["X-Part"] == "1"


def test_multipart_nested_fields_follow_their_encoding(server: LocalServer) -> None:
    body = {
        "file": b"%PDF",
        "metadata": {"a": 1, "b": [True]},
        "file_link_data": {"create": True, "expires_at": 5},
        "tags": ["x", "y"],
        "attachments": [b"one", ("two.txt", b"two")],
        "csv_meta": {"k": "v"},
    }
    encoding = {
        "file": {"contentType": "application/pdf"},
        "file_link_data": {"style": "deepObject", "explode": True},
        "csv_meta": {"contentType": "application/vnd.custom+json"},
    }
    seen = send(server, encode_body("multipart/form-data", body, encoding=encoding))
    assert [part_summary(part) for part in parts(seen)] == [
        ("file", "file", "application/pdf", b"%PDF"),
        ("metadata", None, "application/json", b'{"a":1,"b":[true]}'),
        ("file_link_data[create]", None, None, b"true"),
        ("file_link_data[expires_at]", None, None, b"5"),
        ("tags", None, None, b"x"),
        ("tags", None, None, b"y"),
        ("attachments", "attachments", "application/octet-stream", b"one"),
        ("attachments", "two.txt", "text/plain", b"two"),
        ("csv_meta", None, "application/vnd.custom+json", b'{"k":"v"}'),
    ]


def test_multipart_extra_body_adds_fields(server: LocalServer) -> None:
    seen = send(
        server,
        encode_body("multipart/form-data", {"file": b"1"}, extra_body={"purpose": "x"}),
    )
    assert [part_summary(p)[0] for p in parts(seen)] == ["file", "purpose"]


# --------------------------------------------------------------------------- raw


def test_raw_bytes_text_and_wildcards(server: LocalServer) -> None:
    seen = send(server, encode_body("application/octet-stream", b"\x00\xff"), "PUT")
    assert seen.body == b"\x00\xff"
    assert seen.headers["Content-Type"] == "application/octet-stream"
    seen = send(server, encode_body("text/plain", "héllo"))
    assert seen.body == "héllo".encode()
    assert seen.headers["Content-Type"] == "text/plain; charset=utf-8"
    seen = send(server, encode_body("text/csv; charset=latin-1", "é"))
    assert seen.body == "é".encode("latin-1")
    seen = send(server, encode_body("*/*", b"any"))
    assert seen.headers["Content-Type"] == "application/octet-stream"
    seen = send(server, encode_body("image/png", io.BytesIO(b"\x89PNG")))
    assert seen.body == b"\x89PNG" and seen.headers["Content-Type"] == "image/png"


def test_raw_path_is_streamed_and_closed(server: LocalServer, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(300_000))
    encoded = encode_body("application/octet-stream", big)
    handle = encoded.data
    assert hasattr(handle, "read")  # a file handle, not the bytes in memory
    seen = send(server, encoded, "PUT")
    assert handle.closed  # closed by the EncodedBody once sent
    assert seen.body == big.read_bytes()
    assert seen.headers["Content-Length"] == "300000"


def test_no_body_sends_nothing_and_preencoded_bodies_pass_through(
    server: LocalServer,
) -> None:
    assert encode_body("application/json", None).request_kwargs() == {}
    seen = send(server, encode_body("application/json", '{"already": "encoded"}'))
    assert seen.json == {"already": "encoded"}
    seen = send(server, encode_body(FORM, "a=1&b=2"))
    assert seen.body == b"a=1&b=2"


def test_bodies_that_cannot_be_sent_say_why() -> None:
    with pytest.raises(
        TypeError, match="extra_body= merges into JSON, form and multipart"
    ):
        encode_body("application/octet-stream", b"x", extra_body={"a": 1})
    with pytest.raises(TypeError, match="a text/plain body is bytes, text"):
        encode_body("text/plain", {"a": 1})
    with pytest.raises(
        TypeError, match="a form body is an object of fields, not a list"
    ):
        encode_body(FORM, [1, 2])
    with pytest.raises(TypeError, match="extra_body= needs an object body"):
        encode_body("application/json", [1], extra_body={"a": 1})
