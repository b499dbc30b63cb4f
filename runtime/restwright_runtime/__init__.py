"""restwright's runtime: dlt's REST client helpers (RESTClient, paginate, paginators) without dlt.

Importing this package costs little more than `import requests`: jsonpath-ng, orjson and the
retrying session are loaded on first use.
"""

from __future__ import annotations

from .auth import AuthConfigBase
from .client import PageData, Paged, RESTClient, paginate
from .exceptions import (
    HTTPError,
    IgnoreResponseException,
    PageRequestError,
    PaginationLoopError,
    PaginatorError,
    RequestDeadlineExceeded,
    ResponseBodyError,
    ResponseDecodeError,
    ResponseTooLargeError,
    RESTClientError,
)
from .paginators import BasePaginator
from .typing import Hooks, HTTPMethodBasic

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
    # dlt's package exports these too.
    "AuthConfigBase",
    "BasePaginator",
    "Hooks",
    "HTTPMethodBasic",
]

__version__ = "0.1.0"
