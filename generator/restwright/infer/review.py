"""Never silent: paging no detector is sure of falls back to the runtime and is listed for review.

A list that takes `next_token` but whose next token no detector can place would otherwise be
generated as one page: the client returns the first page and stops, and nobody notices. Here
such a list pages by the runtime's auto-detection instead, a weak best guess still pages but is
flagged, and both carry the evidence a person needs to write an override.
"""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import tunable
from restwright.infer.paginators.cursor import is_cursor_name
from restwright.infer.paginators.page_number import PER_PAGE_NAMES

# A chosen paginator scoring below this pages with the best candidate, flagged for review.
SURE_FROM = tunable("SURE_FROM", 0.6, (0.5, 0.55, 0.65, 0.7))
POSITION_NAMES = vocab.OFFSET_NAMES | vocab.PAGE_NAMES | vocab.CURSOR_NAMES
POINTER_NAMES = (
    vocab.NEXT_URL_NAMES
    | vocab.CURSOR_FIELD_NAMES
    | vocab.HAS_MORE_NAMES
    | vocab.TOTAL_PAGE_NAMES
)
NO_SIGNAL = "no pagination parameters or response fields"


def paging_signs(ctx: OperationContext) -> list[str]:
    """What looks like paging in this operation: inputs that say where a page starts or how
    big a page is, response fields that point at the next page, in declaration order."""
    signs = [
        f"{'body field' if i.where == 'body' else 'parameter'} `{i.name}`"
        for i in ctx.inputs
        if i.kind not in ("bool", "object", "array")
        and (
            vocab.norm(i.leaf) in POSITION_NAMES
            or vocab.norm(i.leaf) in PER_PAGE_NAMES
            or is_cursor_name(i.leaf)
        )
    ]
    signs += [
        f"response field `{f.path}`"
        for f in ctx.response_fields
        if f.kind in ("str", "int", "bool", "any")
        and vocab.norm(f.name) in POINTER_NAMES
    ]
    return signs


def listed_signs(signs: list[str]) -> str:
    """The first few signs, and how many more."""
    return ", ".join(signs[:3]) + (
        f" and {len(signs) - 3} more" if len(signs) > 3 else ""
    )


def settle(
    choice: PaginatorChoice, signs: list[str]
) -> tuple[PaginatorChoice, tuple[str, ...]]:
    """The paginator to generate, and what a person should review about it.

    No signal but paging-looking names → the runtime's auto-detection; auto or a guess below
    `SURE_FROM` → generated as is, and listed.
    """
    if choice.type == "single_page" and choice.evidence[:1] == (NO_SIGNAL,):
        if not signs:
            return choice, ()
        why = (
            f"{listed_signs(signs)} {'looks' if len(signs) == 1 else 'look'} like paging, but no"
            " detector is sure how it pages: the runtime detects pagination from the first"
            " response"
        )
        return PaginatorChoice("auto", {}, choice.score, (why,)), (why,)
    if choice.type == "auto":
        return choice, (f"pages by auto-detection: {'; '.join(choice.evidence)}",)
    if choice.type != "single_page" and choice.score < SURE_FROM.value:
        return choice, (
            f"pages by a best guess ({choice.type}, score {choice.score:.2f}):"
            f" {'; '.join(choice.evidence)}",
        )
    return choice, ()
