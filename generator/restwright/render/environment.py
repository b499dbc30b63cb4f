"""The template environment: templates own the code, and print only text that is code already.

Spec text is data. A template may print a `Code` value (a sanitised name, a type annotation, an
escaped literal) or a number; anything else is refused when the template runs, so spec text
reaches a generated file only through the filters that escape it: `str` (a Python string
literal), `literal` (any JSON value), `docstring`, `toml` and `line` (one line of Markdown).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from restwright.model.ir import JSONValue
from restwright.text import neutralise
from restwright.render.literals import (
    docstring_lines,
    one_line,
    py_literal,
    py_str,
    render_docstring,
    toml_str,
)


class Code(str):
    """Text that is already what the generated file says: never escaped again, never spec text."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    """Refuse to print anything that did not come through a filter or the sanitiser."""
    if isinstance(value, (Code, int, float)):  # numbers (and booleans) print as Python
        return value
    raise jinja2.TemplateError(
        f"a template printed a {type(value).__name__} that no escaping filter produced:"
        f" {str(value)[:60]!r}"
    )


def _docstring(parts: str | Iterable[str | None] | None, indent: int) -> Code:
    """The docstring block for `parts` (summary, description, ...) at `indent`, or ""."""
    if parts is None or isinstance(parts, str):
        parts = (parts,)
    return Code(render_docstring(docstring_lines(*parts), indent))


def _join(items: Iterable[Code], separator: str = ", ") -> Code:
    """Code items joined; an item that is not code is refused like a printed one."""
    return Code(separator.join(_finalize(item) for item in items))


def _indent(text: Code, width: int) -> Code:
    """Every non-empty line of a block of code shifted right by `width` spaces."""
    pad = " " * width
    return Code("\n".join(pad + ln if ln else ln for ln in _finalize(text).split("\n")))


def _concat(parts: Iterable[str]) -> Code:
    return Code("".join(parts))


def _literal(value: JSONValue) -> Code:
    return Code(py_literal(value))


def make_environment() -> jinja2.Environment:
    """The environment for `restwright.templates` (one template per generated file)."""
    root = Path(str(importlib.resources.files("restwright.templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    # Macro results and `set` blocks are template output: code already, like a whole template.
    env.concat = _concat  # type: ignore[method-assign]
    env.filters.update(
        str=lambda text: Code(py_str(text)),
        literal=_literal,
        docstring=_docstring,
        toml=lambda text: Code(toml_str(text)),
        # Spec text in prose a person reads: one line, no terminal or bidi controls.
        line=lambda text: Code(neutralise(one_line(text))),
        join=_join,
        indent=_indent,
    )
    # Whether a view field is code (a method argument) or spec text (to print as a literal).
    env.tests["code"] = lambda value: isinstance(value, Code)
    return env
