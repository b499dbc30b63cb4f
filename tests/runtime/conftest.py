"""Fixtures for runtime tests beyond the shared well-behaved server."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.support.faulty_server import FaultyServer, serve_faulty


@pytest.fixture
def faulty() -> Iterator[FaultyServer]:
    """A raw-socket server whose handler scripts each response (pauses, cuts, chunks)."""
    yield from serve_faulty()
