"""SchemaDefs → views of the `models` module: TypedDict classes, functional TypedDicts, type aliases."""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from restwright.model.ir import ApiModel, Field, SchemaDef
from restwright.render.environment import Code
from restwright.render.names import OWN_NAMES, pascal_case, unique_names
from restwright.render.types import TypeRenderer, wrap


@dataclass(frozen=True)
class FieldView:
    """One key of a TypedDict: its JSON key as the spec spells it, and its annotation.

    `name` is the key as a class-syntax field name, set only when the key was checked to be one.
    """

    key: str
    annotation: Code
    name: Code | None = None


@dataclass(frozen=True)
class ModelView:
    """One top-level definition in `models.py`.

    `form` is `class` (TypedDict class syntax), `functional` (`TypedDict("Name", {...})`, for keys
    that are not identifiers) or `alias` (`Name: TypeAlias = ...`).
    """

    name: Code
    form: str
    doc: tuple[str | None, ...] = ()
    fields: tuple[FieldView, ...] = ()
    alias: Code | None = None


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
    """Plans the names and views of every schema in the model."""

    def __init__(self, model: ApiModel) -> None:
        self.model = model
        self.names = schema_names(model)
        self._taken = frozenset(self.names.values())
        self.annotations = TypeRenderer(self._name_of)
        self.runtime = TypeRenderer(self._name_of, runtime=True)

    def _name_of(self, key: str) -> str:
        return self.names.get(key, "Any")

    def views(self) -> list[ModelView]:
        out = [
            self._view(Code(self.names[key]), schema)
            for key, schema in self.model.schemas.items()
        ]
        return sorted(out, key=lambda v: v.name)

    def uses_not_required(self) -> bool:
        """Whether some TypedDict has a key it may lack (the module then imports NotRequired)."""
        return any(
            not required_key(f)
            for s in self.model.schemas.values()
            for f in s.fields or ()
        )

    def _annotation(self, f: Field, renderer: TypeRenderer) -> Code:
        text = renderer.code(f.type)
        return text if required_key(f) else wrap("NotRequired", text)

    def _view(self, name: Code, schema: SchemaDef) -> ModelView:
        if schema.fields is None:
            return ModelView(name, "alias", alias=self.runtime.code(schema.alias))
        if _class_form_ok(schema.fields, self._taken):
            fields = tuple(
                FieldView(f.name, self._annotation(f, self.annotations), Code(f.name))
                for f in schema.fields
            )
            return ModelView(name, "class", (schema.title, schema.description), fields)
        fields = tuple(
            FieldView(f.name, self._annotation(f, self.runtime)) for f in schema.fields
        )
        return ModelView(name, "functional", fields=fields)


def required_key(f: Field) -> bool:
    """Whether a TypedDict must carry `f`: one model serves requests and responses, so a key
    only one direction sends (read-only, write-only) may be absent."""
    return f.required and not f.read_only and not f.write_only


__all__ = ["FieldView", "ModelView", "ModelsRenderer", "required_key", "schema_names"]
