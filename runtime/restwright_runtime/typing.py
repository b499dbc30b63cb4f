"""dlt's `rest_client.typing`: the names annotations in code written for dlt import."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Literal, Union

__all__ = [
    "HTTPMethodBasic",
    "HTTPMethodExtended",
    "HTTPMethod",
    "HookFunction",
    "HookEvent",
    "Hooks",
]

HTTPMethodBasic = Literal["GET", "POST"]
HTTPMethodExtended = Literal["PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
HTTPMethod = Union[HTTPMethodBasic, HTTPMethodExtended]
# Looser than dlt's (`Callable[[Response, Any, Any], None]`, `Dict[str, HookEvent]`): a hook
# gets `(response, *args, **kwargs)` and may return a response, and lists are invariant, so a
# `list` of such hooks must fit `Hooks` as it is.
HookFunction = Callable[..., Any]
HookEvent = Union[HookFunction, List[HookFunction]]
Hooks = Dict[str, Any]
