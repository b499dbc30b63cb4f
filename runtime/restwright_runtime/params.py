"""Query parameters and headers of generated clients: unset values left out, styles applied.

Part of the API generated packages import (see `__all__`; stable within a minor version of
`restwright-runtime`, which generated packages pin). `requests` knows one encoding (lists as
repeated keys); APIs such as Stripe expect `deepObject` (`created[gte]=5`) and others comma- or
pipe-joined arrays, which `styled_query` writes. Results stay flat dicts so paginators can still
set their own keys on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["compact_headers", "compact_params", "encode_query_param", "styled_query"]

_SEPARATORS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def _scalar(value: Any) -> Any:
    """Booleans as `true`/`false`, which is what APIs expect in a query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _wire(value: Any) -> Any:
    """A value as sent: booleans as `true`/`false`, lists element by element."""
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    return _scalar(value)


def compact_params(values: Mapping[str, Any]) -> dict[str, Any]:
    """Query parameters without the unset (None) ones; lists stay repeated keys."""
    return {key: _wire(value) for key, value in values.items() if value is not None}


def compact_headers(values: Mapping[str, Any]) -> dict[str, str]:
    """Header values as text without the unset (None) ones; lists joined by commas."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if value is not None:
            wired = _wire(value)
            if isinstance(wired, list):
                out[key] = ",".join(str(item) for item in wired)
            else:
                out[key] = str(wired)
    return out


def _deep(name: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if item is not None:
                _deep(f"{name}[{key}]", item, out)
    elif isinstance(value, (list, tuple)):
        # OpenAPI leaves arrays in deepObject undefined; `name[]=a&name[]=b` is what such APIs (Stripe, Rails) read.
        out[f"{name}[]"] = [_scalar(v) for v in value]
    else:
        out[name] = _scalar(value)


def encode_query_param(
    name: str, value: Any, style: str = "form", explode: bool = True
) -> dict[str, Any]:
    """The query entries for one parameter value; list values become repeated keys (requests' way)."""
    if value is None:
        return {}
    if style == "deepObject":
        out: dict[str, Any] = {}
        _deep(name, value, out)
        return out
    sep = _SEPARATORS.get(style, ",")
    if isinstance(value, Mapping):
        items = [(str(k), _scalar(v)) for k, v in value.items() if v is not None]
        if explode and style == "form":
            return dict(items)
        return {name: sep.join(f"{k}{sep}{v}" for k, v in items)}
    if isinstance(value, (list, tuple)):
        values = [_scalar(v) for v in value]
        if explode:
            return {name: values}
        return {name: sep.join(str(v) for v in values)}
    return {name: _scalar(value)}


def styled_query(
    values: Mapping[str, Any], styles: Mapping[str, tuple[str, bool]]
) -> dict[str, Any]:
    """All set (non-None) query parameters, each encoded by its `(style, explode)` (default form, exploded)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        style, explode = styles.get(name, ("form", True))
        out.update(encode_query_param(name, value, style, explode))
    return out
