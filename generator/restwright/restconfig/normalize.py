"""A config's resources in dlt's canonical shape, `resource_defaults` merged in as dlt merges them.

dlt's rules: a string resource is `{"name": s, "endpoint": {"path": s}}`; a string endpoint is
its path; a missing path is the resource name. Defaults and resource are merged key by key (the
resource wins); inside `endpoint` only `params`, `json` and `headers` are merged one level deep;
`columns` hints are merged per column.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from restwright.diagnostics import Diagnostic, Location

_DEEP_ENDPOINT_KEYS = ("params", "json", "headers")


@dataclass(frozen=True)
class RawResource:
    """One resource after normalisation and the merge with `resource_defaults`."""

    name: str
    location: Location
    config: dict[str, Any]  # has `endpoint` as a dict with `path`

    @property
    def endpoint(self) -> dict[str, Any]:
        endpoint: dict[str, Any] = self.config["endpoint"]
        return endpoint


def normalize_resources(
    document: dict[str, Any], root: Location, diagnostics: list[Diagnostic]
) -> list[RawResource]:
    """Every usable resource, merged with the defaults; each problem is an error in `diagnostics`."""
    resources = document.get("resources")
    if not isinstance(resources, list) or not resources:
        diagnostics.append(
            _error(root.child("resources"), "`resources` must be a non-empty list")
        )
        return []
    defaults = document.get("resource_defaults") or {}
    if not isinstance(defaults, dict):
        diagnostics.append(
            _error(
                root.child("resource_defaults"), "`resource_defaults` must be a mapping"
            )
        )
        defaults = {}
    defaults = _canonical_defaults(
        defaults, root.child("resource_defaults"), diagnostics
    )
    out: list[RawResource] = []
    seen: set[str] = set()
    for index, raw in enumerate(resources):
        where = root.child("resources", index)
        resource = _canonical(copy.deepcopy(raw), where, diagnostics)
        if resource is None:
            continue
        name = resource["name"]
        if name in seen:
            diagnostics.append(
                _error(where.child("name"), f"resource `{name}` is defined twice")
            )
            continue
        seen.add(name)
        out.append(RawResource(name, where, merge_defaults(defaults, resource)))
    return out


def _canonical_defaults(
    defaults: dict[str, Any], where: Location, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    result = copy.deepcopy(defaults)
    endpoint = result.get("endpoint")
    if isinstance(endpoint, str):
        result["endpoint"] = {"path": endpoint}
    elif endpoint is not None and not isinstance(endpoint, dict):
        diagnostics.append(
            _error(where.child("endpoint"), "`endpoint` must be a mapping or a path")
        )
        del result["endpoint"]
    return result


def _canonical(
    raw: Any, where: Location, diagnostics: list[Diagnostic]
) -> dict[str, Any] | None:
    """dlt's `_make_endpoint_resource` normalisation, with errors that name the place (None: unusable)."""
    if isinstance(raw, str):
        if not raw:
            diagnostics.append(_error(where, "a resource name must not be empty"))
            return None
        return {"name": raw, "endpoint": {"path": raw}}
    if not isinstance(raw, dict):
        diagnostics.append(_error(where, "a resource must be a name or a mapping"))
        return None
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        diagnostics.append(
            _error(where, "a resource mapping needs a `name` (a non-empty string)")
        )
        return None
    endpoint = raw.get("endpoint")
    if endpoint is None:
        endpoint = {}
    elif isinstance(endpoint, str):
        endpoint = {"path": endpoint}
    elif not isinstance(endpoint, dict):
        diagnostics.append(
            _error(
                where.child("endpoint"),
                f"resource `{name}`: `endpoint` must be a mapping or a path",
            )
        )
        endpoint = {}
    endpoint.setdefault("path", name)
    raw["endpoint"] = endpoint
    return raw


def _error(where: Location, message: str) -> Diagnostic:
    return Diagnostic("error", message, where)


def merge_defaults(
    defaults: dict[str, Any], resource: dict[str, Any]
) -> dict[str, Any]:
    """dlt's `_merge_resource_endpoints`: the resource wins; params/json/headers merge one level."""
    default_endpoint: dict[str, Any] = copy.deepcopy(defaults.get("endpoint") or {})
    endpoint: dict[str, Any] = resource["endpoint"]
    merged_endpoint = {
        **default_endpoint,
        **{k: v for k, v in endpoint.items() if k not in _DEEP_ENDPOINT_KEYS},
    }
    for key in _DEEP_ENDPOINT_KEYS:
        if key in endpoint:
            base = merged_endpoint.get(key)
            value = endpoint[key]
            if isinstance(base, dict) and isinstance(value, dict):
                merged_endpoint[key] = {**base, **value}
            else:
                merged_endpoint[key] = value
    merged: dict[str, Any] = {
        **copy.deepcopy(defaults),
        **resource,
        "endpoint": merged_endpoint,
    }
    default_columns = defaults.get("columns")
    columns = resource.get("columns")
    if default_columns and columns:
        merged["columns"] = merge_columns(
            column_map(default_columns), column_map(columns)
        )
    return merged


def column_map(columns: Any) -> dict[str, dict[str, Any]]:
    """`columns` as a dict of name → hints (dlt accepts a dict or a list of dicts with `name`)."""
    if isinstance(columns, dict):
        return {
            str(k): dict(v) if isinstance(v, dict) else {} for k, v in columns.items()
        }
    if isinstance(columns, list):
        return {
            str(c["name"]): dict(c)
            for c in columns
            if isinstance(c, dict) and "name" in c
        }
    return {}


def merge_columns(
    base: dict[str, dict[str, Any]], update: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per column, the update's hints over the base's (dlt's `merge_columns(..., merge_columns=True)`)."""
    merged = {name: dict(hints) for name, hints in base.items()}
    for name, hints in update.items():
        merged[name] = {**merged.get(name, {}), **hints}
    return merged
