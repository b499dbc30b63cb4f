"""IR type expressions → Python type expressions, as the templates print them.

Two contexts: annotations (lazy under `from __future__ import annotations`: bare names, `X | None`)
and runtime expressions (type aliases, functional TypedDicts: quoted forward names, `Union[...]`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from restwright.model.ir import (
    AnyType,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Primitive,
    TypeExpr,
    UnionType,
)
from restwright.render.environment import Code
from restwright.render.literals import py_literal, py_str

NameOf = Callable[[str], str]
LINE_LENGTH = 88


@dataclass(frozen=True)
class TypeText:
    """A type as generated code spells it: `text` inline, and a top-level union's members.

    A parameter annotation that does not fit its line is printed as `Union[...]`: black and ruff
    break a subscript alike, while they disagree on where to break a bare `A | B` there.
    """

    text: str
    members: tuple[str, ...] = ()

    def annotation(self, line: str) -> Code:
        """`text`, or the `Union[...]` spelling when `line` (with `text` in it) is too long."""
        if len(self.members) < 2 or display_width(line) <= LINE_LENGTH:
            return Code(self.text)
        return Code(f"Union[{', '.join(self.members)}]")


def display_width(line: str) -> int:
    """Columns as formatters count them: East Asian wide and full-width characters take two."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


class TypeRenderer:
    """Renders types given how a schema key is spelled in the target module (e.g. `models.Pet`)."""

    def __init__(self, name_of: NameOf, runtime: bool = False) -> None:
        self.name_of = name_of
        self.runtime = runtime

    def text(self, t: TypeExpr | None) -> TypeText:
        if t is None or isinstance(t, AnyType):
            return TypeText("Any")
        if isinstance(t, Primitive):
            # A binary string is a file part of a multipart body (JSON cannot carry one).
            if t.name == "str" and t.format == "binary":
                return TypeText("FileTypes")
            return TypeText(t.name)
        if isinstance(t, NamedType):
            name = self.name_of(t.key)
            return TypeText(py_str(name) if self.runtime else name)
        if isinstance(t, ListType):
            return TypeText(f"list[{self.code(t.item)}]")
        if isinstance(t, MapType):
            return TypeText(f"dict[str, {self.code(t.value)}]")
        if isinstance(t, LiteralType):
            return self._literal(t)
        if isinstance(t, UnionType):
            return self._union([self.code(m) for m in t.members])
        raise TypeError(f"unknown type expression {t!r}")

    def code(self, t: TypeExpr | None) -> Code:
        """The type as one expression (runtime context: `Union[...]`; annotations: `A | B`)."""
        return Code(self.text(t).text)

    def _literal(self, t: LiteralType) -> TypeText:
        if not t.values:
            return TypeText("Any")
        if any(isinstance(v, float) for v in t.values):
            # Literal cannot hold floats: type the values by their kinds instead.
            kinds = {
                "float" if isinstance(v, (int, float)) else type(v).__name__
                for v in t.values
                if v is not None and not isinstance(v, bool)
            }
            if any(isinstance(v, bool) for v in t.values):
                kinds.add("bool")
            members = sorted(kinds) + (["None"] if None in t.values else [])
            return self._union(members)
        literals = [py_literal(v) for v in t.values if v is not None]
        members = [f"Literal[{', '.join(literals)}]"] if literals else []
        return self._union(members + (["None"] if None in t.values else []))

    def _union(self, members: list[str]) -> TypeText:
        unique = list(dict.fromkeys(members))
        if "Any" in unique:
            return TypeText("Any")
        if len(unique) == 1:
            return TypeText(unique[0])
        if self.runtime:
            return TypeText(f"Union[{', '.join(unique)}]")
        return TypeText(" | ".join(unique), tuple(unique))


def optional(t: TypeText) -> TypeText:
    """`t | None` (no-op when it already admits None)."""
    if t.text in ("Any", "None") or "None" in t.members:
        return t
    members = t.members or (t.text,)
    return TypeText(" | ".join((*members, "None")), (*members, "None"))


def wrap(head: str, t: TypeText | Code) -> Code:
    """`head[t]`, e.g. NotRequired[...] or Paged[...]."""
    text = t.text if isinstance(t, TypeText) else t
    return Code(f"{head}[{text}]")
