"""urllib3's own log lines (DEBUG included) show redacted URLs only, through real requests."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from requests import PreparedRequest

from restwright_runtime import RESTClient
from restwright_runtime.auth import APIKeyAuth, AuthConfigBase
from restwright_runtime.paginators import SinglePagePaginator
from restwright_runtime.redact import URLLIB3_LOGGERS, RedactingLogFilter
from tests.support.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parents[2]


def urllib3_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "urllib3.connectionpool" and "/items" in record.getMessage()
    ]


def test_urllib3_debug_lines_are_redacted(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("GET", "/items", lambda r: Reply({"items": [{"id": 1}]}))
    auth = APIKeyAuth(name="x_custom", api_key="SECRETCUSTOM", location="query")
    client = RESTClient(server.url, auth=auth)
    caplog.set_level(logging.DEBUG)
    assert client.get("/items", params={"api_key": "SECRETQ", "q": "x"}).ok
    pages = client.paginate(
        "/items",
        params={"api_key": "SECRETQ"},
        paginator=SinglePagePaginator(),
        data_selector="items",
    )
    assert [record for page in pages for record in page] == [{"id": 1}]
    lines = urllib3_lines(caplog)
    assert len(lines) == 2  # the request line of each call, as urllib3 writes it
    assert "GET /items?api_key=***&q=x&x_custom=*** HTTP/1.1" in lines[0]
    assert "SECRETQ" not in caplog.text and "SECRETCUSTOM" not in caplog.text
    # What was sent was not redacted, only what was logged.
    assert server.requests[0].query["api_key"] == "SECRETQ"


def test_urllib3_warning_with_url_in_an_exception_is_redacted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Any argument shape: the formatted message is what gets redacted."""
    RESTClient("http://127.0.0.1:9")  # a session is created: the filter is on
    error = ValueError("Max retries exceeded with url: /items?token=SECRETT")
    caplog.set_level(logging.DEBUG)
    logging.getLogger("urllib3.connectionpool").warning(
        "Retrying (%r) after connection broken by '%r': %s",
        "Retry(total=0)",
        error,
        "http://user:SECRETP@host/items?password=SECRETW&page=2",
    )
    message = caplog.records[-1].getMessage()
    assert "SECRET" not in message
    assert "/items?token=***" in message
    assert "user:***@host/items?password=***&page=2" in message


def test_filter_leaves_lines_without_urls_alone() -> None:
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        __file__,
        1,
        "Starting %s",
        ("x",),
        None,
    )
    assert RedactingLogFilter().filter(record)
    assert (record.msg, record.args) == ("Starting %s", ("x",))


def test_installed_once_at_session_creation_not_at_import() -> None:
    script = textwrap.dedent(f"""
        import logging
        import restwright_runtime
        from restwright_runtime import RESTClient
        from restwright_runtime.requests import Client

        names = {URLLIB3_LOGGERS!r}
        def count():
            return [len(logging.getLogger(name).filters) for name in names]

        assert count() == [0, 0, 0], count()
        RESTClient("http://127.0.0.1:9")
        RESTClient("http://127.0.0.1:9")
        Client()
        assert count() == [1, 1, 1], count()
        print("ok")
        """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


class SignatureAuth(AuthConfigBase):
    """A custom scheme: its secret travels as `sig_custom_q`, announced only by sensitive_names()."""

    def sensitive_names(self) -> tuple[str, ...]:
        return ("sig_custom_q",)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        request.prepare_url(request.url, {"sig_custom_q": "SECRETSIG"})
        return request


def test_custom_auth_names_are_redacted_in_single_request_logs(
    server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("GET", "/items", lambda r: Reply({"items": []}))
    caplog.set_level(logging.DEBUG)
    assert RESTClient(server.url).get("/items", auth=SignatureAuth()).ok
    assert server.requests[0].query == {"sig_custom_q": "SECRETSIG"}
    assert "SECRETSIG" not in caplog.text
    assert any("/items?sig_custom_q=***" in line for line in urllib3_lines(caplog))
