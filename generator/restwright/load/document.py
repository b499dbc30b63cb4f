"""What the load stage hands to the model stage: one OpenAPI-3-shaped (or rest-api config) dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from restwright.diagnostics import Diagnostic

# What a loaded document is; the model stage keeps it (`ApiModel.source_kind`).
SourceKind = Literal["openapi-3.0", "openapi-3.1", "swagger-2.0", "rest-api-config"]


@dataclass
class LoadedDocument:
    """A parsed input document, its detected kind, and the warnings found while loading it.

    For OpenAPI and Swagger input `document` is OpenAPI-3-shaped and every `$ref` in it is local.
    `file` is the path as the user gave it, for messages.
    """

    kind: SourceKind
    file: str
    document: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
