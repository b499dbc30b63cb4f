"""Line layout that black leaves unchanged, without running black.

Black keeps a bracket exploded when it ends in a magic trailing comma, and joins it when the joined
line fits; so we join whatever fits in 88 columns and explode the rest one element per line with a
trailing comma (single-element subscripts go without one, as black writes them).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LINE_LENGTH = 88


@dataclass(frozen=True)
class Doc:
    """An expression that can be laid out flat or broken at its outer bracket.

    `open`/`close` are the bracket tokens (`Literal[` … `]`, `f(` … `)`); `items` the elements.
    Atoms have `open is None` and are never broken (black cannot break them either).
    """

    flat: str
    open: str | None = None
    items: tuple["Doc", ...] = ()
    close: str = ""
    subscript: bool = False


def atom(text: str) -> Doc:
    return Doc(text)


def bracketed(
    open_: str, items: list[Doc] | tuple[Doc, ...], close: str, subscript: bool = False
) -> Doc:
    """`open_ item, item close`, breakable one item per line."""
    flat = open_ + ", ".join(i.flat for i in items) + close
    return Doc(flat, open_, tuple(items), close, subscript)


def display_width(line: str) -> int:
    """Columns as black counts them: East Asian wide and full-width characters take two.

    String literals escape the characters whose width varies between Unicode versions.
    """
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def fits(line: str) -> bool:
    return display_width(line) <= LINE_LENGTH


def lay_out(
    doc: Doc,
    indent: int,
    prefix: str = "",
    suffix: str = "",
    force: bool = False,
    wrap_atom: str = "never",
) -> list[str]:
    """Lines for `prefix + doc + suffix` at `indent`; `force` explodes even when it would fit.

    `wrap_atom` says when black puts a too-long atom in parentheses on its own line: "fit" (an
    annotation: only if that makes it fit), "always" (a return annotation), "statement" (a bare
    annotated name: always for dotted names, else only if it fits) or "never".
    """
    pad = " " * indent
    line = pad + prefix + doc.flat + suffix
    if fits(line) and not force:
        return [line]
    if doc.open is None or not doc.items:
        inner = pad + "    " + doc.flat
        dotted = (
            "." in doc.flat and doc.flat.replace(".", "").replace("_", "").isalnum()
        )
        always = wrap_atom == "always" or (wrap_atom == "statement" and dotted)
        if always or (wrap_atom in ("fit", "statement") and fits(inner)):
            return [pad + prefix + "(", inner, pad + ")" + suffix]
        return [line]
    single = len(doc.items) == 1 and doc.subscript
    lines = [pad + prefix + doc.open]
    for item in doc.items:
        lines.extend(lay_out(item, indent + 4, "", "" if single else ","))
    lines.append(pad + doc.close + suffix)
    return lines


def call(
    func: str, args: list[str | Doc], indent: int, prefix: str = "", suffix: str = ""
) -> list[str]:
    """A call statement/expression laid out like black: joined when it fits, else one arg per line."""
    docs = tuple(a if isinstance(a, Doc) else atom(a) for a in args)
    return lay_out(bracketed(func + "(", docs, ")"), indent, prefix, suffix)


def import_from(module: str, names: list[str], indent: int = 0) -> list[str]:
    """`from module import a, b` — parenthesised one per line when too long, as black does."""
    names = sorted(set(names))
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}"
    if fits(line):
        return [line]
    return (
        [f"{pad}from {module} import ("]
        + [f"{pad}    {n}," for n in names]
        + [f"{pad})"]
    )


def prefixed(prefix: str, doc: Doc) -> Doc:
    """`prefix + doc`, still breakable at doc's bracket (`key=value(...)`, `"key": list[...]`)."""
    if doc.open is None:
        return atom(prefix + doc.flat)
    return Doc(
        prefix + doc.flat, prefix + doc.open, doc.items, doc.close, doc.subscript
    )
