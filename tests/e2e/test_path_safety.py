"""A path parameter fills one segment; a record never picks the host the credentials go to.

Issue 11, items 4 and 5, through generated clients against local servers: `get_pet("..")` must
not reach another endpoint (requests turns `%2E` back into a dot and URL joining resolves `..`),
and a config path that is only a placeholder (`{resources.posts.href}`) must not send the
bearer token to a host a parent record names.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from restwright_runtime.paths import PathValueError
from tests.e2e.support import generate, import_generated, write_spec
from tests.support.server import LocalServer, Reply, serve

SPEC = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /api/pets/{petId}:
    get:
      operationId: getPet
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
  /api/pets/{petId}/toys/{toyId}:
    get:
      operationId: getToy
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - {name: toyId, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
"""


@pytest.fixture
def evil() -> Iterator[LocalServer]:
    """A second server: the host a hostile record would like the token sent to."""
    yield from serve()


def test_dot_segments_never_reach_another_endpoint(
    server: LocalServer, tmp_path: Path
) -> None:
    for path in ("/api/pets/a%2Fb", "/api/pets/...", "/api/pets/x/toys/%3F"):
        server.route("GET", path, lambda request: Reply({"ok": True}))
    server.route("GET", "/api/admin", lambda request: Reply({"admin": True}))
    server.route("GET", "/api/pets/x", lambda request: Reply({"wrong": True}))
    generate(write_spec(tmp_path, SPEC), tmp_path / "out", "dots_client")
    client = import_generated(tmp_path / "out", "dots_client").Client(
        base_url=server.url
    )

    for value in ("..", ".", ""):
        with pytest.raises(PathValueError, match="cannot be a path segment"):
            client.get_pet(value)
        with pytest.raises(PathValueError):
            client.get_toy("x", value)  # `/api/pets/x/toys/..` would be `/api/pets/x`
    with pytest.raises(PathValueError):
        client.get_toy("..", "admin")  # `/api/pets/../toys/admin`
    assert server.requests == []

    assert client.get_pet("a/b") == {"ok": True}
    assert client.get_pet("...") == {"ok": True}
    assert client.get_toy("x", "?") == {"ok": True}
    assert [r.path for r in server.requests] == [
        "/api/pets/a%2Fb",
        "/api/pets/...",
        "/api/pets/x/toys/%3F",
    ]


def config(base_url: str) -> str:
    return f"""
client:
  base_url: {base_url}/api/
  auth: {{type: bearer}}
resources:
  - name: posts
    endpoint: {{path: posts, paginator: single_page, data_selector: items}}
  - name: comments
    endpoint:
      path: "{{resources.posts.href}}"
      paginator: single_page
      data_selector: items
  - name: likes
    endpoint:
      path: "likes/{{resources.posts.href}}"
      paginator: single_page
      data_selector: items
"""


def test_a_records_link_never_takes_the_token_to_another_host(
    server: LocalServer, evil: LocalServer, tmp_path: Path
) -> None:
    posts = [
        {"id": 1, "href": f"{server.url}/api/posts/1/comments"},
        {"id": 2, "href": f"{evil.url}/steal"},
    ]
    server.route("GET", "/api/posts", lambda request: Reply({"items": posts}))
    server.route(
        "GET", "/api/posts/1/comments", lambda request: Reply({"items": [{"c": 1}]})
    )
    evil.route("GET", "/steal", lambda request: Reply({"items": [{"stolen": True}]}))
    source = write_spec(tmp_path, config(server.url), "config.yaml")
    generate(source, tmp_path / "out", "links_client")
    client = import_generated(tmp_path / "out", "links_client").Client(token="s3cret")

    # A link on the client's own origin is followed, with the token.
    assert list(client.comments(posts_href=posts[0]["href"])) == [{"c": 1}]
    assert server.requests[-1].headers["Authorization"] == "Bearer s3cret"
    # One on another origin is refused before any request is made.
    with pytest.raises(PathValueError, match="leads away from"):
        list(client.comments(posts_href=posts[1]["href"]))
    with pytest.raises(PathValueError):
        list(client.all_comments())  # dlt's walk over every post meets the same link
    assert evil.requests == []

    # Inside a longer path a link is one segment of text, never a URL.
    server.route(
        "GET",
        "/api/likes/http%3A%2F%2Fevil%2Fsteal",
        lambda request: Reply({"items": [{"like": 1}]}),
    )
    assert list(client.likes(posts_href="http://evil/steal")) == [{"like": 1}]
    assert evil.requests == []
