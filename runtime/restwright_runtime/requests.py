"""A retrying `requests` session with dlt's settings: a drop-in for `dlt.sources.helpers.requests`.

Retries 429 and 5xx responses, connection errors, timeouts and bodies cut off mid-read, with
exponential backoff plus jitter; `Retry-After` (seconds or HTTP date) and `retry-after-ms` set a
floor for the wait; every wait is capped by `request_max_retry_delay`. Errors and log lines show
only redacted URLs.
"""

from __future__ import annotations

import logging
import math
import os
import random
import threading
import time
from datetime import timedelta
from typing import Any, Callable, Iterable, Mapping, Sequence, Union

from requests import (  # re-exported: `from restwright_runtime import requests` replaces `import requests`
    ConnectionError,
    ConnectTimeout,
    FileModeWarning,
    HTTPError,
    PreparedRequest,
    ReadTimeout,
    Request,
    RequestException,
    Response,
    Session,
    Timeout,
    TooManyRedirects,
    URLRequired,
)
from requests.adapters import HTTPAdapter
from requests.utils import default_user_agent
from requests.exceptions import ChunkedEncodingError

from restwright_runtime.exceptions import ResponseHTTPError, RetryError
from restwright_runtime.idempotency import attempt_limit, may_resend
from restwright_runtime.credentials import (
    OriginSafeSession,
    guard_session,
    register_auth_names,
)
from restwright_runtime.error_redaction import redacts_errors
from restwright_runtime.limits import ResponseLimits, limit_session
from restwright_runtime.redact import (
    install_log_redaction,
    redact_url,
)

__all__ = [
    "Client",
    "RetryPolicy",
    "RetrySession",
    "ResponseHTTPError",
    "raise_for_status",
    "http_error_message",
    "attempts_made",
    "env_flag",
    "config_value",
    "ErrorBody",
    "DEFAULT_RETRY_STATUS",
    "DEFAULT_RETRY_EXCEPTIONS",
    "request",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "client",
    "init",
    "Response",
    "Session",
    "Request",
    "PreparedRequest",
    "HTTPError",
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Timeout",
    "ChunkedEncodingError",
    "RequestException",
    "TooManyRedirects",
    "URLRequired",
    "FileModeWarning",
    "RetryError",
]

logger = logging.getLogger("restwright_runtime")

USER_AGENT = "restwright-runtime/0.2.0"

# dlt retries 429 and every 5xx.
DEFAULT_RETRY_STATUS: tuple[int, ...] = (429, *range(500, 600))
DEFAULT_RETRY_EXCEPTIONS: tuple[type[BaseException], ...] = (
    ConnectionError,
    Timeout,
    ChunkedEncodingError,
)

# dlt's RunConfiguration defaults, each overridable by its environment variable.
DEFAULT_REQUEST_TIMEOUT = 60.0
DEFAULT_TIMEOUT = DEFAULT_REQUEST_TIMEOUT  # dlt's name (its requests.session)
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_BACKOFF_FACTOR = 1.0
DEFAULT_MAX_RETRY_DELAY = 300.0
DEFAULT_ERROR_BODY_LENGTH = 500

ENV_TIMEOUT = "RUNTIME__REQUEST_TIMEOUT"
ENV_MAX_ATTEMPTS = "RUNTIME__REQUEST_MAX_ATTEMPTS"
ENV_BACKOFF_FACTOR = "RUNTIME__REQUEST_BACKOFF_FACTOR"
ENV_MAX_RETRY_DELAY = "RUNTIME__REQUEST_MAX_RETRY_DELAY"
ENV_SHOW_ERROR_BODY = "RUNTIME__HTTP_SHOW_ERROR_BODY"
ENV_MAX_ERROR_BODY_LENGTH = "RUNTIME__HTTP_MAX_ERROR_BODY_LENGTH"

TimeoutValue = Union[float, tuple[float, float], None]
# dlt's `TimedeltaSeconds`: the Client also takes `timedelta`s, stored as float seconds.
Seconds = Union[float, timedelta]
TimeoutArgument = Union[Seconds, tuple[Seconds, Seconds], None]
TRequestTimeout = TimeoutArgument  # dlt's name (its requests.typing)
RetryPredicate = Callable[[Union[Response, None], Union[BaseException, None]], bool]
ResponseHook = Callable[..., Any]


class _Unset:
    """Marks an argument the caller left out, so the environment may supply it."""

    def __repr__(self) -> str:
        return "<default>"


_UNSET: Any = _Unset()


# --------------------------------------------------------------------------- settings


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(
            f"environment variable {name}={raw!r} is not a number"
        ) from None
    if math.isnan(value) or value < 0:
        raise ValueError(f"environment variable {name}={raw!r} must be a number >= 0")
    return value


def env_flag(name: str) -> bool:
    """Whether environment variable `name` is set to a true-like value (dlt's reading)."""
    return os.environ.get(name, "").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
        "y",
        "t",
    }


# --------------------------------------------------------------------------- errors


class ErrorBody:
    """Whether HTTP error messages carry the response body, and how much of it.

    dlt's `http_show_error_body` / `http_max_error_body_length` settings; a setting left None
    is read from its environment variable when a message is written.
    """

    def __init__(self, show: bool | None = None, max_length: int | None = None) -> None:
        self.show = show
        self.max_length = max_length

    @classmethod
    def from_config(cls, config: Any) -> "ErrorBody":
        """From a dlt `RuntimeConfiguration`-like object or mapping (None: the environment)."""
        show = config_value(config, "http_show_error_body")
        length = config_value(config, "http_max_error_body_length")
        return cls(
            None if show is None else bool(show),
            None if length is None else int(length),
        )

    def shown(self) -> bool:
        return env_flag(ENV_SHOW_ERROR_BODY) if self.show is None else self.show

    def hidden(self) -> bool:
        """True when showing bodies was turned off explicitly (config or environment).

        Then even the API's one-line message stays out of error text; left unset, it is shown.
        """
        if self.show is not None:
            return not self.show
        raw = os.environ.get(ENV_SHOW_ERROR_BODY)
        return (
            raw is not None and raw.strip() != "" and not env_flag(ENV_SHOW_ERROR_BODY)
        )

    def limit(self) -> int:
        if self.max_length is not None:
            return self.max_length
        return int(_env_number(ENV_MAX_ERROR_BODY_LENGTH, DEFAULT_ERROR_BODY_LENGTH))


def config_value(config: Any, name: str) -> Any:
    """`name` from a dlt `RuntimeConfiguration`-like object or a mapping; None when absent."""
    if config is None:
        return None
    if isinstance(config, Mapping):
        return config.get(name)
    return getattr(config, name, None)


def http_error_message(
    response: Response,
    extra_names: Iterable[str] = (),
    error_body: ErrorBody | None = None,
) -> str:
    """Describe a failed response: status, reason, method and redacted URL; body only when asked."""
    error_body = error_body if error_body is not None else ErrorBody()
    request = response.request
    method = (request.method if request is not None else None) or "GET"
    url = response.url or (request.url if request is not None else "") or ""
    reason = response.reason
    if isinstance(reason, bytes):
        reason = reason.decode("latin-1", "replace")
    message = f"HTTP {response.status_code} {reason or ''}".rstrip()
    message += f" for {method} {redact_url(url, extra_names)}"
    if error_body.shown():
        limit = error_body.limit()
        try:
            body = response.text
        except Exception:  # a body we cannot decode must not hide the HTTP error itself
            body = "<unreadable body>"
        if len(body) > limit:
            body = body[:limit] + f"... [{len(body) - limit} more characters]"
        message += f"\nResponse body: {body}"
    return message


def raise_for_status(
    response: Response,
    extra_names: Iterable[str] = (),
    error_body: ErrorBody | None = None,
) -> None:
    """Raise the typed, redacted `APIError` subclass for a 4xx/5xx response; else nothing."""
    if response.status_code < 400:
        return
    from restwright_runtime.error_responses import api_error

    error_body = error_body if error_body is not None else ErrorBody()
    message = http_error_message(response, extra_names, error_body)
    raise api_error(
        response, message, extra_names, show_message=not error_body.hidden()
    )


# --------------------------------------------------------------------------- retry policy


def _parse_retry_after(response: Response) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `Retry-After` seconds or date)."""
    headers = response.headers
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            value = float(millis) / 1000.0
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return max(0.0, value)
    raw = headers.get("Retry-After")
    if not raw:
        return None
    raw = raw.strip()
    try:
        value = float(raw)
    except ValueError:
        pass
    else:
        return max(0.0, value) if math.isfinite(value) else None
    from email.utils import parsedate_to_datetime  # only needed for the rare date form

    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryPolicy:
    """Decides whether an attempt is retried and how long to wait first (dlt's rules, plus ours)."""

    def __init__(
        self,
        *,
        status_codes: Sequence[int] = DEFAULT_RETRY_STATUS,
        exceptions: Sequence[type[BaseException]] = DEFAULT_RETRY_EXCEPTIONS,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        retry_condition: RetryPredicate | Sequence[RetryPredicate] | None = None,
        backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
        max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY,
        respect_retry_after_header: bool = True,
        jitter: float = 0.1,
        resend_non_idempotent: bool = False,
    ) -> None:
        """`resend_non_idempotent` retries POST/PATCH even after they may have reached the
        server (dlt's behaviour); by default only keyed or unsent ones are (`idempotency`).
        """
        self.status_codes = frozenset(status_codes)
        self.exceptions = tuple(exceptions)
        # dlt treats 0 as "no retries": one attempt is always made.
        self.max_attempts = max(1, int(max_attempts))
        if retry_condition is None:
            self.retry_conditions: tuple[RetryPredicate, ...] = ()
        elif callable(retry_condition):
            self.retry_conditions = (retry_condition,)
        else:
            self.retry_conditions = tuple(retry_condition)
        self.backoff_factor = float(backoff_factor)
        self.max_retry_delay = float(max_retry_delay)
        self.respect_retry_after_header = respect_retry_after_header
        self.jitter = (
            jitter  # fraction of the backoff added at random, to spread out clients
        )
        self.random = random.Random()
        self.resend_non_idempotent = resend_non_idempotent

    def with_settings(
        self, *, max_attempts: int, backoff_factor: float, max_retry_delay: float
    ) -> "RetryPolicy":
        """A copy with new attempt, backoff and delay settings (what dlt's config sets)."""
        policy = RetryPolicy(
            status_codes=tuple(self.status_codes),
            exceptions=self.exceptions,
            max_attempts=max_attempts,
            retry_condition=self.retry_conditions,
            backoff_factor=backoff_factor,
            max_retry_delay=max_retry_delay,
            respect_retry_after_header=self.respect_retry_after_header,
            jitter=self.jitter,
            resend_non_idempotent=self.resend_non_idempotent,
        )
        policy.random = self.random
        return policy

    def should_retry(
        self, response: Response | None, exception: BaseException | None
    ) -> bool:
        """True when this outcome is worth another attempt (status, exception type or predicate)."""
        if response is not None and response.status_code in self.status_codes:
            return True
        if exception is not None and isinstance(exception, self.exceptions):
            return True
        return any(
            condition(response, exception) for condition in self.retry_conditions
        )

    def backoff(self, attempt: int) -> float:
        """Exponential delay after failed attempt number `attempt` (1-based), before jitter."""
        exponent = min(attempt - 1, 64)  # 2**64 s is already beyond any cap
        return self.backoff_factor * (2.0**exponent)

    def wait_seconds(self, attempt: int, response: Response | None) -> float:
        """Wait before the next attempt: backoff + jitter, floored by Retry-After, capped."""
        delay = self.backoff(attempt)
        if self.jitter > 0 and delay > 0:
            delay += delay * self.jitter * self.random.random()
        if self.respect_retry_after_header and response is not None:
            retry_after = _parse_retry_after(response)
            if retry_after is not None:
                # A floor, never a reason to hurry: "Retry-After: 0" still gets the backoff.
                delay = max(delay, retry_after)
        return max(0.0, min(delay, self.max_retry_delay))


def _is_replayable(request: PreparedRequest) -> bool:
    # A streamed body (file, generator) is consumed by the first attempt; resending it would
    # send an empty or partial body, so such requests get a single attempt.
    return request.body is None or isinstance(request.body, (bytes, str))


def _outcome(response: Response | None, exception: BaseException | None) -> str:
    if response is not None:
        return f"HTTP {response.status_code}"
    return type(exception).__name__


# --------------------------------------------------------------------------- session


class RetrySession(OriginSafeSession):
    """A `requests.Session` whose `send` retries per its policy and applies a default timeout.

    Redirects to another origin go without credentials (`OriginSafeSession`), urllib3's log
    lines are redacted from the first session on, and every response is held to the
    session's `response_limits` (size cap and deadline, see `limits`).
    """

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        timeout: TimeoutValue = DEFAULT_REQUEST_TIMEOUT,
        raise_for_status: bool = False,
    ) -> None:
        super().__init__()
        self.policy = policy if policy is not None else RetryPolicy()
        self.timeout = timeout
        self.raise_for_status = raise_for_status
        self.headers["User-Agent"] = USER_AGENT
        # Overridable so tests (and callers with their own scheduler) need not sleep for real.
        self._sleep: Callable[[float], None] = time.sleep
        install_log_redaction()
        limit_session(self)

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> Response:
        return _request_with_policy(self, Session.request, method, url, *args, **kwargs)

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        return _send_with_retry(self, super().send, request, kwargs)


@redacts_errors
def _request_with_policy(
    session: Session,
    base_request: Callable[..., Response],
    method: str | bytes,
    url: str | bytes,
    *args: Any,
    **kwargs: Any,
) -> Response:
    """`Session.request` with our default timeout and, when enabled, redacted raise_for_status."""
    if (
        kwargs.get("timeout") is None and len(args) < 7
    ):  # timeout: request()'s 7th after url
        kwargs["timeout"] = getattr(session, "timeout", DEFAULT_REQUEST_TIMEOUT)
    names = register_auth_names(kwargs.get("auth"), session.auth)
    response = base_request(session, method, url, *args, **kwargs)
    if getattr(session, "raise_for_status", False):
        raise_for_status(response, names)
    return response


_ATTEMPTS_ATTRIBUTE = "_restwright_attempts"


def _record_attempts(outcome: Response | BaseException, attempt: int) -> None:
    try:
        setattr(outcome, _ATTEMPTS_ATTRIBUTE, attempt)
    except (
        AttributeError
    ):  # an exception type with __slots__: the count is only a nicety
        pass


def attempts_made(outcome: Response | BaseException) -> int | None:
    """How many attempts the retrying session made for this final response or error.

    None when it did not come from a retrying session. Lets error messages say "after 5
    attempts" so a reader knows retries ran out rather than never ran.
    """
    value = getattr(outcome, _ATTEMPTS_ATTRIBUTE, None)
    return value if isinstance(value, int) else None


@redacts_errors
def _send_with_retry(
    session: Session,
    base_send: Callable[..., Response],
    request: PreparedRequest,
    kwargs: dict[str, Any],
) -> Response:
    """Send `request`, retrying per the session's policy; return the last response or raise."""
    policy: RetryPolicy = getattr(session, "policy")
    sleep: Callable[[float], None] = getattr(session, "_sleep", time.sleep)
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = getattr(session, "timeout", DEFAULT_REQUEST_TIMEOUT)
    max_attempts = (
        attempt_limit(request, policy.max_attempts) if _is_replayable(request) else 1
    )
    method = request.method or "GET"
    attempt = 0
    while True:
        attempt += 1
        response: Response | None = None
        error: BaseException | None = None
        try:
            response = base_send(request, **kwargs)
        except Exception as exc:  # the policy decides which ones are worth another try
            if (
                attempt >= max_attempts
                or not policy.should_retry(None, exc)
                or not (policy.resend_non_idempotent or may_resend(request, None, exc))
            ):
                _record_attempts(exc, attempt)
                raise
            error = exc
        else:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> HTTP %s (attempt %d)",
                    method,
                    redact_url(request.url or ""),
                    response.status_code,
                    attempt,
                )
            if (
                attempt >= max_attempts
                or not policy.should_retry(response, None)
                or not (
                    policy.resend_non_idempotent or may_resend(request, response, None)
                )
            ):
                _record_attempts(response, attempt)
                return response
        wait = policy.wait_seconds(attempt, response)
        logger.warning(
            "%s %s failed with %s (attempt %d of %d); retrying in %.2f s",
            method,
            redact_url(request.url or ""),
            _outcome(response, error),
            attempt,
            max_attempts,
            wait,
        )
        if response is not None:
            response.close()  # hand the connection back to the pool before waiting
        sleep(wait)


# --------------------------------------------------------------------------- client


def _seconds(value: Any) -> Any:
    """dlt's `TimedeltaSeconds`: a `timedelta` as float seconds (tuples item by item)."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, tuple):
        return tuple(_seconds(item) for item in value)
    return value


def _resolve(value: Any, env_name: str, default: float) -> Any:
    return _env_number(env_name, default) if value is _UNSET else _seconds(value)


class Client:
    """dlt's `requests.Client`: owns a retrying session configured by arguments and environment.

    Arguments left out take dlt's defaults, overridden by `RUNTIME__REQUEST_TIMEOUT`,
    `RUNTIME__REQUEST_MAX_ATTEMPTS`, `RUNTIME__REQUEST_BACKOFF_FACTOR` and
    `RUNTIME__REQUEST_MAX_RETRY_DELAY`; explicit arguments always win.
    """

    def __init__(
        self,
        request_timeout: TimeoutArgument = _UNSET,
        max_connections: int = 50,
        raise_for_status: bool = True,
        status_codes: Sequence[int] = DEFAULT_RETRY_STATUS,
        exceptions: Sequence[type[BaseException]] = DEFAULT_RETRY_EXCEPTIONS,
        request_max_attempts: int = _UNSET,
        retry_condition: RetryPredicate | Sequence[RetryPredicate] | None = None,
        request_backoff_factor: float = _UNSET,
        request_max_retry_delay: Seconds = _UNSET,
        respect_retry_after_header: bool = True,
        session_attrs: dict[str, Any] | None = None,
        hooks: Mapping[str, ResponseHook | Sequence[ResponseHook]] | None = None,
        session: Session | None = None,
        *,
        request_deadline: Seconds | None = _UNSET,
        max_response_size: int | None = _UNSET,
    ) -> None:
        """dlt's parameters in dlt's order; `hooks`, `session` and the limits (ours) come last.

        `request_deadline`: seconds one exchange (request, response head and body) may take
        in all, enforced while the body is read; a late one fails as a `ReadTimeout` and is
        retried like one. Default: connect + read timeout (twice a single number), or
        RUNTIME__REQUEST_DEADLINE. `max_response_size`: decoded bytes a response may have
        (default 64 MiB, or RUNTIME__MAX_RESPONSE_SIZE); past it, `ResponseTooLargeError`.
        None or 0 turns either off.
        """
        self.request_timeout: TimeoutValue = _resolve(
            request_timeout, ENV_TIMEOUT, DEFAULT_REQUEST_TIMEOUT
        )
        self.policy = RetryPolicy(
            status_codes=status_codes,
            exceptions=exceptions,
            max_attempts=int(
                _resolve(request_max_attempts, ENV_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
            ),
            retry_condition=retry_condition,
            backoff_factor=_resolve(
                request_backoff_factor, ENV_BACKOFF_FACTOR, DEFAULT_BACKOFF_FACTOR
            ),
            max_retry_delay=_resolve(
                request_max_retry_delay, ENV_MAX_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY
            ),
            respect_retry_after_header=respect_retry_after_header,
        )
        self.raise_for_status = raise_for_status
        self.response_limits = ResponseLimits.from_environment().updated(
            {
                name: value
                for name, value in (
                    ("request_deadline", request_deadline),
                    ("max_response_size", max_response_size),
                )
                if value is not _UNSET
            }
        )
        self.session: Session = self._make_session(session, max_connections)
        limit_session(self.session, self.response_limits)
        for name, value in (session_attrs or {}).items():
            setattr(self.session, name, value)
        for event, hook_or_hooks in (hooks or {}).items():
            items = [hook_or_hooks] if callable(hook_or_hooks) else list(hook_or_hooks)
            self.session.hooks.setdefault(event, []).extend(items)

    def update_from_config(self, config: Any = None) -> None:
        """dlt's `Client.update_from_config`: take timeout and retry settings from `config`.

        `config` has dlt's `RuntimeConfiguration` fields as attributes (dlt's own object works)
        or as mapping keys: `request_timeout`, `request_max_attempts`, `request_backoff_factor`,
        `request_max_retry_delay` (and ours: `request_deadline`, `max_response_size`). A field
        it lacks (or None) is read from its environment variable, else the default. Applies
        to this client's session at once.
        """

        def pick(name: str, env_name: str, default: float) -> Any:
            value = config_value(config, name)
            return _resolve(_UNSET if value is None else value, env_name, default)

        self.request_timeout = pick(
            "request_timeout", ENV_TIMEOUT, DEFAULT_REQUEST_TIMEOUT
        )
        self.policy = self.policy.with_settings(
            max_attempts=int(
                pick("request_max_attempts", ENV_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
            ),
            backoff_factor=pick(
                "request_backoff_factor", ENV_BACKOFF_FACTOR, DEFAULT_BACKOFF_FACTOR
            ),
            max_retry_delay=pick(
                "request_max_retry_delay", ENV_MAX_RETRY_DELAY, DEFAULT_MAX_RETRY_DELAY
            ),
        )
        self.response_limits = ResponseLimits.from_environment().updated(
            {
                name: value
                for name in ("request_deadline", "max_response_size")
                if (value := config_value(config, name)) is not None
            }
        )
        # The session reads them at every request (own or wrapped session alike).
        setattr(self.session, "policy", self.policy)
        setattr(self.session, "timeout", self.request_timeout)
        limit_session(self.session, self.response_limits)

    def configure(self, config: Any = None) -> None:
        """dlt's `Client.configure`: `update_from_config`, from the environment when no `config`.

        dlt injects its `RuntimeConfiguration` here; without dlt, the `RUNTIME__REQUEST_*`
        variables are the same settings.
        """
        self.update_from_config(config)

    def _make_session(self, session: Session | None, max_connections: int) -> Session:
        if session is None:
            own = RetrySession(self.policy, self.request_timeout, self.raise_for_status)
            adapter = HTTPAdapter(
                pool_connections=max_connections, pool_maxsize=max_connections
            )
            own.mount("http://", adapter)
            own.mount("https://", adapter)
            return own
        if isinstance(session, RetrySession):
            session.policy = self.policy
            session.timeout = self.request_timeout
            session.raise_for_status = self.raise_for_status
            return session
        # A caller's plain Session keeps its identity (and its adapters, auth, cookies); only
        # its request/send are wrapped, as instance attributes shadowing the class methods.
        return _wrap_session(
            session, self.policy, self.request_timeout, self.raise_for_status
        )

    @property
    def sleep(self) -> Callable[[float], None]:
        """The function used to wait between attempts (replace it to avoid real sleeping)."""
        sleep: Callable[[float], None] = getattr(self.session, "_sleep", time.sleep)
        return sleep

    @sleep.setter
    def sleep(self, func: Callable[[float], None]) -> None:
        setattr(self.session, "_sleep", func)

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        """Send one request through the retrying session."""
        return self.session.request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("DELETE", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        kwargs.setdefault("allow_redirects", False)
        return self.session.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> Response:
        return self.session.request("OPTIONS", url, **kwargs)


def _wrap_session(
    session: Session, policy: RetryPolicy, timeout: TimeoutValue, raise_errors: bool
) -> Session:
    guard_session(session)
    install_log_redaction()
    if session.headers.get("User-Agent") == default_user_agent():
        session.headers["User-Agent"] = USER_AGENT  # the caller's own agent is kept
    attrs = vars(session)
    attrs["policy"] = policy
    attrs["timeout"] = timeout
    attrs["raise_for_status"] = raise_errors
    attrs.setdefault("_sleep", time.sleep)
    base_send = type(session).send.__get__(session)
    base_request = type(session).request

    def send(request: PreparedRequest, **kwargs: Any) -> Response:
        return _send_with_retry(session, base_send, request, kwargs)

    def request(
        method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> Response:
        return _request_with_policy(session, base_request, method, url, *args, **kwargs)

    attrs["send"] = send
    attrs["request"] = request
    return session


# --------------------------------------------------------------------------- module-level API

_default_client: Client | None = None
_default_lock = threading.Lock()


def _client() -> Client:
    """The shared default Client, built on first use so the environment is read then."""
    global _default_client
    if _default_client is None:
        with _default_lock:
            if _default_client is None:
                _default_client = Client()
    return _default_client


# dlt's retry module also exports these tenacity helpers; ours (restwright_runtime.retrying)
# are loaded on first use: they need tenacity, which the runtime's own retries do without.
TENACITY_NAMES = frozenset(
    {
        "Retrying",
        "RetryCallState",
        "retry_any",
        "retry_if_exception_type",
        "stop_after_attempt",
        "wait_exponential",
        "retry_if_status",
        "retry_if_predicate",
        "wait_exponential_retry_after",
    }
)


def __getattr__(name: str) -> Any:
    # `from restwright_runtime.requests import client`, as with dlt's module.
    if name == "client":
        return _client()
    if name in TENACITY_NAMES:
        from restwright_runtime import retrying

        return getattr(retrying, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def init(config: Any = None) -> None:
    """dlt's `requests.init`: re-initialise the default client's timeout and retries from `config`.

    `config` as for `Client.update_from_config`; without it the settings are read from the
    environment again (`RUNTIME__REQUEST_*`). The default `client` keeps its identity, so code
    that imported it sees the new settings.
    """
    global _default_client
    with _default_lock:
        if _default_client is None:
            _default_client = Client()
        _default_client.update_from_config(config)


def request(method: str, url: str, **kwargs: Any) -> Response:
    """Send a request through the default retrying client."""
    return _client().request(method, url, **kwargs)


def get(url: str, **kwargs: Any) -> Response:
    return _client().get(url, **kwargs)


def post(url: str, **kwargs: Any) -> Response:
    return _client().post(url, **kwargs)


def put(url: str, **kwargs: Any) -> Response:
    return _client().put(url, **kwargs)


def patch(url: str, **kwargs: Any) -> Response:
    return _client().patch(url, **kwargs)


def delete(url: str, **kwargs: Any) -> Response:
    return _client().delete(url, **kwargs)


def head(url: str, **kwargs: Any) -> Response:
    return _client().head(url, **kwargs)


def options(url: str, **kwargs: Any) -> Response:
    return _client().options(url, **kwargs)
