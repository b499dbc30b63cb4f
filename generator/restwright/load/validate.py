"""Schema validation of OpenAPI 3.0/3.1 documents, reported as warnings with JSON pointers.

Real vendor specs are often slightly invalid yet generate fine, so validation never blocks:
the model stage guards every shape it reads and reports what it cannot use.
"""

from __future__ import annotations

from typing import Any, Sequence

from pydantic import ValidationError

from restwright.diagnostics import Diagnostic, Location
from restwright.load.document import SourceKind

MAX_REPORTED = 20


def validate_openapi(
    document: dict[str, Any], kind: SourceKind, file: str
) -> list[Diagnostic]:
    """Validate with openapi-pydantic; each error becomes a warning at the offending place."""
    if kind == "openapi-3.0":
        from openapi_pydantic.v3.v3_0 import OpenAPI as OpenAPI30

        model: Any = OpenAPI30
    elif kind == "openapi-3.1":
        from openapi_pydantic.v3.v3_1 import OpenAPI as OpenAPI31

        model = OpenAPI31
    else:
        return []
    try:
        model.model_validate(document)
    except ValidationError as exc:
        return _to_diagnostics(exc, document, file)
    return []


def _to_diagnostics(
    exc: ValidationError, document: dict[str, Any], file: str
) -> list[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    found: list[Diagnostic] = []
    for error in exc.errors():
        location, value = pointer_for(document, error["loc"], file)
        if "Reference" in error["loc"] and not (
            isinstance(value, dict) and "$ref" in value
        ):
            continue  # the object is not meant as a reference: that union branch is noise
        message = error["msg"]
        if error["type"] == "missing" and error["loc"]:
            message = f"missing required field {str(error['loc'][-1])!r}"
        if (location.pointer, message) in seen:
            continue  # a union reports the same place once per member
        seen.add((location.pointer, message))
        found.append(Diagnostic("warning", "invalid OpenAPI: " + message, location))
    if len(found) > MAX_REPORTED:
        rest = len(found) - MAX_REPORTED
        found = found[:MAX_REPORTED] + [
            Diagnostic(
                "warning",
                f"{rest} more OpenAPI validation problems not shown",
                Location(file),
            )
        ]
    return found


def pointer_for(
    document: Any, loc: Sequence[int | str], file: str
) -> tuple[Location, Any]:
    """Map a pydantic error location onto the document, skipping tokens the data lacks.

    pydantic inserts union member names (`Reference`, `Schema`) and `[key]` markers that are
    not places in the document; following only real keys yields a pointer a person can open.
    Returns the location and the value found there.
    """
    location = Location(file)
    current = document
    for token in loc:
        if isinstance(current, dict) and str(token) in current:
            current = current[str(token)]
            location = location.child(str(token))
        elif (
            isinstance(current, list)
            and isinstance(token, int)
            and 0 <= token < len(current)
        ):
            current = current[token]
            location = location.child(token)
    return location, current
