"""Each sample's committed client pages through a local server that behaves like the API it imitates.

Every test checks that every record arrives exactly once, in order, and that credentials went where
the spec says (header, query).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.e2e.support import import_generated
from tests.support.server import LocalServer, Reply, Request

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def load_client(name: str) -> ModuleType:
    """Import the committed client package of one sample."""
    return import_generated(SAMPLES / name / "client", f"{name}_client")


@pytest.fixture(autouse=True)
def _clean_imports() -> Iterator[None]:
    before = set(sys.modules)
    yield
    for mod in set(sys.modules) - before:
        if mod.endswith("_client") or "_client." in mod:
            del sys.modules[mod]


def test_github_like_follows_link_headers(server: LocalServer) -> None:
    issues = [
        {"id": i, "number": i, "title": f"issue {i}", "state": "open"}
        for i in range(1, 71)
    ]

    def list_issues(req: Request) -> Reply:
        assert req.headers.get("Authorization") == "Bearer ghp_test"
        page, per_page = int(req.query.get("page", "1")), int(
            req.query.get("per_page", "30")
        )
        chunk = issues[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(issues):
            nxt = f"{server.url}/repos/octo/hello/issues?page={page + 1}&per_page={per_page}&state=open"
            headers["Link"] = (
                f'<{nxt}>; rel="next", <{server.url}/repos/octo/hello/issues?page=3>; rel="last"'
            )
        return Reply(chunk, headers=headers)

    server.route("GET", "/repos/octo/hello/issues", list_issues)
    client = load_client("github_like").Client(base_url=server.url, token="ghp_test")
    got = [issue["number"] for issue in client.issues.list_for_repo("octo", "hello")]
    assert got == list(range(1, 71))
    assert len(server.requests) == 3
    assert server.requests[0].query == {"state": "open", "per_page": "30"}

    pages = list(client.issues.list_for_repo("octo", "hello", per_page=50).pages())
    assert [len(p) for p in pages] == [50, 20]
    assert pages[0].response.status_code == 200


def test_stripe_like_pages_by_last_record_id(server: LocalServer) -> None:
    customers = [
        {"id": f"cus_{i:03d}", "object": "customer", "created": i} for i in range(25)
    ]

    def list_customers(req: Request) -> Reply:
        assert req.headers.get("Authorization") == "Bearer sk_test_123"
        limit = int(req.query.get("limit", "10"))
        start = 0
        if "starting_after" in req.query:
            start = [c["id"] for c in customers].index(req.query["starting_after"]) + 1
        chunk = customers[start : start + limit]
        return Reply(
            {
                "object": "list",
                "url": "/v1/customers",
                "data": chunk,
                "has_more": start + limit < len(customers),
            }
        )

    server.route("GET", "/v1/customers", list_customers)
    client = load_client("stripe_like").Client(base_url=server.url, token="sk_test_123")
    got = [c["id"] for c in client.customers.get_customers()]
    assert got == [c["id"] for c in customers]
    assert [r.query.get("starting_after") for r in server.requests] == [
        None,
        "cus_009",
        "cus_019",
    ]


def _stripe_like(server: LocalServer, files: LocalServer) -> Any:
    """The sample client, its files host (an operation server in the spec) mapped to `files`."""
    module = import_generated(
        SAMPLES / "stripe_like" / "client", "stripe_like_client.client"
    )
    assert module.OPERATION_SERVERS == ("https://files.payments.example",)
    return module.Client(
        base_url=server.url,
        token="sk_test_123",
        servers={"https://files.payments.example": files.url},
    )


def test_stripe_like_sends_a_nested_form_body_in_brackets(server: LocalServer) -> None:
    server.route(
        "POST",
        "/v1/customers",
        lambda req: Reply({"id": "cus_1", "object": "customer", "created": 1}),
    )
    client = load_client("stripe_like").Client(base_url=server.url, token="sk_test_123")
    created = client.customers.post_customers(
        body={
            "email": "ada@example.com",
            "address": {"line1": "1 Main St", "city": "Paris"},
            "metadata": {"order": "42", "team": "data"},
            "preferred_locales": ["fr", "en"],
        }
    )
    assert created["id"] == "cus_1"
    (request,) = server.requests
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode()) == [
        ("email", "ada@example.com"),
        ("address[line1]", "1 Main St"),
        ("address[city]", "Paris"),
        ("metadata[order]", "42"),
        ("metadata[team]", "data"),
        ("preferred_locales[0]", "fr"),
        ("preferred_locales[1]", "en"),
    ]


def test_stripe_like_uploads_a_file_to_the_files_host(
    server: LocalServer, tmp_path: Path
) -> None:
    from tests.support.server import serve

    for files in serve():
        files.route(
            "POST",
            "/v1/files",
            lambda req: Reply(
                {
                    "id": "file_1",
                    "object": "file",
                    "purpose": "dispute_evidence",
                    "size": 4,
                }
            ),
        )
        evidence = tmp_path / "receipt.pdf"
        evidence.write_bytes(b"%PDF")
        client = _stripe_like(server, files)
        uploaded = client.files.post_files(
            body={
                "file": evidence,
                "purpose": "dispute_evidence",
                "file_link_data": {"create": True},
            }
        )
        assert uploaded["id"] == "file_1" and not server.requests
        (request,) = files.requests
        assert request.headers["Authorization"] == "Bearer sk_test_123"
        assert request.headers["Content-Type"].startswith(
            "multipart/form-data; boundary="
        )
        assert b'filename="receipt.pdf"' in request.body and b"%PDF" in request.body
        assert b'name="purpose"\r\n\r\ndispute_evidence\r\n' in request.body
        assert b'name="file_link_data[create]"\r\n\r\ntrue\r\n' in request.body


def test_stripe_like_downloads_a_pdf_streamed(
    server: LocalServer, tmp_path: Path
) -> None:
    from restwright_runtime import BinaryResponse
    from tests.support.server import serve

    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 64
    for files in serve():
        files.route(
            "GET",
            "/v1/quotes/qt_1/pdf",
            lambda req: Reply(
                pdf, headers={"Content-Type": "application/pdf"}, raw=True
            ),
        )
        client = _stripe_like(server, files)
        download = client.quotes.get_quotes_quote_pdf("qt_1")
        assert isinstance(download, BinaryResponse)
        target = tmp_path / "quote.pdf"
        download.write_to(target)
        assert target.read_bytes() == pdf
        (request,) = files.requests
        assert request.headers["Accept"] == "application/pdf"
        raw = client.quotes.with_raw_response.get_quotes_quote_pdf("qt_1")
        assert raw.headers["Content-Type"] == "application/pdf"
        assert raw.parsed.content == pdf


def test_stripe_like_error_is_typed_with_the_apis_message(server: LocalServer) -> None:
    from restwright_runtime.exceptions import APIError, NotFoundError

    server.route(
        "GET",
        "/v1/customers/cus_missing",
        lambda req: Reply(
            {
                "error": {
                    "type": "invalid_request_error",
                    "message": "No such customer: 'cus_missing'",
                    "param": "id",
                }
            },
            status=404,
            headers={"Request-Id": "req_9"},
        ),
    )
    client = load_client("stripe_like").Client(base_url=server.url, token="sk_test_123")
    with pytest.raises(NotFoundError) as caught:
        client.customers.get_customers_customer("cus_missing")
    error = caught.value
    assert isinstance(error, APIError) and error.status_code == 404
    assert error.request_id == "req_9"
    assert error.body["error"]["param"] == "id"
    assert "No such customer: 'cus_missing'" in str(error)
    assert "sk_test_123" not in str(error)
    assert len(server.requests) == 1  # a 404 is not retried


def test_github_like_no_content_returns_none(server: LocalServer) -> None:
    server.route(
        "DELETE", "/repos/o/r/issues/7/lock", lambda req: Reply(b"", 204, raw=True)
    )
    client = load_client("github_like").Client(base_url=server.url, token="ghp_x")
    assert client.issues.unlock("o", "r", 7) is None
    raw = client.issues.with_raw_response.unlock("o", "r", 7)
    assert raw.status_code == 204 and raw.parsed is None


def test_pokeapi_like_follows_next_urls(server: LocalServer) -> None:
    names = [f"mon-{i}" for i in range(45)]

    def list_creatures(req: Request) -> Reply:
        offset, limit = int(req.query.get("offset", "0")), int(
            req.query.get("limit", "20")
        )
        nxt = (
            f"{server.url}/creature/?offset={offset + limit}&limit={limit}"
            if offset + limit < len(names)
            else None
        )
        results = [
            {"name": n, "url": f"{server.url}/creature/{n}/"}
            for n in names[offset : offset + limit]
        ]
        return Reply(
            {"count": len(names), "next": nxt, "previous": None, "results": results}
        )

    server.route("GET", "/creature/", list_creatures)
    client = load_client("pokeapi_like").Client(base_url=server.url)
    assert [c["name"] for c in client.creature.list_()] == names
    assert "Authorization" not in server.requests[0].headers


def test_slack_like_cursor_ends_on_empty_string(server: LocalServer) -> None:
    channels = [{"id": f"C{i:04d}", "name": f"chan-{i}"} for i in range(23)]
    cursors = {"": 0, "dXNlcjoxMA==": 10, "dXNlcjoyMA==": 20}
    by_offset = {v: k for k, v in cursors.items()}

    def list_channels(req: Request) -> Reply:
        assert req.headers.get("Authorization") == "Bearer xoxb-1"
        start = cursors[req.query.get("cursor", "")]
        nxt = by_offset.get(start + 10, "")
        return Reply(
            {
                "ok": True,
                "channels": channels[start : start + 10],
                "response_metadata": {"next_cursor": nxt},
            }
        )

    server.route("GET", "/conversations.list", list_channels)
    client = load_client("slack_like").Client(base_url=server.url, token="xoxb-1")
    assert [c["id"] for c in client.conversations.list_()] == [
        c["id"] for c in channels
    ]
    assert len(server.requests) == 3


def test_swagger_petshop_pages_from_one_with_key_in_query(server: LocalServer) -> None:
    pets = [{"id": i, "name": f"pet {i}"} for i in range(1, 48)]

    def list_pets(req: Request) -> Reply:
        assert req.query.get("api_key") == "k-123"
        page, size = int(req.query.get("page", "1")), int(
            req.query.get("page_size", "20")
        )
        total_pages = -(-len(pets) // size)
        return Reply(
            {
                "pets": pets[(page - 1) * size : page * size],
                "page": page,
                "total_pages": total_pages,
            }
        )

    server.route("GET", "/pets", list_pets)
    client = load_client("swagger_petshop").Client(base_url=server.url, api_key="k-123")
    got: list[Any] = list(client.pets.list_pets())
    assert [p["id"] for p in got] == [p["id"] for p in pets]
    assert [r.query["page"] for r in server.requests] == ["1", "2", "3"]


def test_swagger_petshop_single_resource_and_create(server: LocalServer) -> None:
    server.route("GET", "/pets/7", lambda req: Reply({"id": 7, "name": "Rex"}))
    server.route("POST", "/pets", lambda req: Reply({"id": 8, **req.json}, status=201))
    client = load_client("swagger_petshop").Client(base_url=server.url, api_key="k")
    assert client.pets.get_pet_by_id(7) == {"id": 7, "name": "Rex"}
    assert client.pets.add_pet(body={"name": "Zed"}) == {"id": 8, "name": "Zed"}
