"""Reading an error response: its typed class, the API's own message, request id and body.

A bare "HTTP 400" sends the reader to a debugger; the API usually said why ("No such
customer: cus_123") in one of a few common shapes. The message goes into `str(error)` with
the request's own secrets and any URL credentials masked, since APIs echo what they were sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence, Union
from urllib.parse import parse_qsl, urlsplit

from .exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from .media import media_kind
from .redact import MASK, is_sensitive_header, redact_url

if TYPE_CHECKING:
    from requests import PreparedRequest, Response

__all__ = [
    "ERROR_BODY_LIMIT",
    "REQUEST_ID_HEADERS",
    "api_error",
    "error_class",
    "api_message",
    "request_id",
]

# `.body` is decoded from at most this many bytes: enough for any real error document, small
# enough that logging an error never holds a runaway page in memory twice.
ERROR_BODY_LIMIT = 64 * 1024

# Most specific first; cf-ray (Cloudflare's id) only when the API sets none of its own.
REQUEST_ID_HEADERS: tuple[str, ...] = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-github-request-id",
    "x-correlation-id",
    "x-trace-id",
    "cf-ray",
)

_MESSAGE_LIMIT = 300

Step = Union[str, int]

# Where APIs put their message, most specific first: OAuth's error_description before its
# error code, problem+json's detail before its title, the first of a list of errors.
_MESSAGE_PATHS: tuple[Sequence[Step], ...] = (
    ("error", "message"),
    ("message",),
    ("error_description",),
    ("detail",),
    ("errors", 0, "message"),
    ("errors", 0, "detail"),
    ("errors", 0, "msg"),
    ("errors", 0, "title"),
    ("detail", 0, "msg"),
    ("error", "errors", 0, "message"),
    ("fault", "faultstring"),
    ("error",),
    ("title",),
    ("msg",),
    ("description",),
    ("errors", 0),
)

_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIError]:
    """The error type raised for `status_code` (400 and up)."""
    known = _CLASSES.get(status_code)
    if known is not None:
        return known
    if 400 <= status_code < 500:
        return ClientError
    if 500 <= status_code < 600:
        return InternalServerError
    return APIError


def _decode_body(response: Response) -> Any:
    """The body as JSON when it is JSON, else text; cut (never parsed) past the limit."""
    content = response.content or b""
    if not content.strip():
        return None
    if len(content) > ERROR_BODY_LIMIT:
        head = content[:ERROR_BODY_LIMIT].decode("utf-8", "replace")
        return f"{head}... [{len(content) - ERROR_BODY_LIMIT} more bytes]"
    content_type = response.headers.get("Content-Type", "")
    if media_kind(content_type) == "json" or content.lstrip()[:1] in (b"{", b"["):
        from .json_decode import loads

        try:
            return loads(content)
        except ValueError:
            pass
    return content.decode(response.encoding or "utf-8", "replace")


def _walk(document: Any, path: Sequence[Step]) -> Any:
    node = document
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or not node:
                return None
            node = node[step]
        elif isinstance(node, dict):
            node = node.get(step)
        else:
            return None
    return node


def api_message(body: Any) -> str | None:
    """The API's own error message in a decoded body, as one line; None when there is none."""
    if isinstance(body, str):
        # A short plain-text body is the message; an HTML page or a long dump is not.
        text = body.strip()
        found = None if text.startswith("<") or len(text) > _MESSAGE_LIMIT else text
    else:
        found = next(
            (
                value
                for value in (_walk(body, path) for path in _MESSAGE_PATHS)
                if isinstance(value, str) and value.strip()
            ),
            None,
        )
    if not found:
        return None
    line = " ".join(found.split())
    if len(line) > _MESSAGE_LIMIT:
        line = line[:_MESSAGE_LIMIT] + "..."
    return line


def request_id(response: Response) -> str | None:
    """The id the API gave this request, from the first of `REQUEST_ID_HEADERS` present."""
    headers = response.headers
    return next(
        (headers[name] for name in REQUEST_ID_HEADERS if headers.get(name)), None
    )


def _sent_secrets(request: PreparedRequest | None, names: Iterable[str]) -> list[str]:
    """Credential values the request carried (headers, query), longest first, for masking."""
    if request is None:
        return []
    names = tuple(names)
    values: set[str] = set()
    for header, value in (request.headers or {}).items():
        if is_sensitive_header(header, names) and isinstance(value, str):
            values.add(value)
            values.add(value.rpartition(" ")[2])  # "Bearer <token>": the token alone
    redacted = redact_url(request.url or "", names)
    if redacted != (request.url or ""):
        sent = parse_qsl(urlsplit(request.url or "").query, keep_blank_values=True)
        shown = dict(parse_qsl(urlsplit(redacted).query, keep_blank_values=True))
        values.update(value for key, value in sent if shown.get(key) == MASK)
    # Very short values would mask ordinary words of the message.
    return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)


def _redact_message(
    message: str, request: PreparedRequest | None, names: Iterable[str]
) -> str:
    names = tuple(names)
    for secret in _sent_secrets(request, names):
        message = message.replace(secret, MASK)
    return " ".join(
        redact_url(word, names) if ("?" in word or "@" in word) else word
        for word in message.split(" ")
    )


def _extend_first_line(message: str, addition: str) -> str:
    """`message` with `addition` at the end of its first line (before a body section)."""
    head, sep, rest = message.partition("\n")
    return f"{head}{addition}{sep}{rest}"


def api_error(
    response: Response,
    message: str,
    names: Iterable[str] = (),
    *,
    show_message: bool = True,
) -> APIError:
    """The typed error for a 4xx/5xx `response`; `message` is the status line already redacted.

    Appends the API's message (redacted) to `message`, before any "Response body" section,
    unless `show_message` is false (error bodies turned off explicitly).
    """
    names = tuple(names)
    request = response.request
    body = _decode_body(response)
    said = api_message(body)
    if said is not None:
        said = _redact_message(said, request, names)
    if said is not None and show_message:
        message = _extend_first_line(message, f": {said}")
    identifier = request_id(response)
    if identifier is not None:
        message = _extend_first_line(message, f" (request id {identifier})")
    error = error_class(response.status_code)(
        message,
        status_code=response.status_code,
        method=(request.method if request is not None else None) or "GET",
        url=redact_url(response.url or "", names),
        response=response,
        body=body,
        api_message=said,
        request_id=identifier,
    )
    error.request = request
    if isinstance(error, RateLimitError):
        from .requests import _parse_retry_after

        error.retry_after = _parse_retry_after(response)
    return error
