"""The generated project's dependency on `restwright-runtime`: a compatible range, or a local folder.

The range comes from the runtime's own `__version__` (its single source), so bumping the runtime
moves every generated pin with it. A folder (`--runtime-path`) is for machines whose package index
lacks the runtime: it is checked to be a runtime of that range before a project depends on it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import restwright_runtime

from restwright.diagnostics import Location, RestwrightError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

RUNTIME_DISTRIBUTION = "restwright-runtime"
RUNTIME_PACKAGE = "restwright_runtime"


def compatible_range(version: str) -> str:
    """The versions that keep the helper API of `version`: its minor series below 1.0 (`0.2.5` →
    `>=0.2,<0.3`), its major series from 1.0 on (`1.4.0` → `>=1.4,<2`)."""
    major, minor = (int(part) for part in version.split(".")[:2])
    upper = f"0.{minor + 1}" if major == 0 else str(major + 1)
    return f">={major}.{minor},<{upper}"


RUNTIME_RANGE = compatible_range(restwright_runtime.__version__)
RUNTIME_REQUIREMENT = RUNTIME_DISTRIBUTION + RUNTIME_RANGE


def local_runtime_requirement(folder: str | Path) -> str:
    """`restwright-runtime @ file:///abs/folder` for a runtime source folder of the compatible range.

    Raises RestwrightError naming the folder, or the place in its pyproject.toml, that is wrong.
    """
    given = Path(folder).expanduser()  # messages name paths as the user wrote them
    here = Location(str(folder))
    if not given.is_dir():
        raise RestwrightError.at(
            here,
            "--runtime-path: no such folder (pass the `runtime` folder of a restwright checkout)",
        )
    pyproject = given / "pyproject.toml"
    if not pyproject.is_file():
        raise RestwrightError.at(
            here,
            "--runtime-path: the folder has no pyproject.toml; pass the `runtime` folder of a"
            " restwright checkout (the one holding restwright_runtime/)",
        )
    project = _project_table(pyproject)
    where = Location(str(pyproject), "/project")
    if project.get("name") != RUNTIME_DISTRIBUTION:
        raise RestwrightError.at(
            where.child("name"),
            f"--runtime-path: this pyproject.toml is {project.get('name')!r}'s, not"
            f" {RUNTIME_DISTRIBUTION!r}'s; pass the `runtime` folder of a restwright checkout",
        )
    version, place = _version(given, project, where)
    if not _in_range(version):
        raise RestwrightError.at(
            place,
            f"--runtime-path: this runtime is version {version}, but generated code needs"
            f" {RUNTIME_DISTRIBUTION}{RUNTIME_RANGE}",
        )
    return f"{RUNTIME_DISTRIBUTION} @ {given.resolve().as_uri()}"


def _project_table(pyproject: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RestwrightError.at(
            Location(str(pyproject)),
            "--runtime-path: cannot read pyproject.toml",
            str(exc),
        ) from exc
    project = document.get("project")
    return project if isinstance(project, dict) else {}


def _version(
    root: Path, project: dict[str, Any], where: Location
) -> tuple[str, Location]:
    """The runtime's version and where it is written: the pyproject's, else `__version__`."""
    declared = project.get("version")
    if isinstance(declared, str):
        return declared, where.child("version")
    init = root / RUNTIME_PACKAGE / "__init__.py"
    try:
        tree = ast.parse(init.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as exc:
        raise RestwrightError.at(
            Location(str(init)),
            "--runtime-path: cannot read the runtime's version",
            str(exc),
        ) from exc
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
            )
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value, Location(str(init))
    raise RestwrightError.at(
        Location(str(init)), "--runtime-path: the runtime states no `__version__`"
    )


def _in_range(version: str) -> bool:
    try:
        return compatible_range(version) == RUNTIME_RANGE
    except ValueError:
        return False


__all__ = [
    "RUNTIME_REQUIREMENT",
    "compatible_range",
    "local_runtime_requirement",
]
