"""SchemaDefs → the `models` module: TypedDict classes, functional TypedDicts, type aliases."""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from restwright.model.ir import ApiModel, Field, SchemaDef
from restwright.render.layout import Doc, atom, bracketed, fits, lay_out, prefixed
from restwright.render.literals import docstring_lines, py_str, render_docstring
from restwright.render.names import OWN_NAMES, pascal_case, unique_names
from restwright.render.types import TypeRenderer, wrap


@dataclass(frozen=True)
class ModelBlock:
    """One top-level definition in `models.py`, already laid out."""

    name: str
    code: str


def schema_names(model: ApiModel) -> dict[str, str]:
    """Schema key → Python class/alias name (PascalCase, escaped, collision-free)."""
    return unique_names(
        model.schemas, lambda key: pascal_case(key, "Model"), joiner="_"
    )


# Names an annotation in models.py may use: a field spelled like one would shadow it in the class.
_ANNOTATION_BUILTINS = frozenset(
    {"str", "int", "float", "bool", "list", "dict", "bytes", "object"}
)


def _class_form_ok(fields: tuple[Field, ...], model_names: frozenset[str]) -> bool:
    """Class syntax needs identifier keys that shadow nothing an annotation might use."""
    return all(
        f.name.isidentifier()
        and f.name.isascii()
        and not keyword.iskeyword(f.name)
        and not keyword.issoftkeyword(f.name)
        and f.name not in _ANNOTATION_BUILTINS
        and f.name not in OWN_NAMES
        and f.name not in model_names
        and not f.name.startswith("__")
        for f in fields
    )


class ModelsRenderer:
    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self.names = schema_names(model)
        # Built once: per model it made rendering 20k operations quadratic.
        self.class_names = frozenset(self.names.values())
        self.annotations = TypeRenderer(self._name_of)
        self.runtime = TypeRenderer(self._name_of, runtime=True)

    def _name_of(self, key: str) -> str:
        return self.names.get(key, "Any")

    def blocks(self) -> list[ModelBlock]:
        out = [
            self._block(self.names[key], schema)
            for key, schema in self.model.schemas.items()
        ]
        return sorted(out, key=lambda b: b.name)

    def _field_doc(self, f: Field, renderer: TypeRenderer) -> Doc:
        doc = renderer.doc(f.type)
        if f.required and not f.read_only and not f.write_only:
            return doc
        return wrap("NotRequired", doc)

    def _block(self, name: str, schema: SchemaDef) -> ModelBlock:
        doc_lines = docstring_lines(schema.title, schema.description)
        if schema.fields is None:
            alias = self.runtime.doc(schema.alias)
            lines = lay_out(alias, 0, f"{name}: TypeAlias = ", wrap_atom="always")
            return ModelBlock(name, "\n".join(lines))
        fields = list(schema.fields)
        if _class_form_ok(schema.fields, self.class_names):
            head = f"class {name}(TypedDict):"
            lines = [head] if fits(head) else [f"class {name}(", "    TypedDict", "):"]
            docstring = render_docstring(doc_lines, 4)
            if docstring:
                lines.append(docstring)
                if fields:
                    lines.append("")
            for f in fields:
                lines.extend(
                    lay_out(
                        self._field_doc(f, self.annotations),
                        4,
                        f"{f.name}: ",
                        wrap_atom="fit",
                    )
                )
            if not fields and not docstring:
                lines.append("    pass")
            return ModelBlock(name, "\n".join(lines))
        entries = [
            prefixed(f"{py_str(f.name)}: ", self._field_doc(f, self.runtime))
            for f in fields
        ]
        mapping = bracketed("{", entries, "}")
        call = bracketed("TypedDict(", [atom(py_str(name)), mapping], ")")
        # Black wraps the call in parentheses when its first line is too long, unless the
        # wrapped call would still not fit its name argument.
        if fits(f"{name} = TypedDict(") or not fits(f"        {py_str(name)},"):
            lines = lay_out(call, 0, f"{name} = ")
        else:  # black wraps the call in parentheses when even its first line is too long
            lines = [f"{name} = ("] + lay_out(call, 4, force=True) + [")"]
        return ModelBlock(name, "\n".join(lines))


__all__ = ["ModelBlock", "ModelsRenderer", "schema_names"]
