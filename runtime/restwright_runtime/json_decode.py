"""Decode JSON bodies alike with or without orjson: the same documents accepted, the same errors.

orjson (`pip install restwright-runtime[fast]`) is used when it is importable, else the standard
library. Out of the box they disagree on hostile input: the standard parser turns `NaN`,
`Infinity` and `1e999` into float infinities (a `total` of infinity then crashes `int()`), and
fails on nesting near Python's recursion limit (about 1000 levels, less on a deep stack) with a
`RecursionError`, where orjson refuses non-finite numbers and nesting past 1024 levels with a
`JSONDecodeError`. Here the standard parser is held to orjson's rules, and both raise
`JSONBodyError` with the same message for those cases.

Left as the parsers have it: integers beyond the float range (orjson refuses them, the standard
library keeps them exact) and lone surrogates in strings (orjson refuses them): checking either
on the standard parser would cost every page a scan.
"""

from __future__ import annotations

import json
import math
import operator
import re
import sys
import threading
from contextlib import contextmanager
from itertools import accumulate, count
from typing import Any, Callable, Iterator

__all__ = ["JSONBodyError", "MAX_DEPTH", "decoder_name", "loads"]

MAX_DEPTH = 1024  # orjson's fixed limit, applied to the standard parser too

TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
NOT_FINITE = "has a number JSON cannot carry (NaN, Infinity, or beyond the float range)"


class JSONBodyError(ValueError):
    """A body that is not JSON the runtime accepts; the message names why, parser aside."""


_decoder: Callable[[bytes | str], Any] | None = None


def loads(content: bytes | str) -> Any:
    """Decode `content`; raise `JSONBodyError` when it is not JSON (or too deep, or non-finite)."""
    decoder = _decoder if _decoder is not None else _choose()
    return decoder(content)


def decoder_name() -> str:
    """ "orjson" or "stdlib": which parser `loads` uses in this process."""
    decoder = _decoder if _decoder is not None else _choose()
    return "orjson" if decoder is orjson_loads else "stdlib"


def _choose() -> Callable[[bytes | str], Any]:
    global _decoder
    try:
        import orjson  # noqa: F401 - only whether it imports matters here
    except ImportError:  # optional: the standard parser is as correct, only slower
        _decoder = stdlib_loads
    else:
        _decoder = orjson_loads
    return _decoder


def orjson_loads(content: bytes | str) -> Any:
    """Decode with orjson, its errors told in the runtime's words."""
    import orjson

    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise JSONBodyError(_orjson_reason(error, content)) from None


# What the standard parser would read as a non-finite number, where orjson saw a bad character.
_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


def _orjson_reason(error: ValueError, content: bytes | str) -> str:
    message = str(error)
    if message.startswith("depth limit exceeded"):
        return TOO_DEEP
    if message.startswith("number is infinity"):
        return NOT_FINITE
    position = getattr(error, "pos", None)
    if isinstance(position, int):
        window = content[max(position - 1, 0) : position + 9]
        text = window.decode("latin-1") if isinstance(window, bytes) else window
        if _CONSTANT.match(text) or _CONSTANT.match(text, 1):
            return NOT_FINITE
    return message


class _NotFinite(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotFinite(text)
    return value


def _refuse_constant(text: str) -> float:
    raise _NotFinite(text)


def _parse(content: bytes | str) -> Any:
    return json.loads(
        content, parse_float=_finite_float, parse_constant=_refuse_constant
    )


def stdlib_loads(content: bytes | str) -> Any:
    """Decode with the standard library under orjson's rules (depth 1024, finite numbers)."""
    try:
        if sys.getrecursionlimit() > MAX_DEPTH and nesting_depth(content) > MAX_DEPTH:
            # A raised recursion limit lets the parser go deeper than orjson would.
            raise JSONBodyError(TOO_DEEP)
        try:
            return _parse(content)
        except RecursionError:
            # The parser recurses against Python's limit, minus the stack already in use.
            if nesting_depth(content) > MAX_DEPTH:
                raise JSONBodyError(TOO_DEEP) from None
            with _recursion_headroom(MAX_DEPTH + 50):
                return _parse(content)
    except _NotFinite:
        raise JSONBodyError(NOT_FINITE) from None
    except RecursionError:
        raise JSONBodyError(TOO_DEEP) from None
    except JSONBodyError:
        raise
    except ValueError as error:  # JSONDecodeError, an integer of more than 4300 digits
        raise JSONBodyError(str(error)) from None


# JSON strings (where brackets are text) and the brackets themselves, for `nesting_depth`.
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_OTHER_BYTES = bytes(byte for byte in range(256) if byte not in b"[]{}")
_OPENS_AS_TWO = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def nesting_depth(content: bytes | str) -> int:
    """How deeply `content`'s arrays and objects nest, counted at C speed.

    Strings are dropped, the brackets kept and mapped to 2 (open) or 0 (close): the running
    sum minus the position is then the depth, and its maximum the answer.
    """
    data = (
        content.encode("utf-8", "surrogatepass")
        if isinstance(content, str)
        else content
    )
    skeleton = _STRINGS.sub(b"", data).translate(_OPENS_AS_TWO, _OTHER_BYTES)
    return max(map(operator.sub, accumulate(skeleton), count(1)), default=0)


_headroom_lock = threading.Lock()


@contextmanager
def _recursion_headroom(levels: int) -> Iterator[None]:
    """Let the current thread recurse `levels` deeper than it is now, for one parse."""
    with _headroom_lock:
        limit = sys.getrecursionlimit()
        depth = 0
        frame = sys._getframe()
        while frame is not None:
            depth += 1
            frame = frame.f_back  # type: ignore[assignment]
        needed = depth + levels
        if needed > limit:
            sys.setrecursionlimit(needed)
        try:
            yield
        finally:
            if needed > limit and sys.getrecursionlimit() == needed:
                sys.setrecursionlimit(limit)
