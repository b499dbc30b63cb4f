"""JSONPaths from specs, configs and overrides, parsed at generate time by the runtime's own parser.

A selector the runtime cannot read would otherwise fail on the first page at run time; found
here, it is an error that names its place in the input.
"""

from __future__ import annotations

from restwright_runtime.jsonpath import CompiledPath


def jsonpath_problem(path: str) -> str | None:
    """Why the runtime cannot parse `path` (the parser's own words), or None when it can."""
    if not path.strip():
        return "the path is empty"
    try:
        CompiledPath(path)
    except (
        Exception
    ) as exc:  # jsonpath-ng raises its own lexer/parser errors and plain ones
        return " ".join(str(exc).split())[:200] or type(exc).__name__
    return None
