"""One detector per paginator kind; each returns scored candidates with evidence. `rank` picks one."""

from __future__ import annotations

from dataclasses import dataclass
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
DETECTORS: tuple[Detector, ...] = (
    header_link.detect,
    json_link.detect,
    cursor.detect,
    header_cursor.detect,
    offset.detect,
    page_number.detect,
    record_cursor.detect,
    single_page.detect,
)


@dataclass(frozen=True)
class Candidates:
    """The scored paginator candidates of one operation, and whether a vendor extension stated them."""

    choices: list[PaginatorChoice]
    stated_by_vendor: bool = False


def candidates(ctx: OperationContext) -> Candidates:
    """All candidates in detector order; vendor extensions, when they state pagination, are the only ones."""
    stated = vendor.detect(ctx)
    if stated:
        return Candidates(stated, stated_by_vendor=True)
    return Candidates([c for detect in DETECTORS for c in detect(ctx)])
