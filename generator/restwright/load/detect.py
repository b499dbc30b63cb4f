"""Which kind of input a parsed document is, read from the document itself."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Location, RestwrightError
from restwright.load.document import SourceKind


def detect_kind(data: Any, file: str) -> SourceKind:
    """`openapi: 3.0.x` / `3.1.x`, `swagger: "2.0"`, or a dlt rest_api config (`client` + `resources`)."""
    root = Location(file)
    if not isinstance(data, dict):
        raise RestwrightError.at(
            root,
            "expected an OpenAPI/Swagger document or a rest_api config (a mapping at the top level)",
            cause=f"found a {type(data).__name__}",
        )
    if "openapi" in data:
        # YAML reads an unquoted `openapi: 3.0` as a float; the text is what matters.
        version = str(data["openapi"])
        if version.startswith("3.0"):
            return "openapi-3.0"
        if version.startswith("3.1"):
            return "openapi-3.1"
        raise RestwrightError.at(
            root.child("openapi"),
            f"unsupported OpenAPI version {version!r} (3.0 and 3.1 are)",
        )
    if "swagger" in data:
        version = str(data["swagger"])
        if version in ("2.0", "2"):
            return "swagger-2.0"
        raise RestwrightError.at(
            root.child("swagger"), f"unsupported Swagger version {version!r} (2.0 is)"
        )
    if "client" in data and "resources" in data:
        return "rest-api-config"
    raise RestwrightError.at(
        root,
        "neither an OpenAPI/Swagger document nor a rest_api config",
        cause="no `openapi`, `swagger`, or `client` + `resources` key at the top level",
    )
