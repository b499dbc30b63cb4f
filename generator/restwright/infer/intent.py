"""What an operation does: read a list, write, or return one resource that holds lists.

Pagination evidence alone does not make a list: a write that happens to take `offset` or an
`after` field (Notion's "append after this block") must not be iterated, since every page would
repeat the write. And a single resource (`GET /folders/{id}`) that embeds collections with their
own paging parameters returns that resource, not the records of one of its collections.
"""

from __future__ import annotations

from restwright_runtime.media import media_kind

import restwright.infer.vocabulary as vocab
from restwright.infer.context import OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Words, tunable
from restwright.infer.paginators import Candidates
from restwright.model.ir import Operation

READ_METHODS = ("get", "query", "search")  # methods that read by definition
READ_WORDS = Words(
    "READ_WORDS",
    "list lists search query find get gets fetch read lookup retrieve browse describe".split(),
)
WRITE_WORDS = Words(
    "WRITE_WORDS",
    """create creates update updates delete deletes add adds set sets remove removes replace
    reorder append upload patch put insert upsert assign unassign manage move cancel archive
    send""".split(),
)
PAGING_NAMES = (
    vocab.OFFSET_NAMES
    | vocab.LIMIT_NAMES
    | vocab.PAGE_NAMES
    | vocab.CURSOR_NAMES
    | vocab.CURSOR_FIELD_NAMES
    | vocab.HAS_MORE_NAMES
    | vocab.TOTAL_ITEM_NAMES
    | vocab.TOTAL_PAGE_NAMES
    | vocab.NEXT_URL_NAMES
)
# Fewer plain fields than this reads as a page envelope, not a resource.
MIN_RESOURCE_SCALARS = tunable("MIN_RESOURCE_SCALARS", 4, (2, 3, 5, 6))


def verbs(ctx: OperationContext) -> set[str]:
    """The words that name what the operation does: first word of the summary and of the
    operationId, and the last word of a snake/kebab operationId (`api_labels_create`).
    """
    op = ctx.op
    found: set[str] = set()
    summary = vocab.words(op.summary or "")
    found.update(summary[:1])
    op_id = vocab.words(op.operation_id or "")
    found.update(op_id[:1])
    if op.operation_id and ("_" in op.operation_id or "-" in op.operation_id):
        found.update(op_id[-1:])
    return found


def says_it_writes(ctx: OperationContext) -> bool:
    return any(v in WRITE_WORDS for v in sorted(verbs(ctx)))


def says_it_reads(ctx: OperationContext) -> bool:
    """`/search`, `listTemplates`, "Get transaction data", `api_projects_list`."""
    path_words = vocab.words(ctx.op.path.rstrip("/").rsplit("/", 1)[-1])
    return any(w in READ_WORDS for w in sorted(verbs(ctx) | set(path_words)))


def feeds_back(ctx: OperationContext, found: list[PaginatorChoice]) -> bool:
    """A cursor the response hands back under its own name (`next_cursor` for `cursor`): the
    request is a page request whatever the operation is called."""
    for c in found:
        if c.type != "cursor" or c.score < 0.8:
            continue
        path = str(c.params.get("cursor_path", ""))
        if ctx.field(path.replace("['", "").replace("']", "")) is not None:
            return True
    return False


def may_paginate(ctx: OperationContext, found: Candidates) -> tuple[bool, str]:
    """Whether this operation's pagination evidence may be followed at all, and why not.

    A POST pages when a vendor extension says so, when it says it reads, or when it feeds a cursor back.
    """
    method = ctx.op.method
    if method in READ_METHODS:
        return True, ""
    if method != "post":
        return False, f"{method.upper()} is never paginated"
    if found.stated_by_vendor:
        return True, ""
    if says_it_writes(ctx):
        return False, "its name says it writes: not paginated"
    if says_it_reads(ctx) or feeds_back(ctx, found.choices):
        return True, ""
    return False, "a non-GET that does not say it reads: not paginated"


def no_pages(op: Operation) -> str | None:
    """Why an operation is never paged whatever its parameters look like, or None.

    Pages are JSON documents the runtime reads records from: a HEAD answer has no body, and a
    file, text or stream is read whole (Jellyfin's media streams take `startTimeTicks`, which
    reads like an offset). The media kind is the runtime's, the one the client reads by.
    """
    if op.method == "head":
        return "a HEAD request answers with headers only"
    read = op.read_response()
    if read is None or media_kind(read.content_type or "") == "json":
        return None
    return f"it answers {read.content_type}, read whole (a file, text or stream), not pages"


def one_resource(ctx: OperationContext) -> str | None:
    """Evidence that a GET returns one resource that merely embeds collections, or None.

    The path ends in the resource's `{id}`, and the body is a resource object: it carries an
    identity (`id` or `type`) and several plain fields of its own, with no paging field at its
    top level (a page envelope has its `next`/`total`/`has_more` there).
    """
    if ctx.op.method != "get" or not ctx.ends_with_parameter:
        return None
    if ctx.response_kind != "object" or ctx.shape_note is not None:
        return None
    top = [f for f in ctx.response_fields if "." not in f.path]
    names = {vocab.norm(f.name) for f in top}
    if not names & {"id", "type"}:
        return None
    if any(n in PAGING_NAMES - {"size", "count", "length"} for n in sorted(names)):
        return None
    scalars = [
        f
        for f in top
        if f.kind in ("str", "int", "float", "bool")
        and vocab.norm(f.name) not in PAGING_NAMES
    ]
    if len(scalars) < MIN_RESOURCE_SCALARS.value:
        return None
    return (
        f"the path ends in `{ctx.op.path.rsplit('/', 1)[-1]}` and the body is one resource "
        f"(identity and {len(scalars)} plain fields, no paging field at its top level): "
        "its arrays are properties, not the records"
    )
