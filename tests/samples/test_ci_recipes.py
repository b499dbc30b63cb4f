"""The regenerate-in-CI recipes we give users work as written: pre-commit hooks and the regenerate command."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return next(h for h in hooks if h["id"] == hook_id)


def _run_hook(hook_id: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    entry = shlex.split(str(_hook(hook_id)["entry"]))
    assert entry[0] == "restwright"
    cmd = [sys.executable, "-m", "restwright", *entry[1:], *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)


def test_check_hook_passes_on_a_fresh_client_and_fails_with_a_diff_after_a_spec_change(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(ROOT / "samples" / "stripe_like" / "spec.yaml", spec)
    args = [str(spec), "-o", str(tmp_path / "client"), "--package", "pay_client"]
    assert _run_hook("restwright-generate", args).returncode == 0
    assert _run_hook("restwright-check", args).returncode == 0

    spec.write_text(
        spec.read_text().replace(
            "summary: List all charges", "summary: List every charge"
        )
    )
    before = sorted(p.read_bytes() for p in (tmp_path / "client").rglob("*.py"))
    result = _run_hook("restwright-check", args)
    assert result.returncode == 1
    assert "pay_client/resources/charges.py" in result.stdout
    assert (
        '+        """List every charge' in result.stdout
    )  # a unified diff of what would change
    assert (
        sorted(p.read_bytes() for p in (tmp_path / "client").rglob("*.py")) == before
    )  # --check wrote nothing


def test_regenerate_script_check_mode_reports_samples_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "samples/regenerate.py", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
