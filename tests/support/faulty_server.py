"""A raw-socket HTTP/1.1 server on 127.0.0.1 (port 0) that misbehaves on purpose.

`http.server` always finishes a response it starts; real networks do not. Here a handler returns
a script of steps (bytes to send, pauses, a graceful close or a TCP reset), so tests can cut a
body mid-way, stall past a client's timeout or lie in headers, over a real socket.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence, Union
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "CLOSE",
    "RESET",
    "FaultyServer",
    "Pause",
    "RawRequest",
    "Step",
    "http_response",
    "json_response",
    "serve_faulty",
]


@dataclass(frozen=True)
class Pause:
    """Wait before the next step (interrupted when the server stops)."""

    seconds: float


class _Close:
    """Close the connection gracefully (FIN): the client sees a short read."""

    def __repr__(self) -> str:
        return "CLOSE"


class _Reset:
    """Abort the connection (RST, via SO_LINGER 0): the client sees ECONNRESET."""

    def __repr__(self) -> str:
        return "RESET"


CLOSE = _Close()
RESET = _Reset()

Step = Union[bytes, Pause, _Close, _Reset]


@dataclass
class RawRequest:
    """What the server read: method, target, path, query (first value per key), headers."""

    method: str
    target: str
    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


Handler = Callable[[RawRequest], Sequence[Step]]


def http_response(
    body: bytes,
    *,
    status: int = 200,
    reason: str = "OK",
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> bytes:
    """Status line, headers and body as one byte string; `content_length` may lie on purpose."""
    length = len(body) if content_length is None else content_length
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def json_response(document: Any, **kwargs: Any) -> bytes:
    """`http_response` of `document` encoded as JSON."""
    return http_response(json.dumps(document).encode(), **kwargs)


class FaultyServer:
    """Serves each request with the step script `handler` returns; records every request."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler: Handler = handler or (
            lambda request: [json_response({"error": "no handler"}, status=500)]
        )
        self.requests: list[RawRequest] = []
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        assert self._listener is not None
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FaultyServer":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.settimeout(0.05)
        self._listener = listener
        threading.Thread(target=self._accept_loop, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            _quiet_close(connection)
        if self._listener is not None:
            _quiet_close(self._listener)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            connection.settimeout(None)
            with self._lock:
                self._connections.add(connection)
            threading.Thread(
                target=self._serve, args=(connection,), daemon=True
            ).start()

    def _serve(self, connection: socket.socket) -> None:
        buffer = b""
        try:
            while not self._stopping.is_set():
                request, buffer = _read_request(connection, buffer)
                if request is None:
                    return
                self.requests.append(request)
                if not self._run(connection, self.handler(request)):
                    return
        except OSError:
            return  # the client gave up (timeout, closed): nothing left to serve
        finally:
            with self._lock:
                self._connections.discard(connection)
            _quiet_close(connection)

    def _run(self, connection: socket.socket, script: Sequence[Step]) -> bool:
        """Play `script`; False when it ended the connection."""
        for step in script:
            if isinstance(step, Pause):
                if self._stopping.wait(step.seconds):
                    return False
            elif isinstance(step, _Close):
                connection.shutdown(socket.SHUT_RDWR)
                return False
            elif isinstance(step, _Reset):
                connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                return False
            else:
                connection.sendall(step)
        return True


def _quiet_close(sock: socket.socket) -> None:
    try:
        sock.close()
    except OSError:
        pass


def _read_request(
    connection: socket.socket, buffer: bytes
) -> tuple[RawRequest | None, bytes]:
    """One request from the connection (None when the client closed it) and leftover bytes."""
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            return None, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    length = int(headers.get("Content-Length") or 0)
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    parts = urlsplit(target)
    query = {
        key: values[0]
        for key, values in parse_qs(parts.query, keep_blank_values=True).items()
    }
    request = RawRequest(method, target, parts.path, query, headers, rest[:length])
    return request, rest[length:]


def serve_faulty() -> Iterator[FaultyServer]:
    """Generator body for a pytest fixture: `yield from serve_faulty()`."""
    server = FaultyServer().start()
    try:
        yield server
    finally:
        server.stop()
