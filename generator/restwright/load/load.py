"""Read, detect, validate, normalise and bundle one input document."""

from __future__ import annotations

from pathlib import Path

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.load.bundle import bundle_refs
from restwright.load.detect import detect_kind
from restwright.load.document import LoadedDocument
from restwright.load.gcpause import paused_gc
from restwright.load.parse import parse_data, read_bytes
from restwright.load.swagger import swagger_to_openapi3
from restwright.load.validate import validate_openapi


def load_document(path: str | Path, *, strict: bool = False) -> LoadedDocument:
    """Load an OpenAPI 3.0/3.1 or Swagger 2.0 document, or a rest_api config, from `path`.

    Validation problems are warnings in `LoadedDocument.diagnostics` (vendor specs are often
    slightly invalid yet usable); anything that blocks generation raises `RestwrightError`.
    With `strict`, every broken `$ref` blocks generation (see `bundle_refs`).
    """
    with paused_gc():
        try:
            return _load(str(path), Path(path), strict)
        except RecursionError:
            raise RestwrightError.at(
                Location(str(path)), "the document is nested too deeply to process"
            ) from None


def _load(file: str, source: Path, strict: bool) -> LoadedDocument:
    data, diagnostics = parse_data(read_bytes(source, file), file)
    kind = detect_kind(data, file)
    if kind == "rest-api-config":
        return LoadedDocument(kind, file, data, diagnostics)
    if kind == "swagger-2.0":
        data = swagger_to_openapi3(data)
    else:
        diagnostics.extend(validate_openapi(data, kind, file))
    diagnostics.extend(bundle_refs(data, source, file, strict=strict))
    return LoadedDocument(kind, file, data, diagnostics)
