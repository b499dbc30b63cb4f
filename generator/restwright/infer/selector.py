"""Where an operation's records sit in its response: the array whose name and items mean "the records"."""

from __future__ import annotations

from dataclasses import dataclass

import restwright.infer.vocabulary as vocab
from restwright.infer.context import FieldInfo, OperationContext, kind_of, per_context
from restwright.infer.decision import DataSelectorChoice
from restwright.infer.knowledge import rule, tunable
from restwright.infer.listing import item_schema_of_list
from restwright.model.ir import (
    JSONValue,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    TypeExpr,
)

# Below it, an array is a property of a single resource, not the records.
LIST_THRESHOLD = tunable("LIST_THRESHOLD", 0.6, (0.5, 0.55, 0.65, 0.7))


@dataclass(frozen=True)
class ArrayCandidate:
    """An array in the response with how record-like it looks, and why."""

    path: str
    item: TypeExpr
    score: float
    evidence: tuple[str, ...]


def _matches_resource(name: str, resource: str) -> bool:
    n, r = vocab.norm(name), vocab.norm(resource)
    if not n or not r:
        return False
    return (
        n == r
        or vocab.singular(n) == vocab.singular(r)
        or (len(r) > 3 and n.endswith(r))
    )


def _item_key(ctx: OperationContext, item: TypeExpr) -> str | None:
    bare = kind_of(ctx.model, item)[1]
    return bare.key if isinstance(bare, NamedType) else None


def score_array(
    ctx: OperationContext,
    path: str,
    item: TypeExpr,
    siblings: tuple[FieldInfo, ...],
) -> ArrayCandidate:
    """Score one array as the operation's records: record-like names, resource names, object items."""
    name = path.rsplit(".", 1)[-1]
    key = vocab.norm(name)
    depth = path.count(".")
    score, evidence = 0.3, []
    segments = ctx.path_words
    if key in vocab.RECORD_NAMES:
        score += 0.4
        evidence.append(f"`{name}` is a record-list name")
    if segments and any(_matches_resource(name, w) for w in vocab.words(segments[-1])):
        score += 0.5
        evidence.append(f"`{name}` names the path's resource `{segments[-1]}`")
    elif any(_matches_resource(name, w) for s in segments[:-1] for w in vocab.words(s)):
        score += 0.3
        evidence.append(f"`{name}` names a resource in the path")
    item_kind = kind_of(ctx.model, item)[0]
    item_key = _item_key(ctx, item)
    if item_key and any(
        _matches_resource(w, seg) for seg in segments for w in vocab.words(item_key)
    ):
        score += 0.3
        evidence.append(f"items are `{item_key}`, named like the path's resource")
    if item_kind in ("object", "map"):
        score += 0.2
    elif item_kind not in ("any", "array"):
        score -= 0.2
        evidence.append("items are scalars")
    if (
        key in vocab.NOT_RECORD_NAMES
        or key in vocab.META_CONTAINER_NAMES
        or key.endswith("metadata")
    ):
        score -= 0.6
        evidence.append(f"`{name}` is metadata, not records")
    parent = path.rsplit(".", 1)[0] if depth else ""
    parent_key = vocab.norm(parent.rsplit(".", 1)[-1]) if parent else ""
    if parent and not (
        parent_key.endswith("list")
        or parent_key in vocab.RECORD_NAMES
        or parent_key in vocab.META_CONTAINER_NAMES
    ):
        score -= 0.15 * depth
    elif parent_key.endswith("list"):
        score += 0.3
        evidence.append(f"nested in the list container `{parent}`")
    others = [
        s
        for s in siblings
        if s.path.count(".") == depth and s.path != path and s.path.startswith(parent)
    ]
    pointer = next((s for s in others if _is_next_pointer(s)), None)
    if pointer is not None and depth:
        # Several nested lists (`albums.items`, `assets.items`): the paged one sits beside
        # the pointer to its next page.
        score += 0.15
        evidence.append(f"beside `{pointer.path}`, the pointer to the next page")
    if (
        item_kind == "object"
        and others
        and all(
            s.kind not in ("array",)
            and (s.kind != "object" or vocab.norm(s.name) in vocab.META_CONTAINER_NAMES)
            for s in others
        )
    ):
        score += 0.3
        evidence.append("the only array in an envelope of metadata")
    return ArrayCandidate(path, item, round(score, 3), tuple(evidence))


@per_context
def array_candidates(ctx: OperationContext) -> list[ArrayCandidate]:
    """`score_arrays`, computed once per context (the selector and record cursors both read it)."""
    return score_arrays(ctx)


NEXT_POINTER_NAMES = (
    vocab.NEXT_URL_NAMES | vocab.CURSOR_FIELD_NAMES | vocab.HAS_MORE_NAMES
) - {"href"}


def _is_next_pointer(f: FieldInfo) -> bool:
    return f.kind in ("str", "bool", "int", "any") and (
        vocab.norm(f.name) in NEXT_POINTER_NAMES
    )


def score_arrays(ctx: OperationContext) -> list[ArrayCandidate]:
    """Every array in the success response, best first (stable: declaration order breaks ties)."""
    found = []
    fields = ctx.response_fields
    for info in fields:
        if info.kind == "array" and isinstance(info.type, ListType):
            found.append(score_array(ctx, info.path, info.type.item, fields))
    order = {c.path: i for i, c in enumerate(found)}
    return sorted(found, key=lambda c: (-c.score, order[c.path]))


def selector_path(dotted: str) -> str:
    """A response path in dlt's JSONPath spelling (bracket form for keys with dots or symbols)."""
    out = []
    for key in dotted.split("."):
        out.append(
            f"['{key}']" if not key.replace("_", "").replace("-", "").isalnum() else key
        )
    return ".".join(out).replace(".[", "[")


def infer_data_selector(
    ctx: OperationContext, paginated: bool
) -> DataSelectorChoice | None:
    """The records' JSONPath, or None for a single resource (or when the spec gives nothing to go on)."""
    vendor = vendor_selector(ctx)
    if vendor is not None:
        return vendor
    if ctx.response_type is None:
        return None
    kind, bare, _, _ = kind_of(ctx.model, ctx.response_type)
    if kind == "array" and isinstance(bare, ListType):
        return DataSelectorChoice(
            "$", bare.item, 0.95, ("the response body is an array",)
        )
    listed = item_schema_of_list(ctx)
    if listed is not None:
        return DataSelectorChoice("$", ctx.response_type, 0.6, (listed,))
    if kind != "object":
        return None
    candidates = array_candidates(ctx)
    threshold = 0.3 if paginated else LIST_THRESHOLD.value
    if not candidates or candidates[0].score < threshold:
        # A map is the records only of an operation that pages: elsewhere it is one resource.
        return _map_records(ctx) if paginated else None
    best = candidates[0]
    if not paginated and _one_record(ctx, best):
        return None
    keyed = records_keyed_by_input(ctx)
    if keyed is not None:
        return DataSelectorChoice(None, None, 0.5, (keyed[1],))
    evidence = best.evidence
    if len(candidates) > 1:
        evidence += (
            f"preferred over {', '.join('`' + c.path + '`' for c in candidates[1:4])}",
        )
    return DataSelectorChoice(
        selector_path(best.path), best.item, min(best.score, 1.0), evidence
    )


def records_keyed_by_input(
    ctx: OperationContext,
) -> tuple[tuple[str, ...], str] | None:
    """Record lists whose key a request parameter picks (`type=track|artist` → `tracks`,
    `artists`; `/tags/{id}/{entity_type}` → `users`, `teams`): the keys, and why.

    Pinning one would return nothing, or one page, for every other value.
    """
    found = [c for c in array_candidates(ctx) if c.score >= 0.3]
    tops = {vocab.singular(vocab.norm(c.path.split(".")[0])): c for c in found}
    if len(tops) < 2:
        return None
    for p in ctx.op.parameters:
        values = [vocab.singular(vocab.norm(str(v))) for v in _enum_values(ctx, p.type)]
        keys = tuple(
            dict.fromkeys(tops[v].path.split(".")[0] for v in values if v in tops)
        )
        if len(keys) >= 2:
            listed = ", ".join(f"`{k}`" for k in keys)
            why = (
                f"the records sit under {listed} depending on `{p.name}`: not pinned to one"
                " key, the runtime finds them in each response"
            )
            return keys, why
    return None


def _enum_values(ctx: OperationContext, t: TypeExpr) -> tuple[JSONValue, ...]:
    """The values an enum parameter (or a list of one) may take."""
    resolved = ctx.model.resolve(t)
    if isinstance(resolved, ListType):
        resolved = ctx.model.resolve(resolved.item)
    return resolved.values if isinstance(resolved, LiteralType) else ()


def _map_records(ctx: OperationContext) -> DataSelectorChoice | None:
    """Records keyed by id: a top-level map of objects named as the path's resource
    (`{order: [ids], posts: {<id>: Post}}` for `/channels/{id}/posts`): its values are the records.
    """
    resource = ctx.path_words[-1:] or [""]
    for f in ctx.response_fields:
        if "." in f.path or f.kind != "map" or not isinstance(f.type, MapType):
            continue
        if kind_of(ctx.model, f.type.value)[0] != "object":
            continue
        named = any(_matches_resource(f.name, w) for w in vocab.words(resource[0]))
        if named and rule("map-records"):
            why = (
                f"`{f.name}` maps keys to records and names the path's resource"
                f" `{resource[0]}`: the records are its values"
            )
            return DataSelectorChoice(
                f"{selector_path(f.name)}.*", f.type.value, 0.7, (why,)
            )
    return None


def resource_selector(ctx: OperationContext) -> DataSelectorChoice | None:
    """Where one returned resource sits when an envelope wraps it: `{server: {...}}` for
    `/servers/{id}`, `{user: {...}, success: true}`, JSON:API's `{data: {...}, links, meta}`.

    The one object at the top level named as the path's resource (singular) or as the records'
    usual key (`data`); everything beside it is a scalar or metadata. None: the body is the
    resource (or nothing says where it is).
    """
    if ctx.response_kind != "object" or ctx.shape_note is not None:
        return None
    top = [f for f in ctx.response_fields if "." not in f.path]
    if any(f.kind == "array" and not _is_metadata(f.name) for f in top):
        return None  # a list beside it: not one wrapped resource
    held = [f for f in top if f.kind == "object" and not _is_metadata(f.name)]
    if len(held) != 1:
        return None
    wrapped = held[0]
    words = [w for segment in ctx.path_words for w in vocab.words(segment)]
    named = any(vocab.singular(w) == vocab.norm(wrapped.name) for w in words)
    if not (named or vocab.norm(wrapped.name) in vocab.RECORD_NAMES):
        return None
    why = (
        f"the body wraps one resource in `{wrapped.name}`"
        + (" (the path's resource)" if named else " (the usual key for it)")
        + "; the other top-level fields are metadata"
    )
    return DataSelectorChoice(selector_path(wrapped.name), wrapped.type, 0.8, (why,))


def _is_metadata(name: str) -> bool:
    """`links`, `meta`, JSON:API's `included`: beside the records, never the records."""
    key = vocab.norm(name)
    return key in vocab.META_CONTAINER_NAMES or key in vocab.NOT_RECORD_NAMES


def _one_record(ctx: OperationContext, best: ArrayCandidate) -> bool:
    """Without pagination evidence, an array inside one resource is that resource's property.

    One resource: the path ends in its `{id}`, the body carries a top-level `id`, or the array
    sits inside a nested object (`report.items`) that is not a list container (`topic_list`, `meta`).
    """
    top = {vocab.norm(f.name) for f in ctx.response_fields if "." not in f.path}
    if ctx.ends_with_parameter or "id" in top:
        return True
    parents = [vocab.norm(p) for p in best.path.split(".")[:-1]]
    return not all(_is_container(p) for p in parents)


def _is_container(key: str) -> bool:
    """An object that holds a list and its metadata, not a resource of its own."""
    return (
        key.endswith("list")
        or key in vocab.RECORD_NAMES
        or key in vocab.META_CONTAINER_NAMES
    )


def vendor_selector(ctx: OperationContext) -> DataSelectorChoice | None:
    """Records named by a vendor extension (x-ms-pageable itemName, x-fern / x-speakeasy results)."""
    ext = ctx.op.extensions
    path: str | None = None
    source = ""
    pageable = ext.get("x-ms-pageable")
    if isinstance(pageable, dict):
        item_name = pageable.get("itemName") or "value"
        path, source = str(item_name), "x-ms-pageable itemName"
    for key, field_name in (
        ("x-fern-pagination", "results"),
        ("x-speakeasy-pagination", "outputs"),
    ):
        value = ext.get(key)
        if isinstance(value, dict):
            results = value.get(field_name)
            if isinstance(results, dict):
                results = results.get("results")
            if isinstance(results, str):
                path = (
                    results.replace("$response.", "")
                    .replace("$response", "$")
                    .removeprefix("$.")
                )
                source = f"{key} results"
    if path is None:
        return None
    info = ctx.field(path)
    item: TypeExpr | None = None
    if info is not None and isinstance(info.type, ListType):
        item = info.type.item
    return DataSelectorChoice(
        selector_path(path) if path != "$" else "$",
        item,
        0.95,
        (f"{source}: `{path}`",),
    )


def record_item(ctx: OperationContext) -> TypeExpr | None:
    """The most record-like array's item type, whether or not the operation turns out to be a list."""
    if ctx.response_type is None:
        return None
    kind, bare, _, _ = kind_of(ctx.model, ctx.response_type)
    if kind == "array" and isinstance(bare, ListType):
        return bare.item
    candidates = array_candidates(ctx)
    return candidates[0].item if candidates else None
