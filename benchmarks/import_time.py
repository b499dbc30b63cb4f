"""Import benchmark: what the generated GitHub client costs a program that uses one endpoint.

Each sample is a fresh interpreter that times (perf_counter, in-process) importing the package,
constructing `Client` and reaching one operation (`client.repos.get`), against a baseline of the
HTTP library alone (`import requests`). Bytecode caches are warmed first, so this is the cost a
user sees on every start, not the one-off compile. The budget: ≤ 50 ms above `import requests`.
With openapi-python-client installed (benchmarks/.venv-opc, see generate.py), its client for the
same spec is timed the same way: `import <package>.api.repos.reposget`, baseline `import httpx`.

Run: python benchmarks/import_time.py [--samples 15] [--skip-opc]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RESTWRIGHT_CORPUS", ROOT.parent / "shared" / "corpus"))
BENCHMARKS = Path(__file__).resolve().parent
BUDGET_MS = 50.0

TIMER = """\
import time
started = time.perf_counter()
{body}
print((time.perf_counter() - started) * 1000)
"""

OURS = """\
import github_client
client = github_client.Client()
operation = client.repos.get
assert callable(operation)"""


def _once(python: str, body: str, cwd: Path) -> float:
    result = subprocess.run(
        [python, "-c", TIMER.format(body=body)], cwd=cwd, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip()[-800:])
    return float(result.stdout.strip().splitlines()[-1])


def paired_ms(
    python: str, baseline: str, body: str, cwd: Path, samples: int
) -> tuple[float, float, float]:
    """Median ms of `baseline`, of `body`, and of their per-pair difference.

    The two run alternately in fresh interpreters (after one warm-up each, which writes the
    bytecode caches), so that load from other processes hits both sides alike.
    """
    _once(python, baseline, cwd), _once(python, body, cwd)
    pairs = [
        (_once(python, baseline, cwd), _once(python, body, cwd)) for _ in range(samples)
    ]
    return (
        statistics.median(b for b, _ in pairs),
        statistics.median(o for _, o in pairs),
        statistics.median(o - b for b, o in pairs),
    )


def generate_ours(spec: Path, outdir: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "restwright", "generate", str(spec), "-o", str(outdir),
         "--package", "github_client"],
        check=True, capture_output=True,
    )  # fmt: skip


def generate_theirs(python: Path, spec: Path, outdir: Path) -> Path | None:
    """openapi-python-client's client for `spec`; the directory holding its package, or None."""
    binary = python.parent / "openapi-python-client"
    result = subprocess.run(
        [str(binary), "generate", "--path", str(spec), "--output-path", str(outdir), "--overwrite"],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        return None
    return outdir


def their_package(outdir: Path) -> str | None:
    for child in sorted(outdir.iterdir()):
        if (child / "client.py").is_file() and (child / "api").is_dir():
            return child.name
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--spec", type=Path, default=CORPUS / "github-full-2026.json")
    parser.add_argument("--skip-opc", action="store_true")
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        print(f"spec not found: {args.spec}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="restwright-import-") as tmp:
        ours_dir = Path(tmp) / "ours"
        generate_ours(args.spec, ours_dir)
        python = sys.executable
        baseline, ours, extra = paired_ms(
            python, "import requests", OURS, ours_dir, args.samples
        )
        print(f"import requests (baseline):                      {baseline:7.1f} ms")
        print(f"restwright: import + Client() + client.repos.get: {ours:7.1f} ms "
              f"(+{extra:.1f} ms; budget +{BUDGET_MS:.0f} ms → {'ok' if extra <= BUDGET_MS else 'MISSED'})")  # fmt: skip
        opc_python = BENCHMARKS / ".venv-opc" / "bin" / "python"
        if not args.skip_opc:
            if not opc_python.exists():
                print(
                    "openapi-python-client: not installed (run benchmarks/generate.py once)"
                )
            else:
                opc_dir = generate_theirs(opc_python, args.spec, Path(tmp) / "opc")
                package = their_package(opc_dir) if opc_dir else None
                if package is None:
                    print("openapi-python-client: generation failed; no comparison")
                else:
                    assert opc_dir is not None
                    body = (
                        f"from {package}.api.repos import reposget\n"
                        f"from {package} import Client\n"
                        "client = Client(base_url='https://api.github.com')\n"
                        "assert callable(reposget.sync)"
                    )
                    their_base, theirs, _ = paired_ms(
                        str(opc_python), "import httpx", body, opc_dir, args.samples
                    )
                    print(
                        f"import httpx (their baseline):                   {their_base:7.1f} ms"
                    )
                    print(f"openapi-python-client: import + Client + reposget: {theirs:7.1f} ms "
                          f"(+{theirs - their_base:.1f} ms; {theirs / ours:.1f}x ours)")  # fmt: skip
    return 0 if extra <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
