"""User overrides (YAML): pin paginator, data selector or auth per operation; they win over inference."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from restwright.diagnostics import Location, RestwrightError, escape_pointer_token
from restwright.infer.context import OperationContext
from restwright.infer.decision import (
    PAGINATOR_TYPES,
    AuthChoice,
    DataSelectorChoice,
    OperationInference,
    PaginatorChoice,
)
from restwright.model.ir import ApiModel, ListType, Operation
from restwright.restconfig.paginators import check_paginator

ALLOWED_KEYS = ("paginator", "data_selector", "auth")
SOURCE_KEY = "__file__"  # where load_overrides remembers the file, for messages


def load_overrides(path: str | Path) -> dict[str, Any]:
    """Read and shape-check an overrides file; operation keys are checked against the model later."""
    where = Location(str(path))
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RestwrightError.at(
            where, "cannot read the overrides file", cause=str(exc)
        ) from exc
    except yaml.YAMLError as exc:
        raise RestwrightError.at(
            where, "the overrides file is not valid YAML", cause=str(exc)
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RestwrightError.at(
            where, "overrides must be a mapping of operation → settings"
        )
    for key, value in data.items():
        at = where.child(str(key))
        if not isinstance(value, dict):
            raise RestwrightError.at(
                at,
                f"override for `{key}` must be a mapping with {', '.join(ALLOWED_KEYS)}",
            )
        for setting in value:
            if setting not in ALLOWED_KEYS:
                raise RestwrightError.at(
                    at.child(str(setting)), f"unknown override setting `{setting}`"
                )
    return {**data, SOURCE_KEY: str(path)}


def resolve_keys(
    model: ApiModel, overrides: Mapping[str, Any]
) -> dict[str, Mapping[str, Any]]:
    """Map override keys (`GET /pets` or an operationId) to operation keys; unknown keys are errors."""
    source = str(overrides.get(SOURCE_KEY, "overrides"))
    by_key = {op.key: op.key for op in model.operations}
    by_key.update({op.key.upper(): op.key for op in model.operations})
    by_id = {op.operation_id: op.key for op in model.operations if op.operation_id}
    resolved: dict[str, Mapping[str, Any]] = {}
    for key, value in overrides.items():
        if key == SOURCE_KEY:
            continue
        method, _, rest = str(key).partition(" ")
        op_key = (
            by_key.get(str(key))
            or by_key.get(f"{method.upper()} {rest}")
            or by_id.get(str(key))
        )
        if op_key is None:
            raise RestwrightError.at(
                Location(source, "/" + escape_pointer_token(str(key))),
                f"overrides name an unknown operation `{key}`",
                cause="use `METHOD /path` or an operationId from the spec",
            )
        resolved[op_key] = value
    return resolved


def apply_override(
    model: ApiModel,
    op: Operation,
    inference: OperationInference,
    override: Mapping[str, Any],
    source: str,
) -> OperationInference:
    """The inference with the overridden parts replaced; evidence says they came from the user."""
    at = Location(source, "/" + escape_pointer_token(op.key))
    result = inference
    if "paginator" in override:
        result = replace(
            result,
            paginator=_paginator(op, override["paginator"], at.child("paginator")),
        )
    if "data_selector" in override:
        result = replace(
            result,
            data_selector=_selector(
                model, op, override["data_selector"], at.child("data_selector")
            ),
        )
    if "auth" in override:
        result = replace(result, auth=_auth(model, override["auth"], at.child("auth")))
    return result


def paginator_from_config(
    op: Operation, config: Any, evidence: str
) -> PaginatorChoice | None:
    """A dlt-style paginator config (string or dict with `type`) as a choice; None = not paginated."""
    if config is None:
        return None
    if isinstance(config, str):
        config = {"type": config}
    if not isinstance(config, dict) or config.get("type") not in PAGINATOR_TYPES:
        raise ValueError(
            f"paginator must be one of {', '.join(PAGINATOR_TYPES)} or a dict with `type`"
        )
    params = {k: v for k, v in config.items() if k != "type"}
    query = {p.name for p in op.parameters if p.location == "query"}
    size = next(
        (
            str(params[k])
            for k in ("limit_param", "page_size_param")
            if str(params.get(k)) in query
        ),
        None,
    )
    controls = tuple(
        str(v)
        for k, v in params.items()
        if k in ("offset_param", "page_param", "cursor_param") and str(v) in query
    )
    if size is None:
        size = next(
            (
                p.name
                for p in op.parameters
                if p.location == "query"
                and p.name in ("limit", "per_page", "page_size")
            ),
            None,
        )
    params.pop("page_size_param", None)
    return PaginatorChoice(
        str(config["type"]), params, 1.0, (evidence,), controls, size
    )


# Pairs of parameters a paginator takes one of, never both (the runtime refuses both at call time).
EXCLUSIVE = (
    ("offset_param", "offset_body_path"),
    ("limit_param", "limit_body_path"),
    ("page_param", "page_body_path"),
    ("cursor_param", "cursor_body_path"),
)
INT_PARAMS = ("limit", "offset", "base_page", "page", "maximum_offset", "maximum_page")
REQUIRED = {"offset": ("limit",)}  # `OffsetPaginator(limit)` has no default


def _paginator(op: Operation, value: Any, at: Location) -> PaginatorChoice | None:
    """The override's paginator, checked as a dlt config's is, plus what the constructor needs."""
    if value is None:
        return None
    owner = f"override for `{op.key}`"
    raw = dict(value) if isinstance(value, dict) else value
    # `page_size_param` is restwright's own hint, not a paginator argument.
    hint = raw.pop("page_size_param", None) if isinstance(raw, dict) else None
    config = check_paginator(raw, at, owner)
    kind = str(config["type"])
    for name in REQUIRED.get(kind, ()):
        if config.get(name) is None:
            raise RestwrightError.at(
                at, f"{owner}: paginator `{kind}` needs `{name}` (a positive integer)"
            )
    for name in INT_PARAMS:
        if name in config and config[name] is not None:
            number = config[name]
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise RestwrightError.at(
                    at.child(name),
                    f"{owner}: `{name}` must be an integer, got {number!r}",
                )
    if kind == "offset" and config["limit"] == 0:
        raise RestwrightError.at(
            at.child("limit"), f"{owner}: `limit` must be positive"
        )
    for one, other in EXCLUSIVE:
        if config.get(one) is not None and config.get(other) is not None:
            raise RestwrightError.at(
                at.child(other),
                f"{owner}: paginator `{kind}` takes `{one}` or `{other}`, not both",
            )
    if hint is not None:
        config["page_size_param"] = hint
    try:
        return paginator_from_config(op, config, "pinned by the overrides file")
    except ValueError as exc:
        raise RestwrightError.at(at, f"{owner}: {exc}") from exc


def _selector(
    model: ApiModel, op: Operation, value: Any, at: Location
) -> DataSelectorChoice | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RestwrightError.at(at, "data_selector must be a JSONPath string or null")
    ctx = OperationContext(model, op)
    dotted = value.removeprefix("$.").removeprefix("$")
    item = None
    info = ctx.field(dotted)
    if info is not None and isinstance(info.type, ListType):
        item = info.type.item
    elif value == "$" and ctx.response_kind == "array":
        resolved = model.resolve(ctx.response_type)
        item = resolved.item if isinstance(resolved, ListType) else None
    return DataSelectorChoice(value, item, 1.0, ("pinned by the overrides file",))


def _auth(model: ApiModel, value: Any, at: Location) -> AuthChoice:
    """`none`, a scheme key, or a list of alternatives (each a key or a list of keys used together)."""
    if value in (None, "none", []):
        return AuthChoice((), ("pinned by the overrides file: no auth",))
    items = value if isinstance(value, list) else [value]
    alternatives = []
    for item in items:
        keys = tuple(item) if isinstance(item, list) else (item,)
        for key in keys:
            if not isinstance(key, str) or key not in model.security_schemes:
                known = ", ".join(sorted(model.security_schemes)) or "none declared"
                raise RestwrightError.at(
                    at,
                    f"auth override names an unknown security scheme `{key}`",
                    cause=f"known: {known}",
                )
        alternatives.append(keys)
    return AuthChoice(tuple(alternatives), ("pinned by the overrides file",))
