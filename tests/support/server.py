"""A tiny real HTTP server on 127.0.0.1 (port 0) for tests: routes are plain Python callables.

Every test that talks HTTP uses this instead of mocks, so the runtime and generated clients
exercise real sockets, headers and bodies.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """What the server saw: method, path, query (first value per key), headers, raw and JSON body."""

    method: str
    path: str
    query: dict[str, str]
    query_all: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Reply:
    """A response to send; `body` may be bytes, str, or anything JSON-serialisable."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bool = False  # send `body` bytes/str as is (for broken JSON and HTML pages)


Handler = Callable[[Request], Reply]


class LocalServer:
    """Routes `(METHOD, path)` to handlers; records every request it serves."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[Request] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def route(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method.upper(), path)] = handler

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "LocalServer":
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                qs = parse_qs(parts.query, keep_blank_values=True)
                req = Request(
                    method=self.command,
                    path=parts.path,
                    query={k: v[0] for k, v in qs.items()},
                    query_all=qs,
                    headers={k: v for k, v in self.headers.items()},
                    body=body,
                    url=server.url + self.path,
                )
                server.requests.append(req)
                handler = server.routes.get((self.command, parts.path))
                reply = (
                    handler(req)
                    if handler
                    else Reply({"error": "not found"}, status=404)
                )
                if reply.raw:
                    payload = (
                        reply.body
                        if isinstance(reply.body, bytes)
                        else str(reply.body).encode()
                    )
                    ctype = reply.headers.get("Content-Type", "text/plain")
                else:
                    payload = json.dumps(reply.body).encode()
                    ctype = "application/json"
                self.send_response(reply.status)
                headers = {"Content-Type": ctype, **reply.headers}
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":  # a HEAD answer has headers only
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        class _Server(ThreadingHTTPServer):
            request_queue_size = (
                128  # parallel clients must not stall on a tiny listen backlog
            )

        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


def serve() -> Iterator[LocalServer]:
    """Generator body for a pytest fixture: `yield from serve()`."""
    srv = LocalServer().start()
    try:
        yield srv
    finally:
        srv.stop()
