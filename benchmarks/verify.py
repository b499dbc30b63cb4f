"""Generate a client for real specs and check it loses nothing: the corpus benchmark.

For each spec: it generates; every component schema of the spec is a definition in `models.py`
(a schema typed `Any` for a structural reason carries a warning naming it); no type refers to a
schema that was not generated; every operation is a method; the package imports with every
resource group loaded; and, when asked, `black --check` changes nothing and `mypy --strict` finds
no error. tests/generator/test_big_specs.py runs the same checks on a few small specs in CI.

Run: python benchmarks/verify.py [--typecheck] [--only NAME ...] [--github-full]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from restwright.diagnostics import Diagnostic  # noqa: E402
from restwright.model.ir import AnyType, ApiModel  # noqa: E402
from restwright.model.subset import Selection, dangling_references  # noqa: E402
from restwright.pipeline import analyse  # noqa: E402
from restwright.render import render_package_with_diagnostics  # noqa: E402
from restwright.render.schemas import schema_names  # noqa: E402
from restwright.write import write_output  # noqa: E402

CORPUS = Path(os.environ.get("RESTWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
RUNTIME_ROOT = ROOT / "runtime"
# A schema made only of these keys says nothing about its type: `Any` is precise for it.
_SILENT_KEYS = frozenset(
    {"description", "title", "example", "examples", "default", "deprecated", "readOnly",
     "writeOnly", "nullable", "x-nullable", "externalDocs", "xml", "format"}
)  # fmt: skip


@dataclass
class Report:
    """What one spec's generation produced and every way it fell short (`problems`)."""

    name: str
    operations: int = 0
    methods: int = 0
    component_schemas: int = 0
    models: int = 0
    lines: int = 0
    seconds: float = 0.0
    warnings: int = 0
    any_with_warning: list[str] = field(default_factory=list)
    black_ok: bool | None = None
    mypy_errors: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def top_level_names(source: str) -> set[str]:
    """Names a module defines at top level (classes, aliases, assignments)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def count_methods(files: dict[str, str], package: str) -> int:
    """Operation methods: every method of a resource class or the client, except plumbing and
    the raw-response views (`...WithRawResponse`, which repeat the single calls)."""
    count = 0
    for rel, text in files.items():
        if not rel.endswith(".py") or not rel.startswith(f"{package}/"):
            continue
        for node in ast.parse(text).body:
            if not isinstance(node, ast.ClassDef) or node.name.endswith(
                "WithRawResponse"
            ):
                continue
            for item in node.body:
                if not isinstance(item, ast.FunctionDef) or item.name.startswith("_"):
                    continue
                decorators = {ast.unparse(d) for d in item.decorator_list}
                if "cached_property" not in decorators:
                    count += 1
    return count


def _warned_at(pointer: str, warnings: list[Diagnostic]) -> bool:
    return any(
        w.location.pointer == pointer or w.location.pointer.startswith(pointer + "/")
        for w in warnings
    )


def check_schemas(
    model: ApiModel,
    components: dict[str, object],
    models_source: str,
    warnings: list[Diagnostic],
    report: Report,
) -> None:
    """Every component schema is defined; `Any` for a structural schema carries a warning."""
    names = schema_names(model)
    defined = top_level_names(models_source)
    for key, raw in components.items():
        schema = model.schemas.get(key)
        if schema is None:
            report.problems.append(f"schema {key!r} is not in the model")
            continue
        if names.get(key) not in defined:
            report.problems.append(f"schema {key!r} has no definition in models.py")
        if (
            isinstance(schema.alias, AnyType)
            and isinstance(raw, dict)
            and set(raw) - _SILENT_KEYS
        ):
            pointer = f"/components/schemas/{key.replace('~', '~0').replace('/', '~1')}"
            if _warned_at(pointer, warnings):
                report.any_with_warning.append(key)
            else:
                report.problems.append(f"schema {key!r} became Any without a warning")
    missing = set(model.schemas) - set(names)
    report.problems += [f"schema {k!r} has no Python name" for k in sorted(missing)]
    for where, key in dangling_references(model):
        report.problems.append(f"{where} refers to {key!r}, which is not generated")


def _python_env(outdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(outdir), str(RUNTIME_ROOT)]),
        "MYPYPATH": os.pathsep.join([str(outdir), str(RUNTIME_ROOT)]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def check_import(outdir: Path, package: str, report: Report) -> None:
    """The package imports, a Client builds, and every resource group loads."""
    code = (
        f"import {package}\n"
        f"c = {package}.Client('https://example.invalid')\n"
        "for a in dir(c):\n"
        "    a.startswith('_') or getattr(c, a)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=_python_env(outdir),
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        report.problems.append("import failed: " + run.stderr.strip()[-600:])


def check_black(outdir: Path, report: Report) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", str(outdir)],
        capture_output=True,
        text=True,
    )
    report.black_ok = run.returncode == 0
    if not report.black_ok:
        report.problems.append("black would reformat: " + run.stderr.strip()[-600:])


def mypy_error_count(output: str) -> int:
    """Errors counted from mypy's summary line (0 on `Success`)."""
    found = re.search(r"Found (\d+) errors?", output)
    return int(found.group(1)) if found else 0


def check_mypy(outdir: Path, package: str, report: Report) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "-p", package],
        env=_python_env(outdir), capture_output=True, text=True, cwd=outdir,
    )  # fmt: skip
    report.mypy_errors = mypy_error_count(run.stdout)
    if run.returncode != 0:
        tail = "\n".join(run.stdout.strip().splitlines()[-8:])
        report.problems.append(f"mypy --strict: {report.mypy_errors} errors\n{tail}")


def verify_spec(
    name: str,
    spec: Path,
    outdir: Path,
    *,
    typecheck: bool,
    selection: Selection | None = None,
) -> Report:
    """Generate `spec` into `outdir` (package `<name>_client`) and run every check."""
    report = Report(name)
    package = re.sub(r"\W", "_", name) + "_client"
    started = time.perf_counter()
    try:
        analysis = analyse(spec, selection=selection)
        files, render_warnings = render_package_with_diagnostics(
            analysis.model, analysis.inference, package
        )
        write_output(files, outdir, package, check=False)
    except Exception as exc:  # noqa: BLE001 - a report, not a crash, for one bad spec
        report.problems.append(f"generation failed: {type(exc).__name__}: {exc}"[:600])
        return report
    report.seconds = time.perf_counter() - started
    model = analysis.model
    warnings = [
        w for w in analysis.warnings + render_warnings if w.severity == "warning"
    ]
    report.warnings = len(warnings)
    report.operations = len(model.operations)
    report.methods = count_methods(files, package)
    report.models = len(model.schemas)
    report.lines = sum(t.count("\n") for r, t in files.items() if r.endswith(".py"))
    if report.methods != report.operations:
        report.problems.append(
            f"{report.operations} operations but {report.methods} methods"
        )
    components = _component_schemas(model, spec) if selection is None else {}
    report.component_schemas = len(components)
    check_schemas(model, components, files[f"{package}/models.py"], warnings, report)
    check_import(outdir, package, report)
    if typecheck:
        check_black(outdir, report)
        check_mypy(outdir, package, report)
    return report


def _component_schemas(model: ApiModel, spec: Path) -> dict[str, object]:
    """The spec's component schemas, as loaded (Swagger definitions included)."""
    from restwright.load import load_document

    document = load_document(spec).document
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return {str(k): v for k, v in schemas.items()} if isinstance(schemas, dict) else {}


def corpus_specs(github_full: bool) -> list[tuple[str, Path]]:
    specs = sorted(
        (p.stem, p)
        for p in (CORPUS / "specs").iterdir()
        if p.suffix in (".json", ".yaml", ".yml")
    )
    if github_full and (CORPUS / "github-full-2026.json").is_file():
        specs.append(("github_full", CORPUS / "github-full-2026.json"))
    return specs


def _row(r: Report) -> str:
    black = "-" if r.black_ok is None else ("ok" if r.black_ok else "FAIL")
    mypy = "-" if r.mypy_errors is None else str(r.mypy_errors)
    per_op = r.lines / r.operations if r.operations else 0.0
    return (
        f"{r.name:<24} {r.operations:>5} {r.component_schemas:>6} {r.models:>6} "
        f"{len(r.any_with_warning):>5} {r.lines:>7} {per_op:>6.1f} {r.seconds:>6.2f} "
        f"{black:>5} {mypy:>5}  {'ok' if r.ok else 'FAIL'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--typecheck", action="store_true", help="also black --check and mypy --strict"
    )
    parser.add_argument(
        "--only", nargs="*", default=[], help="spec names to run (default: all)"
    )
    parser.add_argument(
        "--github-full", action="store_true", help="also github-full-2026.json"
    )
    args = parser.parse_args(argv)
    specs = [
        (n, p)
        for n, p in corpus_specs(args.github_full)
        if not args.only or n in args.only
    ]
    if not specs:
        print(f"no specs found under {CORPUS}", file=sys.stderr)
        return 2
    print(f"{'spec':<24} {'ops':>5} {'schem':>6} {'models':>6} {'Any!':>5} {'lines':>7} "
          f"{'l/op':>6} {'gen s':>6} {'black':>5} {'mypy':>5}  result")  # fmt: skip
    reports = []
    with tempfile.TemporaryDirectory(prefix="restwright-verify-") as tmp:
        for name, spec in specs:
            report = verify_spec(name, spec, Path(tmp) / name, typecheck=args.typecheck)
            reports.append(report)
            print(_row(report), flush=True)
    failed = [r for r in reports if not r.ok]
    for r in failed:
        print(f"\n{r.name}:")
        for problem in r.problems[:20]:
            print(f"  - {problem}")
    print(f"\n{len(reports) - len(failed)}/{len(reports)} specs pass")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
