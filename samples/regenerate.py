"""Regenerate every sample's committed client after an intended change: `python samples/regenerate.py`.

Each `samples/<name>/` holds one source (`spec.yaml` or `config.yaml`) and its generated client in
`samples/<name>/client/` (package `<name>_client`). Tests regenerate them and compare byte for byte,
so a review diff of `samples/` shows exactly what a change does to users' code.
With `--check`, nothing is written and the exit code says whether any sample is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
SOURCE_NAMES = ("spec.yaml", "spec.json", "config.yaml", "config.json", "config.toml")


def sample_sources() -> list[tuple[str, Path]]:
    """(name, source file) for every sample folder, sorted by name."""
    found = []
    for folder in sorted(
        p for p in SAMPLES.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ):
        for source_name in SOURCE_NAMES:
            if (folder / source_name).is_file():
                found.append((folder.name, folder / source_name))
                break
    return found


def generate_command(
    name: str, source: Path, outdir: Path, *, check: bool = False
) -> list[str]:
    """The CLI call that (re)generates one sample: the same command a user would type."""
    cmd = [
        sys.executable,
        "-m",
        "restwright",
        "generate",
        str(source),
        "-o",
        str(outdir),
        "--package",
        f"{name}_client",
    ]
    return cmd + (["--check"] if check else [])


def main(argv: list[str]) -> int:
    check = "--check" in argv
    status = 0
    for name, source in sample_sources():
        result = subprocess.run(
            generate_command(name, source, source.parent / "client", check=check)
        )
        status = status or result.returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
