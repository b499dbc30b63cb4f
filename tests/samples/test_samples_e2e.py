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
