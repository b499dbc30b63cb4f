"""JSON pointers (RFC 6901) over plain data: split, join and resolve."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from restwright.diagnostics import escape_pointer_token


def split_pointer(pointer: str) -> list[str]:
    """`/a~1b/c` → `["a/b", "c"]`; percent-escapes (legal in a URI fragment) are decoded."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [
        unquote(t).replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")
    ]


def join_pointer(tokens: list[str] | tuple[str, ...]) -> str:
    """The inverse of `split_pointer` (without percent-encoding)."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The value at `pointer`; `KeyError` names the first token that is not there."""
    current = data
    for token in split_pointer(pointer):
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif (
            isinstance(current, list) and token.isdigit() and int(token) < len(current)
        ):
            current = current[int(token)]
        else:
            raise KeyError(token)
    return current
