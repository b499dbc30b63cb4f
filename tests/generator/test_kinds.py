"""The paginator and auth kind records against the runtime's classes and dlt's, parameter by parameter.

Every stage reads the records (`restwright.kinds`), so a record that drifts from the runtime would
generate code that does not type-check or run; one that drifts from dlt would export configs dlt
refuses.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.export.paginator import dlt_paginator
from restwright.infer.decision import PAGINATOR_TYPES, PaginatorChoice
from restwright.kinds.auth import AUTH_KINDS
from restwright.kinds.paginators import (
    PAGINATOR_KINDS,
    DltExport,
    PaginatorKind,
    Param,
    check_paginator,
    controlled_params,
)
from restwright.pipeline import generate
from restwright_runtime import auth as runtime_auth
from restwright_runtime import paginators as runtime_paginators


def parameters(cls: Any) -> dict[str, inspect.Parameter]:
    found = dict(inspect.signature(cls.__init__).parameters)
    found.pop("self")
    return found


@pytest.mark.parametrize(
    "kind",
    [k for k in PAGINATOR_KINDS.values() if k.runtime_class],
    ids=lambda k: k.name,
)
def test_paginator_records_match_the_runtime_constructors(kind: Any) -> None:
    cls = getattr(runtime_paginators, kind.runtime_class)
    runtime = parameters(cls)
    for name, param in kind.params.items():
        assert name in runtime, f"{cls.__name__}({name}=)"
        assert runtime[name].annotation == param.annotation, (kind.name, name)
    assert set(runtime) <= set(kind.params), f"{cls.__name__} takes more"
    required = {n for n, p in runtime.items() if p.default is inspect.Parameter.empty}
    assert required == set(kind.required)
    for control in kind.controls:
        assert control.key in kind.params
        assert control.body_key is None or control.body_key in kind.params
    if kind.page_size is not None:
        assert kind.page_size in kind.params and kind.page_size_control() is not None


def test_the_auto_kind_has_no_class_and_inference_lists_every_kind() -> None:
    assert [k.name for k in PAGINATOR_KINDS.values() if not k.runtime_class] == ["auto"]
    assert tuple(PAGINATOR_TYPES) == tuple(PAGINATOR_KINDS)


def test_paginator_records_match_dlts_vocabulary() -> None:
    config_setup = pytest.importorskip("dlt.sources.rest_api.config_setup")
    dlt_map = config_setup.PAGINATOR_MAP
    for kind in PAGINATOR_KINDS.values():
        names = (kind.name, *kind.aliases)
        if kind.dlt_export is DltExport.SAME:
            dlt_class = dlt_map[kind.name]
            assert all(dlt_map[n] is dlt_class for n in names)
            dlt_params = set(parameters(dlt_class)) if dlt_class else set()
            # The export keeps exactly what dlt's class takes of ours.
            assert kind.dlt_parameters == set(kind.params) & dlt_params, kind.name
        else:
            assert kind.name not in dlt_map or kind.name == "auto"


@pytest.mark.parametrize("kind", list(AUTH_KINDS.values()), ids=lambda k: k.name)
def test_auth_records_match_the_runtime_and_dlt(kind: Any) -> None:
    runtime = parameters(getattr(runtime_auth, kind.runtime_class))
    assert set(kind.constructor) <= set(runtime)
    required = {n for n, p in runtime.items() if p.default is inspect.Parameter.empty}
    assert required <= set(kind.constructor)
    config_setup = pytest.importorskip("dlt.sources.rest_api.config_setup")
    dlt_class = config_setup.AUTH_MAP[kind.name]
    dlt_params = parameters(dlt_class)
    settings = {s.name for s in kind.dlt_settings}
    assert settings | set(kind.dlt_unsupported) <= set(dlt_params)
    secret = {
        name
        for name, p in dlt_params.items()
        if "SecretSentinel" in str(p.annotation)
        and "NotResolved" not in str(p.annotation)
    }
    # What dlt resolves from its providers: its secret-typed fields, and the names beside them.
    assert secret <= set(kind.secret_fields) <= set(dlt_params)
    assert 0 < kind.required <= len(kind.arguments)


def checked(raw: Any) -> tuple[Any, list[str]]:
    found: list[Diagnostic] = []
    result = check_paginator(raw, Location("c.yaml", "/p"), "x", found)
    return result, [f"{d.location.pointer} {d.message}" for d in found]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"type": "json_link", "next_url_path": 3}, "/p/next_url_path x: `next_url_path` must be a string, got 3"),
        ({"type": "json_link", "next_url_path": "a["}, "/p/next_url_path x: `next_url_path` is not a JSONPath"),
        ({"type": "offset", "limit": 5, "total_path": "$$"}, "/p/total_path x: `total_path` is not a JSONPath"),
        ({"type": "cursor", "stop_after_empty_page": "yes"},
         "/p/stop_after_empty_page x: `stop_after_empty_page` must be true or false"),
        ({"type": "cursor", "stop_after_empty_page": None},
         "/p/stop_after_empty_page x: `stop_after_empty_page` must be true or false, got None"),
        ({"type": "offset", "limit": True}, "/p/limit x: `limit` must be an integer, got True"),
        ({"type": "record_cursor", "cursor_field": ["id"]}, "/p/cursor_field x: `cursor_field` must be a string"),
    ],
)  # fmt: skip
def test_values_that_would_not_type_check_are_located_errors(
    raw: Any, message: str
) -> None:
    result, messages = checked(raw)
    assert result is None
    assert len(messages) == 1 and messages[0].startswith(message), messages


def test_nullable_parameters_and_aliases_pass() -> None:
    raw = {"type": "json_response", "next_url_path": "links['next']"}
    assert checked(raw) == ({"type": "json_link", "next_url_path": "links['next']"}, [])
    raw = {"type": "offset", "limit": 10, "total_path": None, "has_more_path": "more"}
    assert checked(raw) == ({**raw}, [])
    raw = {"type": "json_link", "stop_after_empty_page": True}
    assert checked(raw) == (raw, [])


def test_controlled_params_follow_the_records() -> None:
    assert controlled_params({"type": "offset", "limit": 5}) == {"offset", "limit"}
    assert controlled_params(
        {"type": "offset", "limit": 5, "offset_body_path": "o", "limit_param": "n"}
    ) == {"n"}
    assert controlled_params({"type": "record_cursor"}) == set()
    assert controlled_params({"type": "record_cursor", "cursor_param": "after"}) == {
        "after"
    }
    assert controlled_params({"type": "nope"}) == set()


def test_a_new_kind_is_one_record_for_configs_render_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a kind: its record (here reusing a runtime class), a detector, a runtime class.

    Nothing else in the generator names kinds: the config check, the generated code and the
    dlt export all follow the record.
    """
    kind = PaginatorKind(
        "link_after",
        "HeaderLinkPaginator",
        {"links_next_key": Param("str")},
        dlt_export=DltExport.AUTO,
    )
    monkeypatch.setitem(PAGINATOR_KINDS, kind.name, kind)
    source = tmp_path / "config.yaml"
    source.write_text(
        "client: {base_url: 'https://api.example/'}\n"
        "resources:\n"
        "  - name: items\n"
        "    endpoint: {path: items, paginator: {type: link_after, links_next_key: after}}\n"
    )
    result = generate(source, tmp_path / "out", "kinds_client")
    assert 'paginator=HeaderLinkPaginator(links_next_key="after")' in (
        result.files["kinds_client/client.py"]
    )
    bad = source.read_text().replace("links_next_key", "next_key")
    source.write_text(bad)
    with pytest.raises(
        RestwrightError, match="paginator `link_after` takes no parameter"
    ):
        generate(source, tmp_path / "out2", "kinds_client")
    choice = PaginatorChoice("link_after", {"links_next_key": "after"})
    assert dlt_paginator(choice, None)[0] == "auto"
