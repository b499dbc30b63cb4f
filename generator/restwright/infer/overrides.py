"""User overrides (YAML): pin paginator, data selector or auth per operation; they win over inference."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
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
from restwright.jsonpaths import jsonpath_problem
from restwright.kinds.paginators import check_paginator, controlled_params
from restwright.model.ir import ApiModel, ListType, Operation

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


TAG_PREFIX = "tag:"
ALL_LISTS = "all-lists"
GLOB_CHARS = "*?["


@dataclass(frozen=True)
class OverrideKey:
    """One key of the overrides file and what it matches; `rank` orders precedence (higher wins).

    Tiers: an exact `METHOD /path` or operationId (3) beats a `METHOD /glob*` pattern (2), which
    beats `tag:NAME` (1), which beats `all-lists` (0); among patterns of one tier, more literal
    characters (and a stated method) beat fewer.
    """

    written: str
    rank: tuple[int, int]
    op_keys: frozenset[str]


def _override_key(
    model: ApiModel, written: str, lists: frozenset[str]
) -> OverrideKey | None:
    """What one key selects; None when it names nothing (an unknown operation or empty pattern)."""
    ops = model.operations
    method, _, rest = written.partition(" ")
    if written == ALL_LISTS:
        return OverrideKey(written, (0, 0), lists)
    if written.startswith(TAG_PREFIX):
        tag = written[len(TAG_PREFIX) :].strip()
        matched = frozenset(op.key for op in ops if tag in op.tags)
        return OverrideKey(written, (1, len(tag)), matched)
    if rest.startswith("/") and any(c in rest for c in GLOB_CHARS):
        any_method = method == "*"
        matched = frozenset(
            op.key
            for op in ops
            if (any_method or op.method == method.lower())
            and fnmatch.fnmatchcase(op.path, rest)
        )
        literal = sum(c not in GLOB_CHARS for c in rest) + (0 if any_method else 1)
        return OverrideKey(written, (2, literal), matched)
    exact = {op.key for op in ops if op.key in (written, f"{method.upper()} {rest}")}
    exact |= {op.key for op in ops if op.operation_id == written}
    return OverrideKey(written, (3, 0), frozenset(exact)) if exact else None


def resolve_keys(
    model: ApiModel,
    overrides: Mapping[str, Any],
    diagnostics: list[Diagnostic],
    lists: frozenset[str] = frozenset(),
) -> dict[str, dict[str, tuple[Any, str]]]:
    """Each operation's pinned settings: setting → (value, the key that pinned it).

    Keys are `METHOD /path` or an operationId (exact), `METHOD /glob*` (`*` any method),
    `tag:NAME`, or `all-lists` (the operations inference found to be lists, `lists`). Each setting
    comes from the most specific key that sets it; two equally specific keys that set it apart are
    a conflict, and a key that matches nothing is an error.
    """
    source = str(overrides.get(SOURCE_KEY, "overrides"))
    found: dict[str, dict[str, list[tuple[tuple[int, int], str, Any]]]] = {}
    for written, settings in overrides.items():
        if written == SOURCE_KEY:
            continue
        key = _override_key(model, str(written), lists)
        if key is None or not key.op_keys:
            diagnostics.append(_unmatched(source, str(written), key))
            continue
        for op_key in key.op_keys:
            for setting, value in settings.items():
                found.setdefault(op_key, {}).setdefault(setting, []).append(
                    (key.rank, key.written, value)
                )
    resolved: dict[str, dict[str, tuple[Any, str]]] = {}
    for op_key in sorted(found):
        for setting, entries in sorted(found[op_key].items()):
            best = max(rank for rank, _, _ in entries)
            top = sorted(
                (written, value) for rank, written, value in entries if rank == best
            )
            if any(value != top[0][1] for _, value in top[1:]):
                diagnostics.append(_conflict(source, op_key, setting, top))
                continue
            resolved.setdefault(op_key, {})[setting] = (top[0][1], top[0][0])
    return resolved


def _unmatched(source: str, written: str, key: OverrideKey | None) -> Diagnostic:
    where = Location(source, "/" + escape_pointer_token(written))
    if key is None:
        return _error(
            where,
            f"overrides name an unknown operation `{written}`",
            cause="use `METHOD /path`, an operationId, `METHOD /glob*`, `tag:NAME` or `all-lists`",
        )
    return _error(where, f"the overrides pattern `{written}` matches no operation")


def _conflict(
    source: str, op_key: str, setting: str, top: list[tuple[str, Any]]
) -> Diagnostic:
    names = " and ".join(f"`{written}`" for written, _ in top)
    return _error(
        Location(source, "/" + escape_pointer_token(top[-1][0])),
        f"overrides {names} set `{setting}` of `{op_key}` differently with equal precedence",
        cause="make one of them more specific, or pin the operation by its own key",
    )


def apply_override(
    model: ApiModel,
    op: Operation,
    inference: OperationInference,
    pinned: Mapping[str, tuple[Any, str]],
    source: str,
    diagnostics: list[Diagnostic],
) -> OperationInference:
    """The inference with the pinned parts replaced; evidence says they came from the user.

    `pinned` is `resolve_keys`' setting → (value, key). A setting with errors leaves that part as
    inferred; its errors land in `diagnostics` at the key that set it.
    """
    override = {setting: value for setting, (value, _) in pinned.items()}

    def at(setting: str) -> Location:
        written = pinned[setting][1]
        return Location(source, "/" + escape_pointer_token(written)).child(setting)

    result = inference
    if "paginator" in override:
        value = override["paginator"]
        paginator = (
            _paginator(op, value, at("paginator"), diagnostics, pinned["paginator"][1])
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
                    at("data_selector"),
                    "data_selector is not a JSONPath the runtime can read",
                    problem,
                )
            )
        elif isinstance(value, str):
            result = replace(result, data_selector=_selector(model, op, value))
        else:
            diagnostics.append(
                _error(
                    at("data_selector"),
                    "data_selector must be a JSONPath string or null",
                )
            )
    if "auth" in override:
        auth = _auth(model, override["auth"], at("auth"), diagnostics)
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
    op: Operation,
    value: Any,
    at: Location,
    diagnostics: list[Diagnostic],
    written: str,
) -> PaginatorChoice | None:
    """The override's paginator, checked as a dlt config's is; None when it has errors."""
    owner = f"override for `{op.key}`" + (
        f" (by `{written}`)" if written != op.key else ""
    )
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
    evidence = "pinned by the overrides file" + (
        f" (`{written}`)" if written not in (op.key, op.operation_id) else ""
    )
    return paginator_from_config(op, config, evidence, at)


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
