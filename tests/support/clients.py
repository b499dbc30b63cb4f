"""Clients for runtime tests: a RESTClient on a retrying session that never really sleeps."""

from __future__ import annotations

from typing import Any

from restwright_runtime import RESTClient
from restwright_runtime.requests import Client


def quiet_session_client(attempts: int = 1) -> Client:
    """dlt's retrying `Client` with `attempts` attempts, waiting zero seconds between them."""
    client = Client(request_max_attempts=attempts, raise_for_status=False)
    client.sleep = lambda seconds: None
    return client


def quiet_rest(url: str, attempts: int = 1, **kwargs: Any) -> RESTClient:
    """A RESTClient for `url` on a `quiet_session_client`; kwargs go to RESTClient."""
    return RESTClient(url, session=quiet_session_client(attempts).session, **kwargs)
