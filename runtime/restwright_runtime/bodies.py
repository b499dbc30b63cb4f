"""Request bodies by media type: what `requests` needs to send a spec's body as the spec says.

One entry point, `encode_body(media_type, body, encoding=..., extra_body=...)`, used by the
operation call path and usable alone. Form bodies follow OpenAPI's `style`/`explode` per field
and bracket nested values the way form-reading servers parse them (`metadata[order]=42`,
`items[0][price]=p1`); multipart bodies take files as bytes, binary file objects,
`(filename, content[, content_type[, headers]])` tuples or `pathlib.Path`s; raw bodies
(`application/octet-stream`, `text/plain`, anything else) go out as given, files streamed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import mimetypes
import os
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import IO, Any, Iterable, Mapping, Union

from .media import media_kind, parse_media_type

__all__ = [
    "Encoding",
    "EncodedBody",
    "FileContent",
    "FileTypes",
    "encode_body",
    "encode_form",
    "jsonable",
    "wire_text",
]

# A spec's Encoding Object per property: `style`, `explode`, `contentType` (others ignored).
Encoding = Mapping[str, Mapping[str, Any]]

FileContent = Union[bytes, bytearray, memoryview, IO[bytes], PurePath]
# What a multipart file field takes: content alone, or a tuple naming it (and typing it).
FileTypes = Union[
    FileContent,
    tuple[Union[str, None], FileContent],
    tuple[Union[str, None], FileContent, Union[str, None]],
    tuple[Union[str, None], FileContent, Union[str, None], Mapping[str, str]],
]

# Multipart parts for `requests`' `files=`: (field, (filename, content, content type, headers)).
Part = tuple[str, tuple[Union[str, None], Any, Union[str, None], dict[str, str]]]

_JOINERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_OCTET_STREAM = "application/octet-stream"


@dataclass
class EncodedBody:
    """What `requests` needs for a body: `request_kwargs()` gives `json`/`data`/`files`/`headers`.

    Files this module opened (a `Path` sent as a raw body) are closed by `close()`; use it as a
    context manager around the send. The caller's own file objects are never closed here.
    """

    json: Any = None
    data: Any = None
    files: list[Part] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    opened: list[IO[bytes]] = field(default_factory=list)

    def request_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `requests.Request`/`Session.request` (only those set)."""
        kwargs: dict[str, Any] = {}
        if self.json is not None:
            kwargs["json"] = self.json
        if self.data is not None:
            kwargs["data"] = self.data
        if self.files is not None:
            kwargs["files"] = self.files
        if self.headers:
            kwargs["headers"] = dict(self.headers)
        return kwargs

    def close(self) -> None:
        """Close the files opened for this body (idempotent)."""
        while self.opened:
            self.opened.pop().close()

    def __enter__(self) -> "EncodedBody":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def encode_body(
    media_type: str | None,
    body: Any,
    *,
    encoding: Encoding | None = None,
    extra_body: Mapping[str, Any] | None = None,
) -> EncodedBody:
    """Encode `body` as `media_type` (the spec's request media type the caller chose).

    `encoding` is the spec's per-property Encoding Object (form and multipart); `extra_body`
    is merged over the body's top-level fields (JSON, form, multipart only). No body and no
    extra fields: nothing is sent.
    """
    kind = media_kind(media_type)
    if body is None and not extra_body:
        return EncodedBody()
    if kind == "empty":
        kind = "binary" if _is_raw(body) else "json"
        media_type = _OCTET_STREAM if kind == "binary" else "application/json"
    assert media_type is not None
    if kind in ("json", "form", "multipart") and not _is_preencoded(body, kind):
        fields = _merged(body, extra_body, media_type)
        if kind == "json":
            return EncodedBody(
                json=jsonable(fields), headers={"Content-Type": media_type}
            )
        if kind == "form":
            return EncodedBody(
                data=encode_form(fields, encoding),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        parts = _multipart_parts(fields, encoding or {})
        if not parts:
            return _empty_multipart()
        # No Content-Type here: `requests` writes it with the boundary it chose.
        return EncodedBody(files=parts)
    if extra_body:
        raise TypeError(
            f"extra_body= merges into JSON, form and multipart bodies; this body is"
            f" sent as {media_type} as given"
        )
    return _raw_body(media_type, kind, body)


# --------------------------------------------------------------------------- values


def jsonable(value: Any) -> Any:
    """`value` with what `json` cannot write made JSON: dates as ISO 8601, UUIDs as text,
    enums as their value, tuples and sets as lists, bytes as base64 (OpenAPI's `format: byte`),
    decimals as numbers."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return [jsonable(item) for item in sorted(value, key=repr)]
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value  # let `json` raise its own clear TypeError for anything else


def wire_text(value: Any) -> str:
    """One scalar as form or query text: booleans as true/false, dates as ISO 8601, enums
    by value (Python's `True`, `Colour.RED` and `2024-05-01 00:00:00` are nobody's wire format).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return wire_text(value.value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return str(value)


def _merged(body: Any, extra_body: Mapping[str, Any] | None, media_type: str) -> Any:
    if not extra_body:
        return body
    if body is None:
        return dict(extra_body)
    if not isinstance(body, Mapping):
        raise TypeError(
            f"extra_body= needs an object body to merge into; this {media_type} body is"
            f" a {type(body).__name__}"
        )
    return {**body, **extra_body}


def _is_preencoded(body: Any, kind: str) -> bool:
    """A form or JSON body already encoded by the caller (text or bytes) is sent as is."""
    return kind != "multipart" and isinstance(body, (str, bytes, bytearray))


# --------------------------------------------------------------------------- form


def _field_style(field_encoding: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(style, explode); style None means the spec declared none. OpenAPI's explode default:
    true for form (and undeclared), false otherwise."""
    style = field_encoding.get("style")
    explode = field_encoding.get("explode")
    if explode is None:
        explode = style in (None, "form")
    return style, bool(explode)


def _bracketed(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    """`prefix[key]=...`, `prefix[0][key]=...`: nested values as form-reading servers parse them."""
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _bracketed(f"{prefix}[{key}]", item, out)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _bracketed(f"{prefix}[{index}]", item, out)
    else:
        out.append((prefix, wire_text(value)))


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and not any(
        isinstance(item, (Mapping, list, tuple)) for item in value
    )


def _form_field(
    name: str, value: Any, field_encoding: Mapping[str, Any], out: list[tuple[str, str]]
) -> None:
    if media_kind(field_encoding.get("contentType")) == "json":
        out.append((name, json.dumps(jsonable(value), separators=(",", ":"))))
        return
    style, explode = _field_style(field_encoding)
    if _is_scalar_list(value) and style != "deepObject":
        items = [wire_text(item) for item in value if item is not None]
        if explode:
            out.extend((name, item) for item in items)
        else:
            out.append((name, _JOINERS.get(style or "form", ",").join(items)))
    elif isinstance(value, Mapping) and style == "form":
        if explode:  # OpenAPI's form object: its properties become fields of their own
            for key, item in value.items():
                _bracketed(str(key), item, out)
        else:
            out.append(
                (
                    name,
                    ",".join(
                        f"{key},{wire_text(item)}"
                        for key, item in value.items()
                        if item is not None
                    ),
                )
            )
    else:
        # deepObject, or nesting no form style can express (objects, arrays of objects):
        # brackets are the one lossless encoding servers agree on.
        _bracketed(name, value, out)


def encode_form(
    fields: Mapping[str, Any], encoding: Encoding | None = None
) -> list[tuple[str, str]]:
    """`application/x-www-form-urlencoded` pairs for `fields`, in order; None values dropped.

    Per field, the spec's `style`/`explode`: scalar arrays repeat the key (form, exploded) or
    join with `,` / space / `|`; objects and arrays of objects are bracketed
    (`metadata[order]=42`, `items[0][price]=p1`), as `deepObject` or when no style is declared;
    an explicit `style: form` object spreads its properties (exploded) or joins `key,value`
    pairs. A field whose `contentType` is JSON is sent as JSON text.
    """
    if not isinstance(fields, Mapping):
        raise TypeError(
            f"a form body is an object of fields, not a {type(fields).__name__}"
        )
    encoding = encoding or {}
    out: list[tuple[str, str]] = []
    for name, value in fields.items():
        if value is not None:
            _form_field(str(name), value, encoding.get(name, {}), out)
    return out


# --------------------------------------------------------------------------- multipart


def _is_file_tuple(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and 2 <= len(value) <= 4
        and (value[0] is None or isinstance(value[0], str))
        and _is_file_content(value[1])
    )


def _is_file_content(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview, PurePath)) or callable(
        getattr(value, "read", None)
    )


def _declared_type(field_encoding: Mapping[str, Any]) -> str | None:
    """The encoding's contentType when it names one concrete type (not `image/*, text/plain`)."""
    declared = field_encoding.get("contentType")
    if isinstance(declared, str) and "," not in declared and "*" not in declared:
        return declared.strip()
    return None


def _file_part(name: str, value: Any, field_encoding: Mapping[str, Any]) -> Part:
    filename: str | None = None
    content_type: str | None = None
    headers: dict[str, str] = {}
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        if len(value) > 2:
            content_type = value[2]
        if len(value) > 3:
            headers = dict(value[3])
    else:
        content = value
    if isinstance(content, PurePath):
        filename = filename or content.name
        # Read now, so the file is closed before anything can fail: `requests` would read
        # it whole while preparing anyway.
        with open(content, "rb") as handle:
            content = handle.read()
    elif isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    elif filename is None and isinstance(getattr(content, "name", None), str):
        filename = os.path.basename(content.name)
    filename = (
        filename or name
    )  # without a filename, servers take a part for a text field
    content_type = (
        content_type
        or _declared_type(field_encoding)
        or mimetypes.guess_type(filename)[0]
        or _OCTET_STREAM
    )
    return (name, (filename, content, content_type, headers))


def _value_part(name: str, value: Any, field_encoding: Mapping[str, Any]) -> Part:
    declared = _declared_type(field_encoding)
    if isinstance(value, (Mapping, list, tuple)) or media_kind(declared) == "json":
        # OpenAPI's default for an object property of a multipart body: a JSON part.
        text = json.dumps(jsonable(value), separators=(",", ":"))
        return (name, (None, text.encode(), declared or "application/json", {}))
    return (name, (None, wire_text(value), declared, {}))


def _empty_multipart() -> EncodedBody:
    """A multipart body with no parts is still a multipart body (the closing delimiter):
    `requests` given no files would send no body and no Content-Type, which an upload endpoint
    refuses as a wrong media type rather than reading as "no fields"."""
    boundary = uuid.uuid4().hex
    return EncodedBody(
        data=f"--{boundary}--\r\n".encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def _multipart_parts(fields: Any, encoding: Encoding) -> list[Part]:
    if not isinstance(fields, Mapping):
        raise TypeError(
            f"a multipart body is an object of fields, not a {type(fields).__name__}"
        )
    parts: list[Part] = []
    for key, value in fields.items():
        name = str(key)
        field_encoding = encoding.get(key, {})
        if value is None:
            continue
        if _is_file_content(value) or _is_file_tuple(value):
            parts.append(_file_part(name, value, field_encoding))
        elif isinstance(value, list):
            # An array property: one part per item (files, scalars, or JSON objects).
            for item in value:
                if item is None:
                    continue
                if _is_file_content(item) or _is_file_tuple(item):
                    parts.append(_file_part(name, item, field_encoding))
                else:
                    parts.append(_value_part(name, item, field_encoding))
        elif isinstance(value, Mapping) and field_encoding.get("style"):
            # A declared style (Stripe's deepObject file_link_data) means text fields.
            parts.extend(
                (pair_name, (None, text, None, {}))
                for pair_name, text in encode_form({name: value}, encoding)
            )
        else:
            parts.append(_value_part(name, value, field_encoding))
    return parts


# --------------------------------------------------------------------------- raw


def _is_raw(body: Any) -> bool:
    return _is_file_content(body) or isinstance(body, str)


def _raw_body(media_type: str, kind: str, body: Any) -> EncodedBody:
    """Bytes, text, a file (streamed) or an iterable of byte chunks, as `media_type`."""
    essence, params = parse_media_type(media_type)
    content_type = _OCTET_STREAM if "*" in essence else media_type
    encoded = EncodedBody(headers={"Content-Type": content_type})
    if isinstance(body, str):
        charset = params.get("charset")
        if charset is None and kind == "text":
            charset = "utf-8"
            encoded.headers["Content-Type"] = f"{content_type}; charset=utf-8"
        encoded.data = body.encode(charset or "utf-8")
    elif isinstance(body, (bytes, bytearray, memoryview)):
        encoded.data = bytes(body)
    elif isinstance(body, PurePath):
        handle = open(body, "rb")
        encoded.opened.append(handle)
        encoded.data = handle  # streamed; `requests` sends its size as Content-Length
    elif callable(getattr(body, "read", None)) or _is_chunks(body):
        encoded.data = body
    else:
        raise TypeError(
            f"a {media_type} body is bytes, text, a binary file, a path or an iterable of"
            f" bytes, not a {type(body).__name__}"
        )
    return encoded


def _is_chunks(body: Any) -> bool:
    return isinstance(body, Iterable) and not isinstance(body, (Mapping, str))
