"""Read a response body within a size cap and a total deadline, whoever reads it.

`requests` reads bodies in several places (`Response.content`, `iter_content`, a redirect's body
before the next hop, hooks calling `.json()`), all through `response.raw`, urllib3's response.
`limit_body` puts a `LimitedBody` in its place, so every one of those reads is counted (decoded
bytes, as urllib3 inflates them a bounded chunk at a time) and timed. Past the cap, or past the
deadline, reading stops, the connection is dropped (never reused with unread bytes) and a clear
error says which limit and how to change it. An alarm (`deadlines`) shuts the connection at the
deadline, which is what ends a read blocked on a server that trickles one byte at a time.

Bounded inflation is urllib3's (2.6 and later decode at most the chunk asked for); with an
older urllib3 one network read of a compressed body is inflated whole before it is counted,
so a gzip bomb overshoots the cap by at most about a thousand times the chunk size.
"""

from __future__ import annotations

import socket
import time
from contextlib import contextmanager
from typing import Any, Iterator

from requests import Response

from .deadlines import Alarm, arm
from .exceptions import RequestDeadlineExceeded, ResponseTooLargeError
from .redact import redact_url

__all__ = ["LimitedBody", "limit_body", "size_text", "CHUNK_SIZE"]

CHUNK_SIZE = 64 * 1024

MAX_RESPONSE_SIZE_HELP = (
    "max_response_size= on requests.Client or RESTClient, or RUNTIME__MAX_RESPONSE_SIZE;"
    " None or 0 for no limit"
)
DEADLINE_HELP = (
    "request_deadline= on requests.Client or RESTClient, or RUNTIME__REQUEST_DEADLINE;"
    " by default twice the timeout"
)


def size_text(size: int) -> str:
    """`size` bytes as a person reads it: 64 MiB, 1.5 MiB, 512 KiB, 100 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"


def limit_body(
    response: Response,
    *,
    max_size: int | None,
    total_seconds: float | None,
    started: float | None = None,
) -> Response:
    """Make every later read of `response`'s body respect a size cap and a deadline.

    `max_size`: decoded bytes (None: no cap). `total_seconds`: the whole exchange's budget,
    counted from `started` (a `time.monotonic()` value; default now; None: no deadline).
    A body whose Content-Length already exceeds the cap is refused before it is read.
    Returns `response`, whose `raw` is now a `LimitedBody`.
    """
    deadline = None
    if total_seconds is not None:
        deadline = (time.monotonic() if started is None else started) + total_seconds
    body = LimitedBody(
        response.raw,
        max_size=max_size,
        deadline=deadline,
        total_seconds=total_seconds,
        described=_describe(response),
        encoded=bool(response.headers.get("Content-Encoding")),
    )
    response.raw = body
    body.refuse_declared_size(response.headers.get("Content-Length"))
    body.check_time()
    return response


def _socket_of(raw: Any, connection: Any) -> Any:
    """The socket `raw`'s body arrives on, or None when it cannot be found.

    The pooled connection's, normally; a response that ends by closing the connection owns
    its socket alone (http.client detaches it from the connection), reachable only through
    the response's file object.
    """
    sock = getattr(connection, "sock", None)
    if sock is not None:
        return sock
    reader = getattr(getattr(raw, "_fp", None), "fp", None)
    return getattr(getattr(reader, "raw", None), "_sock", None)


def _describe(response: Response) -> str:
    request = response.request
    method = (request.method if request is not None else None) or "GET"
    return f"{method} {redact_url(response.url or '')}"


class LimitedBody:
    """Stands in for `response.raw`: counts and times every read; the rest is urllib3's."""

    def __init__(
        self,
        raw: Any,
        *,
        max_size: int | None,
        deadline: float | None,
        total_seconds: float | None,
        described: str,
        encoded: bool,
    ) -> None:
        self._raw = raw
        self._max_size = max_size
        self._deadline = deadline
        self._total_seconds = total_seconds
        self._described = described
        self._encoded = encoded
        self._received = 0
        self._expired = False
        # What the alarm shuts: the socket, and the pooled connection that may own it.
        self._connection = getattr(raw, "connection", None)
        self._socket = _socket_of(raw, self._connection)
        self._alarm: Alarm | None = None
        if deadline is not None and self._socket is not None:
            self._alarm = arm(deadline, self._cut)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    # --- reading ---------------------------------------------------------------------------

    def stream(
        self, amt: int | None = CHUNK_SIZE, decode_content: bool | None = None
    ) -> Iterator[bytes]:
        """urllib3's `stream`, counted and timed."""
        with self._watching():
            if hasattr(self._raw, "stream"):
                chunks = self._raw.stream(amt, decode_content=decode_content)
            else:
                chunks = iter(lambda: self._raw.read(amt), b"")
            for chunk in chunks:
                self._count(len(chunk))
                yield chunk
            self._finished()

    def read(
        self, amt: int | None = None, decode_content: bool | None = None, **kwargs: Any
    ) -> bytes:
        """urllib3's `read`, counted and timed; a whole read goes chunk by chunk."""
        if amt is None or amt < 0:
            return b"".join(self.stream(CHUNK_SIZE, decode_content))
        with self._watching():
            data: bytes = self._raw.read(amt, decode_content=decode_content, **kwargs)
            self._count(len(data))
            if not data:
                self._finished()
            return data

    def close(self) -> None:
        self._disarm()
        self._raw.close()

    # --- limits ----------------------------------------------------------------------------

    def refuse_declared_size(self, content_length: str | None) -> None:
        """Refuse at once a plain body that announces more than the cap."""
        if self._max_size is None or self._encoded or not content_length:
            return
        try:
            declared = int(content_length)
        except ValueError:
            return
        if declared > self._max_size:
            self._abort()
            raise self._too_large(f"declared {size_text(declared)}")

    def check_time(self) -> None:
        if self._late():
            self._abort()
            raise self._deadline_error()

    def _count(self, size: int) -> None:
        self._received += size
        if self._max_size is not None and self._received > self._max_size:
            self._abort()
            raise self._too_large("decoded" if self._encoded else "read so far")
        self.check_time()

    def _finished(self) -> None:
        # A body the alarm cut short can end like a complete one (no length to check): late
        # means failed, whatever the bytes looked like.
        self.check_time()
        self._disarm()

    def _late(self) -> bool:
        return self._expired or (
            self._deadline is not None and time.monotonic() >= self._deadline
        )

    @contextmanager
    def _watching(self) -> Iterator[None]:
        """Turn a read that failed because the alarm shut the connection into the deadline error."""
        try:
            yield
        except (ResponseTooLargeError, RequestDeadlineExceeded):
            raise
        except Exception:
            self._disarm()
            if self._late():
                self._abort()
                raise self._deadline_error() from None
            raise

    # --- the alarm and the connection ------------------------------------------------------

    def _cut(self) -> None:
        """At the deadline (watch thread): unblock the reader by shutting its socket."""
        self._expired = True
        pooled = getattr(self._connection, "sock", None) is self._socket
        if pooled and getattr(self._raw, "connection", None) is not self._connection:
            return  # already handed back to the pool: another request's now
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed: the reader is unblocked either way
            pass

    def _disarm(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None

    def _abort(self) -> None:
        """Stop for good: the connection still holds unread bytes, so it is closed, not reused."""
        self._disarm()
        try:
            self._raw.close()
        except Exception:  # closing a broken connection can fail; it is dropped anyway
            pass

    # --- errors ----------------------------------------------------------------------------

    def _too_large(self, how: str) -> ResponseTooLargeError:
        assert self._max_size is not None
        return ResponseTooLargeError(
            f"{self._described} answered more than {size_text(self._max_size)}"
            f" ({how}); stopped reading at the response size limit. To accept larger"
            f" responses, raise it: {MAX_RESPONSE_SIZE_HELP}",
            limit=self._max_size,
            url=self._described.partition(" ")[2],
        )

    def _deadline_error(self) -> RequestDeadlineExceeded:
        seconds = self._total_seconds if self._total_seconds is not None else 0.0
        return RequestDeadlineExceeded(
            f"{self._described} did not finish within its {round(seconds, 3)} s deadline"
            f" (the whole exchange, body included; {DEADLINE_HELP})",
            deadline=seconds,
            url=self._described.partition(" ")[2],
        )
