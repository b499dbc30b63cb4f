"""Single page: a list with no pagination signal at all — one request returns everything."""

from __future__ import annotations

from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import choice


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    return [
        choice("single_page", {}, 0.3, ["no pagination parameters or response fields"])
    ]
