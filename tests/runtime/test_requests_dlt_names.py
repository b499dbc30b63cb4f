"""The names `dlt.sources.helpers.requests` exports, with dlt's meaning: `init`, `RetryError`,
`URLRequired`, `FileModeWarning`, `client`, and `timedelta` settings.

`init` is checked by what the default client then does against a real local server (how many
attempts a 503 gets), not only by its attributes. Waits are zero (backoff factor 0).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests as plain_requests

from restwright_runtime import exceptions
from restwright_runtime import requests as rw
from tests.support.server import LocalServer, Reply


@pytest.fixture
def fresh_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """No default client yet (the test's own is dropped afterwards); no waiting between attempts."""
    monkeypatch.setattr(rw, "_default_client", None)
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0")


def attempts_for_503(server: LocalServer, path: str = "/busy") -> int:
    server.route("GET", path, lambda _request: Reply({"busy": True}, status=503))
    before = len(server.requests)
    with pytest.raises(plain_requests.HTTPError):
        rw.get(server.url + path)
    return len(server.requests) - before


def test_every_name_dlt_exports_is_here() -> None:
    dlt_requests = pytest.importorskip("dlt.sources.helpers.requests")
    assert set(dlt_requests.__all__) <= set(rw.__all__)
    for name in dlt_requests.__all__:
        assert hasattr(rw, name), name


def test_requests_names_are_requests_own() -> None:
    assert rw.URLRequired is plain_requests.URLRequired
    assert rw.FileModeWarning is plain_requests.FileModeWarning
    assert issubclass(rw.URLRequired, plain_requests.RequestException)
    assert issubclass(rw.FileModeWarning, Warning)


def test_retry_error_is_catchable_but_never_raised(
    server: LocalServer, fresh_default: None
) -> None:
    """As in dlt, spent retries end with the last response/error, never with RetryError."""
    assert rw.RetryError is exceptions.RetryError
    error = rw.RetryError("last")
    assert isinstance(error, exceptions.RESTClientError)
    assert error.last_attempt == "last"
    rw.init({"request_max_attempts": 2})
    try:
        attempts_for_503(server)
    except rw.RetryError:  # pragma: no cover - the assertion is that this never happens
        pytest.fail("RetryError raised")


def test_init_rereads_the_environment(
    server: LocalServer, fresh_default: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "4")
    client = rw.client
    assert attempts_for_503(server) == 4
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("RUNTIME__REQUEST_TIMEOUT", "7.5")
    assert (
        attempts_for_503(server) == 4
    )  # the environment is read at init, not per request
    rw.init()
    assert attempts_for_503(server) == 2
    assert rw.client is client  # same object: code holding it follows
    assert client.request_timeout == 7.5
    assert getattr(client.session, "timeout") == 7.5


def test_init_from_a_mapping_reaches_sessions_handed_out(
    server: LocalServer, fresh_default: None
) -> None:
    session = rw.client.session
    rw.init(
        {
            "request_max_attempts": 3,
            "request_timeout": timedelta(seconds=9),
            "request_max_retry_delay": timedelta(minutes=2),
        }
    )
    server.route("GET", "/busy", lambda _request: Reply(None, status=503))
    before = len(server.requests)
    with pytest.raises(plain_requests.HTTPError):
        session.get(server.url + "/busy")
    assert len(server.requests) - before == 3
    policy: Any = getattr(session, "policy")
    assert (policy.max_retry_delay, policy.backoff_factor) == (120.0, 0.0)
    assert getattr(session, "timeout") == 9.0


def test_init_before_first_use_builds_the_default_client(
    server: LocalServer, fresh_default: None
) -> None:
    rw.init({"request_max_attempts": 1})
    assert attempts_for_503(server) == 1


def test_init_takes_dlts_runtime_configuration(
    server: LocalServer, fresh_default: None
) -> None:
    specs = pytest.importorskip("dlt.common.configuration.specs")
    config = specs.RuntimeConfiguration(
        request_max_attempts=2,
        request_timeout=timedelta(seconds=7),
        request_backoff_factor=0,
    )
    rw.init(config)
    assert attempts_for_503(server) == 2
    assert rw.client.request_timeout == 7.0


def test_client_takes_timedeltas_as_dlt_does() -> None:
    client = rw.Client(
        request_timeout=(timedelta(seconds=2), timedelta(seconds=30)),
        request_max_retry_delay=timedelta(minutes=1),
    )
    assert client.request_timeout == (2.0, 30.0)
    assert client.policy.max_retry_delay == 60.0


def test_configure_reads_the_environment_or_a_config(
    server: LocalServer, fresh_default: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dlt's `Client.configure`: without a config the settings come from `RUNTIME__*`."""
    client = rw.client
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "2")
    monkeypatch.setenv("RUNTIME__REQUEST_TIMEOUT", "11")
    client.configure()
    assert attempts_for_503(server) == 2
    assert getattr(client.session, "timeout") == 11.0
    client.configure({"request_max_attempts": 3})
    assert attempts_for_503(server) == 3


def test_tenacity_helpers_drive_a_retrying_of_ones_own(server: LocalServer) -> None:
    """dlt's `retry_if_status`, `retry_if_predicate` and `wait_exponential_retry_after`."""
    replies = iter(
        [
            Reply({"busy": True}, status=503, headers={"Retry-After": "3"}),
            Reply("wait", raw=True),
            Reply({"ok": True}),
        ]
    )
    server.route("GET", "/flaky", lambda _request: next(replies))
    slept: list[float] = []
    retrying = rw.Retrying(
        retry=rw.retry_any(
            rw.retry_if_status([503]),
            rw.retry_if_predicate(
                lambda response, error: response is not None and response.text == "wait"
            ),
        ),
        wait=rw.wait_exponential_retry_after(multiplier=0.5, max=60),
        stop=rw.stop_after_attempt(5),
        sleep=slept.append,
    )
    response = retrying(plain_requests.get, server.url + "/flaky")
    assert response.json() == {"ok": True}
    assert len(server.requests) == 3
    # Retry-After wins over the backoff; without it, the exponential wait (0.5 * 2**1).
    assert slept == [3.0, 1.0]


def test_retry_if_status_reads_the_response_of_a_raised_http_error(
    server: LocalServer,
) -> None:
    server.route("GET", "/gone", lambda _request: Reply(None, status=410))

    def fetch() -> Any:
        response = plain_requests.get(server.url + "/gone")
        response.raise_for_status()
        return response

    retrying = rw.Retrying(
        retry=rw.retry_if_status([410]),
        stop=rw.stop_after_attempt(2),
        sleep=lambda _seconds: None,
        reraise=True,
    )
    with pytest.raises(plain_requests.HTTPError):
        retrying(fetch)
    assert len(server.requests) == 2
