"""restwright's runtime: dlt's REST client helpers (RESTClient, paginate, paginators) without dlt.

Importing this package costs little more than `import requests`: jsonpath-ng, orjson and the
retrying session are loaded on first use.
"""

from __future__ import annotations

from .client import PageData, Paged, RESTClient, paginate
from .exceptions import (
    HTTPError,
    IgnoreResponseException,
    PageRequestError,
    PaginationLoopError,
    PaginatorError,
    ResponseBodyError,
    ResponseDecodeError,
    RESTClientError,
)

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
    "RESTClientError",
]

__version__ = "0.2.0"
