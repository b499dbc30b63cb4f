"""When a failed request may be sent again, and per-request retry settings.

Resending a POST that reached the server can charge a card twice. A request is resent only
when doing so cannot repeat its effect: its method is idempotent (RFC 9110: GET, HEAD,
OPTIONS, TRACE, PUT, DELETE), it carries an idempotency key (the server then deduplicates),
it never left the client (the connection could not be opened), or the server refused it with
429 before doing anything. Settings travel on the prepared request itself, so they reach the
retrying session through `requests`' own `send` without new keyword arguments.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from requests import PreparedRequest, Response

__all__ = [
    "IDEMPOTENT_METHODS",
    "IDEMPOTENCY_HEADERS",
    "new_idempotency_key",
    "mark_replay_safe",
    "resend_allowed",
    "may_resend",
    "set_attempt_limit",
    "attempt_limit",
    "take_retry_options",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

# Header names APIs use for idempotency keys (Stripe, Adyen, PayPal, Square, the IETF
# draft); a request carrying one may be resent whoever set it.
IDEMPOTENCY_HEADERS = frozenset(
    {"idempotency-key", "x-idempotency-key", "paypal-request-id", "idempotency-token"}
)

_REPLAY_SAFE = "_restwright_replay_safe"
_ATTEMPT_LIMIT = "_restwright_max_attempts"
_resend_allowed: ContextVar[bool] = ContextVar(
    "restwright_resend_allowed", default=False
)


def new_idempotency_key() -> str:
    """A fresh key: one per logical call, kept by every attempt of that call."""
    import uuid

    return str(uuid.uuid4())


def mark_replay_safe(request: PreparedRequest) -> None:
    """Declare `request` safe to resend (it carries a key under a header name of the API's)."""
    setattr(request, _REPLAY_SAFE, True)


@contextmanager
def resend_allowed() -> Iterator[None]:
    """Within this block, requests are resent per the retry policy whatever their method.

    For requests known to be safe that cannot carry a key, e.g. an OAuth2 client-credentials
    token request, which only mints a token.
    """
    token = _resend_allowed.set(True)
    try:
        yield
    finally:
        _resend_allowed.reset(token)


def _replay_safe(request: PreparedRequest) -> bool:
    if (request.method or "GET").upper() in IDEMPOTENT_METHODS:
        return True
    if _resend_allowed.get():
        return True
    if getattr(request, _REPLAY_SAFE, False):
        return True
    return any(name.lower() in IDEMPOTENCY_HEADERS for name in request.headers or {})


def _never_sent(error: BaseException | None) -> bool:
    """True when the connection could not be opened, so the server saw nothing."""
    from requests.exceptions import ConnectionError, ConnectTimeout
    from urllib3.exceptions import ConnectTimeoutError

    if isinstance(error, ConnectTimeout):
        return True
    if not isinstance(error, ConnectionError) or not error.args:
        return False
    # requests wraps urllib3's MaxRetryError, whose `reason` is the underlying failure.
    reason = getattr(error.args[0], "reason", error.args[0])
    return isinstance(
        reason, ConnectTimeoutError
    )  # includes NewConnectionError (refused)


def may_resend(
    request: PreparedRequest, response: Response | None, error: BaseException | None
) -> bool:
    """Whether resending `request` after this outcome cannot repeat its effect."""
    if _replay_safe(request):
        return True
    if response is not None:
        return response.status_code == 429
    return _never_sent(error)


def set_attempt_limit(request: PreparedRequest, max_attempts: int) -> None:
    """Override the session's attempt count for this request only (a per-call option)."""
    setattr(request, _ATTEMPT_LIMIT, max(1, int(max_attempts)))


def attempt_limit(request: PreparedRequest, default: int) -> int:
    """The attempts allowed for `request`: its own override, else the session's `default`."""
    value = getattr(request, _ATTEMPT_LIMIT, None)
    return value if isinstance(value, int) else default


def take_retry_options(request: PreparedRequest, send_kwargs: dict[str, Any]) -> None:
    """Move the per-call `max_attempts` / `replay_safe` out of `send`'s keyword arguments
    onto `request` (a session's `send` would reject them)."""
    max_attempts = send_kwargs.pop("max_attempts", None)
    if max_attempts is not None:
        set_attempt_limit(request, max_attempts)
    if send_kwargs.pop("replay_safe", False):
        mark_replay_safe(request)
