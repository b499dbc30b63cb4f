"""Hooks a dlt config names run only if the user wrote or allowed them (issue 11, item 1).

`incremental.convert: "os:system"` used to make the generated client import and call any
function. Now a config may name functions of the package's own `hooks.py` (`hooks:name`) or
those allowed with `--allow-hook module:function`; anything else stops generation with a located
error, and allowed hooks are plain imports in the generated code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.support import (
    forget_imports,
    generate,
    import_generated,
    run_cli,
    run_mypy,
    write_spec,
)
from tests.support.server import LocalServer, Reply, Request


@pytest.fixture(autouse=True)
def _clean_imports() -> Iterator[None]:
    yield from forget_imports("hooked_", "tweaks")


def config(convert: str | None = None, action: str | None = None) -> str:
    incremental = f"""
      incremental:
        cursor_path: updated
        initial_value: "2024-01-01"
        convert: "{convert or 'hooks:unused'}"
"""
    actions = f'\n      response_actions: ["{action}"]' if action else ""
    return f"""
client:
  base_url: https://api.example.com/
resources:
  - name: events
    endpoint:
      path: events
      paginator: single_page
      data_selector: items
      params:
        since: "{{incremental.start_value}}"{actions}{incremental}
"""


@pytest.mark.parametrize(
    ("kwargs", "pointer"),
    [
        ({"convert": "os:system"}, "/resources/0/endpoint/incremental/convert"),
        ({"action": "os:system"}, "/resources/0/endpoint/response_actions/0"),
        ({"action": "subprocess.run"}, "/resources/0/endpoint/response_actions/0"),
    ],
)
def test_a_hook_nobody_allowed_stops_generation(
    tmp_path: Path, kwargs: dict[str, str], pointer: str
) -> None:
    source = write_spec(tmp_path, config(**kwargs), "config.yaml")
    outdir = tmp_path / "out"
    (outdir / "hooked_a").mkdir(parents=True)
    (outdir / "hooked_a" / "hooks.py").write_text("def unused(value): return value\n")
    result = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", "hooked_a"
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"config.yaml#{pointer}" in result.stderr
    assert "is not allowed" in result.stderr and "--allow-hook" in result.stderr
    assert [p.name for p in outdir.rglob("*")] == ["hooked_a", "hooks.py"]


def test_the_packages_own_hooks_are_imported_by_name(
    server: LocalServer, tmp_path: Path
) -> None:
    outdir = tmp_path / "out"
    hooks = outdir / "hooked_b" / "hooks.py"
    source = write_spec(
        tmp_path, config("hooks:to_epoch_day", "hooks:mark"), "config.yaml"
    )
    missing = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", "hooked_b"
    )
    assert missing.returncode == 2
    assert "hooked_b/hooks.py does not exist" in missing.stderr
    hooks.parent.mkdir(parents=True)
    hooks.write_text(
        "from typing import Any\n\n"
        "import requests\n\n\n"
        "def to_epoch_day(value: Any) -> str:\n"
        "    return str(value).replace('-', '')\n"
    )
    lacking = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", "hooked_b"
    )
    assert lacking.returncode == 2
    assert "hooked_b/hooks.py defines no `mark`" in lacking.stderr
    assert "config.yaml#/resources/0/endpoint/response_actions/0" in lacking.stderr
    hooks.write_text(
        hooks.read_text()
        + "\n\ndef mark(response: requests.Response, *args: Any, **kwargs: Any) -> None:\n"
        "    response.headers['X-Marked'] = 'yes'\n"
        "    response._content = response.content.replace(b'1', b'2')\n"
    )
    generate(source, outdir, "hooked_b")
    user_file = hooks.read_text()

    code = "\n".join(p.read_text() for p in (outdir / "hooked_b").rglob("*.py"))
    assert "from hooked_b.hooks import to_epoch_day as hook_to_epoch_day" in code
    assert "from hooked_b.hooks import mark as hook_mark" in code
    assert "importlib" not in code and "import_module" not in code
    assert run_mypy(outdir, "hooked_b").returncode == 0

    seen: list[Request] = []

    def events(request: Request) -> Reply:
        seen.append(request)
        return Reply({"items": [{"n": 1}]})

    server.route("GET", "/events", events)
    client = import_generated(outdir, "hooked_b").Client(base_url=server.url)
    assert list(client.events(start_value="2024-05-06")) == [{"n": 2}]
    assert seen[-1].query["since"] == "20240506"

    # Regenerating never touches the user's hooks.py.
    generate(source, outdir, "hooked_b")
    assert hooks.read_text() == user_file


def test_an_allowed_module_hook_is_a_plain_import(
    server: LocalServer, tmp_path: Path
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "tweaks.py").write_text(
        "def upper(value):\n    return str(value).upper()\n"
    )
    source = write_spec(tmp_path, config("tweaks:upper"), "config.yaml")
    outdir = tmp_path / "out"
    refused = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", "hooked_c"
    )
    assert refused.returncode == 2 and "--allow-hook tweaks:upper" in refused.stderr
    generate(source, outdir, "hooked_c", "--allow-hook", "tweaks:upper")
    client_code = (outdir / "hooked_c" / "client.py").read_text()
    assert "from tweaks import upper as hook_upper" in client_code

    server.route("GET", "/events", lambda request: Reply({"items": []}))
    sys.path.insert(0, str(library))
    client = import_generated(outdir, "hooked_c").Client(base_url=server.url)
    assert list(client.events(start_value="abc")) == []
    assert server.requests[-1].query["since"] == "ABC"

    bad = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", "hooked_c",
        "--allow-hook", "tweaks; import os",
    )  # fmt: skip
    assert bad.returncode == 2
    assert (
        "--allow-hook 'tweaks; import os' is not a `module:function` name" in bad.stderr
    )
