"""Generation benchmark: restwright against openapi-python-client on the same big specs, same run.

For GitHub's full description and Stripe's spec, each generator runs in its own process; we take
restwright's best wall time of `--rounds` runs (openapi-python-client runs once: it takes 10-30 s)
and the peak resident memory (the child's, from `wait4`,
which includes anything it waited for, e.g. openapi-python-client's ruff pass). Then it prints
lines of generated Python per operation, openapi-python-client's own warnings (responses and
schemas it left out) and the ratios. `--typecheck` adds `mypy --strict` error counts for both
outputs (and black for ours): minutes, not seconds.

openapi-python-client lives in its own virtualenv (benchmarks/.venv-opc, created on first run with
`python -m venv` and pip); when it cannot be installed, the script says so and prints our numbers.

Run: python benchmarks/generate.py [--rounds 3] [--typecheck] [--skip-opc]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RESTWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
OPC_VENV = Path(__file__).resolve().parent / ".venv-opc"
OPC_PACKAGES = ["openapi-python-client"]
# What openapi-python-client's generated code imports, plus the type checker, for --typecheck.
OPC_TYPECHECK_PACKAGES = ["mypy", "python-dateutil", "types-python-dateutil"]
RUNTIME_ROOT = ROOT / "runtime"
TARGETS = {"github": (5.0, 250.0), "stripe": (3.0, None)}  # seconds, MB


@dataclass
class Run:
    """One generator on one spec: best time, peak memory, output size and what went wrong."""

    tool: str
    seconds: float | None = None
    peak_mb: float | None = None
    lines: int = 0
    files: int = 0
    failed: str | None = None
    notes: dict[str, int] = field(default_factory=dict)
    mypy_errors: int | None = None
    black_ok: bool | None = None


def timed(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> tuple[int, float, float]:
    """Run `command` (output to `log`); its exit status, wall seconds and peak RSS in MB."""
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, seconds, usage.ru_maxrss / 1024


def python_lines(root: Path) -> tuple[int, int]:
    """(lines, files) of the Python sources under `root`."""
    lines = files = 0
    for path in root.rglob("*.py"):
        files += 1
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
    return lines, files


def measure(
    tool: str, command: list[str], outdir: Path, rounds: int
) -> tuple[Run, str]:
    """Best-of-`rounds` time and the highest peak memory; returns the run and the last log text."""
    run = Run(tool)
    log = outdir.parent / f"{outdir.name}.log"
    text = ""
    for _ in range(rounds):
        shutil.rmtree(outdir, ignore_errors=True)
        code, seconds, peak = timed(command, log)
        text = log.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            last = [line for line in text.strip().splitlines() if line.strip()][-3:]
            run.failed = (
                f"exit {code} after {seconds:.1f}s, {peak:.0f} MB: " + " / ".join(last)
            )
            return run, text
        run.seconds = seconds if run.seconds is None else min(run.seconds, seconds)
        run.peak_mb = max(run.peak_mb or 0.0, peak)
    run.lines, run.files = python_lines(outdir)
    return run, text


# --------------------------------------------------------------------------- restwright


def ours(
    name: str, spec: Path, work: Path, rounds: int, typecheck: bool
) -> tuple[Run, int]:
    """Our generator through its CLI; returns the run and the operation count it reports."""
    package = f"{name}_client"
    outdir = work / f"ours_{name}"
    command = [sys.executable, "-m", "restwright", "generate", str(spec), "-o", str(outdir),
               "--package", package]  # fmt: skip
    run, text = measure("restwright", command, outdir, rounds)
    found = re.search(r"(\d+) operations", text)
    operations = int(found.group(1)) if found else 0
    run.notes["warnings"] = text.count("restwright: warning:")
    if typecheck and run.failed is None:
        env = {**os.environ, "MYPYPATH": f"{outdir}{os.pathsep}{RUNTIME_ROOT}"}
        run.mypy_errors = mypy_errors([sys.executable], ["-p", package], outdir, env)
        black = subprocess.run(
            [sys.executable, "-m", "black", "--check", "-q", str(outdir)]
        )
        run.black_ok = black.returncode == 0
    return run, operations


def mypy_errors(
    python: list[str], target: list[str], cwd: Path, env: dict[str, str] | None = None
) -> int:
    result = subprocess.run(
        [*python, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, *target],
        cwd=cwd, env=env, capture_output=True, text=True,
    )  # fmt: skip
    found = re.search(r"Found (\d+) errors?", result.stdout)
    if found:
        return int(found.group(1))
    if (
        result.returncode != 0
    ):  # mypy itself failed (a crash, a syntax error): not a clean result
        return -1
    return 0


# --------------------------------------------------------------------------- openapi-python-client


def opc_python() -> Path:
    return OPC_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"


def ensure_opc(extra: list[str]) -> str | None:
    """Install openapi-python-client (and `extra`) into its own venv; None, or why it failed."""
    python = opc_python()
    try:
        if not python.exists():
            print(f"creating {OPC_VENV} for openapi-python-client …", flush=True)
            venv.EnvBuilder(with_pip=True).create(OPC_VENV)
        wanted = OPC_PACKAGES + extra
        # `pip show` exits 0 when any one package is found: ask about each one.
        missing = [
            name
            for name in wanted
            if subprocess.run(
                [str(python), "-m", "pip", "show", "-q", name], capture_output=True
            ).returncode
            != 0
        ]
        if missing:
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", *missing],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        return detail.strip().splitlines()[-1] if detail.strip() else repr(exc)
    return None


def opc_version() -> str:
    result = subprocess.run(
        [str(opc_python()), "-m", "pip", "show", "openapi-python-client"],
        capture_output=True,
        text=True,
    )
    found = re.search(r"^Version: (.+)$", result.stdout, re.MULTILINE)
    return found.group(1) if found else "?"


def theirs(name: str, spec: Path, work: Path, rounds: int, typecheck: bool) -> Run:
    outdir = work / f"opc_{name}"
    binary = opc_python().parent / "openapi-python-client"
    command = [
        str(binary),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(outdir),
        "--overwrite",
    ]
    run, text = measure("openapi-python-client", command, outdir, rounds)
    run.notes["responses omitted"] = text.count("response will be omitted")
    run.notes["schemas not parsed"] = text.count(
        "Unable to parse this part of your OpenAPI document"
    )
    run.notes["duplicate models"] = text.count("Attempted to generate duplicate models")
    run.notes["operations with warnings"] = len(
        re.findall(r"^WARNING parsing", text, re.MULTILINE)
    )
    if typecheck and run.failed is None:
        packages = [p for p in outdir.iterdir() if (p / "__init__.py").is_file()]
        target = [arg for p in packages for arg in ("-p", p.name)]
        run.mypy_errors = mypy_errors([str(opc_python())], target, outdir)
    return run


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, unit: str) -> str:
    return (
        "-"
        if value is None
        else f"{value:.2f}{unit}" if unit == " s" else f"{value:.0f}{unit}"
    )


def _ratio(theirs_value: float | None, ours_value: float | None) -> str:
    if not theirs_value or not ours_value:
        return "-"
    return f"{theirs_value / ours_value:.1f}x"


def report(name: str, operations: int, runs: list[Run]) -> None:
    print(f"\n== {name}: {operations} operations")
    for run in runs:
        if run.failed:
            print(f"  {run.tool:<22} FAILED: {run.failed}")
            continue
        per_op = run.lines / operations if operations else 0.0
        line = (
            f"  {run.tool:<22} {_fmt(run.seconds, ' s'):>9} {_fmt(run.peak_mb, ' MB'):>8} "
            f"{run.lines:>8} lines in {run.files:>5} files ({per_op:.0f} lines/op)"
        )
        if run.mypy_errors is not None and run.mypy_errors < 0:
            line += ", mypy --strict: did not complete"
        elif run.mypy_errors is not None:
            line += f", mypy --strict: {run.mypy_errors} errors"
        if run.black_ok is not None:
            line += f", black: {'unchanged' if run.black_ok else 'WOULD REFORMAT'}"
        print(line)
        notes = ", ".join(f"{k}: {v}" for k, v in run.notes.items())
        if notes:
            print(f"  {'':<22} {notes}")
    if len(runs) == 2 and not runs[0].failed:
        ours_run, their_run = runs
        if their_run.failed:
            print("  ratio: openapi-python-client did not finish")
        else:
            print(
                f"  openapi-python-client / restwright: time {_ratio(their_run.seconds, ours_run.seconds)}, "
                f"memory {_ratio(their_run.peak_mb, ours_run.peak_mb)}, lines {_ratio(their_run.lines, ours_run.lines)}"
            )
    seconds_target, mb_target = TARGETS.get(name, (None, None))
    ours_run = runs[0]
    if seconds_target is not None and ours_run.seconds is not None:
        verdict = "ok" if ours_run.seconds <= seconds_target else "MISSED"
        print(f"  target: ≤ {seconds_target:.0f} s → {verdict}", end="")
        if mb_target is not None and ours_run.peak_mb is not None:
            print(
                f"; ≤ {mb_target:.0f} MB → {'ok' if ours_run.peak_mb <= mb_target else 'MISSED'}",
                end="",
            )
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per generator (best time kept)"
    )
    parser.add_argument(
        "--typecheck", action="store_true", help="mypy --strict both outputs (slow)"
    )
    parser.add_argument(
        "--skip-opc", action="store_true", help="measure restwright only"
    )
    parser.add_argument("--github", type=Path, default=CORPUS / "github-full-2026.json")
    parser.add_argument("--stripe", type=Path, default=CORPUS / "specs" / "stripe.yaml")
    args = parser.parse_args(argv)
    specs = [
        (n, p)
        for n, p in (("github", args.github), ("stripe", args.stripe))
        if p.is_file()
    ]
    if not specs:
        print(f"no specs found (looked in {CORPUS})", file=sys.stderr)
        return 2
    compare = not args.skip_opc
    if compare:
        problem = ensure_opc(OPC_TYPECHECK_PACKAGES if args.typecheck else [])
        if problem:
            print(
                f"openapi-python-client could not be installed ({problem}); restwright's numbers only"
            )
            compare = False
        else:
            print(f"openapi-python-client {opc_version()} (in {OPC_VENV})")
    missed = False
    with tempfile.TemporaryDirectory(prefix="restwright-bench-") as tmp:
        for name, spec in specs:
            ours_run, operations = ours(
                name, spec, Path(tmp), args.rounds, args.typecheck
            )
            runs = [ours_run]
            if compare:
                runs.append(theirs(name, spec, Path(tmp), 1, args.typecheck))
            report(name, operations, runs)
            seconds_target, mb_target = TARGETS.get(name, (None, None))
            missed = missed or ours_run.failed is not None
            if (
                seconds_target
                and ours_run.seconds
                and ours_run.seconds > seconds_target
            ):
                missed = True
            if mb_target and ours_run.peak_mb and ours_run.peak_mb > mb_target:
                missed = True
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
