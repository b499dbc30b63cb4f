"""What a media type means on the wire: how to encode a request body, how to read a response.

Pure functions on strings, with no I/O and nothing imported beyond the standard library, so the
generator can classify a spec's media types at generate time with the very rules the runtime
applies when a request is sent.
"""

from __future__ import annotations

from typing import Iterable, Literal

__all__ = [
    "MediaKind",
    "media_kind",
    "parse_media_type",
    "preferred_media_type",
]

MediaKind = Literal[
    "json", "form", "multipart", "event_stream", "text", "binary", "empty"
]

# Text-like types outside text/*: reading them as bytes would only push decoding onto the caller.
_TEXT_APPLICATION_TYPES = frozenset(
    {
        "application/xml",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "application/sdp",
        "application/x-mpegurl",
        "application/vnd.apple.mpegurl",
        "application/vnd.oai.openapi",
        "application/yaml",
        "application/x-yaml",
        "application/toml",
        "application/graphql",
        "application/sql",
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/csv",
    }
)
_TEXT_SUFFIXES = ("+xml", "+yaml")

# Request bodies: the order restwright prefers when a spec offers several (OpenAPI maps are
# unordered in meaning): structured before flat, and raw bytes last.
_REQUEST_PREFERENCE: tuple[MediaKind, ...] = (
    "json",
    "form",
    "multipart",
    "text",
    "binary",
)


def parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    """`type/subtype` in lower case and the parameters of a media type or Content-Type header.

    `'Text/Plain; charset="UTF-8"'` -> `('text/plain', {'charset': 'UTF-8'})`.
    """
    essence, *raw_params = value.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        name, sep, param_value = raw.partition("=")
        if sep and name.strip():
            params[name.strip().lower()] = param_value.strip().strip('"')
    return essence.strip().lower(), params


def media_kind(media_type: str | None) -> MediaKind:
    """How a body of `media_type` travels; None or "" (no content declared) is `empty`.

    JSON includes every `+json` type (`application/problem+json`, `vnd.api+json`) and
    `application/*json*` variants; `text/event-stream` is a stream of events; other text
    (`text/*`, XML, YAML, CSV, NDJSON) is `text`; anything else, wildcards included
    (`*/*`, `image/*`), is opaque `binary`.
    """
    if not media_type:
        return "empty"
    essence, _ = parse_media_type(media_type)
    if essence == "text/event-stream":
        return "event_stream"
    if essence == "application/x-www-form-urlencoded":
        return "form"
    if essence.startswith("multipart/"):
        return "multipart"
    major, _, minor = essence.partition("/")
    if minor == "json" or minor.endswith("+json") or essence == "text/json":
        return "json"
    if major == "application" and "json" in minor and "seq" not in minor:
        # application/x-json, application/json-patch+json; but NDJSON / JSON Lines are text.
        return "text" if essence in _TEXT_APPLICATION_TYPES else "json"
    if major == "text" or essence in _TEXT_APPLICATION_TYPES:
        return "text"
    if minor.endswith(_TEXT_SUFFIXES):
        return "text"
    return "binary"


def preferred_media_type(media_types: Iterable[str]) -> str | None:
    """The request media type to use when an operation offers several; None when none.

    JSON first, then form, multipart, text and raw bytes; among equals, the first offered.
    The caller may always pick another of the offered types.
    """
    offered = list(media_types)
    for kind in _REQUEST_PREFERENCE:
        for media_type in offered:
            if media_kind(media_type) == kind:
                return media_type
    return offered[0] if offered else None
