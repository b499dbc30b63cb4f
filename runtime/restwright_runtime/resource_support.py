"""What clients generated from a dlt `rest_api` config call: placeholders, parent fields, actions.

Part of the API generated packages import (see `__all__`; stable within a minor version of
`restwright-runtime`, which generated packages pin). Hooks (`response_actions` callables,
`incremental.convert`) arrive here as functions the generated code imported by name at generate
time; nothing here imports by string.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from requests import Response

from .client import PageData, Paged, RESTClient
from .exceptions import IgnoreResponseException
from .paths import expand_path, fill_parts
from .requests import raise_for_status

__all__ = ["Action", "ActionPaged", "expand", "expand_path", "parent_field"]

T = TypeVar("T")
ResponseHook = Callable[..., Any]
_FORMATTER = string.Formatter()
_RETRIED = (429, 500, 502, 503, 504)


def _fill(template: str, values: Mapping[str, Any]) -> Any:
    """`template` with each `{name}` replaced by its value as text; `{{`/`}}` are braces.

    A template that is one placeholder keeps the value's type (a number stays a number in JSON).
    """
    parts = list(_FORMATTER.parse(template))
    if len(parts) == 1 and parts[0][0] == "" and parts[0][1] is not None:
        return values[parts[0][1]]
    return fill_parts(parts, values, str)


def expand(value: Any, values: Mapping[str, Any]) -> Any:
    """Placeholders filled in strings, lists and dicts (dlt's params, json and headers)."""
    if isinstance(value, str):
        return _fill(value, values)
    if isinstance(value, list):
        return [expand(item, values) for item in value]
    if isinstance(value, dict):
        return {key: expand(item, values) for key, item in value.items()}
    return value


def parent_field(record: Mapping[str, Any], path: str) -> Any:
    """A (dotted) field of a parent record; a missing field is an error, as in dlt."""
    value: Any = record
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            raise KeyError(f"the parent record has no field {path!r}")
        value = value[key]
    return value


@dataclass(frozen=True)
class Action:
    """One dlt response action: a match (status codes, content substring) and what to do.

    `callables` are applied in order as requests response hooks; each may return a replacement
    response (or None to keep it).
    """

    status_codes: tuple[int, ...] = ()
    content: str | None = None
    ignore: bool = False
    callables: tuple[ResponseHook, ...] = ()

    def matches(self, response: Response) -> bool:
        if self.status_codes and response.status_code not in self.status_codes:
            return False
        return self.content is None or self.content in response.text


def _action_hook(action: Action) -> Callable[..., Response]:
    def hook(response: Response, *args: Any, **kwargs: Any) -> Response:
        if not action.matches(response):
            return response
        if action.ignore:
            raise IgnoreResponseException(
                f"ignored HTTP {response.status_code} response"
            )
        for function in action.callables:
            changed = function(response, *args, **kwargs)
            response = changed if changed is not None else response
        return response

    return hook


def _raise_unless_retried(response: Response, *args: Any, **kwargs: Any) -> Response:
    """Errors no action handled; statuses the session retries are raised after the last try."""
    if response.status_code not in _RETRIED:
        raise_for_status(response)
    return response


class ActionPaged(Paged[T]):
    """`Paged` whose requests go through the resource's response actions (requests hooks)."""

    def __init__(
        self, client: RESTClient, path: str, *, actions: Sequence[Action], **kwargs: Any
    ) -> None:
        super().__init__(client, path, **kwargs)
        self.actions = tuple(actions)

    def pages(self) -> Iterator[PageData[T]]:
        hooks = [_action_hook(action) for action in self.actions]
        hooks.append(_raise_unless_retried)
        for page in self._paginate(hooks={"response": hooks}):
            raise_for_status(page.response)
            yield page
