"""`RESTClient.server_urls`: a spec's operation server mapped to another URL, whole segments only."""

from __future__ import annotations

from restwright_runtime import RESTClient
from restwright_runtime.client import replace_server
from tests.support.server import LocalServer, Reply


def test_only_whole_path_segments_match() -> None:
    servers = {"https://up.example/v1": "http://127.0.0.1:9/m"}
    assert (
        replace_server("https://up.example/v1/f?x=1", servers)
        == "http://127.0.0.1:9/m/f?x=1"
    )
    assert replace_server("https://up.example/v1", servers) == "http://127.0.0.1:9/m"
    assert (
        replace_server("https://up.example/v1?a=b", servers)
        == "http://127.0.0.1:9/m?a=b"
    )
    assert (
        replace_server("https://up.example/v10/f", servers)
        == "https://up.example/v10/f"
    )
    assert (
        replace_server("https://up.example.evil/v1/f", servers)
        == "https://up.example.evil/v1/f"
    )


def test_the_longest_server_wins() -> None:
    servers = {"https://up.example": "http://a", "https://up.example/v2/": "http://b"}
    assert replace_server("https://up.example/v2/f", servers) == "http://b/f"
    assert replace_server("https://up.example/v1/f", servers) == "http://a/v1/f"


def test_a_mapped_call_reaches_the_replacement(server: LocalServer) -> None:
    server.route("GET", "/local/files/1", lambda req: Reply({"id": 1}))
    client = RESTClient("http://127.0.0.1:9")
    client.server_urls = {"https://files.example/": f"{server.url}/local"}
    assert client.call("GET", "https://files.example/files/1") == {"id": 1}
    # Relative paths keep going to the base URL; the mapping is the client's own.
    assert RESTClient.server_urls == {}
