"""dlt's tenacity retry helpers, for code written for dlt that builds its own `Retrying`.

`retry_if_status`, `retry_if_predicate` and `wait_exponential_retry_after` behave as dlt's
(the wait also reads `retry-after-ms` and HTTP dates, as the runtime's session does). They
need tenacity (`pip install restwright-runtime[tenacity]`); the runtime's own retrying session
does not use it, so it is loaded only when one of these names is asked for.
"""

from __future__ import annotations

from typing import Optional, Sequence

from requests import HTTPError, Response

try:
    from tenacity import (
        RetryCallState,
        Retrying,
        retry_any,
        retry_if_exception_type,
        stop_after_attempt,
        wait_exponential,
    )
    from tenacity.retry import retry_base
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "restwright_runtime's tenacity helpers need tenacity:"
        " pip install 'restwright-runtime[tenacity]'"
    ) from error

from .requests import TENACITY_NAMES, RetryPredicate, _parse_retry_after

__all__ = sorted(TENACITY_NAMES)


def _response(state: RetryCallState) -> Optional[Response]:
    """The attempt's response: returned, or carried by the HTTPError it raised."""
    outcome = state.outcome
    if outcome is None:
        return None
    error = outcome.exception()
    if error is not None:
        return error.response if isinstance(error, HTTPError) else None
    result = outcome.result()
    return result if isinstance(result, Response) else None


class retry_if_status(retry_base):
    """Retry when the attempt's response has one of `status_codes`."""

    def __init__(self, status_codes: Sequence[int]) -> None:
        self.status_codes = set(status_codes)

    def __call__(self, retry_state: RetryCallState) -> bool:
        response = _response(retry_state)
        return response is not None and response.status_code in self.status_codes


class retry_if_predicate(retry_base):
    """Retry when `predicate(response, exception)` says so (dlt's `retry_condition`)."""

    def __init__(self, predicate: RetryPredicate) -> None:
        self.predicate = predicate

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        return self.predicate(_response(retry_state), error)


class wait_exponential_retry_after(wait_exponential):
    """Exponential backoff, unless the response asks for a wait (`Retry-After`), kept in [min, max]."""

    def __call__(self, retry_state: RetryCallState) -> float:
        response = _response(retry_state)
        asked = _parse_retry_after(response) if response is not None else None
        if asked is not None and asked > 0:
            return float(max(self.min, min(self.max, asked)))
        return float(super().__call__(retry_state))
