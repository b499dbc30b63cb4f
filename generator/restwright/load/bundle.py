"""Make every `$ref` local: check local targets, bundle relative-file targets into `components`.

Remote references (any URI scheme) and references that leave the spec's folder are refused.
A bundled target is named from its file and pointer (`Pet`, else `pet.Pet`, else the relative
path), so the same inputs always give the same names; cycles across files end at the name,
which is reserved before the target's own references are followed.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.load.kinds import SECTION_FOR_KIND, child_kind
from restwright.load.parse import parse_data, read_bytes
from restwright.load.pointer import join_pointer, resolve_pointer, split_pointer

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._\-]")
# Keys of a schema whose values are (or map to) the schemas of its properties.
_PROPERTY_KEYS = frozenset({"properties", "patternProperties", "additionalProperties"})


def bundle_refs(document: dict[str, Any], path: Path, file: str) -> list[Diagnostic]:
    """Rewrite `document` in place so that every `$ref` is local; returns the warnings.

    A missing target is an error naming the reference, except for one case that loses nothing
    but a field's type: a local reference into `#/components/schemas/` used as the schema of an
    object's property (below `properties`, `patternProperties` or `additionalProperties`). That
    one is a warning and the property is typed `Any`: the records around it keep their shape,
    and real vendor specs have such refs (Intercom's `custom_attributes`, Keycloak's
    `oas_any_type_not_mapped`). A missing request body, response, parameter, `allOf` member or
    top-level schema would change what the client sends or returns, so it stops generation.
    """
    bundler = _Bundler(document, path, file)
    bundler.run()
    return bundler.warnings


class _Bundler:
    def __init__(self, document: dict[str, Any], path: Path, file: str) -> None:
        self.root = document
        self.root_path = path.resolve()
        self.root_dir = self.root_path.parent
        self.file = file
        self.files: dict[Path, Any] = {self.root_path: document}
        self.bundled: dict[tuple[Path, str], str] = {}
        self.inlining: set[tuple[Path, str]] = set()
        components = document.get("components")
        self.taken: dict[str, set[str]] = {
            section: set(entries) if isinstance(entries, dict) else set()
            for section, entries in (
                components.items() if isinstance(components, dict) else ()
            )
        }
        self.added: dict[str, dict[str, Any]] = {}
        self.warnings: list[Diagnostic] = []
        self.property_depth = 0  # > 0 while walking the schema of an object's property

    def run(self) -> None:
        self.walk(self.root, "root", self.root_path, [])
        if self.added:
            components = self.root.setdefault("components", {})
            for section, entries in self.added.items():
                components.setdefault(section, {}).update(entries)

    def display(self, path: Path) -> str:
        """A file as the user would name it: the given root path, else relative to its folder."""
        if path == self.root_path:
            return self.file
        return str(Path(self.file).parent / path.relative_to(self.root_dir))

    def walk(self, value: Any, kind: str, base: Path, tokens: list[str]) -> Any:
        """Follow every `$ref` below `value`; returns the value to keep in its place."""
        if kind == "data":
            return value
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                replacement = self.follow(value, ref, kind, base, tokens)
                if replacement is not None:
                    return replacement
            for key in list(value):
                if key == "$ref":
                    continue
                tokens.append(key)
                child = value[key]
                in_property = kind == "schema" and key in _PROPERTY_KEYS
                self.property_depth += in_property
                new = self.walk(child, child_kind(kind, key), base, tokens)
                self.property_depth -= in_property
                if new is not child:
                    value[key] = new
                tokens.pop()
        elif isinstance(value, list):
            item_kind = child_kind(kind, 0)
            for index, item in enumerate(value):
                tokens.append(str(index))
                new = self.walk(item, item_kind, base, tokens)
                if new is not item:
                    value[index] = new
                tokens.pop()
        return value

    def follow(
        self, value: dict[str, Any], ref: str, kind: str, base: Path, tokens: list[str]
    ) -> Any:
        """Handle one `$ref`; returns the value to put in its place, or None to keep it."""
        site = Location(self.display(base), join_pointer(tokens) + "/$ref")
        if _SCHEME.match(ref):
            raise RestwrightError.at(
                site,
                f"remote $ref {ref!r} is not supported; download it beside the spec",
            )
        file_part, _, fragment = ref.partition("#")
        target_path = (base.parent / file_part).resolve() if file_part else base
        if not target_path.is_relative_to(self.root_dir):
            raise RestwrightError.at(
                site, f"$ref {ref!r} leaves the spec's folder ({self.root_dir})"
            )
        if (
            target_path == self.root_path == base
            and kind == "schema"
            and not file_part
            and self.property_depth > 0
            and fragment.startswith("/components/schemas/")
        ):
            try:
                resolve_pointer(self.root, fragment)
            except (KeyError, ValueError) as exc:
                self.warnings.append(
                    Diagnostic(
                        "warning",
                        f"$ref {ref!r}: target not found; the property is typed as Any",
                        site,
                        f"no {exc}",
                    )
                )
            return None
        target = self.target(target_path, fragment, site, ref)
        if target_path == self.root_path:
            return (
                {**value, "$ref": "#" + fragment}
                if file_part or base != self.root_path
                else None
            )
        key = (target_path, fragment)
        section = SECTION_FOR_KIND.get(kind)
        if section is None:
            if key in self.inlining:
                raise RestwrightError.at(
                    site,
                    f"$ref {ref!r} refers to itself (a cycle that cannot be inlined)",
                )
            self.inlining.add(key)
            content = self.walk(
                copy.deepcopy(target), kind, target_path, split_pointer(fragment)
            )
            self.inlining.discard(key)
            return content
        local = self.bundled.get(key)
        if local is None:
            name = self.name_for(target_path, fragment, section)
            local = "#" + join_pointer(["components", section, name])
            self.bundled[key] = local
            content = copy.deepcopy(target)
            self.added.setdefault(section, {})[name] = content
            self.added[section][name] = self.walk(
                content, kind, target_path, split_pointer(fragment)
            )
        return {**value, "$ref": local}

    def target(self, path: Path, fragment: str, site: Location, ref: str) -> Any:
        """The referenced value, or an error naming the reference and what is missing."""
        data = self.files.get(path)
        if data is None:
            if not path.is_file():
                raise RestwrightError.at(
                    site, f"$ref {ref!r}: file {self.display(path)} does not exist"
                )
            display = self.display(path)
            data, warnings = parse_data(read_bytes(path, display), display)
            self.warnings.extend(warnings)
            self.files[path] = data
        try:
            return resolve_pointer(data, fragment)
        except (KeyError, ValueError) as exc:
            raise RestwrightError.at(
                site,
                f"$ref {ref!r}: target not found in {self.display(path)}",
                cause=f"no {exc} at #{fragment}",
            ) from None

    def name_for(self, path: Path, fragment: str, section: str) -> str:
        """A deterministic, unused component name derived from the file and the pointer."""
        tokens = [t for t in split_pointer(fragment) if t]
        stem = path.name.split(".")[0]
        relative = ".".join(path.relative_to(self.root_dir).with_suffix("").parts)
        if tokens:
            candidates = [
                tokens[-1],
                f"{stem}.{tokens[-1]}",
                f"{relative}.{'.'.join(tokens)}",
            ]
        else:
            candidates = [stem, relative]
        taken = self.taken.setdefault(section, set())
        cleaned = [_UNSAFE_NAME.sub("_", c) for c in candidates]
        for name in cleaned:
            if name not in taken:
                break
        else:
            suffix = 2
            while f"{cleaned[-1]}_{suffix}" in taken:
                suffix += 1
            name = f"{cleaned[-1]}_{suffix}"
        taken.add(name)
        return name
