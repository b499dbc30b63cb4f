"""User overrides (YAML): pin paginator, data selector or auth per operation; they win over inference."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from restwright.diagnostics import (
    Diagnostic,
    Location,
    RestwrightError,
    escape_pointer_token,
)
from restwright.infer.context import OperationContext
from restwright.infer.decision import (
    PAGINATOR_TYPES,
    AuthChoice,
    DataSelectorChoice,
    OperationInference,
    PaginatorChoice,
)
from restwright.model.ir import ApiModel, ListType, Operation
from restwright.jsonpaths import jsonpath_problem
from restwright.kinds.paginators import check_paginator, controlled_params

ALLOWED_KEYS = ("paginator", "data_selector", "auth")
SOURCE_KEY = "__file__"  # where load_overrides remembers the file, for messages
# Page-size query parameters assumed when a pinned paginator names none.
CONVENTIONAL_SIZE_NAMES = ("limit", "per_page", "page_size")


def load_overrides(path: str | Path) -> dict[str, Any]:
    """Read and shape-check an overrides file (every problem reported at once); operation keys are checked later."""
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
    errors: list[Diagnostic] = []
    for key, value in data.items():
        at = where.child(str(key))
        if not isinstance(value, dict):
            errors.append(
                _error(
                    at,
                    f"override for `{key}` must be a mapping with {', '.join(ALLOWED_KEYS)}",
                )
            )
            continue
        errors.extend(
            _error(at.child(str(setting)), f"unknown override setting `{setting}`")
            for setting in value
            if setting not in ALLOWED_KEYS
        )
    if errors:
        raise RestwrightError(errors)
    return {**data, SOURCE_KEY: str(path)}


def resolve_keys(
    model: ApiModel, overrides: Mapping[str, Any], diagnostics: list[Diagnostic]
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
            diagnostics.append(
                _error(
                    Location(source, "/" + escape_pointer_token(str(key))),
                    f"overrides name an unknown operation `{key}`",
                    cause="use `METHOD /path` or an operationId from the spec",
                )
            )
            continue
        resolved[op_key] = value
    return resolved


def apply_override(
    model: ApiModel,
    op: Operation,
    inference: OperationInference,
    override: Mapping[str, Any],
    source: str,
    diagnostics: list[Diagnostic],
) -> OperationInference:
    """The inference with the overridden parts replaced; evidence says they came from the user.

    A setting with errors leaves that part as inferred; its errors land in `diagnostics`.
    """
    at = Location(source, "/" + escape_pointer_token(op.key))
    result = inference
    if "paginator" in override:
        value = override["paginator"]
        paginator = (
            _paginator(op, value, at.child("paginator"), diagnostics)
            if value is not None
            else None
        )
        if value is None or paginator is not None:
            result = replace(result, paginator=paginator)
    if "data_selector" in override:
        value = override["data_selector"]
        if value is None:
            result = replace(result, data_selector=None)
        elif isinstance(value, str) and (problem := jsonpath_problem(value)):
            diagnostics.append(
                _error(
                    at.child("data_selector"),
                    "data_selector is not a JSONPath the runtime can read",
                    problem,
                )
            )
        elif isinstance(value, str):
            result = replace(result, data_selector=_selector(model, op, value))
        else:
            diagnostics.append(
                _error(
                    at.child("data_selector"),
                    "data_selector must be a JSONPath string or null",
                )
            )
    if "auth" in override:
        auth = _auth(model, override["auth"], at.child("auth"), diagnostics)
        if auth is not None:
            result = replace(result, auth=auth)
    return result


def paginator_from_config(
    op: Operation, config: Any, evidence: str, where: Location
) -> PaginatorChoice | None:
    """A checked dlt-style paginator config (string or dict with `type`) as a choice; None = not paginated.

    The query parameters the paginator sets (its dlt defaults included) are not method keywords;
    the page-size parameter (`limit_param`, the `page_size_param` hint, or a conventional name) is.
    """
    if config is None:
        return None
    if isinstance(config, str):
        config = {"type": config}
    if not isinstance(config, dict) or config.get("type") not in PAGINATOR_TYPES:
        raise RestwrightError.at(
            where,
            f"`{op.key}`: paginator must be one of {', '.join(PAGINATOR_TYPES)} or a mapping with `type`",
        )
    params = {k: v for k, v in config.items() if k not in ("type", "page_size_param")}
    query = [p.name for p in op.parameters if p.location == "query"]
    stated = (params.get("limit_param"), config.get("page_size_param"))
    size = next((str(v) for v in stated if v is not None and str(v) in query), None)
    if size is None:
        size = next((n for n in query if n in CONVENTIONAL_SIZE_NAMES), None)
    controlled = controlled_params(config)
    controls = tuple(n for n in query if n in controlled and n != size)
    return PaginatorChoice(
        str(config["type"]), params, 1.0, (evidence,), controls, size
    )


def _paginator(
    op: Operation, value: Any, at: Location, diagnostics: list[Diagnostic]
) -> PaginatorChoice | None:
    """The override's paginator, checked as a dlt config's is; None when it has errors."""
    owner = f"override for `{op.key}`"
    raw = dict(value) if isinstance(value, dict) else value
    # `page_size_param` is restwright's own hint, not a paginator argument.
    hint = raw.pop("page_size_param", None) if isinstance(raw, dict) else None
    if hint is not None and not isinstance(hint, str):
        diagnostics.append(
            _error(
                at.child("page_size_param"),
                f"{owner}: `page_size_param` must name a query parameter, got {hint!r}",
            )
        )
        return None
    config = check_paginator(raw, at, owner, diagnostics)
    if config is None:
        return None
    if hint is not None:
        config["page_size_param"] = hint
    return paginator_from_config(op, config, "pinned by the overrides file", at)


def _selector(model: ApiModel, op: Operation, value: str) -> DataSelectorChoice:
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


def _auth(
    model: ApiModel, value: Any, at: Location, diagnostics: list[Diagnostic]
) -> AuthChoice | None:
    """`none`, a scheme key, or a list of alternatives (each a key or a list of keys used together)."""
    if value in (None, "none", []):
        return AuthChoice((), ("pinned by the overrides file: no auth",))
    items = value if isinstance(value, list) else [value]
    alternatives = []
    known = ", ".join(sorted(model.security_schemes)) or "none declared"
    unknown = False
    for item in items:
        keys = tuple(item) if isinstance(item, list) else (item,)
        for key in keys:
            if not isinstance(key, str) or key not in model.security_schemes:
                unknown = True
                diagnostics.append(
                    _error(
                        at,
                        f"auth override names an unknown security scheme `{key}`",
                        cause=f"known: {known}",
                    )
                )
        alternatives.append(keys)
    if unknown:
        return None
    return AuthChoice(tuple(alternatives), ("pinned by the overrides file",))


def _error(where: Location, message: str, cause: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, where, cause)
