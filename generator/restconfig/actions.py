"""`response_actions`: `ignore` by status code or content, and callables by import path.

YAML cannot hold functions, so a callable is named `module:function` (or `module.function`);
the generated code imports it when the resource is first requested.
"""

from __future__ import annotations

import re
from typing import Any

from restwright.diagnostics import Location, RestwrightError
from restwright.model.resource import ResponseAction

_CALLABLE = re.compile(
    r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*)?$"
)


def callable_ref(value: Any, where: Location, owner: str) -> str:
    """A checked `module:function` reference."""
    if (
        not isinstance(value, str)
        or not _CALLABLE.match(value)
        or (":" not in value and "." not in value)
    ):
        raise RestwrightError.at(
            where,
            f"{owner}: response action {value!r} is neither `ignore` nor a `module:function` import path",
        )
    return value


def response_actions(
    raw: Any, where: Location, owner: str
) -> tuple[ResponseAction, ...]:
    """The actions in config order (dlt applies them in that order)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RestwrightError.at(where, f"{owner}: `response_actions` must be a list")
    out = []
    for index, item in enumerate(raw):
        at = where.child(index)
        if isinstance(item, str):
            out.append(ResponseAction(at, callables=(callable_ref(item, at, owner),)))
            continue
        if not isinstance(item, dict):
            raise RestwrightError.at(
                at,
                f"{owner}: a response action must be a mapping or a `module:function`",
            )
        codes = item.get("status_code")
        code_list = (
            codes if isinstance(codes, list) else [] if codes is None else [codes]
        )
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in code_list):
            raise RestwrightError.at(
                at.child("status_code"), f"{owner}: `status_code` must be an integer"
            )
        content = item.get("content")
        if content is not None and not isinstance(content, str):
            raise RestwrightError.at(
                at.child("content"), f"{owner}: `content` must be a string"
            )
        action = item.get("action")
        actions = action if isinstance(action, list) else [action]
        if action == "ignore":
            out.append(ResponseAction(at, tuple(code_list), content, ignore=True))
        elif action is None:
            raise RestwrightError.at(
                at, f"{owner}: a response action needs an `action`"
            )
        else:
            refs = tuple(callable_ref(a, at.child("action"), owner) for a in actions)
            out.append(ResponseAction(at, tuple(code_list), content, callables=refs))
    return tuple(out)
