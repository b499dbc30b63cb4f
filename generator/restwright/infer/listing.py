"""A list the spec misdescribes: the operation says it lists, but its schema is one record.

Hand-written specs often give a list operation the schema of one item (`GET /projects/{id}/members`
"List members" → `Member`). The text and the path (a collection: no `{id}` at the end) outweigh
the schema: the body is the array of those items.
"""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import OperationContext, kind_of
from restwright.infer.knowledge import Phrases

LIST_TEXT = Phrases(
    "LIST_TEXT",
    *(
        rf"^\s*{verb}\b"
        for verb in (
            "lists?",
            "gets? all",
            "retrieves? all",
            "fetch(es)? all",
            "returns? all",
            "(gets?|retrieves?|returns?|fetch(es)?) (a|the) list of",
        )
    ),
)


def item_schema_of_list(ctx: OperationContext) -> str | None:
    """Evidence that the 200 schema is one item of the listed collection, or None."""
    op = ctx.op
    if op.method != "get" or ctx.ends_with_parameter or ctx.shape_note is not None:
        return None
    said = next(
        (t for t in (op.summary, op.description) if vocab.mentions(t, LIST_TEXT)),
        None,
    )
    kind, bare, _, _ = kind_of(ctx.model, ctx.response_type)
    fields = ctx.model.fields_of(bare) if kind == "object" else None
    if said is None or not fields:
        return None
    if any(kind_of(ctx.model, f.type)[0] in ("array", "map") for f in fields):
        return (
            None  # an envelope or a resource holding lists: the schema is not an item
        )
    if "id" not in {vocab.norm(f.name) for f in fields}:
        return None  # one record of a collection carries its identity
    evidence = (
        f"it says it lists ({said.strip()[:60]!r}) on a collection path, yet its 200 schema is "
        "one record (an `id`, no array): the schema describes an item, the body is their array"
    )
    created = _created_on_same_path(ctx, {f.name for f in fields})
    return evidence + (f"; `{created}` returns the same record" if created else "")


def _created_on_same_path(ctx: OperationContext, names: set[str]) -> str | None:
    """The POST on the same path when it returns a record with the same fields (the created item)."""
    for other in ctx.model.operations:
        if other.path != ctx.op.path or other.method != "post":
            continue
        response = other.success_response()
        fields = ctx.model.fields_of(response.type) if response else None
        if fields and {f.name for f in fields} == names:
            return other.key
    return None
