"""The generator's import graph follows the pipeline: no cycles, no import of a later stage.

Stages, earliest first: shared values (`diagnostics`, `jsonpaths`, `progress`) → `load` → `model` →
`kinds` → `restconfig` → `infer` → `render` → `export` → `write` → `pipeline` → `cli`. A module may
import its own stage and earlier ones. Every import counts, lazy and typing-only ones too: they are
what a reader has to follow. Also, `pyproject.toml`'s package list names every package folder, so
the wheel ships all of them.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "generator"
STAGES = (
    (
        "restwright",
        "restwright.diagnostics",
        "restwright.jsonpaths",
        "restwright.package_name",
        "restwright.progress",
        "restwright.text",
    ),
    ("restwright.load",),
    ("restwright.model",),
    ("restwright.kinds",),
    ("restwright.restconfig",),
    ("restwright.infer",),
    ("restwright.render",),
    ("restwright.export",),
    ("restwright.write",),
    ("restwright.pipeline",),
    ("restwright.cli", "restwright.__main__"),
)
# Areas allowed an import circle inside them: none.
KNOWN_CYCLE_AREAS: set[str] = set()


def module_names() -> dict[str, Path]:
    found = {}
    for path in sorted((SOURCE / "restwright").rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The restwright modules `path` imports (`from x import y` counts y when y is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (
                    package.rsplit(".", node.level - 1)[0]
                    if node.level > 1
                    else package
                )
                base = f"{anchor}.{base}" if base else anchor
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        out.update(t for t in targets if t in known and t != name)
    return out


def graph() -> dict[str, set[str]]:
    modules = module_names()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def stage(module: str) -> int:
    best = -1
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if prefix != "restwright" or module in ("restwright",):
                    best = index
    assert best >= 0, f"{module} belongs to no stage: add it to STAGES"
    return best


def area(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_every_module_has_a_stage() -> None:
    for module in graph():
        stage(module)


def test_no_module_imports_a_later_stage() -> None:
    upward = [
        f"{module} → {target}"
        for module, targets in graph().items()
        for target in sorted(targets)
        if stage(target) > stage(module)
    ]
    assert upward == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles() -> None:
    found = cycles(graph())
    unexpected = [
        group
        for group in found
        if not all(area(module) in KNOWN_CYCLE_AREAS for module in group)
    ]
    assert unexpected == []


def test_the_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_pyproject_names_every_package_folder() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    declared = set(setuptools["packages"])
    folders = {
        ".".join(init.parent.relative_to(SOURCE).parts)
        for init in (SOURCE / "restwright").rglob("__init__.py")
    }
    assert folders | {"restwright.templates"} == declared
    templates = ROOT / setuptools["package-dir"]["restwright.templates"]
    assert (templates / "client.py.jinja").is_file()
    assert {p.parent.name for p in templates.rglob("*.jinja")} <= {
        "templates",
        "macros",
    }
