"""One operation call, as generated methods make it: body by media type, response by media type,
typed errors, per-call options, idempotency keys and raw access.

A generated method is one `self._client.rest.call(...)` (`RESTClient.call`, this module's
`call_operation`) passing what the spec says (method, path, parameters, request and response
media types) and the caller's `**options` (`RequestOptions`). Raw access needs no parameter:
`raw_response(lambda: method(...))` makes the call and returns `RawResponse[T]`, so generated
code offers `client.x.with_raw_response.op(...)`, a view with the same signatures.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Generic,
    Mapping,
    ParamSpec,
    TypedDict,
    TypeVar,
    Union,
)

from .credentials import register_auth_names, sensitive_names
from .idempotency import IDEMPOTENT_METHODS, new_idempotency_key
from .responses import ResponseView, read_response, response_kind

if TYPE_CHECKING:
    from requests import Response
    from requests.auth import AuthBase

    from .bodies import Encoding
    from .client import RESTClient

__all__ = [
    "PageOptions",
    "RequestOptions",
    "RawResponse",
    "call_operation",
    "raw_response",
    "with_raw_response",
    "send_options",
    "query_params",
]

P = ParamSpec("P")
T = TypeVar("T")

Timeout = Union[float, tuple[float, float], None]


class PageOptions(TypedDict, total=False):
    """Per-call options of paged methods (`**options: Unpack[PageOptions]`), for every page.

    `timeout`: seconds (or `(connect, read)`) for each attempt; `extra_headers` /
    `extra_query`: merged over the method's own headers and query; `extra_body`: merged over
    the top-level fields of a JSON, form or multipart body (for fields the spec does not
    declare yet); `max_attempts`: attempts per request instead of the client's.
    """

    timeout: Timeout
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]
    extra_body: Mapping[str, Any]
    max_attempts: int


class RequestOptions(PageOptions, total=False):
    """Per-call options of single-call methods (`**options: Unpack[RequestOptions]`).

    `PageOptions`, plus `idempotency_key`: the key to send instead of a fresh one (to repeat
    a call yourself after a crash, under the same key).
    """

    idempotency_key: str


class RawResponse(ResponseView, Generic[T]):
    """A call's HTTP response with the value the call returns: headers (rate limits, ETags),
    status and `parsed`, exactly what the method returns without raw access."""

    def __init__(self, response: Response, parsed: T) -> None:
        super().__init__(response)
        self.parsed = parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] {type(self.parsed).__name__}>"


# Set by `with_raw_response` around one method call; the first operation call in it records
# its response there. A context variable keeps threads and async tasks apart.
_raw_slot: ContextVar[list[Any] | None] = ContextVar("restwright_raw", default=None)


def raw_response(call: Callable[[], T], name: str | None = None) -> RawResponse[T]:
    """Make `call()` (one generated operation call) and return its `RawResponse[T]`.

    Generated raw views call this with a lambda: `Callable[[], T]` keeps mypy's inference
    linear, where a `ParamSpec` wrapper is exponential in the depth of a nested TypedDict
    result (mypy 2.4: a 20-level model takes seconds, 60 levels never finish).
    """
    slot: list[Response] = []
    token = _raw_slot.set(slot)
    try:
        parsed = call()
    finally:
        _raw_slot.reset(token)
    if not slot:
        name = name or getattr(call, "__qualname__", repr(call))
        raise TypeError(
            f"{name} made no request of its own to return raw (a paged operation?"
            " iterate its .pages(): each page has .response)"
        )
    return RawResponse(slot[0], parsed)


def with_raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """`method`, returning `RawResponse[T]` (response + parsed value) instead of `T`.

    `method` is a generated operation (anything making one `call_operation`). Paged methods
    have a response per page: use their `.pages()` and each page's `.response` instead.
    For hand-written wrappers; generated views call `raw_response` (see there why).
    """

    @functools.wraps(method)
    def raw_call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        name = getattr(method, "__qualname__", repr(method))
        return raw_response(lambda: method(*args, **kwargs), name)

    return raw_call


def _record_raw(response: Response) -> None:
    slot = _raw_slot.get()
    if slot is not None and not slot:
        slot.append(response)


def send_options(timeout: Timeout, max_attempts: int | None) -> dict[str, Any]:
    """The per-call options that travel with each send (only those set)."""
    options: dict[str, Any] = {}
    if timeout is not None:
        options["timeout"] = timeout
    if max_attempts is not None:
        options["max_attempts"] = max_attempts
    return options


def query_params(
    params: Mapping[str, Any] | None, extra_query: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Query parameters with None dropped and scalars in wire form (lists item by item);
    values already styled (`styled_query`) pass through unchanged."""
    from .bodies import wire_text

    query: dict[str, Any] = {}
    for name, value in {**(params or {}), **(extra_query or {})}.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            query[name] = [wire_text(item) for item in value if item is not None]
        elif isinstance(value, Mapping):
            query[name] = value
        else:
            query[name] = wire_text(value)
    return query


def _has_header(headers: Mapping[str, str], name: str) -> bool:
    lowered = name.lower()
    return any(key.lower() == lowered for key in headers)


def _idempotency_headers(
    method: str, header: str | None, key: str | None, headers: Mapping[str, str]
) -> dict[str, str]:
    """The key header to add: on non-idempotent methods when the API declares one (or the
    caller gave a key); one key per call, so every retry of it carries the same one."""
    if method in IDEMPOTENT_METHODS or (header is None and key is None):
        return {}
    name = header or "Idempotency-Key"
    if _has_header(headers, name):
        return {}  # the caller's own (a parameter the spec declares)
    return {name: key or new_idempotency_key()}


def call_operation(
    client: RESTClient,
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, Any] | None = None,
    body: Any = None,
    content_type: str | None = "application/json",
    encoding: Encoding | None = None,
    accept: str | None = "application/json",
    auth: AuthBase | None = None,
    idempotency_header: str | None = None,
    timeout: Timeout = None,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
    extra_body: Mapping[str, Any] | None = None,
    max_attempts: int | None = None,
    idempotency_key: str | None = None,
) -> Any:
    """Send one operation and return its value read by `accept`'s kind; raise `APIError`s.

    `content_type` is the request media type chosen among the spec's (`encode_body` rules;
    ignored without a body); `encoding` its per-property Encoding Object. `accept` is the
    success response's media type: JSON → decoded document, text → `str`, binary →
    `BinaryResponse`, `text/event-stream` → `EventStream`, None → no content (`None`);
    204/205 give None whatever it says. `idempotency_header` names the API's key header
    (default: the client's `idempotency_header`); POST/PATCH then carry a fresh key, the
    same on every attempt, which also makes them safe to retry. The rest are `RequestOptions`.
    """
    # Loaded on the first call, not with the client: importing a generated package stays cheap.
    from .bodies import encode_body, wire_text
    from .requests import raise_for_status

    method = method.upper()
    kind = response_kind(accept)
    # Header parameters as the spec types them (ints, booleans, unset ones as None).
    merged_headers = {
        name: wire_text(value)
        for name, value in (headers or {}).items()
        if value is not None
    }
    if kind != "empty" and accept and not _has_header(merged_headers, "Accept"):
        merged_headers["Accept"] = accept
    encoded = encode_body(content_type, body, encoding=encoding, extra_body=extra_body)
    merged_headers.update(encoded.headers)
    merged_headers.update(extra_headers or {})
    key_header = idempotency_header or client.idempotency_header
    merged_headers.update(
        _idempotency_headers(method, key_header, idempotency_key, merged_headers)
    )
    keyed = key_header is not None and _has_header(merged_headers, key_header)
    if auth is not None:
        register_auth_names(auth)
    with encoded:
        request = client._create_request(
            path,
            method,
            params=query_params(params, extra_query),
            json=encoded.json,
            data=encoded.data,
            auth=auth,
            headers=merged_headers,
        )
        request.files = encoded.files
        response = client._send_request(
            request,
            stream=kind in ("binary", "event_stream"),
            replay_safe=keyed,
            **send_options(timeout, max_attempts),
        )
    names = sensitive_names(auth or client.auth, client.session.auth)
    if response.status_code >= 400 and kind in ("binary", "event_stream"):
        # A streamed call's error body is read whole below: it gets the size cap after all.
        from .limited_body import limit_body
        from .limits import session_limits

        limit_body(
            response,
            max_size=session_limits(client.session).max_size,
            total_seconds=None,
        )
    raise_for_status(response, names, client.error_body)
    _record_raw(response)
    return read_response(response, kind, names)
