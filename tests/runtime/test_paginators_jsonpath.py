"""The JSONPath used by paginators and selectors: plain paths walked by hand, the rest by jsonpath-ng."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from restwright_runtime.jsonpath import (
    compile_path,
    find_values,
    path_of,
    set_value_at_path,
)

DOCUMENT = {
    "data": [{"id": 1, "tags": ["a"]}, {"id": 2}],
    "meta": {"total": 2, "x.y": 3},
    "@odata.nextLink": "n",
}


@pytest.mark.parametrize(
    "path, expected",
    [
        ("$", [DOCUMENT]),
        ("data[0].id", [1]),
        ("data[-1].id", [2]),
        ("$.meta.total", [2]),
        ("meta['x.y']", [3]),
        ("['@odata.nextLink']", ["n"]),
        ("data[5].id", []),
        ("meta.missing", []),
        ("data.id", []),
    ],
)
def test_plain_paths_use_the_fast_path(path: str, expected: list[Any]) -> None:
    compiled = compile_path(path)
    assert compiled.is_plain
    assert compiled.find(DOCUMENT) == expected


@pytest.mark.parametrize(
    "path, expected",
    [("data[*].id", [1, 2]), ("$..total", [2]), ("data[?id > 1].id", [2])],
)
def test_other_paths_use_jsonpath_ng(path: str, expected: list[Any]) -> None:
    compiled = compile_path(path)
    assert not compiled.is_plain
    assert find_values(compiled, DOCUMENT) == expected


def test_compiled_once() -> None:
    assert compile_path("meta.total") is compile_path("meta.total")


def test_set_value_creates_objects() -> None:
    body: dict[str, Any] = {"q": 1}
    set_value_at_path(body, "page.cursor", "c1")
    set_value_at_path(body, "page.size", 5)
    assert body == {"q": 1, "page": {"cursor": "c1", "size": 5}}


def test_path_of_round_trips() -> None:
    for segments in [
        ("data",),
        ("meta", "total"),
        ("@odata.nextLink",),
        ("_links", "next", "href"),
    ]:
        assert compile_path(path_of(segments)).segments == segments


def test_import_is_light() -> None:
    """`import restwright_runtime` loads neither jsonpath-ng, orjson nor the retrying session."""
    code = (
        "import sys, restwright_runtime; "
        "print(sorted(m for m in ('jsonpath_ng', 'orjson', 'restwright_runtime.requests') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
