"""The `restwright` command line: the one place that turns diagnostics into messages and exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from restwright import __version__
from restwright.diagnostics import Diagnostic, RestwrightError
from restwright.infer.decision import OperationInference
from restwright.model.subset import Selection
from restwright.package_name import package_name_problem
from restwright.progress import terminal_progress
from restwright.text import neutralise, neutralise_json

EXIT_OK = 0
EXIT_DIFFERS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
MAX_WARNINGS = 50

DESCRIPTION = """\
Generate typed, self-paginating Python clients from OpenAPI 3.0/3.1 and Swagger 2.0
documents (JSON or YAML) or dlt rest_api configs (YAML, JSON or TOML), and show what
restwright infers about each operation."""

SOURCE_HELP = (
    "OpenAPI 3.x / Swagger 2.0 document (JSON or YAML), "
    "or a dlt rest_api config (YAML, JSON or TOML)"
)

GENERATE_HELP = """\
Writes a standalone project to OUTDIR: pyproject.toml, README.md and the package NAME
(client, resource groups by tag, TypedDict models). The generated code depends only on
restwright-runtime. Output is deterministic: the same input gives the same bytes.
Only OUTDIR/pyproject.toml, OUTDIR/README.md and OUTDIR/NAME/ are touched; files there
that restwright did not generate are left alone.

exit codes: 0 done (or up to date with --check), 1 --check found differences,
2 bad input (the message names the file and JSON pointer).

Bad input changes nothing: OUTDIR is written only after the whole client rendered, staged
in OUTDIR/.restwright-swap and swapped in by journaled renames (the package folder as a
whole); a run that was killed midway is finished by the next run (or --check) first.
$refs: local ('#/...') and relative files inside the spec's folder are followed; remote
URLs and paths leaving the folder are refused. A $ref whose file or target is missing
is an error for a parameter, request body, response, header or path item; for a schema
it is a warning and that type becomes Any; in examples, links, callbacks and
descriptions it is a warning and left out (so are remote refs there). --strict makes
every broken $ref an error."""

INSPECT_HELP = """\
Lists every operation with the paginator, data selector and auth restwright infers,
and the evidence for each decision."""

OVERRIDES_HELP = """\
YAML file pinning decisions per operation ("GET /pets" or an operationId), e.g.
{"GET /pets": {"paginator": {"type": "offset", "limit": 50}, "data_selector": "data"}}"""


SELECTION_HELP = """\
subset: generate only some operations, with only the models they need. Values may be
repeated or comma-separated; an operation is kept when it has an included tag (any of
its tags), has no excluded tag, and matches an included path (a glob such as
'/repos/*/issues*', or a path prefix such as '/gists')."""


def _add_source_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)


def _add_strict_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse every broken $ref (by default one in a schema is typed Any, and one "
        "in examples, links, callbacks or descriptions is left out, with a warning)",
    )


def _add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("subset", SELECTION_HELP)
    for flag, metavar, help_text in (
        ("--include-tags", "TAGS", "keep operations with one of these tags"),
        ("--exclude-tags", "TAGS", "drop operations with one of these tags"),
        ("--include-paths", "PATHS", "keep operations whose path matches one of these"),
    ):
        group.add_argument(
            flag, metavar=metavar, action="append", default=[], help=help_text
        )


def _split(values: list[str]) -> tuple[str, ...]:
    """Repeated and comma-separated flag values, in order, without blanks or repeats."""
    items = (item.strip() for value in values for item in value.split(","))
    return tuple(dict.fromkeys(item for item in items if item))


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        include_tags=_split(args.include_tags),
        exclude_tags=_split(args.exclude_tags),
        include_paths=_split(args.include_paths),
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="restwright",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"restwright {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    gen = commands.add_parser(
        "generate",
        help="generate a client project from an API description",
        description=GENERATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_source_argument(gen)
    gen.add_argument(
        "-o",
        "--outdir",
        metavar="OUTDIR",
        required=True,
        help="project directory to write",
    )
    gen.add_argument(
        "--package",
        metavar="NAME",
        required=True,
        help="import name of the generated package",
    )
    gen.add_argument("--overrides", metavar="FILE", help=OVERRIDES_HELP)
    _add_strict_argument(gen)
    gen.add_argument(
        "--allow-hook",
        action="append",
        default=[],
        metavar="MODULE:FUNCTION",
        help="let a dlt config's hooks (incremental.convert, response_actions) name this function;"
        " without it only functions of OUTDIR/NAME/hooks.py are allowed (repeatable)",
    )
    gen.add_argument(
        "--runtime-path",
        metavar="PATH",
        help="make the generated project depend on this restwright-runtime source folder"
        " (`restwright-runtime @ file:///abs/PATH`) instead of a version range from a package"
        " index: for machines whose index lacks the runtime",
    )
    gen.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ from what would be generated",
    )
    _add_selection_arguments(gen)

    ins = commands.add_parser(
        "inspect",
        help="show the inferred paginator, data selector and auth per operation",
        description=INSPECT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_source_argument(ins)
    ins.add_argument(
        "--format",
        choices=("table", "json", "rest-api"),
        default="table",
        help="table (default): one row per operation; json: an array of objects; rest-api: a dlt config",
    )
    ins.add_argument("--overrides", metavar="FILE", help=OVERRIDES_HELP)
    _add_strict_argument(ins)
    _add_selection_arguments(ins)
    return parser


def _printable(text: str) -> str:
    """Spec text quoted in a message stays one line and cannot drive the terminal (`\\x1b[`)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for d in diagnostics:
        label = "error" if d.severity == "error" else "warning"
        stream.write(f"restwright: {label}: {_printable(str(d))}\n")


def _warnings(warnings: Sequence[Diagnostic]) -> None:
    _print_diagnostics(warnings[:MAX_WARNINGS], sys.stderr)
    if len(warnings) > MAX_WARNINGS:
        sys.stderr.write(
            f"restwright: ... and {len(warnings) - MAX_WARNINGS} more warnings\n"
        )


def _generate(args: argparse.Namespace) -> int:
    from restwright.pipeline import generate
    from restwright.write import recover_interrupted_write

    problem = package_name_problem(args.package)
    if problem:
        sys.stderr.write(f"restwright: error: {problem}\n")
        return EXIT_ERROR
    # Before anything else: a killed run's swap is settled even if the spec is now broken.
    _warnings(recover_interrupted_write(args.outdir))
    progress = terminal_progress(sys.stderr)
    try:
        result = generate(
            args.source,
            args.outdir,
            args.package,
            overrides=args.overrides,
            allow_hooks=args.allow_hook,
            check=args.check,
            selection=_selection(args),
            progress=progress or (lambda stage: None),
            strict=args.strict,
            runtime_path=args.runtime_path,
        )
    finally:
        if progress is not None:
            progress.clear()
    _warnings(result.warnings)
    write = result.write
    summary = (
        f"{result.operations} operations ({result.paginated} paginated), {result.models} models, "
        f"{len(result.warnings)} warnings, {result.seconds:.2f}s"
    )
    if args.check:
        if write.up_to_date:
            print(f"up to date: {args.outdir} ({summary})")
            return EXIT_OK
        if Path(args.outdir).exists():
            print(f"out of date: {args.outdir} differs from what would be generated:")
        else:
            print(f"out of date: {args.outdir} does not exist; it would be created:")
        for rel in write.changed:
            label = "missing:" if rel in write.created else "changed:"
            print(f"  {label} {rel}")
        for rel in write.removed:
            print(f"  stale:   {rel}")
        if write.diff:
            print(write.diff, end="")
        missing = f", {len(write.created)} missing" if write.created else ""
        differ = len(write.changed) + len(write.removed)
        print(f"{differ} files differ{missing} ({summary})")
        return EXIT_DIFFERS
    print(
        f"generated {args.outdir} ({len(write.changed)} files written, {len(write.removed)} removed): {summary}"
    )
    if result.auto_paged or result.guessed:
        print(_review_line(result.auto_paged, result.guessed))
    return EXIT_OK


def _review_line(auto_paged: int, guessed: int) -> str:
    """One line for the operations inference was not sure how to page."""

    def operations(n: int) -> str:
        return f"{n} operation pages" if n == 1 else f"{n} operations page"

    parts = [f"{operations(auto_paged)} by auto-detection"] if auto_paged else []
    if guessed:
        parts.append(f"{guessed if parts else operations(guessed)} by a best guess")
    return f"{' and '.join(parts)}; see `restwright inspect`"


def _auth_text(inference: OperationInference) -> str:
    alternatives = [" + ".join(alt) for alt in inference.auth.alternatives if alt]
    return " | ".join(alternatives) or "none"


def _paginator_json(inference: OperationInference) -> dict[str, Any] | None:
    p = inference.paginator
    if p is None:
        return None
    return {"type": p.type, **p.params}


def _row_json(op: Any, inference: OperationInference) -> dict[str, Any]:
    selector = inference.data_selector
    row = {
        "method": op.method.upper(),
        "path": op.path,
        "operation_id": op.operation_id,
        "paginator": _paginator_json(inference),
        "data_selector": selector.path if selector else None,
        "auth": [list(alt) for alt in inference.auth.alternatives if alt],
        "evidence": {
            "paginator": (
                list(inference.paginator.evidence)
                if inference.paginator
                else list(inference.notes)
            ),
            "data_selector": list(selector.evidence) if selector else [],
            "auth": list(inference.auth.evidence),
        },
    }
    if inference.review:
        row["review"] = list(inference.review)
    return row


def _cell(text: str, width: int) -> str:
    text = neutralise(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: list[tuple[Any, OperationInference]]) -> str:
    header = ("METHOD", "PATH", "PAGINATOR", "DATA SELECTOR", "AUTH", "WHY")
    limits = (7, 50, 40, 30, 24, 80)
    cells: list[tuple[str, ...]] = [header]
    for op, inference in rows:
        p = inference.paginator
        if p is None:
            paginator = "-"
            why = "; ".join(("returns a single resource",) + inference.notes)
        else:
            params = ", ".join(f"{k}={v}" for k, v in p.params.items())
            paginator = f"{p.type}({params})" if params else p.type
            why = "; ".join(p.evidence) or "-"
        selector = inference.data_selector.path if inference.data_selector else None
        cells.append(
            (
                op.method.upper(),
                op.path,
                paginator,
                selector or "-",
                _auth_text(inference),
                why,
            )
        )
    cells = [tuple(_cell(c, w) for c, w in zip(row, limits)) for row in cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells
    ]
    flagged = [(op, i) for op, i in rows if i.review]
    if flagged:
        lines += ["", f"review ({len(flagged)} operations; pin them with --overrides):"]
        lines += [
            f"  {op.method.upper()} {op.path}: {' '.join(' '.join(i.review).split())}"
            for op, i in flagged
        ]
    return "\n".join(lines) + "\n"


def _inspect(args: argparse.Namespace) -> int:
    from restwright.pipeline import analyse

    analysis = analyse(
        args.source, args.overrides, selection=_selection(args), strict=args.strict
    )
    if args.format == "rest-api":
        from restwright.export import to_rest_api_yaml

        sys.stdout.write(to_rest_api_yaml(analysis))
        _warnings([w for w in analysis.warnings if w.severity == "warning"])
        return EXIT_OK
    rows = [
        (op, analysis.inference[op.key])
        for op in analysis.model.operations
        if op.key in analysis.inference
    ]
    if args.format == "json":
        text = json.dumps(
            [_row_json(op, i) for op, i in rows], indent=2, ensure_ascii=False
        )
        print(neutralise_json(text))
    else:
        sys.stdout.write(_table(rows))
        _warnings([w for w in analysis.warnings if w.severity == "warning"])
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args)
        return _inspect(args)
    except RestwrightError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(
            f"restwright: error: {_printable(f'{where}{exc.strerror or exc}')}\n"
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except (
        Exception
    ) as exc:  # noqa: BLE001 - the edge: never show users a traceback by default
        if os.environ.get("RESTWRIGHT_DEBUG"):
            raise
        message = textwrap.shorten(_printable(f"{type(exc).__name__}: {exc}"), 300)
        sys.stderr.write(
            f"restwright: internal error: {message} (set RESTWRIGHT_DEBUG=1 to see the traceback)\n"
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
