"""Errors that say which page of a pagination failed, and why, without leaking secrets.

A bare `ChunkedEncodingError` after five silent retries tells a reader nothing about where a
long pagination stopped; `requests`' messages also quote the raw URL, query secrets included.
Here a failed page (or single request) becomes a `PageRequestError` that keeps the cause's
`requests` type (so `except requests.ConnectionError` still matches), and an `HTTPError` gains
the page number.
"""

from __future__ import annotations

from typing import Iterable

from requests import PreparedRequest
from requests import exceptions as rq

from .exceptions import HTTPError, PageRequestError, ResponseTooLargeError
from .redact import redact_url

__all__ = ["page_request_error", "name_page_in_http_error"]


class PageConnectTimeout(PageRequestError, rq.ConnectTimeout):
    """Connecting timed out on every attempt."""


class PageReadTimeout(PageRequestError, rq.ReadTimeout):
    """The server did not answer within the read timeout on every attempt."""


class PageTimeout(PageRequestError, rq.Timeout):
    """The request timed out on every attempt."""


class PageSSLError(PageRequestError, rq.SSLError):
    """TLS failed on every attempt."""


class PageProxyError(PageRequestError, rq.ProxyError):
    """The proxy failed on every attempt."""


class PageConnectionError(PageRequestError, rq.ConnectionError):
    """The connection failed (refused, reset, or a read timed out mid-body) on every attempt."""


class PageChunkedEncodingError(PageRequestError, rq.ChunkedEncodingError):
    """The body was cut off (reset or closed mid-body) on every attempt."""


class PageContentDecodingError(PageRequestError, rq.ContentDecodingError):
    """The body's content encoding (gzip, deflate) was broken."""


class PageTooManyRedirects(PageRequestError, rq.TooManyRedirects):
    """The page redirected too often."""


class PageResponseError(PageRequestError, rq.HTTPError):
    """A hook called `response.raise_for_status()` (plain `requests`) on the page's response."""


class PageRequestException(PageRequestError, rq.RequestException):
    """Any other `requests` failure."""


# Most specific first: the first class whose `requests` base matches the cause wins.
_KINDS: tuple[tuple[type[rq.RequestException], type[PageRequestError]], ...] = (
    (rq.ConnectTimeout, PageConnectTimeout),
    (rq.ReadTimeout, PageReadTimeout),
    (rq.Timeout, PageTimeout),
    (rq.SSLError, PageSSLError),
    (rq.ProxyError, PageProxyError),
    (rq.ConnectionError, PageConnectionError),
    (rq.ChunkedEncodingError, PageChunkedEncodingError),
    (rq.ContentDecodingError, PageContentDecodingError),
    (rq.TooManyRedirects, PageTooManyRedirects),
    (rq.HTTPError, PageResponseError),
    (rq.RequestException, PageRequestException),
)


def _attempts_text(attempts: int | None) -> str:
    if attempts is None:
        return ""
    return f" after {attempts} attempt{'s' if attempts != 1 else ''}"


def _redacted_cause(
    cause: BaseException, prepared: PreparedRequest, names: Iterable[str]
) -> str:
    """The cause's text with the request's URL (urllib3 quotes its path and query) redacted."""
    text = str(cause)
    response = getattr(cause, "response", None)
    final_url = getattr(response, "url", None) or ""  # differs after a redirect
    for raw in (final_url, prepared.url or "", prepared.path_url or ""):
        if raw:
            text = text.replace(raw, redact_url(raw, names))
    return f"{type(cause).__name__}: {text}"


def page_request_error(
    cause: rq.RequestException,
    page_number: int | None,
    prepared: PreparedRequest,
    names: Iterable[str],
    attempts: int | None,
) -> PageRequestError:
    """The error to raise when page `page_number`'s request (None: a single request) failed."""
    names = tuple(names)
    method = prepared.method or "GET"
    url = redact_url(prepared.url or "", names)
    where = f"page {page_number}: " if page_number is not None else ""
    message = (
        f"{where}{method} {url} failed{_attempts_text(attempts)}:"
        f" {_redacted_cause(cause, prepared, names)}"
    )
    kind = next(page_kind for base, page_kind in _KINDS if isinstance(cause, base))
    error = kind(
        message, page_number=page_number, method=method, url=url, attempts=attempts
    )
    if isinstance(error, rq.RequestException):
        error.request = cause.request
        error.response = cause.response
    return error


def name_page_in_http_error(
    error: HTTPError | ResponseTooLargeError, page_number: int, attempts: int | None
) -> None:
    """Add the page (and attempts made) to an HTTPError (or a too-large page's error)."""
    if error.page_number is not None:
        return
    error.page_number = page_number
    error.args = (
        f"{error} (page {page_number}{_attempts_text(attempts)})",
        *error.args[1:],
    )
