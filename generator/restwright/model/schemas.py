"""JSON schemas → IR types, hoisting inline objects into named `SchemaDef`s.

Component schemas keep their component key. An inline object gets a key from its place
(`simple-user.address`, `listAnimals.200`); a clash with an existing key takes `_2`, `_3` in
document order. Within one component, inline objects whose JSON is identical are one model (the
first one's). Nothing is dropped silently: what cannot be typed is `AnyType` plus
a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.load.pointer import join_pointer, split_pointer
from restwright.model.ir import (
    AnyType,
    Field,
    JSONScalar,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Primitive,
    SchemaDef,
    TypeExpr,
    UnionType,
    nullable,
)
from restwright.model.jsonvalues import to_json
from restwright.model.refs import LocalRefs

COMPONENT_PREFIX = "#/components/schemas/"
_PRIMITIVES: dict[str, Any] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
_NONE = Primitive("None")
_ANY = AnyType()
# Keys that only constrain or describe: an allOf part made of these adds nothing to the type.
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
     "nullable", "x-nullable", "externalDocs", "xml", "discriminator", "format", "minimum", "maximum",
     "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
     "uniqueItems", "multipleOf", "minProperties", "maxProperties"}
)  # fmt: skip
_STRUCTURAL = (
    "properties",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
    "enum",
    "const",
)


def union_of(members: list[TypeExpr]) -> TypeExpr:
    """A flattened, de-duplicated union (None last); Any absorbs everything."""
    flat: list[TypeExpr] = []
    for member in members:
        for m in member.members if isinstance(member, UnionType) else (member,):
            if isinstance(m, AnyType):
                return _ANY
            if m not in flat:
                flat.append(m)
    has_none = _NONE in flat
    flat = [m for m in flat if m != _NONE]
    if not flat:
        return _NONE if has_none else _ANY
    result = flat[0] if len(flat) == 1 else UnionType(tuple(flat))
    return nullable(result) if has_none else result


def declares_null(schema: dict[str, Any]) -> bool:
    """`nullable: true` (3.0), `x-nullable` (Swagger), or `null` in a 3.1 type array."""
    types = schema.get("type")
    return (
        schema.get("nullable") is True
        or schema.get("x-nullable") is True
        or (isinstance(types, list) and "null" in types)
    )


def is_object_like(schema: dict[str, Any]) -> bool:
    """An object with declared properties (or an allOf to merge), i.e. a TypedDict."""
    if "oneOf" in schema or "anyOf" in schema:
        return bool(schema.get("properties"))
    types = schema.get("type")
    if (
        types is not None
        and types != "object"
        and not (isinstance(types, list) and "object" in types)
    ):
        return False
    props = schema.get("properties")
    return (isinstance(props, dict) and bool(props)) or isinstance(
        schema.get("allOf"), list
    )


class SchemaConverter:
    """Converts schemas of one document; collects `schemas` and warnings as it goes."""

    def __init__(self, refs: LocalRefs, diagnostics: list[Diagnostic]) -> None:
        self.file = refs.file
        self.refs = refs
        components = refs.document.get("components")
        raw = components.get("schemas") if isinstance(components, dict) else None
        self.components: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.schemas: dict[str, SchemaDef] = {}
        self.taken: set[str] = {str(k) for k in self.components}
        self.diagnostics = diagnostics
        self.ref_memo: dict[str, TypeExpr] = {}
        self.active_refs: set[str] = set()
        self.scope: str | None = None
        self.scope_objects: dict[str, NamedType] = {}

    # ------------------------------------------------------------------ entry points

    def convert_components(self) -> None:
        """Define every component schema under its own key."""
        for key, schema in self.components.items():
            location = Location(
                self.file, join_pointer(["components", "schemas", str(key)])
            )
            with self.hoisting_scope(location):
                self.define(str(key), schema, location, is_component=True)
        self.break_alias_cycles()

    @contextmanager
    def hoisting_scope(self, location: Location) -> Iterator[None]:
        """Inline objects below `location` with identical JSON are hoisted once while inside.

        One scope is one component: every copy lives in the thing the model's key names, and
        which copy comes first depends on that component alone, never on the order of operations
        or of other components (GitHub repeats inline objects across one schema's properties).
        Operations are no scope: a response typed as `createUser.request` would mislead.
        """
        self.scope, self.scope_objects = location.pointer, {}
        try:
            yield
        finally:
            self.scope, self.scope_objects = None, {}

    def type_of(self, schema: Any, location: Location, hint: str) -> TypeExpr:
        """The IR type of `schema`; inline objects are hoisted under a key derived from `hint`."""
        if schema is True or schema is None:
            return _ANY
        if not isinstance(schema, dict):
            if schema is not False:
                self.warn(
                    location, f"not a schema ({type(schema).__name__}); typed as Any"
                )
            return _ANY
        ref = schema.get("$ref")
        if isinstance(ref, str):
            result = self.ref_type(ref, location)
        else:
            result = self.inline_type(schema, location, hint)
        return nullable(result) if declares_null(schema) else result

    # ------------------------------------------------------------------ definitions

    def define(
        self, key: str, schema: Any, location: Location, *, is_component: bool
    ) -> None:
        """Add a `SchemaDef` for `schema` under `key`: fields for objects, an alias otherwise."""
        self.taken.add(key)
        if not isinstance(schema, dict):
            self.schemas[key] = SchemaDef(
                key, location, alias=self.type_of(schema, location, key)
            )
            return
        description = _text(schema.get("description"))
        title = _text(schema.get("title"))
        if is_object_like(schema) and "$ref" not in schema:
            merged = (
                self.merge_all_of(schema, location, key)
                if "allOf" in schema
                else schema
            )
            if isinstance(merged, dict):
                self.schemas[key] = self.object_def(
                    key, merged, location, is_component, description, title
                )
                return
            alias: TypeExpr = merged
        else:
            # A placeholder first, so a hoisted child cannot take this key.
            self.schemas[key] = SchemaDef(
                key, location, alias=_ANY, is_component=is_component
            )
            alias = self.type_of(
                {
                    k: v
                    for k, v in schema.items()
                    if k not in ("nullable", "x-nullable")
                },
                location,
                key,
            )
            if declares_null(schema) and not isinstance(schema.get("type"), list):
                alias = nullable(alias)
        self.schemas[key] = SchemaDef(
            key,
            location,
            alias=alias,
            description=description,
            title=title,
            is_component=is_component,
        )

    def object_def(
        self,
        key: str,
        schema: dict[str, Any],
        location: Location,
        is_component: bool,
        description: str | None,
        title: str | None,
    ) -> SchemaDef:
        """A TypedDict-like definition with one `Field` per property."""
        self.schemas[key] = SchemaDef(
            key, location, fields=(), is_component=is_component
        )
        required = schema.get("required")
        required_names = (
            {str(r) for r in required} if isinstance(required, list) else set()
        )
        properties = schema.get("properties")
        fields: list[Field] = []
        for name, prop in (properties.items() if isinstance(properties, dict) else ()):
            name = str(name)
            prop_schema = prop if isinstance(prop, dict) else {}
            fields.append(
                Field(
                    name=name,
                    type=self.type_of(
                        prop, location.child("properties", name), f"{key}.{name}"
                    ),
                    required=name in required_names,
                    description=_text(prop_schema.get("description")),
                    read_only=prop_schema.get("readOnly") is True,
                    write_only=prop_schema.get("writeOnly") is True,
                    default=to_json(prop_schema.get("default")),
                    has_default="default" in prop_schema,
                )
            )
        extra = self.extra_type(schema, location, key)
        return SchemaDef(
            key, location, fields=tuple(fields), extra=extra, description=description, title=title,
            is_component=is_component,
        )  # fmt: skip

    def extra_type(
        self, schema: dict[str, Any], location: Location, key: str
    ) -> TypeExpr | None:
        """The additionalProperties type next to declared fields (None when closed or absent)."""
        extra = schema.get("additionalProperties")
        if extra is True or extra == {}:
            return _ANY
        if isinstance(extra, dict):
            return self.type_of(
                extra, location.child("additionalProperties"), f"{key}.value"
            )
        return None

    def hoist(self, hint: str, schema: dict[str, Any], location: Location) -> NamedType:
        """Move an inline object out to its own `SchemaDef`, keyed from its place."""
        fingerprint = self.scope_fingerprint(schema, location)
        if fingerprint is not None and fingerprint in self.scope_objects:
            return self.scope_objects[fingerprint]
        key = self.unique_key(hint)
        if fingerprint is not None:
            self.scope_objects[fingerprint] = NamedType(key)
        self.schemas[key] = self.object_def(
            key,
            schema,
            location,
            False,
            _text(schema.get("description")),
            _text(schema.get("title")),
        )
        return NamedType(key)

    def scope_fingerprint(
        self, schema: dict[str, Any], location: Location
    ) -> str | None:
        """The object's JSON text when it sits inside the current scope (else None)."""
        scope = self.scope
        pointer = location.pointer
        if scope is None or not (pointer == scope or pointer.startswith(scope + "/")):
            return None
        try:
            return json.dumps(schema, ensure_ascii=False, default=repr)
        except (
            TypeError,
            ValueError,
        ):  # a cycle (YAML aliases), an odd key: not shared
            return None

    def unique_key(self, hint: str) -> str:
        key = hint
        suffix = 2
        while key in self.taken:
            key = f"{hint}_{suffix}"
            suffix += 1
        self.taken.add(key)
        return key

    # ------------------------------------------------------------------ types

    def ref_type(self, ref: str, location: Location) -> TypeExpr:
        """A component ref is a NamedType; any other local ref is converted where it points."""
        if ref.startswith(COMPONENT_PREFIX) and "/" not in ref[len(COMPONENT_PREFIX) :]:
            key = ref[len(COMPONENT_PREFIX) :]
            if "~" in key or "%" in key:
                key = split_pointer(ref[1:])[-1]
            target = self.components.get(key)
            if key not in self.components:
                # The load stage has named the `$ref` itself: say it once.
                reported = location.child("$ref")
                if not any(d.location == reported for d in self.diagnostics):
                    self.warn(location, f"$ref {ref!r} has no target; typed as Any")
                return _ANY
            named = NamedType(key)
            if (
                isinstance(target, dict)
                and is_object_like(target)
                and declares_null(target)
            ):
                return nullable(named)
            return named
        memo = self.ref_memo.get(ref)
        if memo is not None:
            return memo
        target, target_location = self.refs.deref({"$ref": ref}, location)
        if target is None:
            self.warn(
                location, f"$ref {ref!r} has no target (or is cyclic); typed as Any"
            )
            return _ANY
        if ref in self.active_refs:
            self.warn(
                location,
                f"$ref {ref!r} refers to itself outside components/schemas; typed as Any",
            )
            return _ANY
        self.active_refs.add(ref)
        hint = ".".join(
            t
            for t in split_pointer(ref[1:])
            if t not in ("components", "schemas", "properties")
        )
        result = self.type_of(target, target_location, hint or "ref")
        self.active_refs.discard(ref)
        self.ref_memo[ref] = result
        return result

    def inline_type(
        self, schema: dict[str, Any], location: Location, hint: str
    ) -> TypeExpr:
        """The type of a schema that is not a `$ref` (nullability is the caller's)."""
        if isinstance(schema.get("allOf"), list):
            merged = self.merge_all_of(schema, location, hint)
            if not isinstance(merged, dict):
                return merged
            schema = merged
        if "const" in schema:
            return self.enum_type([schema["const"]], location)
        if isinstance(schema.get("enum"), list):
            return self.enum_type(schema["enum"], location)
        types = schema.get("type")
        if isinstance(types, list):
            return union_of(
                [self.single_type({**schema, "type": t}, location, hint) for t in types]
            )
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list) and not schema.get("properties"):
                return union_of(
                    [
                        self.type_of(
                            m, location.child(key, i), f"{hint}.{_variant_name(m, i)}"
                        )
                        for i, m in enumerate(members)
                    ]
                )
        return self.single_type(schema, location, hint)

    def single_type(
        self, schema: dict[str, Any], location: Location, hint: str
    ) -> TypeExpr:
        """The type of a schema with at most one `type`."""
        kind = schema.get("type")
        if kind == "object" or (
            kind is None
            and ("properties" in schema or "additionalProperties" in schema)
        ):
            return self.object_type(schema, location, hint)
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items")
            if isinstance(items, list):  # draft-4 tuple form
                return ListType(
                    union_of(
                        [
                            self.type_of(s, location.child("items", i), f"{hint}.item")
                            for i, s in enumerate(items)
                        ]
                    )
                )
            return ListType(
                self.type_of(items, location.child("items"), f"{hint}.item")
            )
        if kind is None:
            return _ANY
        name = _PRIMITIVES.get(kind) if isinstance(kind, str) else None
        if name is None:
            self.warn(location, f"unknown schema type {kind!r}; typed as Any")
            return _ANY
        fmt = schema.get("format")
        return Primitive(name, fmt if isinstance(fmt, str) and name != "None" else None)

    def object_type(
        self, schema: dict[str, Any], location: Location, hint: str
    ) -> TypeExpr:
        """Declared properties → a hoisted TypedDict; otherwise a `dict[str, value]`."""
        properties = schema.get("properties")
        if isinstance(properties, dict) and properties:
            return self.hoist(hint, schema, location)
        extra = self.extra_type(schema, location, hint)
        return MapType(extra if extra is not None else _ANY)

    def enum_type(self, values: list[Any], location: Location) -> TypeExpr:
        """`Literal[...]` over the scalar values (in order, without duplicates); null → `| None`."""
        literal: list[JSONScalar] = []
        seen: set[tuple[type, Any]] = set()
        has_none = False
        for value in values:
            if value is None:
                has_none = True
                continue
            if not isinstance(value, (str, int, float, bool)):
                self.warn(location, "enum with non-scalar values; typed as Any")
                return _ANY
            marker = (type(value), value)
            if marker not in seen:
                seen.add(marker)
                literal.append(value)
        if not literal:
            return _NONE if has_none else _ANY
        result: TypeExpr = LiteralType(tuple(literal))
        return nullable(result) if has_none else result

    # ------------------------------------------------------------------ allOf

    def merge_all_of(
        self, schema: dict[str, Any], location: Location, hint: str
    ) -> dict[str, Any] | TypeExpr:
        """Combine allOf parts into one object schema, or return the type when that is not needed.

        `allOf: [{$ref: X}]` (a description wrapper) stays the NamedType X; one typed part plus
        annotations is that part's type; object parts merge properties and required recursively.
        """
        outer = {k: v for k, v in schema.items() if k != "allOf"}
        members = schema["allOf"]
        own_structure = any(k in outer for k in _STRUCTURAL) or outer.get(
            "type"
        ) not in (None, "object")
        if len(members) == 1 and not own_structure and isinstance(members[0], dict):
            return self.type_of(members[0], location.child("allOf", 0), hint)
        refs = [i for i, m in enumerate(members) if isinstance(m, dict) and "$ref" in m]
        notes = [m for m in members if isinstance(m, dict) and "$ref" not in m]
        if (
            len(refs) == 1
            and not own_structure
            and len(notes) == len(members) - 1
            and all(set(m) <= _ANNOTATIONS for m in notes)
        ):
            # `allOf: [{$ref: X}, {description: ...}]` annotates X: keep the named type (inlining
            # it would copy X, and never end when X contains this very property).
            named = self.type_of(
                members[refs[0]], location.child("allOf", refs[0]), hint
            )
            if any(
                m.get("nullable") is True or m.get("x-nullable") is True for m in notes
            ):
                return nullable(named)
            return named
        parts = self.flatten_all_of(schema, location, set())
        objects = [p for p in parts if _is_objectish(p)]
        typed = [
            p for p in parts if not _is_objectish(p) and not set(p) <= _ANNOTATIONS
        ]
        if not typed:
            return _merge_objects(objects, outer)
        if len(typed) == 1 and not any(p.get("properties") for p in objects):
            return self.inline_type(typed[0], location, hint)
        self.warn(
            location,
            "allOf parts cannot be merged into one type; using the first object part",
        )
        if objects and any(p.get("properties") for p in objects):
            return _merge_objects(objects, outer)
        return _ANY

    def flatten_all_of(
        self, schema: dict[str, Any], location: Location, seen: set[str]
    ) -> list[dict[str, Any]]:
        """The allOf parts with refs resolved and nested allOfs expanded, outer schema first."""
        parts: list[dict[str, Any]] = [
            {k: v for k, v in schema.items() if k != "allOf"}
        ]
        for index, member in enumerate(schema.get("allOf") or ()):
            ref = member.get("$ref") if isinstance(member, dict) else None
            if isinstance(ref, str):
                if ref in seen:
                    continue  # a cycle through allOf adds nothing new
                seen = seen | {ref}
                member, _ = self.refs.deref(member, location.child("allOf", index))
                if member is None:
                    self.warn(
                        location.child("allOf", index),
                        f"allOf $ref {ref!r} has no target; skipped",
                    )
                    continue
            if not isinstance(member, dict):
                continue
            if isinstance(member.get("allOf"), list):
                parts.extend(
                    self.flatten_all_of(member, location.child("allOf", index), seen)
                )
            else:
                parts.append(member)
        return parts

    # ------------------------------------------------------------------ checks

    def break_alias_cycles(self) -> None:
        """An alias that reaches itself through aliases and union members names no type.

        `A: {$ref: B}`, `B: {$ref: A}` become Any; in `A: {anyOf: [{$ref: A}, string]}` the members
        that lead back to `A` become Any (`A = A | str` is no type either; through a list it is).
        """
        for key, schema in list(self.schemas.items()):
            alias = schema.alias
            if alias is None or key not in self._bare_reach(alias):
                continue
            self.warn(
                schema.location,
                f"schema {key!r} is an alias of itself; typed as Any",
            )
            if isinstance(alias, UnionType):
                members = [
                    _ANY if key in self._bare_reach(m) else m for m in alias.members
                ]
                self.schemas[key] = replace(schema, alias=union_of(members))
            else:
                self.schemas[key] = replace(schema, alias=_ANY)

    def _bare_reach(self, t: TypeExpr) -> set[str]:
        """Schema keys `t` names directly: itself, union members, through aliases (not lists/maps)."""
        reached: set[str] = set()
        pending = [t]
        while pending:
            current = pending.pop()
            if isinstance(current, UnionType):
                pending.extend(current.members)
            elif isinstance(current, NamedType) and current.key not in reached:
                reached.add(current.key)
                target = self.schemas.get(current.key)
                if target is not None and target.alias is not None:
                    pending.append(target.alias)
        return reached

    def warn(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic("warning", message, location))


def _is_objectish(part: dict[str, Any]) -> bool:
    kind = part.get("type")
    return kind == "object" or (
        kind is None
        and (
            "properties" in part
            or "additionalProperties" in part
            or set(part) <= _ANNOTATIONS
        )
    )


def _merge_objects(
    objects: list[dict[str, Any]], outer: dict[str, Any]
) -> dict[str, Any]:
    """One object schema: properties (later parts refine earlier ones) and required combined."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    merged: dict[str, Any] = {"type": "object"}
    for part in objects:
        props = part.get("properties")
        if isinstance(props, dict):
            properties.update(props)
        for name in part.get("required") or ():
            if name not in required:
                required.append(name)
        if "additionalProperties" in part:
            merged["additionalProperties"] = part["additionalProperties"]
        if "description" not in merged and isinstance(part.get("description"), str):
            merged["description"] = part["description"]
    merged["properties"] = properties
    merged["required"] = required
    for key in ("description", "title", "nullable"):
        if key in outer:
            merged[key] = outer[key]
    return merged


def _variant_name(member: Any, index: int) -> str:
    """A union member's key part: its title when it has a usable one, else its position."""
    title = member.get("title") if isinstance(member, dict) else None
    if isinstance(title, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_ -]{0,60}", title):
        return title
    return f"variant{index}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
