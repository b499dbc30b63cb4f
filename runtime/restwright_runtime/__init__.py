"""restwright's runtime: dlt's REST client helpers (RESTClient, paginate, paginators) without dlt.

Importing this package costs nothing beyond the standard library: `requests` and the client are
loaded when one of the names below is first used, so pure helpers such as `media` stay cheap
for the generator. jsonpath-ng, orjson and the retrying session load on first use too.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import PageData, Paged, RESTClient, paginate
    from .exceptions import (
        HTTPError,
        IgnoreResponseException,
        PageRequestError,
        PaginationLoopError,
        PaginatorError,
        ResponseBodyError,
        ResponseDecodeError,
        ResponseTooLargeError,
        RequestDeadlineExceeded,
        RESTClientError,
    )
    from .auth import AuthConfigBase
    from .paginators import BasePaginator
    from .typing import Hooks, HTTPMethodBasic
    from .calls import (
        PageOptions,
        RawResponse,
        RequestOptions,
        raw_response,
        with_raw_response,
    )
    from .exceptions import APIError
    from .responses import BinaryResponse, EventStream, ServerSentEvent

# Public name -> the submodule defining it (imported on first access, PEP 562).
_EXPORTS = {
    "RESTClient": "client",
    "paginate": "client",
    "PageData": "client",
    "Paged": "client",
    "HTTPError": "exceptions",
    "IgnoreResponseException": "exceptions",
    "PageRequestError": "exceptions",
    "PaginationLoopError": "exceptions",
    "PaginatorError": "exceptions",
    "ResponseBodyError": "exceptions",
    "ResponseDecodeError": "exceptions",
    "RESTClientError": "exceptions",
    "ResponseTooLargeError": "exceptions",
    "RequestDeadlineExceeded": "exceptions",
    "AuthConfigBase": "auth",
    "BasePaginator": "paginators",
    "Hooks": "typing",
    "HTTPMethodBasic": "typing",
    "APIError": "exceptions",
    "RawResponse": "calls",
    "RequestOptions": "calls",
    "PageOptions": "calls",
    "raw_response": "calls",
    "with_raw_response": "calls",
    "BinaryResponse": "responses",
    "EventStream": "responses",
    "ServerSentEvent": "responses",
}

# Literal, so that type checkers see the exports (a test keeps it equal to _EXPORTS).
__all__ = [
    "RESTClient",
    "paginate",
    "PageData",
    "Paged",
    "HTTPError",
    "IgnoreResponseException",
    "PageRequestError",
    "PaginationLoopError",
    "PaginatorError",
    "ResponseBodyError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "RequestDeadlineExceeded",
    "RESTClientError",
    "APIError",
    "RawResponse",
    "RequestOptions",
    "PageOptions",
    "raw_response",
    "with_raw_response",
    "BinaryResponse",
    "EventStream",
    "ServerSentEvent",
    # dlt's package exports these too.
    "AuthConfigBase",
    "BasePaginator",
    "Hooks",
    "HTTPMethodBasic",
]

__version__ = "0.2.0"


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is not None:
        value = getattr(import_module(f".{module_name}", __name__), name)
        globals()[name] = value
        return value
    try:  # `restwright_runtime.client` without importing the submodule first, as before
        return import_module(f".{name}", __name__)
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
