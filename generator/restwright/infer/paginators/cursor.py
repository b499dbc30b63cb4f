"""Cursor: the caller sends back an opaque value the previous response named (`next_cursor`, `paging.next.after`)."""

from __future__ import annotations

import restwright.infer.vocabulary as vocab
from restwright.infer.context import (
    FieldInfo,
    InputInfo,
    OperationContext,
    per_context,
)
from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import Phrases, Words
from restwright.infer.paginators.common import (
    choice,
    controlled,
    describe,
    has_more_field,
    page_size_input,
    param_key,
    response_path,
    reverse_inputs,
)
from restwright.infer.selector import selector_path

CURSOR_KINDS = ("str", "int", "float", "any")
NEXT_CONTAINERS = Words(
    "NEXT_CONTAINERS",
    "next cursor cursors paging pagination pageinfo responsemetadata meta".split(),
)
PAGING_CONTAINERS = NEXT_CONTAINERS | vocab.META_CONTAINER_NAMES


@per_context
def cursor_inputs(ctx: OperationContext) -> list[InputInfo]:
    """Inputs that take a cursor: named or described like one, or handed back by the response.

    A `page` or `offset` described as a cursor, or declared as a string the response hands back
    as `next_offset`, is a cursor too: an opaque token under an ordinary name.
    """
    return [i for i in ctx.inputs if why_cursor(ctx, i) is not None]


def why_cursor(ctx: OperationContext, i: InputInfo) -> str | None:
    """`named`, `described` or `paired` (only the response says so), or None: not a cursor."""
    if i.kind not in CURSOR_KINDS:
        return None
    key = vocab.norm(i.leaf)
    if key in vocab.LIMIT_NAMES:
        return None
    described = vocab.mentions(i.description, vocab.CURSOR_TEXT) and not vocab.mentions(
        i.description, vocab.NOT_CURSOR_TEXT
    )
    if described:
        return "described"
    paired = paired_field(ctx, i) is not None
    if key in vocab.OFFSET_NAMES and not paired:
        return None
    if is_cursor_name(i.leaf):
        return "named"
    return "paired" if paired else None


def is_cursor_name(name: str) -> bool:
    """A known cursor name, or one made of a position word and a token word (`next_token`,
    `pageToken`, `page[cursor]`, `continuation`)."""
    if vocab.norm(name) in vocab.CURSOR_NAMES:
        return True
    parts = vocab.words(name)
    return any(w in vocab.TOKEN_WORDS for w in parts) and any(
        w in vocab.POSITION_WORDS for w in parts
    )


def paired_field(ctx: OperationContext, inp: InputInfo) -> FieldInfo | None:
    """The response field that hands back this input's next value, by name alone.

    `next_<name>` anywhere (`next_marker` for `marker`, `next_cursor` for `start_cursor`), or
    `<name>` itself inside a paging container (`metadata.continue` for `listOptions.continue`).
    The second is also how a response echoes a filter (`meta.user_id`), so it needs the API's
    words too: the input is described as paging, or the page-size input names the field.
    A page or offset number echoed in `meta.page` is no cursor: numbered names pair only with
    `next_<name>`, and only when the input is a string (an opaque value, not a number).
    """
    leaf = vocab.norm(inp.leaf)
    if not leaf or leaf in vocab.LIMIT_NAMES:
        return None
    numbered = leaf in vocab.OFFSET_NAMES or leaf in vocab.PAGE_NAMES
    stem = leaf.removeprefix("starting").removeprefix("start") or leaf
    for f in ctx.response_fields:
        if not _usable(f):
            continue
        key = vocab.norm(f.name)
        if key in ("next" + leaf, "next" + stem):
            if not numbered or inp.kind == "str":
                return f
        elif key == leaf and numbered and inp.kind == "str" and _under_next(f):
            return (
                f  # `offset` handed back as `next_page.offset`: a token, not a number
            )
        elif key == leaf and not numbered and in_paging_container(f):
            if vocab.mentions(inp.description, vocab.PAGINATION_TEXT) or (
                _quoted_by_page_size(ctx, inp, f.path) is not None
            ):
                return f
    return None


def in_paging_container(f: FieldInfo) -> bool:
    """Nested in paging metadata at any depth: `metadata.continue`, `meta.cursor.after`,
    `next_page.offset`."""
    return _under_next(f) or any(
        vocab.norm(p) in PAGING_CONTAINERS for p in f.path.split(".")[:-1]
    )


def _under_next(f: FieldInfo) -> bool:
    """Inside an object that describes the next page (`next_page`, `nextPage`, `next`)."""
    return any(vocab.norm(p).startswith("next") for p in f.path.split(".")[:-1])


def _usable(f: FieldInfo | None) -> bool:
    return (
        f is not None and f.kind in CURSOR_KINDS and f.format not in vocab.URL_FORMATS
    )


def _from_description(
    ctx: OperationContext, inp: InputInfo
) -> tuple[str, float, str] | None:
    """A response field the input's description names: the strongest evidence a spec can give."""
    names = [
        q
        for q in vocab.quoted_names(inp.description)
        if q != inp.leaf and q != inp.name
    ]
    for q in names:
        by_path = ctx.field(q)
        if _usable(by_path):
            assert by_path is not None
            return (
                response_path(by_path),
                0.9,
                f"its description names the response field `{q}`",
            )
        by_name = [f for f in ctx.response_fields if f.name == q and _usable(f)]
        if by_name:
            return (
                response_path(by_name[0]),
                0.9,
                f"its description names the response field `{by_name[0].path}`",
            )
    cursorish = [
        q
        for q in names
        if any(w in vocab.norm(q) for w in ("cursor", "token", "next", "marker"))
    ]
    containers = [
        q
        for q in names
        if q not in cursorish and ctx.field(q) is not None or q.endswith("metadata")
    ]
    if cursorish and containers:
        path = f"{containers[0]}.{cursorish[0]}"
        return (
            selector_path(path),
            0.7,
            f"its description says the cursor is `{cursorish[0]}` of `{containers[0]}`",
        )
    if cursorish and ctx.response_kind in (None, "any"):
        return (
            selector_path(cursorish[0]),
            0.6,
            f"its description names `{cursorish[0]}` (response schema absent)",
        )
    return None


def _from_names(ctx: OperationContext, inp: InputInfo) -> tuple[str, float, str] | None:
    """A response field named after the input (`next_marker` for `marker`, `paging.next.after` for `after`)."""
    leaf = vocab.norm(inp.leaf)
    stem = leaf.removeprefix("starting").removeprefix("start") or leaf
    ranked: list[tuple[int, FieldInfo]] = []
    for f in ctx.response_fields:
        if not _usable(f):
            continue
        key = vocab.norm(f.name)
        if key in ("next" + leaf, "next" + stem):
            ranked.append((0, f))
        elif key == leaf and (in_paging_container(f) or "." not in f.path):
            ranked.append((1, f))
        elif (
            key in vocab.CURSOR_FIELD_NAMES - {"after", "cursor"}
            or (key == "cursor" and f.kind == "str")
            or (key == "next" and f.kind == "str" and in_paging_container(f))
        ):
            # `pagination.next` as a plain string (not a URL) is the next token
            ranked.append((2, f))
        elif key == "lastid" and leaf in vocab.RECORD_CURSOR_NAMES:
            ranked.append((3, f))
        elif _forward_cursor(f) and not BACKWARD.prefix_of(leaf):
            ranked.append(
                (4, f)
            )  # PagerDuty: `last` "Cursor to identify the last object"
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[0])
    rank, f = ranked[0]
    # A response that hands back "the next <param>" states the pagination outright.
    score = (
        0.86
        if rank <= 1 and "next" in vocab.words(f.path) + [vocab.norm(f.name)[:4]]
        else 0.8
    )
    return (
        response_path(f),
        score,
        f"response field `{f.path}` is named as the next value of `{inp.leaf}`",
    )


BACKWARD = Words("BACKWARD_PREFIXES", "before ending end prev".split())
FORWARD_TEXT = Phrases("FORWARD_TEXT", r"\b(last|next|end|after|following)\b")
BACKWARD_TEXT = Phrases("BACKWARD_TEXT", r"\b(first|previous|prev|before|start)\b")
CURSOR_WORD = Phrases("CURSOR_WORD", r"\bcursor\b")


def _forward_cursor(f: FieldInfo) -> bool:
    """A response field described as the cursor of the page's end (`last`), not of its start."""
    if not vocab.mentions(f.description, CURSOR_WORD):
        return False
    text = f"{f.name} {f.description.split('.')[0]}"
    return vocab.mentions(text, FORWARD_TEXT) and not vocab.mentions(
        text, BACKWARD_TEXT
    )


# Cursor names whose `next_<name>` response field is a convention strong enough to assume unseen.
CONVENTIONAL = Words(
    "CONVENTIONAL_CURSOR",
    "cursor pagetoken marker continuationtoken pagecursor".split(),
)
CONVENTIONAL_NEXT = Words(
    "CONVENTIONAL_NEXT_CURSOR",
    "nextcursor nextpagetoken nextmarker nextcontinuationtoken nextpagecursor".split(),
)


def _by_convention(
    ctx: OperationContext, inp: InputInfo
) -> tuple[str, float, str] | None:
    """With no response schema, `next_<name>` is the usual spelling of the next cursor.

    A typed body (an object without that field, or a bare array) has no room for it.
    """
    if ctx.response_fields or ctx.response_kind not in (None, "any", "object", "map"):
        return None
    stem = inp.leaf.removeprefix("starting_").removeprefix("start_")
    if (
        vocab.norm(stem) not in CONVENTIONAL
        and vocab.norm(stem) not in CONVENTIONAL_NEXT
    ):
        return None  # `after` → `next_after` is a guess, not a convention: name no unseen field
    path = stem if stem.startswith("next") else f"next_{stem}"
    return path, 0.5, f"the response schema is absent; `{path}` assumed by convention"


def _quoted_by_page_size(
    ctx: OperationContext, inp: InputInfo, path: str
) -> str | None:
    """The page-size input names the cursor field (`limit`: "the server sets the `continue` field
    on the list metadata"): the API describes the pairing in its own words."""
    leaf = path.replace("['", ".").replace("']", "").rsplit(".", 1)[-1]
    size = page_size_input(ctx, exclude=(inp.name,))
    for other in [size] if size is not None else []:
        if leaf in vocab.quoted_names(other.description):
            return f"{describe(other)} names the response field `{leaf}`"
    return None


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    found = []
    for inp in cursor_inputs(ctx):
        located = (
            _from_description(ctx, inp)
            or _from_names(ctx, inp)
            or _by_convention(ctx, inp)
        )
        if located is None:
            continue
        path, score, why = located
        if why_cursor(ctx, inp) == "paired" and not vocab.norm(
            path.rsplit(".", 1)[-1]
        ).startswith("next"):
            # Only the response's `meta.<name>` says so: an echo of the request looks the same.
            score -= 0.1
        quoted = _quoted_by_page_size(ctx, inp, path)
        if quoted is not None:
            score += 0.05
            why += f"; {quoted}"
        if BACKWARD.prefix_of(vocab.norm(inp.leaf)):
            score -= 0.15  # pages backwards: only when nothing pages forwards
            why += "; it pages backwards"
        needs = [
            q
            for q in vocab.quoted_names(inp.description)
            if q in {i.name for i in ctx.inputs} - {inp.name}
        ]
        if needs and vocab.mentions(inp.description, vocab.REQUIRES_TEXT):
            score -= 0.1
            why += f"; needs `{needs[0]}` set as well"
        params = param_key(inp, "cursor_param", "cursor_body_path")
        params["cursor_path"] = path
        evidence = [f"{describe(inp)} takes a cursor", why]
        more = has_more_field(ctx)
        if more is not None:
            evidence.append(f"`{more.path}` says whether more pages follow")
        size = page_size_input(ctx, exclude=(inp.name,))
        controls = controlled(inp) + reverse_inputs(ctx, inp)
        found.append(choice("cursor", params, score, evidence, controls, size))
    return found
