"""API-wide conventions: what most operations of one API do, applied where one operation is silent.

An API pages its lists one way. When an operation's response schema is untyped, the operations
with the same paging parameters show its envelope; when an operation sets a page size but declares
no page parameter, the API's page parameter is the one its other operations declare; when the API
says (in `info.description`, or by declaring it on most paged operations) that pages are linked by
a `Link` header, that holds for the operations that forget to declare the header.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

import restwright.infer.vocabulary as vocab
from restwright.infer.context import (
    NO_HINTS,
    ApiHints,
    FieldCache,
    OperationContext,
    PageConvention,
    ResponseShape,
    is_untyped,
    own_shape,
)
from restwright.infer.examples import with_example_shapes
from restwright.infer.knowledge import tunable
from restwright.infer.paginators.cursor import is_cursor_name
from restwright.infer.paginators.page_number import (
    base_in_text,
    page_input,
    stated_base,
)
from restwright.infer.selector import infer_data_selector
from restwright.model.ir import ApiModel, Operation, TypeExpr

POSITION_NAMES = vocab.OFFSET_NAMES | vocab.PAGE_NAMES | vocab.CURSOR_NAMES
# Declared on at least this share of paged operations: the API's convention.
LINK_SHARE = tunable("LINK_SHARE", 0.5, (0.3, 0.4, 0.6, 0.7))


@dataclass(frozen=True)
class SiblingShape:
    """A typed list response of one operation, with the paging inputs it shares with others."""

    op_key: str
    type: TypeExpr
    records: str  # where the sibling's records sit (its data selector)
    inputs: frozenset[
        str
    ]  # every input name (normalised): how alike two operations are


@dataclass
class ApiConventions:
    """Facts about the whole API, computed once, and the context of every operation they shape.

    `model` includes the shapes read from examples.
    """

    model: ApiModel
    example_types: dict[str, TypeExpr]
    hints: ApiHints
    fields: FieldCache
    shapes: dict[frozenset[str], list[SiblingShape]] = field(default_factory=dict)
    # Every operation's context by `Operation.key`: inference reads these.
    contexts: dict[str, OperationContext] = field(default_factory=dict)

    def context(self, op: Operation) -> OperationContext:
        """The operation's context: the one computed with the conventions, else a new one."""
        known = self.contexts.get(op.key)
        if known is not None and known.op is op:
            return known
        return self._context(op, self.shape_of(op))

    def _context(self, op: Operation, shape: ResponseShape) -> OperationContext:
        return OperationContext(self.model, op, shape, self.hints, self.fields)

    def own_shape(self, op: Operation) -> ResponseShape:
        """The op's schema; when it is untyped JSON, its example's shape, else marked as one to borrow."""
        own = own_shape(op)
        if not untyped_json(self.model, op):
            return own
        from_example = self.example_types.get(op.key)
        if from_example is not None:
            return ResponseShape(
                from_example,
                "the response schema is untyped; its shape is read from the response example",
            )
        return ResponseShape(own.type, borrowed=True)

    def shape_of(self, op: Operation) -> ResponseShape:
        """The response shape detectors read: the op's own, or the one its siblings lend."""
        shape = self.own_shape(op)
        if not shape.borrowed:
            return shape
        lent = self.borrowed_shape(self._context(op, shape))
        return ResponseShape(*lent, borrowed=True) if lent else shape

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


def untyped_json(model: ApiModel, op: Operation) -> bool:
    """The op's own schema says nothing about a JSON body (a declared CSV or iCalendar body has
    no envelope to guess); only then is its shape read elsewhere.
    """
    if not is_untyped(model, own_shape(op).type):
        return False
    return not any(
        r.status.startswith("2")
        and r.content_type is not None
        and "json" not in r.content_type
        for r in op.responses
    )


def _first(siblings: list[SiblingShape], records: str) -> int:
    return next(i for i, s in enumerate(siblings) if s.records == records)


def input_names(ctx: OperationContext) -> frozenset[str]:
    return frozenset(vocab.norm(i.leaf) for i in ctx.inputs)


def paging_signature(ctx: OperationContext) -> frozenset[str]:
    """The operation's paging input names (normalised); empty when none says where a page starts."""
    leaves = {vocab.norm(i.leaf): i.leaf for i in ctx.inputs}
    position = {
        n for n, leaf in leaves.items() if n in POSITION_NAMES or is_cursor_name(leaf)
    }
    names = frozenset(n for n in leaves if n in position or n in vocab.LIMIT_NAMES)
    return names if position else frozenset()


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two operations' input names."""
    return len(a & b) / len(a | b) if a | b else 0.0


def api_conventions(model: ApiModel) -> ApiConventions:
    """Read the API's conventions from all its operations (own schemas and examples only), then
    give every operation its context: hints from the whole API, and a borrowed shape where its
    own says nothing.
    """
    overlay, example_types = with_example_shapes(model)
    conventions = ApiConventions(overlay, example_types, NO_HINTS, FieldCache(overlay))
    shapes: dict[frozenset[str], list[SiblingShape]] = {}
    pages: list[tuple[str, tuple[int, str] | None]] = []
    paged = linked = 0
    contexts: list[OperationContext] = []
    for op in model.operations:
        ctx = conventions._context(op, conventions.own_shape(op))
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
    conventions.hints = ApiHints(
        page=_page_convention(pages),
        link_header=_link_convention(model, paged, linked),
        header_prefix=_header_prefix(model),
        page_text=_text_page_convention(model),
    )
    # What a context computed depends on its shape only: those read here are kept and handed the
    # hints; those that borrow read their shape only now.
    for ctx in contexts:
        if ctx.shape.borrowed:
            ctx = conventions._context(ctx.op, conventions.shape_of(ctx.op))
        ctx.hints = conventions.hints
        conventions.contexts[ctx.op.key] = ctx
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


def _text_page_convention(model: ApiModel) -> PageConvention | None:
    """The page parameter the API description names where it speaks of paging
    ("list endpoints take `page` (1-based) and `per_page`"), with the base it states."""
    text = model.description
    if not vocab.mentions(text, vocab.PAGING_WORDS):
        return None
    named = [q for q in vocab.quoted_names(text) if vocab.norm(q) in vocab.PAGE_NAMES]
    if not named:
        return None
    base = base_in_text(text)
    why = f"the API description names the page parameter `{named[0]}`"
    return PageConvention(named[0], 0, base, why)


def _link_convention(model: ApiModel, paged: int, linked: int) -> str | None:
    """Evidence that the API links its pages with a `Link` header, wherever the spec says so."""
    match = vocab.LINK_TEXT.search(model.description)
    if match:
        return f"the API description says pages are linked: {match.group(0)!r}"
    if linked >= 2 and linked >= LINK_SHARE.value * paged:
        return f"{linked} of {paged} paged operations declare a `Link` response header"
    for where, text in _descriptions(model):
        if "ink" in text and vocab.mentions(text, vocab.PAGING_WORDS):
            found = vocab.LINK_TEXT.search(text)
            if found is not None:
                return f"{where} says pages are linked: {found.group(0)!r}"
    return None


def _descriptions(model: ApiModel) -> Iterator[tuple[str, str]]:
    """Every parameter, schema and property description, with where it sits (in spec order)."""
    for op in model.operations:
        for p in op.parameters:
            if p.description:
                yield f"the description of parameter `{p.name}` ({op.key})", p.description
    for key, schema in model.schemas.items():
        if schema.description:
            yield f"the description of schema `{key}`", schema.description
        for f in schema.fields or ():
            if f.description:
                yield f"the description of `{key}.{f.name}`", f.description


def _header_prefix(model: ApiModel) -> str | None:
    """The API's own response-header prefix (`X-Nomad-` of `X-Nomad-Index`, `X-Nomad-LastContact`):
    two or more declared headers share it, and its word names the API (title or server).
    """
    names = {h.name for op in model.operations for r in op.responses for h in r.headers}
    counts = Counter(
        "-".join(parts[:2]) + "-"
        for parts in (n.split("-") for n in sorted(names))
        if len(parts) > 2 and parts[0].lower() == "x"
    )
    own = vocab.norm(model.title + " ".join(model.servers))
    for prefix, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= 2 and vocab.norm(prefix[2:]) in own:
            return prefix
    return None
