"""Format every generated Python file with the pinned ruff: layout, sorted and minimal imports.

Templates print code without caring for line length, import order or which imports a module
ends up using; ruff (its bundled binary, once for the whole package) lays out the code as black
does and sorts the imports (I001) and drops the unused ones (F401). The version is pinned, so the
same input gives the same bytes, which `--check` relies on. Trailing commas carry no intent in
generated code, so brackets are joined or split by width alone.
"""

from __future__ import annotations

import ast
import re
import subprocess
import tempfile
import unicodedata
import threading
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from restwright.diagnostics import Location, RestwrightError

RUFF_VERSION = (
    "0.17.6"  # pinned in pyproject.toml: another version may lay code out differently
)
_COMMON = (
    "--isolated",
    "--no-cache",
    "--quiet",
    "--line-length=88",
    "--target-version=py310",
    "--config=exclude = []",
    "--config=respect-gitignore = false",
)


def _ruff() -> str:
    from ruff import find_ruff_bin  # type: ignore[import-untyped]  # the wheel's own binary

    try:
        found = version("ruff")
    except PackageNotFoundError:
        found = "none"
    if found != RUFF_VERSION:
        raise RestwrightError.at(
            Location("ruff"),
            f"restwright formats generated code with ruff {RUFF_VERSION}, found {found}",
            cause=f"pip install ruff=={RUFF_VERSION}",
        )
    return str(find_ruff_bin())


def format_python(files: Mapping[str, str], package: str) -> dict[str, str]:
    """`files` with every `.py` file formatted; other files unchanged."""
    return Formatting(files, package).result()


class Formatting:
    """Formatting under way in a worker thread (ruff runs as a process, so the caller's own work,
    such as compiling the modules, overlaps it); `result()` waits for it."""

    def __init__(self, files: Mapping[str, str], package: str) -> None:
        self.files = dict(files)
        self.python = [rel for rel in files if rel.endswith(".py")]
        self._tmp = tempfile.TemporaryDirectory(prefix="restwright-format-")
        self.root = Path(self._tmp.name)
        self._error: RestwrightError | None = None
        self._thread: threading.Thread | None = None
        if not self.python:
            return
        ruff = _ruff()
        for rel in self.python:
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.files[rel], encoding="utf-8")
        self._thread = threading.Thread(target=self._work, args=(ruff, package))
        self._thread.start()

    def _work(self, ruff: str, package: str) -> None:
        isort = f"--config=lint.isort.known-first-party = [{package!r}]"
        try:
            _run(
                [ruff, "check", *_COMMON, "--fix", "--select=I001,F401", isort,
                 "--config=lint.isort.split-on-trailing-comma = false", "."],
                self.root,
            )  # fmt: skip
            _run(
                [ruff, "format", *_COMMON,
                 "--config=format.skip-magic-trailing-comma = true", "."],
                self.root,
            )  # fmt: skip
        except RestwrightError as error:
            self._error = error

    def result(self) -> dict[str, str]:
        """The formatted files (raises what formatting raised)."""
        try:
            if self._thread is not None:
                self._thread.join()
            if self._error is not None:
                raise self._error
            for rel in self.python:
                text = (self.root / rel).read_text(encoding="utf-8")
                self.files[rel] = black_signatures(text)
            return self.files
        finally:
            self._tmp.cleanup()

    def discard(self) -> None:
        """Wait for the worker and drop its output (the caller found the code broken)."""
        if self._thread is not None:
            self._thread.join()
        self._tmp.cleanup()


# A signature's return annotation left open at the end of a line: the only place ruff 0.17 and
# black lay generated code out differently (a long `Literal[...]` or union returned).
_OPEN_RETURN = re.compile(r"\) -> [^\n]*[\[(]$", re.MULTILINE)


def black_signatures(text: str) -> str:
    """`text` with every signature whose return annotation spans lines laid out by black.

    For such a signature black sometimes keeps the parameters on the `def` line where ruff moves
    them to a line of their own; black is the referee of generated code, so it lays out these
    few signatures (alone, each at its own depth), and ruff everything else.
    """
    if not _OPEN_RETURN.search(text):
        return text
    import black

    lines = text.splitlines(keepends=True)
    for node in sorted(_split_returns(ast.parse(text)), key=lambda n: -n.lineno):
        start, end = node.lineno - 1, node.body[0].lineno - 1
        signature = "".join(lines[start:end])
        pad = len(signature) - len(signature.lstrip(" "))
        nesting = "".join("    " * level + "class _:\n" for level in range(pad // 4))
        source = f"{nesting}{signature}{' ' * (pad + 4)}pass\n"
        formatted = black.format_str(source, mode=black.Mode()).splitlines(True)
        first = next(i for i, ln in enumerate(formatted) if ln[pad:].startswith("def "))
        lines[start:end] = formatted[first:-1]
    return "".join(lines)


def _split_returns(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.returns is not None
        and (node.returns.end_lineno or node.returns.lineno) > node.returns.lineno
    ]


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip().splitlines()
        raise RestwrightError.at(
            Location(command[1]),
            "internal error: ruff could not format the generated code; this is a"
            " restwright bug, please report it",
            cause=" / ".join(detail[:5]) or f"exit code {result.returncode}",
        )
