"""Each kind of operation of a generated client, on the issue-13 runtime API, end to end.

`wire_client` is the shape templates are expected to emit; here it runs against a local server
and passes `mypy --strict` (the runtime's API is typed well enough for generated code).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import requests

from restwright_runtime.exceptions import NotFoundError
from tests.e2e.support import run_mypy
from tests.runtime import wire_client
from tests.runtime.wire_client import Client
from tests.support.server import LocalServer, Reply

CUSTOMERS = [{"id": f"cus_{i}", "email": f"{i}@x.io"} for i in range(6)]


def test_the_example_client_is_mypy_strict_clean(tmp_path: Path) -> None:
    package = tmp_path / "wire_client"
    package.mkdir()
    shutil.copy(wire_client.__file__, package / "__init__.py")
    result = run_mypy(tmp_path, "wire_client")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def api(server: LocalServer) -> Client:
    def listing(request: Any) -> Reply:
        ids = [c["id"] for c in CUSTOMERS]
        after = request.query.get("starting_after")
        start = ids.index(after) + 1 if after else 0
        size = int(request.query.get("limit", 2))
        page = CUSTOMERS[start : start + size]
        return Reply({"data": page, "has_more": start + size < len(CUSTOMERS)})

    def created(request: Any) -> Reply:
        return Reply({"id": "cus_new", "email": request.body.decode()})

    server.route("GET", "/v1/customers/cus_1", lambda r: Reply(CUSTOMERS[1]))
    server.route(
        "GET",
        "/v1/customers/cus_404",
        lambda r: Reply({"error": {"message": "No such customer"}}, status=404),
    )
    server.route("POST", "/v1/customers", created)
    server.route(
        "DELETE", "/v1/customers/cus_1", lambda r: Reply(b"", status=204, raw=True)
    )
    server.route("GET", "/v1/customers", listing)
    server.route(
        "POST", "/v1/files", lambda r: Reply({"id": "file_1", "size": len(r.body)})
    )
    server.route(
        "GET",
        "/v1/files/file_1/contents",
        lambda r: Reply(
            b"%PDF-1.7", raw=True, headers={"Content-Type": "application/pdf"}
        ),
    )
    server.route(
        "GET",
        "/v1/files/events",
        lambda r: Reply(
            b'event: created\ndata: {"id": "file_1"}\n\n',
            raw=True,
            headers={"Content-Type": "text/event-stream"},
        ),
    )
    return Client(server.url, max_attempts=1)


def test_json_call_and_typed_error(api: Client, server: LocalServer) -> None:
    assert api.customers.get("cus_1", expand=["sources"]) == CUSTOMERS[1]
    assert server.requests[-1].query_all == {"expand": ["sources"]}
    with pytest.raises(NotFoundError, match="No such customer"):
        api.customers.get("cus_404")


def test_form_post_with_nested_fields_and_a_key(
    api: Client, server: LocalServer
) -> None:
    created = api.customers.create(
        body={"email": "a@b.c", "metadata": {"order": "42"}, "items": [{"price": "p1"}]}
    )
    assert created["email"] == (
        "email=a%40b.c&metadata%5Border%5D=42&items%5B0%5D%5Bprice%5D=p1"
    )
    assert len(server.requests[-1].headers["Idempotency-Key"]) == 36


def test_multipart_upload(api: Client, tmp_path: Path, server: LocalServer) -> None:
    report = tmp_path / "evidence.pdf"
    report.write_bytes(b"%PDF" + b"0" * 1000)
    assert (
        api.files.upload(body={"file": report, "purpose": "dispute"})["id"] == "file_1"
    )
    seen = server.requests[-1]
    assert seen.headers["Content-Type"].startswith("multipart/form-data")
    assert (
        b'filename="evidence.pdf"' in seen.body
        and b"Content-Type: application/pdf" in seen.body
    )


def test_binary_download_and_delete(api: Client, tmp_path: Path) -> None:
    with api.files.download("file_1") as download:
        assert download.write_to(tmp_path / "out.pdf") == 8
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.7"
    assert api.customers.delete("cus_1") is None


def test_event_stream(api: Client) -> None:
    events = list(api.files.events())
    assert [(e.event, e.json()) for e in events] == [("created", {"id": "file_1"})]


def test_paged_list_resumed_from_a_cursor(api: Client, server: LocalServer) -> None:
    resumed = list(api.customers.list(starting_after="cus_1", limit=3))
    assert [c["id"] for c in resumed] == ["cus_2", "cus_3", "cus_4", "cus_5"]
    assert [r.query.get("starting_after") for r in server.requests] == [
        "cus_1",
        "cus_4",
    ]
    assert all(r.query["limit"] == "3" for r in server.requests)


def test_raw_access(api: Client) -> None:
    raw = api.customers.with_raw_response.get("cus_1", extra_headers={"X-Debug": "1"})
    assert raw.status_code == 200 and raw.parsed == CUSTOMERS[1]
    assert raw.headers["Content-Type"] == "application/json"
    assert api.customers.with_raw_response.delete("cus_1").status_code == 204


def test_session_given_by_the_user_keeps_retries(server: LocalServer) -> None:
    attempts: list[int] = []

    def flaky(request: Any) -> Reply:
        attempts.append(1)
        return Reply({}, status=503) if len(attempts) < 2 else Reply(CUSTOMERS[1])

    server.route("GET", "/v1/customers/cus_1", flaky)
    mine = requests.Session()
    client = Client(server.url, session=mine, max_attempts=3)
    setattr(mine, "_sleep", lambda seconds: None)
    assert client.customers.get("cus_1") == CUSTOMERS[1] and len(attempts) == 2
