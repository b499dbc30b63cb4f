"""A config's cursor paginator with dlt 1.31's `has_more_path` / `stop_after_empty_page`, end to end.

The config is checked (generator/restwright/kinds/paginators.py), the generated client passes both
options to the runtime's `JSONResponseCursorPaginator`, and it pages a local server correctly.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from restwright.diagnostics import Diagnostic, Location
from restwright.pipeline import generate
from restwright.kinds.paginators import check_paginator
from tests.support.server import LocalServer, Reply, Request


@pytest.fixture(autouse=True)
def _clean_imports() -> Iterator[None]:
    before, path = set(sys.modules), list(sys.path)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("cfg_cursor_more"):
            del sys.modules[name]
    sys.path[:] = path


def checked(raw: Any) -> tuple[dict[str, Any] | None, list[str]]:
    diagnostics: list[Diagnostic] = []
    result = check_paginator(raw, Location("config.yaml"), "items", diagnostics)
    return result, [d.message for d in diagnostics]


def test_cursor_config_takes_the_dlt_131_options() -> None:
    config = {
        "type": "cursor",
        "cursor_path": "next",
        "cursor_param": "c",
        "has_more_path": "has_more",
        "stop_after_empty_page": True,
    }
    assert checked(config) == (config, [])
    result, messages = checked({"type": "cursor", "has_more": "x"})
    assert result is None
    assert messages == ["items: paginator `cursor` takes no parameter `has_more`"]


def test_generated_client_stops_on_has_more(
    server: LocalServer, tmp_path: Path
) -> None:
    def handle(request: Request) -> Reply:
        cursor = request.query.get("c")
        if cursor is None:
            return Reply(
                {"items": [{"id": 1}, {"id": 2}], "next": "c1", "has_more": True}
            )
        # The last page still carries a cursor: only `has_more` says it is the last.
        return Reply({"items": [{"id": 3}], "next": "c2", "has_more": False})

    server.route("GET", "/items", handle)
    config = {
        "client": {"base_url": server.url + "/"},
        "resources": [
            {
                "name": "items",
                "endpoint": {
                    "path": "items",
                    "data_selector": "items",
                    "paginator": {
                        "type": "cursor",
                        "cursor_path": "next",
                        "cursor_param": "c",
                        "has_more_path": "has_more",
                        "stop_after_empty_page": True,
                    },
                },
            }
        ],
    }
    source = tmp_path / "config.yaml"
    source.write_text(yaml.safe_dump(config, sort_keys=False))
    outdir = tmp_path / "out"
    generate(source, outdir, "cfg_cursor_more")
    code = (outdir / "cfg_cursor_more" / "client.py").read_text()
    assert 'has_more_path="has_more"' in code
    assert "stop_after_empty_page=True" in code
    sys.path.insert(0, str(outdir))
    package = importlib.import_module("cfg_cursor_more")
    records = list(package.Client().items())
    assert [r["id"] for r in records] == [1, 2, 3]
    assert [r.query.get("c") for r in server.requests] == [None, "c1"]
