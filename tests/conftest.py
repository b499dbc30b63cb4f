"""Shared fixtures: a real local HTTP server, and the corpus of real specs when present."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.server import LocalServer, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def corpus_dir() -> Path | None:
    """The shared corpus: $RESTWRIGHT_CORPUS, else ../shared/corpus beside the checkout."""
    env = os.environ.get("RESTWRIGHT_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "corpus")
    for c in candidates:
        if (c / "ground_truth.yaml").is_file():
            return c
    return None


@pytest.fixture
def corpus() -> Path:
    path = corpus_dir()
    if path is None:
        pytest.skip("shared corpus not found (set RESTWRIGHT_CORPUS)")
    return path
