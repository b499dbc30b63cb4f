"""The generated README's examples type-check: `mypy --strict` on each, against its package.

Users paste these snippets; an example that omits a required argument or passes `"..."` for an
`int` teaches the wrong call. Each snippet is checked on its own (after the README's first block,
which creates `client`), as a reader runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.support import RUNTIME_ROOT, generate

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.parent for p in (ROOT / "samples").glob("*/client/README.md"))
# Specs whose READMEs exercise required queries, int and enum path parameters, required bodies
# and several credentials (github: 1,223 operations; mypy takes a while, but it is the one that failed).
CORPUS_SPECS = [
    "specs/github.json",
    "specs/stripe.yaml",
    "specs/jira_platform.json",
    "specs/slack.json",
    "github-full-2026.json",
]
_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def readme_snippets(readme: str) -> list[str]:
    """Each example as a reader runs it: the first block (it creates `client`), then the example."""
    blocks = _PYTHON_BLOCK.findall(readme)
    assert blocks, "the README has no Python example"
    setup, examples = blocks[0], blocks[1:]
    return [setup] + [setup + "\n" + example for example in examples]


def check_examples(outdir: Path, workdir: Path) -> None:
    """Write every snippet of OUTDIR's README to WORKDIR and run `mypy --strict` on them at once."""
    readme = (outdir / "README.md").read_text(encoding="utf-8")
    workdir.mkdir(parents=True, exist_ok=True)
    files = []
    for index, snippet in enumerate(readme_snippets(readme)):
        path = workdir / f"readme_example_{index}.py"
        path.write_text(snippet, encoding="utf-8")
        files.append(str(path))
    env = {**os.environ, "MYPYPATH": f"{outdir}{os.pathsep}{RUNTIME_ROOT}"}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
        + ["--cache-dir", os.devnull, "--no-error-summary", *files],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_snippets_keep_setup_first() -> None:
    readme = "x\n```python\nclient = C()\n```\n\n```sh\nls\n```\n```python\nclient.a()\n```\n"
    assert readme_snippets(readme) == ["client = C()\n", "client = C()\n\nclient.a()\n"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.parent.name)
def test_sample_readme_examples_type_check(sample: Path, tmp_path: Path) -> None:
    check_examples(sample, tmp_path)


@pytest.mark.parametrize("name", CORPUS_SPECS)
def test_corpus_readme_examples_type_check(
    corpus: Path, name: str, tmp_path: Path
) -> None:
    outdir = tmp_path / "out"
    package = "readme_" + re.sub(r"\W", "_", Path(name).stem)
    generate(corpus / name, outdir, package)
    check_examples(outdir, tmp_path / "examples")
