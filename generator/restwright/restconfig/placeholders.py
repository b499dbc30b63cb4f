"""`{...}` placeholders in a resource's path, params, json and headers (dlt's template syntax)."""

from __future__ import annotations

import keyword
import re
import string
from collections.abc import Iterator

from restwright.diagnostics import Diagnostic, Location
from restwright.model.ir import JSONValue
from restwright.model.resource import Placeholder

# What `{incremental.<name>}` may name, and the method keyword that supplies it.
INCREMENTAL_KEYWORDS = {
    "start_value": "start_value",
    "last_value": "start_value",  # dlt's older spelling of the same value
    "end_value": "end_value",
    "initial_value": "initial_value",  # the config's constant; render inlines it
}
_FORMATTER = string.Formatter()
_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")


def fields_in(
    text: str, where: Location, resource: str, diagnostics: list[Diagnostic]
) -> list[str]:
    """The placeholder texts in `text`, in order (`{{` and `}}` are literal braces); none when unbalanced."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        diagnostics.append(
            Diagnostic(
                "error",
                f"resource `{resource}`: unbalanced braces in {text!r}",
                where,
                cause=str(exc),
            )
        )
        return []
    return [name for _, name, _, _ in parsed if name is not None]


def keyword_for(parent: str, field: str) -> str:
    """`<parent>_<field>`: the child's keyword for a parent field (dots and symbols → `_`).

    Names come from the config: one that would not be a usable identifier (`1st_id`, `_if`
    stripped to `if`, all symbols) gets a prefix or a trailing `_`.
    """
    name = _NON_WORD.sub("_", f"{parent}_{field}").strip("_")
    if not name or name[0].isdigit():
        name = f"parent_{name}".rstrip("_")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def classify(
    text: str, where: Location, resource: str, diagnostics: list[Diagnostic]
) -> Placeholder | None:
    """What a placeholder refers to; anything but `resources.*` and `incremental.*` is an error (None)."""
    head, _, rest = text.partition(".")
    if head == "resources":
        parent, _, field = rest.partition(".")
        if parent and field:
            return Placeholder(text, "resource", keyword_for(parent, field))
        message = f"placeholder `{{{text}}}` must name a resource and a field"
        cause = "use `{resources.<parent>.<field>}`"
    elif head == "incremental" and rest in INCREMENTAL_KEYWORDS:
        return Placeholder(text, "incremental", INCREMENTAL_KEYWORDS[rest])
    else:
        message = f"unknown placeholder `{{{text}}}`"
        cause = "placeholders are `{resources.<parent>.<field>}` and `{incremental.start_value}`"
    diagnostics.append(
        Diagnostic("error", f"resource `{resource}`: {message}", where, cause)
    )
    return None


def walk_strings(value: JSONValue, where: Location) -> Iterator[tuple[str, Location]]:
    """Every string inside a JSON value, with its location (dict values and list items)."""
    if isinstance(value, str):
        yield value, where
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, where.child(index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, where.child(key))


def escape_braces(text: str) -> str:
    """A literal string in template form: braces doubled so they are never placeholders."""
    return text.replace("{", "{{").replace("}", "}}")
