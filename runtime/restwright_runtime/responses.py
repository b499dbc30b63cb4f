"""Responses by media type: JSON, nothing (204), text, binary (streamed) and server-sent events.

Binary and event-stream bodies are read through `requests`' own `iter_content`, chunk by chunk,
so a 2 GB download or an endless event stream never sits whole in memory; their connection
goes back to the pool once the body is read or the object is closed.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple, TypeVar, Union

from .media import MediaKind, media_kind, parse_media_type

if TYPE_CHECKING:
    from requests import Response
    from requests.structures import CaseInsensitiveDict

__all__ = [
    "BinaryResponse",
    "EventStream",
    "ResponseView",
    "ServerSentEvent",
    "iter_events",
    "read_response",
    "read_text",
    "response_kind",
]

StrPath = Union[str, "os.PathLike[str]"]

DEFAULT_CHUNK_SIZE = 64 * 1024


def response_kind(accept: str | None) -> MediaKind:
    """How to read a success response of the spec's media type `accept` (None: no content).

    Like `media_kind`, except that form and multipart responses are read as text and bytes.
    """
    kind = media_kind(accept)
    if kind == "form":
        return "text"
    if kind == "multipart":
        return "binary"
    return kind


def read_text(response: Response) -> str:
    """The body as text: the charset the response names, else UTF-8 (not requests' Latin-1)."""
    _, params = parse_media_type(response.headers.get("Content-Type", ""))
    charset = params.get("charset") or "utf-8"
    try:
        return response.content.decode(charset, "replace")
    except LookupError:  # an unknown charset name: UTF-8 is the likeliest truth
        return response.content.decode("utf-8", "replace")


def _has_no_body(response: Response) -> bool:
    method = response.request.method if response.request is not None else None
    return response.status_code in (204, 205, 304) or method == "HEAD"


def read_response(
    response: Response, kind: MediaKind, names: Iterable[str] = ()
) -> Any:
    """The value a successful `response` stands for, read as `kind`.

    204/205/304 (and HEAD) give None whatever the kind; `empty` discards any body; `json`
    gives the decoded document (None for an empty body); `text` a `str`; `binary` a
    `BinaryResponse` and `event_stream` an `EventStream`, both still streaming.
    """
    if _has_no_body(response) or kind == "empty":
        response.close()
        return None
    if kind == "binary":
        return BinaryResponse(response)
    if kind == "event_stream":
        return EventStream(response)
    if kind == "text":
        return read_text(response)
    from .client import _decode

    return _decode(response, names, page_number=None)


class ResponseView:
    """What every wrapper of a response shows (status, headers); closing it, or leaving its
    `with` block, releases the connection."""

    def __init__(self, response: Response) -> None:
        self.response = response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> CaseInsensitiveDict[str]:
        return self.response.headers

    def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        self.response.close()

    def __enter__(self: V) -> V:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


V = TypeVar("V", bound=ResponseView)


# --------------------------------------------------------------------------- binary


class BinaryResponse(ResponseView):
    """A binary body, still on the wire: read it once, whole (`.content`), in chunks
    (`.iter_bytes()`) or into a file (`.write_to(path)`); close it if you read none of it.
    """

    @property
    def content_type(self) -> str | None:
        """The Content-Type the server sent (the spec may only have said `*/*`)."""
        return self.response.headers.get("Content-Type")

    @property
    def content(self) -> bytes:
        """The whole body in memory (read on first access)."""
        try:
            return self.response.content
        finally:
            self.response.close()

    def iter_bytes(self, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[bytes]:
        """The body in chunks of up to `chunk_size` bytes; the connection is released at the end."""
        try:
            for chunk in self.response.iter_content(chunk_size=chunk_size):
                if chunk:
                    yield chunk
        finally:
            self.response.close()

    def write_to(self, path: StrPath, chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
        """Stream the body into `path`; returns the bytes written.

        Written to a temporary file beside `path` and renamed at the end, so a download that
        fails half-way never leaves a truncated file nor replaces an existing one.
        """
        import tempfile

        target = os.fspath(path)
        directory = os.path.dirname(os.path.abspath(target))
        descriptor, temporary = tempfile.mkstemp(
            prefix=".download-", suffix=".part", dir=directory
        )
        written = 0
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in self.iter_bytes(chunk_size):
                    handle.write(chunk)
                    written += len(chunk)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
        return written

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}] {self.content_type or 'no type'}>"


# --------------------------------------------------------------------------- events


class ServerSentEvent(NamedTuple):
    """One event of a `text/event-stream`, as the WHATWG HTML standard defines its fields.

    `id` is the stream's last event id when this event was dispatched (ids persist across
    events), `retry` the reconnection time in milliseconds the server last set.
    """

    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """`data` decoded as JSON (most APIs send one JSON document per event)."""
        return json.loads(self.data)


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Lines of a UTF-8 byte stream split at CRLF, LF or CR (even across chunk boundaries)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    buffer = ""
    scan_from = (
        0  # a long line arriving in many chunks is scanned once, not once per chunk
    )
    started = False
    for chunk in chunks:
        text = decoder.decode(chunk)
        if not started and text:
            started = True
            text = text.removeprefix("\ufeff")  # one leading BOM is not content
        buffer += text
        position = 0
        for match in _LINE_END.finditer(buffer, scan_from):
            if match.group() == "\r" and match.end() == len(buffer):
                break  # perhaps the first half of a CRLF split across chunks
            yield buffer[position : match.start()]
            position = match.end()
        buffer = buffer[position:]
        scan_from = max(0, len(buffer) - 1)
    # An unterminated last line cannot complete an event (that needs a blank line): dropped.
    if buffer.endswith("\r"):
        yield buffer[:-1]


def iter_events(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """Parse a `text/event-stream` byte stream into events, per the WHATWG parsing rules.

    Comments (`:`), unknown fields and events without a data line are skipped; an event
    still open when the stream ends is discarded, as browsers do.
    """
    data: list[str] = []
    event_type = ""
    last_id: str | None = None
    retry: int | None = None
    for line in _lines(chunks):
        if not line:
            if data:
                yield ServerSentEvent(
                    event_type or "message", "\n".join(data), last_id, retry
                )
            data = []
            event_type = ""
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "event":
            event_type = value
        elif name == "id":
            if "\0" not in value:
                last_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                retry = int(value)


class EventStream(ResponseView):
    """The events of a `text/event-stream` response, as they arrive: iterate, then it closes.

    `last_event_id` is what to send as `Last-Event-ID` to resume after a disconnect.
    """

    def __init__(self, response: Response) -> None:
        super().__init__(response)
        self.last_event_id: str | None = None
        self._events = iter_events(self._chunks())

    def _chunks(self) -> Iterator[bytes]:
        headers = self.response.headers
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            size: int | None = None  # each chunk as soon as the server flushes it
        elif headers.get("Content-Length"):
            size = (
                DEFAULT_CHUNK_SIZE  # a finite body: no reason to read it byte by byte
            )
        else:
            size = 1  # delimited by the connection's end: a larger read would wait for more
        try:
            yield from self.response.iter_content(chunk_size=size)
        finally:
            self.response.close()

    def __iter__(self) -> "EventStream":
        return self

    def __next__(self) -> ServerSentEvent:
        event = next(self._events)
        self.last_event_id = event.id
        return event
