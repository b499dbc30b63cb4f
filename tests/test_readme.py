"""The README's commands and snippets work as written (users copy them)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _restwright(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "restwright", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_first_command_generates_a_client_from_a_sample(tmp_path: Path) -> None:
    first = _blocks("bash")[0]
    generate = first.split("&&")[-1].strip()
    argv = shlex.split(generate)
    assert argv[0].endswith("restwright") and argv[1] == "generate"
    out_index = argv.index("-o") + 1
    argv[out_index] = str(tmp_path / "out")
    result = _restwright([*argv[1:2], str(ROOT / argv[2]), *argv[3:]], ROOT)
    assert result.returncode == 0, result.stderr
    package = argv[argv.index("--package") + 1]
    assert (tmp_path / "out" / package / "__init__.py").is_file()


def test_second_command_is_the_ci_test_command() -> None:
    second = _blocks("bash")[1].strip()
    assert second == ".venv/bin/python -m pytest -q"
    assert "-m pytest -q" in (ROOT / ".ci" / "run").read_text()


def test_overrides_example_applies(tmp_path: Path) -> None:
    overrides = next(
        b for b in _blocks("yaml") if "data_selector" in b and "paginator" in b
    )
    (tmp_path / "overrides.yaml").write_text(overrides)
    spec = ROOT / "samples" / "stripe_like" / "spec.yaml"
    result = _restwright(["inspect", str(spec), "--format", "json"], tmp_path)
    assert result.returncode == 0
    generate = next(b for b in _blocks("bash") if "--overrides" in b)
    argv = shlex.split(generate.strip())[1:]
    argv[1] = str(spec)
    result = _restwright(argv, tmp_path)
    assert result.returncode == 0, result.stderr
    charges = (
        tmp_path / "out" / "payments" / "payments_client" / "resources" / "charges.py"
    ).read_text()
    assert "SinglePagePaginator()" in charges


@pytest.mark.parametrize(
    "block", [b for b in _blocks("python") if "restwright_runtime" in b]
)
def test_runtime_snippets_compile(block: str) -> None:
    compile(block, "README.md", "exec")
