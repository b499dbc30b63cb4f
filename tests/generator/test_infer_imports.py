"""The infer package reads top-down: no module imports one that (directly or not) imports it back.

Imports inside functions count too: a lazy import hides a circle, it does not break it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

INFER = ROOT / "generator" / "restwright" / "infer"
LATER_STAGES = ("restwright.render", "restwright.write", "restwright.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT / "generator").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every module a file imports, wherever the import statement sits.

    `from package import module` (one of `modules`) imports that module, not the package's names.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named = {f"{node.module}.{alias.name}" for alias in node.names}
            submodules = named & modules
            found.update(submodules)
            if len(submodules) < len(named):
                found.add(node.module)
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in INFER.rglob("*.py")}
    modules = set(paths)
    return {
        name: {m for m in _imports(path, modules) if m in modules and m != name}
        for name, path in paths.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_infer_has_no_import_circle() -> None:
    graph = _graph()
    assert len(graph) > 15  # the package was found
    assert _cycle(graph) is None


def test_a_planted_circle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_infer_never_imports_a_later_stage() -> None:
    upward = {
        (_module_name(path), m)
        for path in INFER.rglob("*.py")
        for m in _imports(path, set())
        if m.startswith(LATER_STAGES)
    }
    assert upward == set()


def test_the_context_points_back_at_nothing_above_it() -> None:
    """Detectors, the selector and the conventions read the context; it reads none of them."""
    context = _graph()["restwright.infer.context"]
    assert context <= {"restwright.infer.vocabulary", "restwright.infer.knowledge"}
