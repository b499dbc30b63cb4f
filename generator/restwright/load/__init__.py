"""The load stage: a file → a `LoadedDocument` (kind detected, Swagger normalised, `$ref`s local).

`load_document(path)` is the one entry point; failures raise `RestwrightError` with file + pointer.
"""

from __future__ import annotations

from pathlib import Path

from restwright.load.document import LoadedDocument
from restwright.load.load import load_document

__all__ = ["LoadedDocument", "load_document"]
