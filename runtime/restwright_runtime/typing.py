"""dlt's `rest_client.typing`: the names annotations in code written for dlt import."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Literal, Union

from requests import Response

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
HookFunction = Callable[[Response, Any, Any], None]
HookEvent = Union[HookFunction, List[HookFunction]]
Hooks = Dict[str, HookEvent]
