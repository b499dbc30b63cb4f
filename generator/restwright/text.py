"""Spec text shown to people (the `inspect` table, generated READMEs) cannot drive their terminal.

A title or description may hold escape sequences (ESC, CSI and OSC start with a C0 or C1
control: they can clear the screen, rewrite the line, set the window title or plant a link) or
bidirectional controls that make text read differently from what it is ("Trojan Source"). Each
such character becomes a visible escape (`\\x1b`, `\\u202e`); everything else, emoji joiners and
no-break spaces included, stays as written. Tab and newline stay: callers that need one line fold
whitespace themselves.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the bidi embeddings, overrides, isolates and
# marks, and the line and paragraph separators some terminals and editors break lines at.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """`text` with every terminal control and bidi control replaced by its visible escape."""
    return _UNSAFE.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def neutralise_json(text: str) -> str:
    """JSON text with those characters as JSON escapes: the same data, shown harmlessly.

    Only valid inside JSON strings, where JSON encoders put every character of spec text.
    """
    return _UNSAFE.sub(_json_escape, text)
