"""The generated project's runtime dependency: a range from the runtime's version, or `--runtime-path`."""

from __future__ import annotations

from pathlib import Path

import pytest
import restwright_runtime

from restwright.render.runtime_dependency import RUNTIME_REQUIREMENT, compatible_range
from tests.e2e.support import RUNTIME_ROOT, generate, run_cli

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "samples" / "stripe_like" / "spec.yaml"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.2.0", ">=0.2,<0.3"),
        ("0.2.17rc1", ">=0.2,<0.3"),
        ("0.10.3", ">=0.10,<0.11"),
        ("1.4.2", ">=1.4,<2"),
        ("2.0", ">=2.0,<3"),
    ],
)
def test_compatible_range(version: str, expected: str) -> None:
    assert compatible_range(version) == expected


def test_requirement_follows_the_runtime_version() -> None:
    expected = compatible_range(restwright_runtime.__version__)
    assert RUNTIME_REQUIREMENT == "restwright-runtime" + expected
    # The runtime's pyproject takes its version from __version__: one place to bump.
    pyproject = (RUNTIME_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'attr = "restwright_runtime.__version__"' in pyproject


def _fake_runtime(folder: Path, pyproject: str, init: str | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    if init is not None:
        (folder / "restwright_runtime").mkdir()
        (folder / "restwright_runtime" / "__init__.py").write_text(init)
    return folder


BAD_FOLDERS = {
    "missing": (lambda tmp: tmp / "nowhere", "nowhere: --runtime-path: no such folder"),
    "no pyproject": (
        lambda tmp: _make_dir(tmp / "empty"),
        "empty: --runtime-path: the folder has no pyproject.toml",
    ),
    "another project": (
        lambda tmp: _fake_runtime(
            tmp / "other", '[project]\nname = "restwright"\nversion = "0.2.0"\n'
        ),
        "other/pyproject.toml#/project/name: --runtime-path: this pyproject.toml is 'restwright''s",
    ),
    "unreadable pyproject": (
        lambda tmp: _fake_runtime(tmp / "broken", "[project\n"),
        "broken/pyproject.toml: --runtime-path: cannot read pyproject.toml",
    ),
    "incompatible version": (
        lambda tmp: _fake_runtime(
            tmp / "old", '[project]\nname = "restwright-runtime"\nversion = "0.1.4"\n'
        ),
        "old/pyproject.toml#/project/version: --runtime-path: this runtime is version 0.1.4,"
        " but generated code needs restwright-runtime>=0.2,<0.3",
    ),
    "incompatible __version__": (
        lambda tmp: _fake_runtime(
            tmp / "new",
            '[project]\nname = "restwright-runtime"\ndynamic = ["version"]\n',
            '"""Runtime."""\n__version__ = "1.0.0"\n',
        ),
        "new/restwright_runtime/__init__.py: --runtime-path: this runtime is version 1.0.0",
    ),
    "no version": (
        lambda tmp: _fake_runtime(
            tmp / "bare", '[project]\nname = "restwright-runtime"\n', "x = 1\n"
        ),
        "bare/restwright_runtime/__init__.py: --runtime-path: the runtime states no `__version__`",
    ),
}


def _make_dir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("case", sorted(BAD_FOLDERS))
def test_bad_runtime_path_is_a_located_error(case: str, tmp_path: Path) -> None:
    make, message = BAD_FOLDERS[case]
    make(tmp_path)
    folder = message.split("/")[0].split(":")[0]
    outdir = tmp_path / "out"
    result = run_cli(
        "generate", str(SPEC), "-o", str(outdir), "--package", "rp_bad",
        "--runtime-path", folder,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"restwright: error: {message}"), result.stderr
    assert "Traceback" not in result.stderr
    assert not outdir.exists()


def test_runtime_path_output_is_deterministic(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    generate(SPEC, outdir, "rp_client", "--runtime-path", str(RUNTIME_ROOT))
    pyproject = (outdir / "pyproject.toml").read_text(encoding="utf-8")
    uri = RUNTIME_ROOT.resolve().as_uri()
    assert f'"restwright-runtime @ {uri}"' in pyproject
    assert f"`{uri}`" in (outdir / "README.md").read_text(encoding="utf-8")
    # The same folder, however spelled, gives the same bytes; the range is another project.
    relative = Path("..") / RUNTIME_ROOT.name
    check = run_cli(
        "generate", str(SPEC), "-o", str(outdir), "--package", "rp_client",
        "--runtime-path", f"{relative}/", "--check",
        cwd=RUNTIME_ROOT.parent / "tests",
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    ranged = run_cli(
        "generate", str(SPEC), "-o", str(outdir), "--package", "rp_client", "--check"
    )
    assert ranged.returncode == 1
    assert "changed: pyproject.toml" in ranged.stdout


def test_readme_says_how_to_install_the_runtime(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    generate(SPEC, outdir, "rp_ranged")
    readme = (outdir / "README.md").read_text(encoding="utf-8")
    assert (
        f"`pip install .` takes `{RUNTIME_REQUIREMENT}` from your package index"
        in readme
    )
    assert "pip install path/to/restwright/runtime" in readme
    assert "--runtime-path path/to/restwright/runtime" in readme
