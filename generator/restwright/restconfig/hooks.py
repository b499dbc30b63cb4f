"""Hooks a config names (`incremental.convert`, `response_actions`): allowed ones only, as imports.

YAML cannot hold functions, so a config names them `module:function`. A name is data from a file
restwright was handed, so it never picks what runs: generation accepts only functions of the
generated package's own `hooks.py` (written by the user beside the generated modules, as
`hooks:function`; restwright never writes or overwrites it) and functions the user allowed when
generating (`--allow-hook module:function`). The generated code imports them by name, as
any code would; nothing imports by string at run time.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.plan import ResourcePlan
from restwright.model.resource import HookRef

OWN_MODULE = "hooks"  # the generated package's own `hooks.py`


def _identifier(text: str) -> bool:
    return text.isidentifier() and not keyword.iskeyword(text)


def parse_hook(text: str) -> tuple[str, str] | None:
    """`module:function` or `module.function` → (module, function); None when it is neither."""
    module, _, function = text.partition(":") if ":" in text else text.rpartition(".")
    if not module or not function:
        return None
    if not all(_identifier(part) for part in module.split(".")):
        return None
    return (module, function) if _identifier(function) else None


def hook_ref(
    value: Any, where: Location, message: str, diagnostics: list[Diagnostic]
) -> HookRef | None:
    """A checked hook reference; None (and the error `message`) when `value` names no function."""
    parsed = parse_hook(value) if isinstance(value, str) else None
    if parsed is None:
        diagnostics.append(Diagnostic("error", message, where))
        return None
    return HookRef(parsed[0], parsed[1], where)


def hooks_of(plans: Mapping[str, ResourcePlan]) -> Iterator[HookRef]:
    """Every hook the config's resources name, in config order."""
    for plan in plans.values():
        resource = plan.resource
        if resource.incremental is not None and resource.incremental.convert:
            yield resource.incremental.convert
        for action in resource.response_actions:
            yield from action.callables


def own_module(ref: HookRef, package: str) -> bool:
    """Whether `ref` names the generated package's own hooks module."""
    return ref.module in (OWN_MODULE, f"{package}.{OWN_MODULE}")


def check_hooks(
    plans: Mapping[str, ResourcePlan],
    package: str,
    package_dir: Path,
    allowed: Iterable[str] = (),
) -> list[Diagnostic]:
    """An error, at the config's place, for every hook that is neither allowed nor defined.

    `package_dir` is OUTDIR/NAME: its `hooks.py` is read as text and parsed, never imported.
    """
    errors: list[Diagnostic] = []
    allow: set[tuple[str, str]] = set()
    for text in allowed:
        parsed = parse_hook(text)
        if parsed is None:
            message = f"--allow-hook {text!r} is not a `module:function` name"
            errors.append(Diagnostic("error", message, Location("--allow-hook")))
        else:
            allow.add(parsed)
    hooks_file = package_dir / f"{OWN_MODULE}.py"
    defined = _defined_in(hooks_file)
    for ref in hooks_of(plans):
        if (ref.module, ref.function) in allow:
            continue
        if own_module(ref, package):
            if defined is not None and ref.function in defined:
                continue
            lacks = (
                "does not exist" if defined is None else f"defines no `{ref.function}`"
            )
            message = f"hook `{ref}`: {package}/{OWN_MODULE}.py {lacks}"
            cause = f"write `def {ref.function}(...)` in {hooks_file}"
        else:
            message = f"hook `{ref}` is not allowed: a config may name only its package's own hooks"
            cause = (
                f"define it in {package}/{OWN_MODULE}.py and name it `{OWN_MODULE}:{ref.function}`,"
                f" or allow it with --allow-hook {ref.module}:{ref.function}"
            )
        errors.append(Diagnostic("error", message, ref.location, cause))
    return errors


def _defined_in(path: Path) -> set[str] | None:
    """Top-level names a hooks file defines (functions, classes, imports, assignments).

    None when there is no such file; an unreadable or unparsable one defines nothing.
    """
    if not path.is_file():
        return None
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names
