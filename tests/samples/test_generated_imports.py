"""What every committed sample client imports: the runtime's public API, sorted, nothing unused.

Generated packages carry no copy of the runtime's helpers: they import `build_path`,
`compact_params`, `styled_query` and the config helpers from `restwright_runtime`, only names
its modules list in `__all__` (the API the pinned `restwright-runtime` range promises), and no
module of a package imports one that imports it back.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from restwright.render.format import RUFF_VERSION
from restwright.render.package import RUNTIME_REQUIREMENT
from samples.regenerate import sample_sources

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = [
    source.parent / "client" / f"{name}_client" for name, source in sample_sources()
]
IDS = [path.name for path in CLIENTS]
# Runtime modules whose every public name a generated package may import.
PUBLIC = {
    "restwright_runtime",
    "restwright_runtime.auth",
    "restwright_runtime.paginators",
    "restwright_runtime.requests",
}


def imports(path: Path, *, at_import: bool = False) -> list[ast.ImportFrom]:
    """Every `from ... import`; with `at_import`, only those run when the module is imported
    (not under `if TYPE_CHECKING:`, not inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if at_import else list(ast.walk(tree))
    return [node for node in nodes if isinstance(node, ast.ImportFrom)]


@pytest.mark.parametrize("package", CLIENTS, ids=IDS)
def test_runtime_names_come_from_its_public_api(package: Path) -> None:
    used: set[tuple[str, str]] = set()
    for module in package.rglob("*.py"):
        for node in imports(module):
            if (node.module or "").startswith("restwright_runtime"):
                used.update((node.module or "", alias.name) for alias in node.names)
    assert used, "a generated package uses the runtime"
    for module_name, name in sorted(used):
        module = importlib.import_module(module_name)
        exported = getattr(module, "__all__", None)
        if module_name in PUBLIC and exported is None:
            assert not name.startswith("_"), (module_name, name)
        else:
            assert exported is not None and name in exported, (module_name, name)


@pytest.mark.parametrize("package", CLIENTS, ids=IDS)
def test_no_module_of_a_package_imports_one_that_imports_it(package: Path) -> None:
    """Import-time imports only: typing-only ones and lazy ones inside functions form no cycle."""
    name = package.name
    graph: dict[str, set[str]] = {}
    for module in package.rglob("*.py"):
        dotted = ".".join((name, *module.relative_to(package).with_suffix("").parts))
        dotted = dotted.removesuffix(".__init__")
        graph[dotted] = {
            node.module
            for node in imports(module, at_import=True)
            if node.module and node.module.startswith(name) and node.module != dotted
        }
    for module, targets in graph.items():
        for target in targets:
            assert module not in graph.get(target, set()), (module, target)
    # No helper is defined in the package: the runtime has them.
    client = (package / "client.py").read_text()
    for helper in ("def build_path", "def compact_params", "def _wire", "importlib"):
        assert helper not in client
    assert not (package / "_resource.py").exists()


def test_imports_are_sorted_and_minimal() -> None:
    """ruff's isort and unused-import rules find nothing to fix in any committed client."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
         "--select=I001,F401", *map(str, CLIENTS)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pins_are_what_is_installed() -> None:
    """Generated packages pin the runtime range the repository's runtime is in; ruff is exact."""
    from importlib.metadata import version

    import restwright_runtime

    lower, upper = RUNTIME_REQUIREMENT.removeprefix("restwright-runtime").split(",")
    installed = tuple(int(p) for p in restwright_runtime.__version__.split(".")[:2])
    assert lower.startswith(">=") and upper.startswith("<")
    assert tuple(int(p) for p in lower[2:].split(".")) <= installed
    assert installed < tuple(int(p) for p in upper[1:].split("."))
    assert version("ruff") == RUFF_VERSION
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"ruff=={RUFF_VERSION}"' in pyproject
    assert f'"{RUNTIME_REQUIREMENT}"' in pyproject
    for package in CLIENTS:
        assert (
            f'"{RUNTIME_REQUIREMENT}"'
            in (package.parent / "pyproject.toml").read_text()
        )
