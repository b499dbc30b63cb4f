"""One detector per paginator kind; each returns scored candidates with evidence. `rank` picks one."""

from __future__ import annotations

from typing import Callable

from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators import (
    cursor,
    header_cursor,
    header_link,
    json_link,
    offset,
    page_number,
    record_cursor,
    single_page,
    vendor,
)

Detector = Callable[[OperationContext], list[PaginatorChoice]]

# Order matters only to break exact score ties: the more explicit signal first.
DETECTORS: tuple[tuple[str, Detector], ...] = (
    ("vendor", vendor.detect),
    ("header_link", header_link.detect),
    ("json_link", json_link.detect),
    ("cursor", cursor.detect),
    ("header_cursor", header_cursor.detect),
    ("offset", offset.detect),
    ("page_number", page_number.detect),
    ("record_cursor", record_cursor.detect),
    ("single_page", single_page.detect),
)


def candidates(ctx: OperationContext) -> list[PaginatorChoice]:
    """All candidates in detector order; vendor extensions, when present, are the only ones."""
    found: list[PaginatorChoice] = []
    for name, detect in DETECTORS:
        result = detect(ctx)
        if name == "vendor" and result:
            return result
        found.extend(result)
    return found
