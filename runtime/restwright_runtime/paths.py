"""Request paths for generated clients: every placeholder value fills exactly one path segment.

Part of the API generated packages import (see `__all__`; stable within a minor version of
`restwright-runtime`, which generated packages pin). A value is percent-encoded whole, `/`
included, so it can never add segments; `.`, `..` and the empty string are refused, because
`requests` decodes `%2E` back to a dot and URL joining then resolves the segment to another
endpoint. A config path that is one placeholder (`{resources.posts.href}`) may take a link the
API itself returned, but only one on the client's own origin: a record never picks the host the
client's credentials go to.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from .credentials import leaves_origin

__all__ = ["build_path", "expand_path", "path_segment"]

_FORMATTER = string.Formatter()
_NOT_A_SEGMENT = ("", ".", "..")


class PathValueError(ValueError):
    """A path parameter value that would not address one path segment of the API."""


def path_segment(value: object) -> str:
    """`value` as one percent-encoded path segment; `""`, `.` and `..` are refused."""
    text = str(value)
    if text in _NOT_A_SEGMENT:
        raise PathValueError(
            f"path parameter value {text!r} cannot be a path segment: it would address"
            " another endpoint"
        )
    return quote(text, safe="")


def build_path(template: str, *values: object) -> str:
    """Fill the `{}` slots of `template` (literal braces doubled) with one segment per value."""
    return template.format(*(path_segment(value) for value in values))


def expand_path(template: str, values: Mapping[str, Any], base_url: str) -> str:
    """Fill the named `{placeholders}` of a config path, one segment per value.

    A path that is a single placeholder may take a whole URL from a parent record (a link such
    as `href`), used as it is when it is on `base_url`'s origin and refused otherwise.
    """
    parts = list(_FORMATTER.parse(template))
    if len(parts) == 1 and parts[0][0] == "" and parts[0][1] is not None:
        value = values[parts[0][1]]
        if isinstance(value, str) and urlsplit(value).scheme:
            if leaves_origin(base_url, value):
                raise PathValueError(
                    f"the link in {parts[0][1]!r} leads away from {_origin_text(base_url)};"
                    " the client sends its credentials only to its own origin"
                )
            return value
    return fill_parts(parts, values, path_segment)


def fill_parts(
    parts: Iterable[tuple[str, str | None, Any, Any]],
    values: Mapping[str, Any],
    text: Callable[[Any], str],
) -> str:
    """Parsed template `parts` (`string.Formatter().parse`) with each value written by `text`."""
    out: list[str] = []
    for literal, name, _, _ in parts:
        out.append(literal)
        if name is not None:
            out.append(text(values[name]))
    return "".join(out)


def _origin_text(url: str) -> str:
    """`scheme://host[:port]` of `url`, never its path or query (which may carry secrets)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
