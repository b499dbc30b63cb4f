"""Spec text → Python string literals, docstrings, TOML strings and Markdown lines.

Spec text is data: it only ever reaches generated code through these functions (the template
filters of `restwright.render.environment`), which escape every quote, backslash, control
character and line separator, so no input can end a string early, open a template tag that gets
evaluated, or change the code around it.
"""

from __future__ import annotations

import math
import re
import unicodedata

from restwright.model.ir import JSONValue

_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str, quote: str) -> str:
    if ch == quote:
        return "\\" + ch
    if ch in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[ch]
    if ch.isprintable() and ch != "\x85" and not ("\ud800" <= ch <= "\udfff"):
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Combining marks, symbols (emoji) and other numbers: their display width differs between
# Unicode versions, and formatters measure lines by display width (ruff and black each with their
# own tables). Escaped, every code line has one width for both: 2 columns per East Asian wide
# character, 1 for the rest, so the formatter's layout is the one black would choose.
_UNSTABLE_WIDTH = frozenset({"Mn", "Mc", "Me", "So", "Sk", "No"})


def _escape_code_char(ch: str, quote: str) -> str:
    if not ch.isascii() and unicodedata.category(ch) in _UNSTABLE_WIDTH:
        code = ord(ch)
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return _escape_char(ch, quote)


def py_str(text: str) -> str:
    """A string literal on one line, in the quotes the formatter keeps (double unless it costs escapes)."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    if text.isascii() and text.isprintable() and "\\" not in text and quote not in text:
        return quote + text + quote  # nothing to escape (most names, paths and enums)
    return quote + "".join(_escape_code_char(ch, quote) for ch in text) + quote


def py_literal(value: JSONValue) -> str:
    """A JSON value as a Python expression (flat; callers lay out long ones)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _toml_char(ch: str) -> str:
    if ch in '"\\' or ch < " " or ch == "\x7f":
        return f"\\u{ord(ch):04X}"
    if "\ud800" <= ch <= "\udfff":
        return "\\uFFFD"  # a lone surrogate (from JSON text) has no TOML (or UTF-8) spelling
    return ch


def toml_str(text: str) -> str:
    """A TOML basic string: `"`, `\\` and control characters as `\\uXXXX`, everything else raw.

    Raw, so that emoji stay themselves: `json.dumps` would write them as surrogate pairs, which
    TOML rejects.
    """
    return '"' + "".join(_toml_char(ch) for ch in text) + '"'


def is_json_literal(value: object) -> bool:
    """True for values we render as defaults: JSON scalars only (mutable defaults are not safe)."""
    if isinstance(value, float):
        return not (math.isnan(value) or math.isinf(value))
    return value is None or isinstance(value, (str, int, bool))


_QUOTE_RUN = re.compile(r'"{2,}')
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _docstring_text(line: str) -> str:
    """Escape one docstring line: backslashes, control chars, runs of quotes."""
    line = line.replace("\t", "    ")
    if line.isprintable() and "\\" not in line:
        out = line  # nothing to escape but quote runs (the common case)
    else:
        out = "".join(_escape_char(ch, "") if ch != '"' else ch for ch in line)
    return _QUOTE_RUN.sub(lambda m: '\\"' * len(m.group()), out)


def docstring_lines(*parts: str | None) -> list[str]:
    """The lines of a docstring (without indentation or quotes) from summary/description.

    Lines are dedented, stripped and escaped so that the formatter's docstring normalisation
    is a no-op and no text can close the docstring.
    """
    raw: list[str] = []
    for part in parts:
        if not part or not part.strip():
            continue
        lines = [ln.rstrip() for ln in _LINE_BREAKS.split(part.strip())]
        if raw:
            raw.append("")
        raw.extend(lines)
    if not raw:
        return []
    head, tail = raw[0].strip(), raw[1:]
    margins = [len(ln) - len(ln.lstrip(" \t")) for ln in tail if ln.strip()]
    margin = min(margins) if margins else 0
    body = [_docstring_text(ln[margin:].rstrip()) for ln in tail]
    lines = [_docstring_text(head)] + body
    # Collapse repeated blank lines and drop trailing ones; black keeps them, but they add nothing.
    cleaned: list[str] = []
    for ln in lines:
        if ln == "" and cleaned and cleaned[-1] == "":
            continue
        cleaned.append(ln)
    while cleaned and cleaned[-1] == "":
        cleaned.pop()
    if cleaned[0].startswith('"'):
        cleaned[0] = "\\" + cleaned[0]
    if len(cleaned) == 1 and cleaned[-1].endswith('"'):
        last = cleaned[-1]
        backslashes = len(last[:-1]) - len(last[:-1].rstrip("\\"))
        if (
            backslashes % 2
        ):  # an escaped closing quote: ruff and black space it differently
            last = last[:-2] + '"'
        cleaned[-1] = last + " "  # `"quoted""""` would end the docstring early
    return cleaned


def render_docstring(lines: list[str], indent: int) -> str:
    """A docstring block at `indent` spaces (no trailing newline); "" when there is no text."""
    if not lines:
        return ""
    pad = " " * indent
    if len(lines) == 1:
        return f'{pad}"""{lines[0]}"""'
    body = "\n".join(f"{pad}{ln}" if ln else "" for ln in lines[1:])
    tail = f"\n{body}" if body else ""
    return f'{pad}"""{lines[0]}{tail}\n{pad}"""'


def one_line(text: str) -> str:
    """Text for one line of Markdown: every run of whitespace (line breaks too) is one space."""
    return " ".join(text.split())
