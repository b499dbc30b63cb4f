"""dlt `rest_api` configs → generated packages → real requests against a local server."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from restwright.pipeline import generate
from tests.e2e.support import forget_imports
from tests.support.server import LocalServer, Reply, Request

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_imports() -> Iterator[None]:
    yield from forget_imports("cfg_", "hooks_")


def generated(source: Path, tmp_path: Path, package: str) -> ModuleType:
    """Generate `package` from `source` and import it."""
    outdir = tmp_path / "out"
    generate(source, outdir, package)
    sys.path.insert(0, str(outdir))
    return importlib.import_module(package)


def write_config(
    tmp_path: Path, config: dict[str, Any], name: str = "config.yaml"
) -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps(config)
        if name.endswith(".json")
        else yaml.safe_dump(config, sort_keys=False)
    )
    return path


def test_blog_sample_pages_children_and_incremental(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = [
        {"id": i, "title": f"post {i}", "updated_at": f"2024-02-0{i}"}
        for i in range(1, 6)
    ]

    def list_posts(req: Request) -> Reply:
        assert req.headers.get("Authorization") == "Bearer t0k"
        assert (req.query["sort"], req.query["per_page"]) == ("updated", "50")
        since = req.query["updated_since"]
        chosen = [p for p in posts if p["updated_at"] >= since]
        page = int(req.query.get("page", "0"))
        next_url = f"{server.url}/api/v1/posts?page=1&sort=updated&per_page=50&updated_since={since}"
        return Reply(
            {
                "data": chosen[page * 3 : page * 3 + 3],
                "paging": {"next": next_url if page == 0 else None},
            }
        )

    server.route("GET", "/api/v1/posts", list_posts)
    for post in posts:
        server.route(
            "GET",
            f"/api/v1/posts/{post['id']}/comments",
            lambda req, pid=post["id"]: Reply(
                {"data": [{"id": pid * 10 + k, "body": "hi"} for k in range(2)]}
            ),
        )
    authors = [{"id": i} for i in range(250)]

    def list_authors(req: Request) -> Reply:
        offset, limit = int(req.query["offset"]), int(req.query["limit"])
        return Reply(
            {"authors": authors[offset : offset + limit], "total": len(authors)}
        )

    server.route("GET", "/api/v1/authors", list_authors)

    blog = generated(
        ROOT / "samples" / "dlt_blog" / "config.yaml", tmp_path, "cfg_blog"
    )
    client = blog.Client(base_url=server.url + "/api/v1/", token="t0k")
    assert [p["id"] for p in client.posts()] == [1, 2, 3, 4, 5]
    assert server.requests[0].query["updated_since"] == "2024-01-01T00:00:00Z"
    assert [p["id"] for p in client.posts(start_value="2024-02-04")] == [4, 5]
    assert [c["id"] for c in client.post_comments(posts_id=4)] == [40, 41]
    assert [c["id"] for c in client.all_post_comments()] == [
        i * 10 + k for i in range(1, 6) for k in range(2)
    ]
    assert len(list(client.authors())) == 250
    monkeypatch.setenv(
        "CFG_BLOG_TOKEN", "t0k"
    )  # the README names it; the code holds no secret
    anonymous = blog.Client(base_url=server.url + "/api/v1/")
    assert [c["id"] for c in anonymous.post_comments(posts_id=1)] == [10, 11]
    assert [p["id"] for p in anonymous.posts()] == [1, 2, 3, 4, 5]
    assert "CFG_BLOG_TOKEN" in (tmp_path / "out" / "README.md").read_text()


def test_features_end_to_end(server: LocalServer, tmp_path: Path) -> None:
    # The package's own hooks.py: the user's file beside the generated modules.
    hooks = tmp_path / "out" / "cfg_features" / "hooks.py"
    hooks.parent.mkdir(parents=True)
    hooks.write_text(
        "import json\n\n"
        "def tag_records(response, *args, **kwargs):\n"
        "    payload = response.json()\n"
        "    for record in payload['items']:\n"
        "        record['tagged'] = True\n"
        "    response._content = json.dumps(payload).encode()\n"
        "    return response\n"
    )
    config = {
        "client": {
            "base_url": "https://api.example.com/",
            "headers": {"X-Client": "restwright {literal}"},
            "auth": {
                "type": "api_key",
                "name": "key",
                "location": "query",
                "api_key": "never-in-code",
            },
        },
        "resource_defaults": {
            "endpoint": {"data_selector": "items", "paginator": "single_page"}
        },
        "resources": [
            {
                "name": "repos",
                "endpoint": {
                    "path": "repos",
                    "response_actions": ["hooks:tag_records"],
                },
                "columns": {
                    "id": {"data_type": "bigint"},
                    "name": {"data_type": "text"},
                },
                "primary_key": "id",
            },
            {
                "name": "issues",
                "endpoint": {
                    "path": "repos/{repo}/issues",
                    "params": {
                        "repo": {
                            "type": "resolve",
                            "resource": "repos",
                            "field": "name",
                        }
                    },
                    "headers": {"X-Repo-Id": "{resources.repos.id}"},
                    "response_actions": [
                        {"status_code": 404, "action": "ignore"},
                        {"content": "archived", "action": "ignore"},
                    ],
                },
                "include_from_parent": ["id"],
            },
            {
                "name": "search",
                "endpoint": {
                    "path": "search",
                    "method": "POST",
                    "json": {
                        "query": "since {incremental.start_value}",
                        "from": "{incremental.start_value}",
                    },
                    "incremental": {
                        "cursor_path": "n",
                        "initial_value": 7,
                        "end_param": "until",
                        "end_value": 9,
                    },
                    "paginator": {
                        "type": "offset",
                        "limit": 2,
                        "total_path": None,
                        "stop_after_empty_page": True,
                    },
                },
            },
            {
                "name": "events",
                "endpoint": {
                    "path": "events",
                    "paginator": "auto",
                    "data_selector": None,
                },
            },
        ],
    }
    repos = [
        {"id": 1, "name": "alpha"},
        {"id": 2, "name": "beta"},
        {"id": 3, "name": "gamma"},
    ]
    server.route("GET", "/repos", lambda req: Reply({"items": repos}))
    server.route(
        "GET", "/repos/alpha/issues", lambda req: Reply({"items": [{"n": 1}, {"n": 2}]})
    )
    server.route(
        "GET",
        "/repos/gamma/issues",
        lambda req: Reply({"items": [], "note": "archived"}),
    )
    rows = [{"n": i} for i in range(5)]

    def search(req: Request) -> Reply:
        assert req.json["query"] == "since 7" and req.json["from"] == 7
        offset = int(req.query["offset"])
        return Reply({"items": rows[offset : offset + 2]})

    server.route("POST", "/search", search)

    def events(req: Request) -> Reply:
        page = int(req.query.get("page", "1"))
        nxt = f"{server.url}/events?page={page + 1}" if page < 3 else None
        return Reply({"results": [{"page": page}], "next": nxt})

    server.route("GET", "/events", events)

    pkg = generated(write_config(tmp_path, config), tmp_path, "cfg_features")
    code = (tmp_path / "out" / "cfg_features" / "client.py").read_text()
    assert "never-in-code" not in code
    assert "from cfg_features.hooks import tag_records as hook_tag_records" in code
    assert hooks.read_text().startswith("import json")  # the user's file is left alone
    client = pkg.Client(base_url=server.url, api_key="k3y")

    assert list(client.repos()) == [{**r, "tagged": True} for r in repos]
    assert server.requests[-1].query["key"] == "k3y"
    assert server.requests[-1].headers["X-Client"] == "restwright {literal}"

    assert [i["n"] for i in client.issues(repos_name="alpha", repos_id=1)] == [1, 2]
    assert server.requests[-1].headers["X-Repo-Id"] == "1"
    assert list(client.issues(repos_name="beta", repos_id=2)) == []  # 404 ignored
    fanned = list(client.all_issues())
    assert fanned == [{"n": 1, "_repos_id": 1}, {"n": 2, "_repos_id": 1}]

    assert [r["n"] for r in client.search()] == [0, 1, 2, 3, 4]
    assert server.requests[-1].query["until"] == "9"

    assert [e["page"] for e in client.events()] == [
        1,
        2,
        3,
    ]  # detected: json_link + results


DLT_DOCS_POKEMON = {
    # dlt's "REST API source" docs, the PokeAPI example, copied as is.
    "client": {"base_url": "https://pokeapi.co/api/v2/"},
    "resource_defaults": {"endpoint": {"params": {"limit": 1000}}},
    "resources": ["pokemon", "berry", "location"],
}
DLT_DOCS_GITHUB = {
    # dlt's "REST API source" docs, the GitHub example (the token comes from dlt.secrets there).
    "client": {
        "base_url": "https://api.github.com/repos/dlt-hub/dlt/",
        "auth": {"token": "<github_token>"},
    },
    "resource_defaults": {
        "primary_key": "id",
        "write_disposition": "merge",
        "endpoint": {"params": {"per_page": 100}},
    },
    "resources": [
        {
            "name": "issues",
            "endpoint": {
                "path": "issues",
                "params": {
                    "sort": "updated",
                    "direction": "desc",
                    "state": "open",
                    "since": {
                        "type": "incremental",
                        "cursor_path": "updated_at",
                        "initial_value": "2024-01-25T11:21:28Z",
                    },
                },
            },
        },
        {
            "name": "issue_comments",
            "endpoint": {"path": "issues/{resources.issues.number}/comments"},
            "include_from_parent": ["id"],
        },
    ],
}


def test_dlt_docs_configs_run_unchanged(server: LocalServer, tmp_path: Path) -> None:
    for kind in ("pokemon", "berry", "location"):
        server.route(
            "GET",
            f"/api/v2/{kind}",
            lambda req, kind=kind: Reply(
                {
                    "count": 3,
                    "next": (
                        f"{server.url}/api/v2/{kind}?offset=2&limit=2"
                        if "offset" not in req.query
                        else None
                    ),
                    "previous": None,
                    "results": [
                        {"name": f"{kind}-{i}"}
                        for i in (range(2) if "offset" not in req.query else [2])
                    ],
                }
            ),
        )
    poke = generated(
        write_config(tmp_path, DLT_DOCS_POKEMON, "pokemon.json"),
        tmp_path / "p",
        "cfg_pokemon",
    )
    client = poke.Client(base_url=server.url + "/api/v2/")
    assert [p["name"] for p in client.pokemon()] == [
        "pokemon-0",
        "pokemon-1",
        "pokemon-2",
    ]
    assert server.requests[0].query == {"limit": "1000"}
    assert len(list(client.location(limit=5))) == 3

    issues = [{"id": 100 + n, "number": n, "updated_at": "2024-02-01"} for n in (1, 2)]

    def list_issues(req: Request) -> Reply:
        assert req.headers["Authorization"] == "Bearer ghp"
        assert req.query == {"per_page": "100", "sort": "updated", "direction": "desc", "state": "open",
                             "since": "2024-01-25T11:21:28Z"}  # fmt: skip
        return Reply(issues)

    server.route("GET", "/repos/dlt-hub/dlt/issues", list_issues)
    for issue in issues:
        server.route(
            "GET",
            f"/repos/dlt-hub/dlt/issues/{issue['number']}/comments",
            lambda req, n=issue["number"]: Reply([{"id": n * 1000}]),
        )
    gh = generated(
        write_config(tmp_path, DLT_DOCS_GITHUB, "github.json"),
        tmp_path / "g",
        "cfg_github",
    )
    client = gh.Client(base_url=server.url + "/repos/dlt-hub/dlt/", token="ghp")
    assert [c["id"] for c in client.issue_comments(issues_number=2)] == [2000]
    assert list(client.all_issue_comments()) == [
        {"id": 1000, "_issues_id": 101},
        {"id": 2000, "_issues_id": 102},
    ]


def test_generated_config_packages_are_black_and_mypy_clean(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    generate(ROOT / "samples" / "dlt_blog" / "config.yaml", outdir / "a", "cfg_blog")
    generate(
        write_config(tmp_path, DLT_DOCS_GITHUB, "github.json"),
        outdir / "b",
        "cfg_github",
    )
    for folder in (outdir / "a", outdir / "b"):
        black = subprocess.run(
            [sys.executable, "-m", "black", "--check", "-q", str(folder)],
            capture_output=True,
        )
        assert black.returncode == 0, black.stderr.decode()
    (tmp_path / "restwright_runtime").symlink_to(
        ROOT / "runtime" / "restwright_runtime", target_is_directory=True
    )
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy"),
         str(outdir / "a" / "cfg_blog"), str(outdir / "b" / "cfg_github")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate(
        ROOT / "samples" / "dlt_blog" / "config.yaml", tmp_path / "a", "cfg_blog"
    ).files
    second = generate(
        ROOT / "samples" / "dlt_blog" / "config.yaml", tmp_path / "b", "cfg_blog"
    ).files
    assert first == second
    # The helpers live in the runtime: no copy in the package, no module importing back.
    assert "cfg_blog/_resource.py" not in first
    assert (
        "from restwright_runtime.resource_support import" in first["cfg_blog/client.py"]
    )


def test_client_headers_are_defaults_the_user_can_override(
    server: LocalServer, tmp_path: Path
) -> None:
    config = {
        "client": {
            "base_url": server.url,
            "headers": {"User-Agent": "MyApp/1.0", "X-Default": "d"},
        },
        "resources": [
            {"name": "items", "endpoint": {"path": "items", "headers": {"X-End": "e"}}}
        ],
    }
    server.route("GET", "/items", lambda req: Reply([{"id": 1}]))
    module = generated(write_config(tmp_path, config), tmp_path, "cfg_headers")
    assert list(module.Client().items()) == [{"id": 1}]
    first = server.requests[-1].headers
    assert (first["User-Agent"], first["X-Default"], first["X-End"]) == (
        "MyApp/1.0",
        "d",
        "e",
    )
    overridden = module.Client(headers={"User-Agent": "mine/2", "X-Default": "mine"})
    assert list(overridden.items()) == [{"id": 1}]
    second = server.requests[-1].headers
    assert (second["User-Agent"], second["X-Default"], second["X-End"]) == (
        "mine/2",
        "mine",
        "e",
    )
