"""Bytes → plain data: JSON, YAML or TOML, refusing empty and binary input.

Each format has its own module for what can go wrong in it (`json_data`: duplicate keys and lone
surrogates; `yaml_data`: alias bombs, tags, duplicate keys); this one reads and dispatches.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.load.json_data import load_json
from restwright.load.yaml_data import load_yaml

try:  # Python 3.11+ has tomllib; on 3.10 the `tomli` backport (a dependency there) is the same API.
    tomllib: Any = importlib.import_module("tomllib")
except ImportError:  # pragma: no cover - Python 3.10
    try:
        tomllib = importlib.import_module("tomli")
    except ImportError:
        tomllib = None


def read_bytes(path: Path, file: str) -> bytes:
    """Read a file, turning OS errors into a located error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RestwrightError.at(
            Location(file), "cannot read the file", cause=exc.strerror or str(exc)
        ) from None


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 text or a clear refusal: an empty or binary file is not a spec."""
    if not data.strip():
        raise RestwrightError.at(Location(file), "the file is empty")
    if b"\x00" in data[:8192]:
        raise RestwrightError.at(
            Location(file), "the file is binary, not a JSON/YAML/TOML document"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RestwrightError.at(
            Location(file),
            "the file is not UTF-8 text (binary?)",
            cause=f"byte {exc.start}: {exc.reason}",
        ) from None


def parse_data(data: bytes, file: str) -> tuple[Any, list[Diagnostic]]:
    """Parse by content (JSON when it looks like JSON, TOML by suffix, else YAML).

    Returns the data and the warnings found while parsing (duplicate keys).
    """
    text = decode_text(data, file)
    suffix = Path(file).suffix.lower()
    if suffix == ".toml":
        return _parse_toml(text, file), []
    if suffix == ".json" or text.lstrip()[:1] in ("{", "["):
        return load_json(data, file)
    return load_yaml(text, file)


def _parse_toml(text: str, file: str) -> Any:
    if tomllib is None:  # pragma: no cover - Python 3.10
        raise RestwrightError.at(Location(file), "TOML input needs Python 3.11+")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RestwrightError.at(
            Location(file), "invalid TOML", cause=str(exc)
        ) from None
