"""Errors raised by the runtime; one module so callers can catch them by name."""

from __future__ import annotations

import re
from typing import Any

from requests import exceptions as _requests_errors
from requests.exceptions import ReadTimeout

from .redact import redact_text, shorten

# The longest message a runtime error keeps: enough for a URL and an excerpt, never a page.
MESSAGE_LIMIT = 2000
# A run without spaces (a URL with a grown cursor, a minified page) is cut to this first.
TOKEN_LIMIT = 300

_LONG_TOKEN = re.compile(r"\S{%d,}" % (TOKEN_LIMIT + 1))


def bounded_message(text: str) -> str:
    """`text` redacted, its long runs and then its whole length cut down to size."""
    text = _LONG_TOKEN.sub(lambda match: shorten(match.group(0), TOKEN_LIMIT), text)
    return shorten(redact_text(text), MESSAGE_LIMIT)


class RESTClientError(Exception):
    """Base class of every error the runtime raises on its own behalf.

    Its message is redacted and bounded when the error is made (`bounded_message`), so no
    caller can put a whole page, a runaway URL or an echoed credential into one.
    """

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            args = (self._bounded(args[0]), *args[1:])
        super().__init__(*args)

    def _bounded(self, message: str) -> str:
        return bounded_message(message)


class IgnoreResponseException(RESTClientError):
    """Raised by a response hook to end pagination quietly (dlt's semantics)."""


class PaginatorError(RESTClientError, ValueError):
    """A paginator was configured with settings that cannot work together."""


class PaginatorNotFound(PaginatorError):
    """A `paginator_factory` found no paginator for the first response (dlt's name)."""


# dlt's names for the same classes.
RESTClientException = RESTClientError
PaginatorSetupError = PaginatorError


class PaginationLoopError(RESTClientError):
    """The next request repeats one already made: the API would be paged forever.

    dlt loops on such APIs; we stop and say which request repeated.
    """

    def __init__(self, message: str, *, page_number: int | None = None) -> None:
        super().__init__(message)
        self.page_number = page_number


class ResponseDecodeError(RESTClientError):
    """A page's body could not be decoded as JSON; names the page and the redacted URL."""

    def __init__(
        self, message: str, *, url: str | None = None, page_number: int | None = None
    ) -> None:
        super().__init__(message)
        self.url = url
        self.page_number = page_number


class AuthError(RESTClientError):
    """Credentials are missing or a token could not be obtained."""


class HTTPError(RESTClientError):
    """An HTTP error response, described without secrets (status, method, redacted URL)."""

    # Set when raised while paginating: which page failed.
    page_number: int | None = None

    def _bounded(self, message: str) -> str:
        # The status line is bounded; the body below it is as long as the caller asked
        # (`http_max_error_body_length`), only redacted.
        head, newline, body = message.partition("\n")
        return bounded_message(head) + newline + redact_text(body)

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.method = method
        self.url = url
        self.response = response


class ResponseHTTPError(HTTPError, _requests_errors.HTTPError):
    """Our redacted HTTP error, also a `requests.HTTPError` so dlt-style `except` clauses still match."""


class TokenEndpointError(AuthError, ResponseHTTPError):
    """The OAuth token endpoint answered with an HTTP error.

    An `AuthError`, and an HTTP error both ours and `requests`' (dlt raises the latter), so
    `except requests.HTTPError` written for dlt still catches it; `.response` is the answer.
    """


class APIError(ResponseHTTPError):
    """An error response (4xx/5xx) of the API, typed by its status; catch this for any of them.

    `str(e)` gives the status, method, redacted URL and the API's own message (redacted).
    `body` is the decoded JSON (or text) of the response, cut at 64 KiB; `api_message` the
    message found in it; `request_id` the id the API assigned (quote it to its support).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        body: Any = None,
        api_message: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(
            message, status_code=status_code, method=method, url=url, response=response
        )
        self.body = body
        self.api_message = api_message
        self.request_id = request_id


class ClientError(APIError):
    """A 4xx response: the request was refused as sent."""


class BadRequestError(ClientError):
    """400: the request was malformed or failed validation."""


class AuthenticationError(ClientError):
    """401: credentials are missing, wrong or expired."""


class PermissionDeniedError(ClientError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(ClientError):
    """404: the resource does not exist (or is hidden from these credentials)."""


class ConflictError(ClientError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(ClientError):
    """422: well-formed but semantically invalid."""


class RateLimitError(ClientError):
    """429: too many requests; `retry_after` holds the seconds the API asked to wait, if any."""

    retry_after: float | None = None


class InternalServerError(APIError):
    """A 5xx response: the API failed; retried by the session before this is raised."""


class PageRequestError(RESTClientError):
    """A page's request failed below HTTP (reset, cut-off body, timeout) after every retry.

    Names the page, the redacted URL, the attempts made and the cause. The client raises it
    mixed with the cause's `requests` type, so `except requests.ConnectionError` still matches.
    """

    def __init__(
        self,
        message: str,
        *,
        page_number: int | None = None,
        method: str | None = None,
        url: str | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(message)
        self.page_number = page_number
        self.method = method
        self.url = url
        self.attempts = attempts


class ResponseBodyError(RESTClientError):
    """A 2xx page whose body is an error object (`{"ok": false, "error": ...}`) instead of records.

    Without it such a page reads as an empty last page and the rest is skipped silently.
    """

    def __init__(
        self, message: str, *, url: str | None = None, page_number: int | None = None
    ) -> None:
        super().__init__(message)
        self.url = url
        self.page_number = page_number


class RetryError(RESTClientError):
    """Retries ran out: dlt's `requests` module exports tenacity's `RetryError` under this name.

    As in dlt, the retrying session never raises it (after the last attempt it returns the last
    response or re-raises the last error); it exists so that code written for dlt that catches
    it still imports and runs. `last_attempt` is whatever the raiser hands over.
    """

    def __init__(self, last_attempt: Any = None) -> None:
        super().__init__(f"retries ran out; last attempt: {last_attempt!r}")
        self.last_attempt = last_attempt


class ResponseTooLargeError(RESTClientError):
    """A response body grew past `max_response_size` (counted decoded) and was not read further.

    Not retried: the next attempt would be as large. Names the limit and how to raise it.
    """

    def __init__(
        self,
        message: str,
        *,
        limit: int,
        url: str | None = None,
        page_number: int | None = None,
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.url = url
        self.page_number = page_number


class RequestDeadlineExceeded(RESTClientError, ReadTimeout):
    """An exchange (request, response head and body) took longer than its total deadline.

    A `requests.ReadTimeout`, so it is retried like one and caught where timeouts are.
    """

    def __init__(
        self, message: str, *, deadline: float, url: str | None = None
    ) -> None:
        super().__init__(message)
        self.deadline = deadline
        self.url = url
