"""Local servers that page like the APIs the samples imitate, for the rest-api export tests.

Each `Imitation` routes one sample's list endpoints on a `LocalServer` and knows the records every
resource must yield, the credential it expects, and how the client reaches them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.server import LocalServer, Reply, Request


@dataclass(frozen=True)
class Imitation:
    """`expected`: exported resource name → record ids; `openapi_methods`: the same list on the
    client generated from the spec (`group.method`); `credential`: (dlt secret field, value).
    """

    sample: str
    base_path: str
    expected: dict[str, list[Any]]
    openapi_methods: dict[str, str]
    credential: tuple[str, str] | None
    id_field: str = "id"
    routes: Callable[[LocalServer], None] = field(default=lambda server: None)


def _bearer(req: Request, token: str) -> Reply | None:
    if req.headers.get("Authorization") != f"Bearer {token}":
        return Reply({"error": "unauthorized"}, status=401)
    return None


def _pokeapi_routes(server: LocalServer) -> None:
    def listing(kind: str, names: list[str]) -> Callable[[Request], Reply]:
        def handler(req: Request) -> Reply:
            offset = int(req.query.get("offset", "0"))
            limit = int(req.query.get("limit", "20"))
            more = offset + limit < len(names)
            nxt = (
                f"{server.url}/api/v2/{kind}/?offset={offset + limit}&limit={limit}"
                if more
                else None
            )
            results = [
                {"name": n, "url": f"{server.url}/api/v2/{kind}/{n}/"}
                for n in names[offset : offset + limit]
            ]
            return Reply(
                {"count": len(names), "next": nxt, "previous": None, "results": results}
            )

        return handler

    server.route("GET", "/api/v2/creature/", listing("creature", CREATURES))
    server.route("GET", "/api/v2/berry/", listing("berry", BERRIES))


CREATURES = [f"mon-{i}" for i in range(45)]
BERRIES = [f"berry-{i}" for i in range(7)]
CUSTOMERS = [
    {"id": f"cus_{i:03d}", "object": "customer", "created": i} for i in range(25)
]
CHARGES = [{"id": f"ch_{i:03d}", "object": "charge", "amount": i} for i in range(12)]
REPOS = [
    {"id": i, "name": f"repo-{i}", "full_name": f"octo/repo-{i}"} for i in range(1, 71)
]
CHANNELS = [{"id": f"C{i:04d}", "name": f"chan-{i}"} for i in range(23)]
MEMBERS = [{"id": f"U{i:04d}", "name": f"user-{i}"} for i in range(5)]
PETS = [{"id": i, "name": f"pet {i}"} for i in range(1, 48)]


def _stripe_routes(server: LocalServer) -> None:
    def listing(records: list[dict[str, Any]]) -> Callable[[Request], Reply]:
        def handler(req: Request) -> Reply:
            denied = _bearer(req, "sk_test_123")
            if denied:
                return denied
            limit = int(req.query.get("limit", "10"))
            start = 0
            if "starting_after" in req.query:
                start = [r["id"] for r in records].index(
                    req.query["starting_after"]
                ) + 1
            chunk = records[start : start + limit]
            return Reply(
                {
                    "object": "list",
                    "data": chunk,
                    "has_more": start + limit < len(records),
                }
            )

        return handler

    server.route("GET", "/v1/customers", listing(CUSTOMERS))
    server.route("GET", "/v1/charges", listing(CHARGES))


def _github_routes(server: LocalServer) -> None:
    def list_repos(req: Request) -> Reply:
        denied = _bearer(req, "ghp_test")
        if denied:
            return denied
        page, per_page = int(req.query.get("page", "1")), int(
            req.query.get("per_page", "30")
        )
        headers = {}
        if page * per_page < len(REPOS):
            nxt = f"{server.url}/user/repos?page={page + 1}&per_page={per_page}"
            headers["Link"] = (
                f'<{nxt}>; rel="next", <{server.url}/user/repos?page=3>; rel="last"'
            )
        return Reply(REPOS[(page - 1) * per_page : page * per_page], headers=headers)

    server.route("GET", "/user/repos", list_repos)


def _slack_routes(server: LocalServer) -> None:
    def listing(key: str, records: list[dict[str, Any]]) -> Callable[[Request], Reply]:
        def handler(req: Request) -> Reply:
            denied = _bearer(req, "xoxb-1")
            if denied:
                return denied
            start = int(req.query.get("cursor") or "0")
            nxt = str(start + 10) if start + 10 < len(records) else ""
            return Reply(
                {
                    "ok": True,
                    key: records[start : start + 10],
                    "response_metadata": {"next_cursor": nxt},
                }
            )

        return handler

    server.route("GET", "/api/conversations.list", listing("channels", CHANNELS))
    server.route("GET", "/api/users.list", listing("members", MEMBERS))


def _petshop_routes(server: LocalServer) -> None:
    def list_pets(req: Request) -> Reply:
        if req.query.get("api_key") != "k-123":
            return Reply({"error": "unauthorized"}, status=401)
        page, size = int(req.query.get("page", "1")), int(
            req.query.get("page_size", "20")
        )
        total_pages = -(-len(PETS) // size)
        return Reply(
            {
                "pets": PETS[(page - 1) * size : page * size],
                "page": page,
                "total_pages": total_pages,
            }
        )

    server.route("GET", "/v1/pets", list_pets)


IMITATIONS = {
    i.sample: i
    for i in (
        Imitation(
            "pokeapi_like",
            "/api/v2",
            {"creature_list": CREATURES, "berry_list": BERRIES},
            {"creature_list": "creature.list_", "berry_list": "berry.list_"},
            None,
            id_field="name",
            routes=_pokeapi_routes,
        ),
        Imitation(
            "stripe_like",
            "/",
            {
                "get_customers": [c["id"] for c in CUSTOMERS],
                "get_charges": [c["id"] for c in CHARGES],
            },
            {
                "get_customers": "customers.get_customers",
                "get_charges": "charges.get_charges",
            },
            ("token", "sk_test_123"),
            routes=_stripe_routes,
        ),
        Imitation(
            "github_like",
            "",
            {"repos_list_for_authenticated_user": [r["id"] for r in REPOS]},
            {"repos_list_for_authenticated_user": "repos.list_for_authenticated_user"},
            ("token", "ghp_test"),
            routes=_github_routes,
        ),
        Imitation(
            "slack_like",
            "/api",
            {
                "conversations_list": [c["id"] for c in CHANNELS],
                "users_list": [m["id"] for m in MEMBERS],
            },
            {"conversations_list": "conversations.list_", "users_list": "users.list_"},
            ("token", "xoxb-1"),
            routes=_slack_routes,
        ),
        Imitation(
            "swagger_petshop",
            "/v1",
            {"list_pets": [p["id"] for p in PETS]},
            {"list_pets": "pets.list_pets"},
            ("api_key", "k-123"),
            routes=_petshop_routes,
        ),
    )
}
