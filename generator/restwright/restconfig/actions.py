"""`response_actions`: `ignore` by status code or content, and hooks named `module:function`.

Which hooks may run is decided at generate time (`restwright.restconfig.hooks`).
"""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.resource import HookRef, ResponseAction
from restwright.restconfig.hooks import hook_ref
from restwright.restconfig.schema import ResponseActionSpec, missing, validated


def callable_ref(
    value: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> HookRef | None:
    """A checked hook reference; None (and an error) when it is not one."""
    message = (
        f"{owner}: response action {value!r} is neither `ignore` nor a `module:function`"
        " import path"
    )
    return hook_ref(value, where, message, diagnostics)


def response_actions(
    raw: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> tuple[ResponseAction, ...]:
    """The actions in config order (dlt applies them in that order); a wrong one is an error and left out."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        diagnostics.append(_error(where, f"{owner}: `response_actions` must be a list"))
        return ()
    out = [
        action
        for index, item in enumerate(raw)
        if (action := _action(item, where.child(index), owner, diagnostics)) is not None
    ]
    return tuple(out)


def _action(
    item: Any, at: Location, owner: str, diagnostics: list[Diagnostic]
) -> ResponseAction | None:
    found: list[Diagnostic] = []
    if isinstance(item, str):
        ref = callable_ref(item, at, owner, diagnostics)
        return ResponseAction(at, callables=(ref,)) if ref is not None else None
    if not isinstance(item, dict):
        diagnostics.append(
            _error(
                at,
                f"{owner}: a response action must be a mapping or a `module:function`",
            )
        )
        return None
    spec = validated(ResponseActionSpec, item, at, owner, found)
    refs: tuple[HookRef | None, ...] = ()
    if spec is not None and spec.action is None:
        missing(ResponseActionSpec, "action", at, owner, found)
    elif spec is not None and spec.action != "ignore":
        actions = spec.action if isinstance(spec.action, list) else [spec.action]
        refs = tuple(callable_ref(a, at.child("action"), owner, found) for a in actions)
    diagnostics.extend(found)
    if found or spec is None:
        return None
    codes = spec.status_code
    code_list = codes if isinstance(codes, list) else [] if codes is None else [codes]
    if spec.action == "ignore":
        return ResponseAction(at, tuple(code_list), spec.content, ignore=True)
    return ResponseAction(
        at, tuple(code_list), spec.content, callables=tuple(r for r in refs if r)
    )


def _error(where: Location, message: str) -> Diagnostic:
    return Diagnostic("error", message, where)
