"""A generated client's `timeout` also sets the whole-exchange deadline (twice the timeout).

A server trickling one byte every 0.3 s never trips a 0.5 s read timeout; the generated client
built with `timeout=0.5` still gives up after 1 s per attempt, with the runtime's timeout error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.e2e.support import generate, import_generated, write_spec
from tests.support.faulty_server import FaultyServer, Pause, Step, serve_faulty

SPEC = """
openapi: 3.0.3
info: {title: Slow, version: "1"}
servers: [{url: "https://slow.example"}]
paths:
  /report:
    get:
      operationId: getReport
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
"""

BODY = b'{"ok": true, "padding": "' + b"x" * 30 + b'"}'


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    yield from serve_faulty()


def trickle() -> list[Step]:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(BODY)}\r\n\r\n"
    steps: list[Step] = [head.encode()]
    for byte in BODY:
        steps += [Pause(0.3), bytes([byte])]
    return steps


def test_the_generated_timeout_bounds_the_whole_exchange(
    tmp_path: Path, faulty: FaultyServer
) -> None:
    generate(write_spec(tmp_path, SPEC), tmp_path / "out", "slow_client")
    faulty.handler = lambda request: trickle()
    client = import_generated(tmp_path / "out", "slow_client").Client(
        base_url=faulty.url, timeout=0.5, max_attempts=2
    )
    client.rest.session._sleep = lambda seconds: None
    with pytest.raises(requests.Timeout, match="1.0 s deadline"):
        client.get_report()
    assert len(faulty.requests) == 2  # retried like any other timeout
