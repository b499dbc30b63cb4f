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
from restwright.load.kinds import NON_STRUCTURAL_KINDS, SECTION_FOR_KIND, child_kind
from restwright.load.parse import parse_data, read_bytes
from restwright.load.pointer import join_pointer, resolve_pointer, split_pointer

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._\-]")


def bundle_refs(
    document: dict[str, Any], path: Path, file: str, *, strict: bool = False
) -> list[Diagnostic]:
    """Rewrite `document` in place so that every `$ref` is local; returns the warnings.

    Real specs are messy, so a broken reference (its file or its target missing) stops
    generation only where it changes what the client sends or returns: a parameter, request
    body, response, header or path item. A broken schema reference is a warning and that type
    becomes `Any` (the records around it keep their shape). One in a place that does not shape
    the code (examples, links, callbacks, descriptions and other non-structural fields) is a
    warning and is left out; so is a remote or out-of-folder reference there, which is never
    followed. With `strict`, every broken reference is an error.
    """
    bundler = _Bundler(document, path, file, strict)
    bundler.run()
    return bundler.warnings


class _Missing(RestwrightError):
    """A reference whose file or target does not exist (not one that cannot be read)."""


class _Bundler:
    def __init__(
        self, document: dict[str, Any], path: Path, file: str, strict: bool
    ) -> None:
        self.root = document
        self.strict = strict
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
        self.optional_depth = 0  # > 0 while walking a part that does not shape the code

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
                kind_below = child_kind(kind, key)
                optional = kind_below in NON_STRUCTURAL_KINDS
                self.optional_depth += optional
                new = self.walk(child, kind_below, base, tokens)
                self.optional_depth -= optional
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
            return self.not_followed(
                value,
                site,
                f"remote $ref {ref!r} is not supported; download it beside the spec",
            )
        file_part, _, fragment = ref.partition("#")
        target_path = (base.parent / file_part).resolve() if file_part else base
        if not target_path.is_relative_to(self.root_dir):
            return self.not_followed(
                value, site, f"$ref {ref!r} leaves the spec's folder ({self.root_dir})"
            )
        try:
            target = self.target(target_path, fragment, site, ref)
        except _Missing as error:
            return self.broken(value, kind, base, tokens, error)
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

    def not_followed(self, value: dict[str, Any], site: Location, message: str) -> Any:
        """A reference restwright never follows: left out where it shapes nothing, else refused."""
        if self.strict or self.optional_depth == 0:
            raise RestwrightError.at(site, message)
        self.warnings.append(
            Diagnostic(
                "warning", f"{message}; left out (it does not shape the client)", site
            )
        )
        return _without_ref(value)

    def broken(
        self,
        value: dict[str, Any],
        kind: str,
        base: Path,
        tokens: list[str],
        error: _Missing,
    ) -> Any:
        """A reference whose file or target is missing: a warning where the client survives it."""
        if self.strict:
            raise error
        if kind == "schema":
            consequence = "typed as Any"
        elif self.optional_depth > 0:
            consequence = "left out (it does not shape the client)"
        else:
            raise error
        for found in error.diagnostics:
            self.warnings.append(
                Diagnostic(
                    "warning",
                    f"{found.message}; {consequence}",
                    found.location,
                    found.cause,
                )
            )
        # What stays (a description beside the $ref, say) is still walked for references.
        return self.walk(_without_ref(value), kind, base, tokens)

    def target(self, path: Path, fragment: str, site: Location, ref: str) -> Any:
        """The referenced value, or an error naming the reference and what is missing."""
        data = self.files.get(path)
        if data is None:
            if not path.is_file():
                raise _Missing.at(
                    site, f"$ref {ref!r}: file {self.display(path)} does not exist"
                )
            display = self.display(path)
            data, warnings = parse_data(read_bytes(path, display), display)
            self.warnings.extend(warnings)
            self.files[path] = data
        try:
            return resolve_pointer(data, fragment)
        except (KeyError, ValueError) as exc:
            raise _Missing.at(
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


def _without_ref(value: dict[str, Any]) -> dict[str, Any]:
    """The object a broken reference stood in, minus the reference: an empty schema is `Any`."""
    return {key: item for key, item in value.items() if key != "$ref"}
