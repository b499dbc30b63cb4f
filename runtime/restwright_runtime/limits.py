"""How large a response may be and how long one exchange may take, for every request a session sends.

The limits belong to the session (`requests.Client` sets them from its arguments and the
environment); a `RESTClient` may override them for its own requests. They are applied where
every exchange passes: the session's adapter lookup hands out a `LimitedAdapter`, which times
the exchange from its first byte sent and puts `limit_body` on each response, so redirects,
hooks and retries are covered without each caller remembering to.

Defaults: 64 MiB decoded per response (JSON pages are far smaller; a bigger body is more likely
a runaway export or a compression bomb than data a paginating client should hold in memory);
a deadline of connect + read timeout (twice a single-number timeout), so nothing `requests`'
own timeouts allow to arrive promptly is cut, while a trickling server is.
"""

from __future__ import annotations

import contextvars
import functools
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Callable, Iterator, Mapping

from requests import PreparedRequest, Response, Session
from requests.adapters import BaseAdapter

from .limited_body import limit_body

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "ENVIRONMENT",
    "UNSET",
    "LimitedAdapter",
    "ResponseLimits",
    "derived_deadline",
    "limit_session",
    "session_limits",
    "using_limits",
]

DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024

# Setting name -> environment variable (dlt's RUNTIME__ namespace, as the other settings).
ENVIRONMENT = {
    "max_response_size": "RUNTIME__MAX_RESPONSE_SIZE",
    "request_deadline": "RUNTIME__REQUEST_DEADLINE",
}

# A setting the caller left out (None means "no limit", so it cannot mean that).
UNSET: Any = type("Unset", (), {"__repr__": lambda self: "<default>"})()

_GUARD_ATTRIBUTE = "_restwright_limited"


def derived_deadline(timeout: Any) -> float | None:
    """The default deadline for a `requests` timeout: connect + read; None when either is unbounded.

    Accepts what `requests` does: a number (both timeouts), a (connect, read) pair, a urllib3
    `Timeout` (whose `total`, when set, is the deadline).
    """
    if timeout is None or isinstance(timeout, bool):
        return None
    if isinstance(timeout, (int, float)):
        return 2.0 * timeout
    if isinstance(timeout, tuple) and len(timeout) == 2:
        connect, read = timeout
        if isinstance(connect, (int, float)) and isinstance(read, (int, float)):
            return float(connect + read)
        return None
    total = getattr(timeout, "total", None)
    if isinstance(total, (int, float)):
        return float(total)
    connect, read = getattr(timeout, "connect_timeout", None), getattr(
        timeout, "read_timeout", None
    )
    if isinstance(connect, (int, float)) and isinstance(read, (int, float)):
        return float(connect + read)
    return None


@dataclass(frozen=True)
class ResponseLimits:
    """A session's response limits.

    `max_size`: decoded bytes per response, None for no cap. `deadline`: seconds per exchange
    (request sent, head and body read), None for none; used only when `deadline_from_timeout`
    is false, else the deadline is `derived_deadline(timeout)` of each request's timeout.
    """

    max_size: int | None = DEFAULT_MAX_RESPONSE_SIZE
    deadline: float | None = None
    deadline_from_timeout: bool = True

    def deadline_for(self, timeout: Any) -> float | None:
        """The deadline, in seconds, of an exchange sent with `timeout`."""
        if self.deadline_from_timeout:
            return derived_deadline(timeout)
        return self.deadline

    @classmethod
    def from_environment(cls) -> "ResponseLimits":
        """The defaults, each overridden by its environment variable when that is set."""
        limits = cls()
        for name, variable in ENVIRONMENT.items():
            raw = os.environ.get(variable, "").strip()
            if raw:
                try:
                    limits = limits.updated({name: raw})
                except ValueError:
                    raise ValueError(
                        f"environment variable {variable}={raw!r} must be a number >= 0"
                    ) from None
        return limits

    def updated(self, settings: Mapping[str, Any]) -> "ResponseLimits":
        """A copy with the user settings given (`max_response_size`, `request_deadline`).

        Sizes in bytes, deadlines in seconds (a number, numeric text or a `timedelta`); None or
        0 turns a limit off. Settings not given keep their current value.
        """
        limits = self
        if "max_response_size" in settings:
            size = _number(settings["max_response_size"], "max_response_size")
            limits = replace(limits, max_size=int(size) if size else None)
        if "request_deadline" in settings:
            seconds = _number(settings["request_deadline"], "request_deadline")
            limits = replace(
                limits, deadline=seconds or None, deadline_from_timeout=False
            )
        return limits


def _number(value: Any, name: str) -> float:
    """A setting's value as a number >= 0 (None counts as 0: no limit)."""
    if value is None:
        return 0.0
    if isinstance(value, timedelta):
        return value.total_seconds()
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number") from None
    if not number >= 0:  # refuses NaN too
        raise ValueError(f"{name}={value!r} must be a number >= 0")
    return number


_override: contextvars.ContextVar[ResponseLimits | None] = contextvars.ContextVar(
    "restwright_response_limits", default=None
)


@contextmanager
def using_limits(limits: ResponseLimits | None) -> Iterator[None]:
    """Within the block, sessions apply `limits` instead of their own (None: their own)."""
    if limits is None:
        yield
        return
    token = _override.set(limits)
    try:
        yield
    finally:
        _override.reset(token)


def session_limits(session: Session) -> ResponseLimits:
    """The limits a request sent through `session` now gets."""
    override = _override.get()
    if override is not None:
        return override
    limits = getattr(session, "response_limits", None)
    return limits if isinstance(limits, ResponseLimits) else ResponseLimits()


class LimitedAdapter:
    """Stands in for a transport adapter: each exchange gets its deadline, each body its cap.

    A streamed response (`stream=True`) is left to its reader, who chose to stream (a download
    written to disk, an event stream); a redirect's body is limited even then, since `requests`
    reads it itself before the next hop.
    """

    def __init__(self, adapter: BaseAdapter, limits: ResponseLimits) -> None:
        self.adapter = adapter
        self.limits = limits

    def __getattr__(self, name: str) -> Any:
        return getattr(self.adapter, name)

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        started = time.monotonic()
        response: Response = self.adapter.send(request, **kwargs)
        # Resends through `response.connection` (an OAuth2 401 retry) stay limited too.
        setattr(response, "connection", self)
        if kwargs.get("stream") and not response.is_redirect:
            return response
        return limit_body(
            response,
            max_size=self.limits.max_size,
            total_seconds=self.limits.deadline_for(kwargs.get("timeout")),
            started=started,
        )

    def close(self) -> None:
        self.adapter.close()


def _limited_adapter(
    session: Session, get_adapter: Callable[[str], BaseAdapter], url: str
) -> LimitedAdapter:
    return LimitedAdapter(get_adapter(url), session_limits(session))


def limit_session(session: Session, limits: ResponseLimits | None = None) -> Session:
    """Apply response limits to everything `session` sends, in place; idempotent.

    `limits` replaces the session's own (when None, a session without limits gets the
    defaults and the environment's settings). An instance attribute
    shadows `get_adapter`, which `requests` calls for every exchange, redirects included.
    """
    attrs = vars(session)
    if limits is not None:
        attrs["response_limits"] = limits
    elif not isinstance(attrs.get("response_limits"), ResponseLimits):
        attrs["response_limits"] = ResponseLimits.from_environment()
    if not attrs.get(_GUARD_ATTRIBUTE):
        attrs["get_adapter"] = functools.partial(
            _limited_adapter, session, session.get_adapter
        )
        attrs[_GUARD_ATTRIBUTE] = True
    return session
