"""API-wide conventions: what most operations of one API do, applied where one operation is silent.

An API pages its lists one way. When an operation's response schema is untyped, the operations
with the same paging parameters show its envelope; when an operation sets a page size but declares
no page parameter, the API's page parameter is the one its other operations declare; when the API
says (in `info.description`, or by declaring it on most paged operations) that pages are linked by
a `Link` header, that holds for the operations that forget to declare the header.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from restwright.infer import vocabulary as vocab
from restwright.infer.context import FieldInfo, OperationContext, flatten
from restwright.infer.examples import with_example_shapes
from restwright.infer.selector import infer_data_selector
from restwright.model.ir import ApiModel, Operation, TypeExpr

POSITION_NAMES = vocab.OFFSET_NAMES | vocab.PAGE_NAMES | vocab.CURSOR_NAMES
LINK_TEXT = (
    r"\bLink\b[^.\n]{0,80}\bheaders?\b|\bheaders?\b[^.\n]{0,40}\bLink\b|"
    r"rel=\\?[\"']?next|RFC ?(5988|8288)"
)
LINK_SHARE = (
    0.5  # declared on at least this share of paged operations: the API's convention
)


@dataclass(frozen=True)
class SiblingShape:
    """A typed list response of one operation, with the paging inputs it shares with others."""

    op_key: str
    type: TypeExpr
    records: str  # where the sibling's records sit (its data selector)
    inputs: frozenset[
        str
    ]  # every input name (normalised): how alike two operations are


@dataclass(frozen=True)
class PageConvention:
    """The page-number parameter the API's operations declare, and its base when they state one."""

    name: str
    users: int
    base: int | None
    why: str


@dataclass
class ApiConventions:
    """Facts about the whole API, computed once; `model` includes the shapes read from examples."""

    model: ApiModel
    example_types: dict[str, TypeExpr]
    shapes: dict[frozenset[str], list[SiblingShape]] = field(default_factory=dict)
    page: PageConvention | None = None
    link_header: str | None = None  # evidence of an API-wide Link-header convention
    # The contexts read while learning the conventions, by `Operation.key`: inference reuses them.
    contexts: dict[str, OperationContext] = field(default_factory=dict)

    # `flatten` results by (type, depth): many operations return or send the same schema.
    fields: dict[tuple[TypeExpr | None, int], tuple[FieldInfo, ...]] = field(
        default_factory=dict
    )

    def fields_below(self, t: TypeExpr | None, max_depth: int) -> tuple[FieldInfo, ...]:
        """Every field below `t` in this API's model (`flatten`), computed once per type."""
        key = (t, max_depth)
        found = self.fields.get(key)
        if found is None:
            found = self.fields[key] = flatten(self.model, t, max_depth)
        return found

    def context(self, op: Operation) -> OperationContext:
        """The operation's context: the one read for the conventions, else a new one."""
        known = self.contexts.get(op.key)
        if known is not None and known.op is op:
            return known
        return OperationContext(self.model, op, self)

    def borrowed_shape(self, ctx: OperationContext) -> tuple[TypeExpr, str] | None:
        """The envelope most operations with the same paging parameters return (weighted by likeness)."""
        signature = paging_signature(ctx)
        siblings = [s for s in self.shapes.get(signature, []) if s.op_key != ctx.op.key]
        if not signature or not siblings:
            return None
        mine = input_names(ctx)
        votes: dict[str, float] = {}
        for s in siblings:
            votes[s.records] = votes.get(s.records, 0.0) + likeness(mine, s.inputs)
        records = max(votes, key=lambda r: (votes[r], -_first(siblings, r)))
        group = [s for s in siblings if s.records == records]
        best = max(group, key=lambda s: likeness(mine, s.inputs))
        names = ", ".join(f"`{n}`" for n in sorted(signature))
        why = (
            f"the response schema is untyped; {len(group)} of {len(siblings)} other operations "
            f"paged by {names} return records at `{records}` (shape of `{best.op_key}` used)"
        )
        return best.type, why


def _first(siblings: list[SiblingShape], records: str) -> int:
    return next(i for i, s in enumerate(siblings) if s.records == records)


def input_names(ctx: OperationContext) -> frozenset[str]:
    return frozenset(vocab.norm(i.leaf) for i in ctx.inputs)


def paging_signature(ctx: OperationContext) -> frozenset[str]:
    """The operation's paging input names (normalised); empty when none says where a page starts."""
    names = frozenset(
        n for n in input_names(ctx) if n in POSITION_NAMES | vocab.LIMIT_NAMES
    )
    return names if names & POSITION_NAMES else frozenset()


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two operations' input names."""
    return len(a & b) / len(a | b) if a | b else 0.0


def api_conventions(model: ApiModel) -> ApiConventions:
    """Read the API's conventions from all its operations (own schemas and examples only)."""
    from restwright.infer.paginators.page_number import page_input, stated_base

    overlay, example_types = with_example_shapes(model)
    conventions = ApiConventions(overlay, example_types)
    shapes: dict[frozenset[str], list[SiblingShape]] = {}
    pages: list[tuple[str, tuple[int, str] | None]] = []
    paged = linked = 0
    contexts: list[OperationContext] = []
    for op in model.operations:
        ctx = OperationContext(
            overlay, op, conventions
        )  # shapes still empty: no borrowing
        contexts.append(ctx)
        signature = paging_signature(ctx)
        page = page_input(ctx)
        if page is not None:
            pages.append((page.name, stated_base(page)))
        if not signature and page is None:
            continue
        paged += 1
        linked += any(h.lower() == "link" for h in ctx.response_headers)
        if (
            not signature
            or ctx.response_type is None
            or op.method not in ("get", "post")
        ):
            continue
        selector = infer_data_selector(ctx, paginated=True)
        if selector is None or selector.path is None:
            continue
        shapes.setdefault(signature, []).append(
            SiblingShape(op.key, ctx.response_type, selector.path, input_names(ctx))
        )
    conventions.shapes = shapes
    conventions.page = _page_convention(pages)
    conventions.link_header = _link_convention(model, paged, linked)
    # A context that borrows its shape read it before there was anything to borrow: not reused.
    conventions.contexts = {
        ctx.op.key: ctx for ctx in contexts if not ctx.borrows_shape
    }
    return conventions


def _page_convention(
    pages: list[tuple[str, tuple[int, str] | None]],
) -> PageConvention | None:
    """The page parameter at least two operations declare; its base if they state one."""
    counts = Counter(name for name, _ in pages)
    if not counts:
        return None
    name, users = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if users < 2:
        return None
    stated = Counter(b[0] for n, b in pages if n == name and b is not None)
    base = stated.most_common(1)[0][0] if stated else None
    why = f"{users} operations of this API declare the page parameter `{name}`"
    if base is not None:
        why += f" ({stated[base]} state it starts at {base})"
    return PageConvention(name, users, base, why)


def _link_convention(model: ApiModel, paged: int, linked: int) -> str | None:
    match = re.search(LINK_TEXT, model.description or "", re.IGNORECASE)
    if match:
        return f"the API description says pages are linked: {match.group(0)!r}"
    if linked >= 2 and linked >= LINK_SHARE * paged:
        return f"{linked} of {paged} paged operations declare a `Link` response header"
    return None
