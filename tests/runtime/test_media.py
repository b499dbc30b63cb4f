"""The media-type classifier shared by the generator (at generate time) and the runtime."""

from __future__ import annotations

import subprocess
import sys

import pytest

from restwright_runtime.media import media_kind, parse_media_type, preferred_media_type


@pytest.mark.parametrize(
    "media_type, kind",
    [
        ("application/json", "json"),
        ("application/json; charset=utf-8", "json"),
        ("Application/Problem+JSON", "json"),
        ("application/vnd.api+json", "json"),
        ("application/json-patch+json", "json"),
        ("application/x-json", "json"),
        ("text/json", "json"),
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/form-data", "multipart"),
        ("multipart/mixed", "multipart"),
        ("text/event-stream", "event_stream"),
        ("text/plain", "text"),
        ("text/csv", "text"),
        ("text/html", "text"),
        ("application/xml", "text"),
        ("application/atom+xml", "text"),
        ("application/x-ndjson", "text"),
        ("application/yaml", "text"),
        ("application/x-mpegURL", "text"),
        ("application/vnd.oai.openapi", "text"),
        ("application/octet-stream", "binary"),
        ("application/pdf", "binary"),
        ("application/zip", "binary"),
        ("image/png", "binary"),
        ("image/*", "binary"),
        ("*/*", "binary"),
        ("audio/mpeg", "binary"),
        ("", "empty"),
        (None, "empty"),
    ],
)
def test_media_kind(media_type: str | None, kind: str) -> None:
    assert media_kind(media_type) == kind


def test_parse_media_type() -> None:
    assert parse_media_type('Text/Plain; Charset="UTF-8"; q') == (
        "text/plain",
        {"charset": "UTF-8"},
    )


def test_preferred_request_media_type() -> None:
    offered = ["application/octet-stream", "multipart/form-data", "application/json"]
    assert preferred_media_type(offered) == "application/json"
    form_first = ["multipart/form-data", "application/x-www-form-urlencoded"]
    assert preferred_media_type(form_first) == "application/x-www-form-urlencoded"
    assert preferred_media_type(["text/plain", "image/png"]) == "text/plain"
    assert preferred_media_type([]) is None


def test_the_classifier_imports_without_requests() -> None:
    # The generator classifies at generate time: importing it must stay cheap.
    code = (
        "import sys, restwright_runtime.media;"
        "assert 'requests' not in sys.modules, 'requests imported';"
        "assert 'restwright_runtime.client' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_lazy_package_exports_what_it_lists() -> None:
    import restwright_runtime

    assert sorted(restwright_runtime.__all__) == sorted(restwright_runtime._EXPORTS)
    aliases = {"Hooks", "HTTPMethodBasic"}  # typing aliases (dlt's), not named classes
    for name in restwright_runtime.__all__:
        value = getattr(restwright_runtime, name)
        if name in aliases:
            from restwright_runtime import typing as runtime_typing

            assert value is getattr(runtime_typing, name)
        else:
            assert value.__name__ == name
