"""`response_actions`: `ignore` by status code or content, and callables by import path.

YAML cannot hold functions, so a callable is named `module:function` (or `module.function`);
the generated code imports it when the resource is first requested.
"""

from __future__ import annotations

import re
from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.resource import ResponseAction

_CALLABLE = re.compile(
    r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*)?$"
)


def callable_ref(
    value: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> str | None:
    """A checked `module:function` reference; None (and an error) when it is not one."""
    if (
        not isinstance(value, str)
        or not _CALLABLE.match(value)
        or (":" not in value and "." not in value)
    ):
        diagnostics.append(
            _error(
                where,
                f"{owner}: response action {value!r} is neither `ignore` nor a `module:function` import path",
            )
        )
        return None
    return value


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
    codes = item.get("status_code")
    code_list = codes if isinstance(codes, list) else [] if codes is None else [codes]
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in code_list):
        found.append(
            _error(
                at.child("status_code"), f"{owner}: `status_code` must be an integer"
            )
        )
    content = item.get("content")
    if content is not None and not isinstance(content, str):
        found.append(
            _error(at.child("content"), f"{owner}: `content` must be a string")
        )
    action = item.get("action")
    refs: tuple[str | None, ...] = ()
    if action is None:
        found.append(_error(at, f"{owner}: a response action needs an `action`"))
    elif action != "ignore":
        actions = action if isinstance(action, list) else [action]
        refs = tuple(callable_ref(a, at.child("action"), owner, found) for a in actions)
    diagnostics.extend(found)
    if found:
        return None
    if action == "ignore":
        return ResponseAction(at, tuple(code_list), content, ignore=True)
    return ResponseAction(
        at, tuple(code_list), content, callables=tuple(r for r in refs if r)
    )


def _error(where: Location, message: str) -> Diagnostic:
    return Diagnostic("error", message, where)
