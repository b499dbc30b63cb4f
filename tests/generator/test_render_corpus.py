"""Real specs from the shared corpus: generated packages compile, import, stay deterministic,
and (for a couple of them) pass black --check and mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from restwright.pipeline import generate
from tests.e2e.support import run_black_check, run_mypy

pytestmark = pytest.mark.corpus


def _spec(corpus: Path, name: str) -> Path:
    found = sorted((corpus / "specs").glob(f"{name}.*"))
    if not found:
        pytest.skip(f"{name} not in the corpus")
    return found[0]


@pytest.mark.parametrize("name", ["petstore3", "pokeapi", "slack", "stripe", "github"])
def test_corpus_spec_generates_an_importable_package(
    corpus: Path, tmp_path: Path, name: str
) -> None:
    package = f"corpus_{name}"
    result = generate(_spec(corpus, name), tmp_path, package)
    assert result.write.changed
    for path in (tmp_path / package).rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    code = (
        f"import {package}\n"
        f"c = {package}.Client('https://example.invalid')\n"
        "for attr in dir(c):\n"
        "    if not attr.startswith('_'):\n"
        "        getattr(c, attr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    again = generate(_spec(corpus, name), tmp_path, package, check=True)
    assert again.write.up_to_date


@pytest.mark.parametrize("name", ["pokeapi", "petstore3"])
def test_corpus_package_is_black_stable_and_strictly_typed(
    corpus: Path, tmp_path: Path, name: str
) -> None:
    package = f"typed_{name}"
    generate(_spec(corpus, name), tmp_path, package)
    black = run_black_check(tmp_path)
    assert black.returncode == 0, black.stdout[-3000:]
    mypy = run_mypy(tmp_path, package)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
