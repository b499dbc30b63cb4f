"""Spec text → Python literals and docstrings: round-trips exactly, never becomes code."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from restwright.render.literals import (
    docstring_lines,
    py_literal,
    py_str,
    render_docstring,
)

NASTY = [
    '"""',
    "'''",
    "\\",
    "end with backslash \\",
    "\r\n",
    "\u2028\u2029\x85\x0b\x0c",
    "\x00nul",
    "{{ 7 * 7 }} {% if true %}x{% endif %}",
    "\"; __import__('os')._exit(3) #",
    "\ud800",
    "😀 emoji",
]


@given(st.text())
def test_py_str_round_trips(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal


def test_py_str_quotes_like_black() -> None:
    assert py_str("plain") == '"plain"'
    assert py_str('say "hi"') == "'say \"hi\"'"
    assert py_str("it's") == '"it\'s"'
    for text in NASTY:
        assert ast.literal_eval(py_str(text)) == text


def test_py_literal_for_json_values() -> None:
    value = {"a": [1, 2.5, True, None, "x"], 'q"': {}}
    assert ast.literal_eval(py_literal(value)) == value


def _docstring_value(text: str) -> str:
    source = "def f():\n" + render_docstring(docstring_lines(text), 4) + "\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None
    return doc


@given(st.text(min_size=1).filter(lambda t: t.strip() != ""))
def test_docstrings_always_parse_and_stay_a_single_string(text: str) -> None:
    source = (
        "def f():\n" + render_docstring(docstring_lines(text), 4) + "\n    return 1\n"
    )
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert (
        len(func.body) == 2
    )  # the docstring and `return 1`: nothing leaked out as code


def test_docstrings_keep_nasty_text() -> None:
    for text in NASTY:
        doc = _docstring_value("Summary " + text + " end")
        assert "Summary" in doc and "end" in doc
    assert "{{ 7 * 7 }}" in _docstring_value("{{ 7 * 7 }}")
    assert '"""' in _docstring_value('quote """ inside')


def test_docstring_layout_is_what_black_writes() -> None:
    assert render_docstring(docstring_lines("One line."), 4) == '    """One line."""'
    assert (
        render_docstring(docstring_lines('ends with "quote"'), 0)
        == '"""ends with "quote" """'
    )
    text = render_docstring(
        docstring_lines("Summary.", "  Body line one.\n    indented\n\n\n"), 4
    )
    assert text == '    """Summary.\n\n    Body line one.\n        indented\n    """'
    assert render_docstring(docstring_lines(None, "  "), 4) == ""
