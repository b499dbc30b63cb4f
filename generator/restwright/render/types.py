"""IR type expressions → Python type expressions (as layout `Doc`s).

Two contexts: annotations (lazy under `from __future__ import annotations`: bare names, `X | None`)
and runtime expressions (type aliases, functional TypedDicts: quoted forward names, `Union[...]`).
"""

from __future__ import annotations

from collections.abc import Callable

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
from restwright.render.layout import Doc, atom, bracketed
from restwright.render.literals import py_literal, py_str

NameOf = Callable[[str], str]


class TypeRenderer:
    """Renders types given how a schema key is spelled in the target module (e.g. `models.Pet`)."""

    def __init__(self, name_of: NameOf, runtime: bool = False) -> None:
        self.name_of = name_of
        self.runtime = runtime

    def doc(self, t: TypeExpr | None) -> Doc:
        if t is None or isinstance(t, AnyType):
            return atom("Any")
        if isinstance(t, Primitive):
            return atom(t.name)
        if isinstance(t, NamedType):
            name = self.name_of(t.key)
            return atom(py_str(name) if self.runtime else name)
        if isinstance(t, ListType):
            return bracketed("list[", [self.doc(t.item)], "]", subscript=True)
        if isinstance(t, MapType):
            return bracketed(
                "dict[", [atom("str"), self.doc(t.value)], "]", subscript=True
            )
        if isinstance(t, LiteralType):
            if not t.values:
                return atom("Any")
            if any(isinstance(v, float) for v in t.values):
                # Literal cannot hold floats: type the values by their kinds instead.
                kinds = {
                    "float" if isinstance(v, (int, float)) else type(v).__name__
                    for v in t.values
                    if v is not None and not isinstance(v, bool)
                }
                if any(isinstance(v, bool) for v in t.values):
                    kinds.add("bool")
                docs: list[Doc | None] = [atom(k) for k in sorted(kinds)]
                if None in t.values:
                    docs.append(atom("None"))
                return self._union(docs)
            literals = [atom(py_literal(v)) for v in t.values if v is not None]
            lit = (
                bracketed("Literal[", literals, "]", subscript=True)
                if literals
                else None
            )
            if None in t.values:
                return self._union([lit, atom("None")] if lit else [atom("None")])
            assert lit is not None
            return lit
        if isinstance(t, UnionType):
            return self._union([self.doc(m) for m in t.members])
        raise TypeError(f"unknown type expression {t!r}")

    def _union(self, members: list[Doc | None]) -> Doc:
        docs: list[Doc] = []
        for m in members:
            if m is not None and m.flat not in {d.flat for d in docs}:
                docs.append(m)
        if any(d.flat == "Any" for d in docs):
            return atom("Any")
        if len(docs) == 1:
            return docs[0]
        breakable = bracketed("Union[", docs, "]", subscript=True)
        if self.runtime:
            return breakable
        # Flat as `A | B`; broken as `Union[...]`, which black can keep one member per line.
        return Doc(
            " | ".join(d.flat for d in docs), breakable.open, breakable.items, "]", True
        )

    def flat(self, t: TypeExpr | None) -> str:
        return self.doc(t).flat


def optional(doc: Doc, runtime: bool = False) -> Doc:
    """`doc | None` (no-op when it already admits None)."""
    if doc.flat == "Any" or doc.flat == "None" or doc.flat.endswith(" | None"):
        return doc
    if doc.open == "Union[" and doc.items and doc.items[-1].flat == "None":
        return doc
    items = (*doc.items, atom("None")) if doc.open == "Union[" else (doc, atom("None"))
    union = bracketed("Union[", items, "]", subscript=True)
    if runtime:
        return union
    return Doc(f"{doc.flat} | None", union.open, union.items, "]", True)


def wrap(head: str, doc: Doc) -> Doc:
    """`head[doc]`, e.g. NotRequired[...] or Paged[...]."""
    return bracketed(head + "[", [doc], "]", subscript=True)
