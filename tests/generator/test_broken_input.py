"""Broken input through the real CLI: exit 2, one short message naming the place, no traceback,
and OUTDIR (a previous client plus the user's own files) left exactly as it was.
Also the write side: writes stay inside OUTDIR/NAME, a failure writes nothing, `--check` never writes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import run_cli

PACKAGE = "zoo"
GOOD: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Zoo", "version": "1"},
    "paths": {
        "/animals": {
            "get": {
                "operationId": "listAnimals",
                "parameters": [{"$ref": "#/components/parameters/limit"}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Animal"},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "parameters": {
            "limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
        },
        "schemas": {
            "Animal": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"allOf": [{"$ref": "#/components/schemas/Tag"}]},
                },
            },
            "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
        },
    },
}

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(8)
)


def spec_with(path: tuple[str, ...], value: Any) -> str:
    spec = json.loads(json.dumps(GOOD))
    node = spec
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = value
    return json.dumps(spec)


RESPONSE_SCHEMA = ("paths", "/animals", "get", "responses", "200", "content")

# (file name, file content, text the message must contain)
BROKEN: dict[str, tuple[str, str | bytes, list[str]]] = {
    "invalid-yaml": (
        "spec.yaml",
        "openapi: 3.0.3\ninfo: [unclosed\n",
        ["spec.yaml", "invalid YAML", "line"],
    ),
    "invalid-json": (
        "spec.json",
        '{"openapi": "3.0.3", "info": ',
        ["spec.json", "invalid JSON"],
    ),
    "empty": ("spec.yaml", "", ["spec.yaml", "empty"]),
    "whitespace": ("spec.json", "  \n\n ", ["spec.json", "empty"]),
    "binary": (
        "spec.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ["spec.yaml", "binary"],
    ),
    "not-utf8": (
        "spec.yaml",
        b"openapi: 3.0.3\ninfo: \xff\xfe\xfa\n",
        ["spec.yaml", "UTF-8"],
    ),
    "alias-bomb": ("spec.yaml", ALIAS_BOMB, ["spec.yaml", "alias"]),
    "recursive-alias": ("spec.yaml", "a: &a [*a]\n", ["spec.yaml", "recursive"]),
    "deep-nesting": ("spec.json", "[" * 100_000 + "]" * 100_000, ["spec.json"]),
    "list-at-top": ("spec.yaml", "- openapi: 3.0.3\n", ["spec.yaml", "mapping"]),
    "scalar-at-top": ("spec.yaml", "just text\n", ["spec.yaml", "mapping"]),
    "neither-kind": (
        "spec.json",
        '{"hello": "world", "paths": {}}',
        ["spec.json", "neither"],
    ),
    "future-openapi": (
        "spec.json",
        spec_with(("openapi",), "4.0.0"),
        ["spec.json#/openapi"],
    ),
    "missing-parameter-ref": (
        "spec.json",
        spec_with(
            ("paths", "/animals", "get", "parameters"),
            [{"$ref": "#/components/parameters/gone"}],
        ),
        ["spec.json#/paths/~1animals/get/parameters/0/$ref", "gone"],
    ),
    "remote-ref": (
        "spec.json",
        spec_with(
            ("components", "schemas", "Tag"),
            {"$ref": "https://example.com/tag.json#/Tag"},
        ),
        ["spec.json#/components/schemas/Tag/$ref", "remote"],
    ),
    "ref-leaves-folder": (
        "spec.json",
        spec_with(("components", "schemas", "Tag"), {"$ref": "../outside.json#/Tag"}),
        ["spec.json#/components/schemas/Tag/$ref", "leaves the spec's folder"],
    ),
    "absolute-file-ref": (
        "spec.json",
        spec_with(("components", "schemas", "Tag"), {"$ref": "/etc/passwd#/x"}),
        ["spec.json#/components/schemas/Tag/$ref", "leaves the spec's folder"],
    ),
    "config-bad-placeholder": (
        "config.yaml",
        "client: {base_url: 'https://x.example/'}\nresources:\n  - {name: a, endpoint: {path: 'a/{nope}'}}\n",
        ["config.yaml#/resources/0", "placeholder"],
    ),
}


# Broken schema refs: the type becomes Any with a warning; `--strict` refuses them.
BROKEN_SCHEMA_REFS: dict[str, tuple[str, str | bytes, list[str]]] = {
    "missing-schema-ref": (
        "spec.json",
        spec_with(
            RESPONSE_SCHEMA,
            {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}},
        ),
        [
            "spec.json#/paths/~1animals/get/responses/200/content/application~1json/schema/$ref",
            "Gone",
        ],
    ),
    "missing-allof-member": (
        "spec.json",
        spec_with(
            ("components", "schemas", "Tag"),
            {"allOf": [{"$ref": "#/components/schemas/Gone"}]},
        ),
        ["spec.json#/components/schemas/Tag/allOf/0/$ref"],
    ),
    "missing-file-ref": (
        "spec.json",
        spec_with(("components", "schemas", "Tag"), {"$ref": "tags.json#/Tag"}),
        ["spec.json#/components/schemas/Tag/$ref", "does not exist"],
    ),
}


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under root with its bytes and modification time."""
    snap: dict[str, tuple[bytes, int]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        stat = path.lstat()
        snap[rel] = (
            path.read_bytes() if path.is_file() else b"<dir>",
            stat.st_mtime_ns,
        )
    return snap


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """OUTDIR holding a client generated from GOOD, with the user's own files beside and inside it."""
    spec = tmp_path / "good" / "good.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(GOOD), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", str(spec), "-o", str(out), "--package", PACKAGE)
    assert result.returncode == 0, result.stderr
    (out / "notes.md").write_text("the user's notes\n", encoding="utf-8")
    (out / PACKAGE / "extras.py").write_text("VALUE = 1\n", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return out


def _assert_clean_failure(result: Any, expected: list[str]) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("restwright: error: "), result.stderr
    assert len(lines[0]) < 600
    for text in expected:
        assert text in lines[0], (text, lines[0])


def _source(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """The spec file, alone in its own folder beside OUTDIR."""
    folder = tmp_path / "spec"
    folder.mkdir()
    source = folder / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    return source


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_fails_cleanly_and_leaves_outdir_alone(
    tmp_path: Path, outdir: Path, case: str
) -> None:
    name, content, expected = BROKEN[case]
    (tmp_path / "outside.json").write_text('{"Tag": {"type": "string"}}')
    source = _source(tmp_path, name, content)
    before = _snapshot(tmp_path)
    result = run_cli("generate", str(source), "-o", str(outdir), "--package", PACKAGE)
    _assert_clean_failure(result, expected)
    assert (
        _snapshot(tmp_path) == before
    )  # OUTDIR, the user's files and the spec folder: untouched
    inspect = run_cli("inspect", str(source))
    _assert_clean_failure(inspect, expected)


@pytest.mark.parametrize("case", sorted(BROKEN_SCHEMA_REFS))
def test_broken_schema_refs_warn_and_strict_refuses_them(
    tmp_path: Path, outdir: Path, case: str
) -> None:
    name, content, expected = BROKEN_SCHEMA_REFS[case]
    source = _source(tmp_path, name, content)
    before = _snapshot(tmp_path)
    result = run_cli(
        "generate", str(source), "-o", str(outdir), "--package", PACKAGE, "--strict"
    )
    _assert_clean_failure(result, expected)
    assert _snapshot(tmp_path) == before
    _assert_clean_failure(run_cli("inspect", str(source), "--strict"), expected)
    result = run_cli("generate", str(source), "-o", str(outdir), "--package", PACKAGE)
    assert result.returncode == 0, result.stderr
    (warning,) = [ln for ln in result.stderr.splitlines() if expected[0] in ln]
    assert warning.startswith("restwright: warning: ") and "typed as Any" in warning


def test_fresh_outdir_is_not_created_on_failure(tmp_path: Path) -> None:
    source = tmp_path / "spec.json"
    source.write_text(
        spec_with(("paths", "/animals", "get", "parameters"), [{"$ref": "#/nowhere"}])
    )
    out = tmp_path / "new" / "out"
    result = run_cli("generate", str(source), "-o", str(out), "--package", PACKAGE)
    _assert_clean_failure(result, ["#/paths/~1animals/get/parameters/0/$ref"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.json"]


def test_missing_schema_of_a_property_is_a_warning_typed_any(tmp_path: Path) -> None:
    """The one dangling ref that only loses a field's type: it generates, with a warning."""
    animal = json.loads(json.dumps(GOOD["components"]["schemas"]["Animal"]))
    animal["properties"]["extra"] = {"$ref": "#/components/schemas/Gone"}
    animal["properties"]["more"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/AlsoGone"},
    }
    source = tmp_path / "spec.json"
    source.write_text(spec_with(("components", "schemas", "Animal"), animal))
    out = tmp_path / "out"
    result = run_cli("generate", str(source), "-o", str(out), "--package", PACKAGE)
    assert result.returncode == 0, result.stderr
    warnings = [w for w in result.stderr.splitlines() if "Gone" in w]
    assert len(warnings) == 2 and all("typed as Any" in w for w in warnings)
    assert (
        "#/components/schemas/Animal/properties/extra/$ref" in warnings[0] + warnings[1]
    )
    models = (out / PACKAGE / "models.py").read_text()
    assert '"extra": NotRequired[Any]' in models or "extra: NotRequired[Any]" in models


def test_message_quoting_spec_text_stays_one_line(tmp_path: Path) -> None:
    """A hostile name quoted in a message cannot break lines or drive the terminal."""
    hostile = "evil\x1b[2J\r\nrestwright: fake line\u2028"
    source = tmp_path / "config.json"
    source.write_text(
        json.dumps(
            {
                "client": {"base_url": "https://x.example/"},
                "resources": [{"name": hostile, "endpoint": {"path": "a/{nope}"}}],
            }
        )
    )
    result = run_cli("inspect", str(source))
    _assert_clean_failure(result, ["\\x1b[2J\\r\\nrestwright: fake line\\u2028"])
    assert "\x1b" not in result.stderr


def test_source_that_is_a_folder(tmp_path: Path, outdir: Path) -> None:
    before = _snapshot(outdir)
    result = run_cli("generate", str(tmp_path), "-o", str(outdir), "--package", PACKAGE)
    _assert_clean_failure(result, [str(tmp_path)])
    assert _snapshot(outdir) == before


def _good_spec(tmp_path: Path, variant: str = "") -> Path:
    spec = json.loads(json.dumps(GOOD))
    if variant:
        spec["components"]["schemas"]["Tag"]["properties"][variant] = {
            "type": "integer"
        }
    source = tmp_path / f"spec{variant}.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    return source


def test_check_never_writes(tmp_path: Path, outdir: Path) -> None:
    changed = _good_spec(tmp_path, "weight")
    (outdir / PACKAGE / "client.py").unlink()
    stale = outdir / PACKAGE / "resources" / "old.py"
    stale.write_text("# Generated by restwright: do not edit.\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    result = run_cli(
        "generate", str(changed), "-o", str(outdir), "--package", PACKAGE, "--check"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "zoo/models.py" in result.stdout and "zoo/client.py" in result.stdout
    assert "zoo/resources/old.py" in result.stdout
    assert _snapshot(tmp_path) == before
    fresh = tmp_path / "never"
    result = run_cli(
        "generate", str(changed), "-o", str(fresh), "--package", PACKAGE, "--check"
    )
    assert result.returncode == 1 and not fresh.exists()


def test_writes_never_follow_a_link_out_of_the_package(
    tmp_path: Path, outdir: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("precious\n", encoding="utf-8")
    source = _good_spec(tmp_path, "x")
    resources = outdir / PACKAGE / "resources"
    for path in sorted(resources.iterdir()):
        path.unlink()
    resources.rmdir()
    resources.symlink_to(elsewhere, target_is_directory=True)
    before = _snapshot(tmp_path)
    result = run_cli("generate", str(source), "-o", str(outdir), "--package", PACKAGE)
    _assert_clean_failure(result, ["resources", "link"])
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


def test_a_file_where_a_folder_goes_fails_before_writing(
    tmp_path: Path, outdir: Path
) -> None:
    """`zoo/resources` turned into a user file: nothing is replaced, not even earlier files."""
    resources = outdir / PACKAGE / "resources"
    for path in sorted(resources.iterdir()):
        path.unlink()
    resources.rmdir()
    resources.write_text("mine\n", encoding="utf-8")
    source = _good_spec(tmp_path, "y")
    before = _snapshot(outdir)
    result = run_cli("generate", str(source), "-o", str(outdir), "--package", PACKAGE)
    _assert_clean_failure(result, ["resources"])
    assert _snapshot(outdir) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restwright-")]


def test_user_file_at_a_generated_path_is_never_overwritten(
    tmp_path: Path, outdir: Path
) -> None:
    client = outdir / PACKAGE / "client.py"
    client.write_text("# my own client\n", encoding="utf-8")
    before = _snapshot(outdir)
    result = run_cli(
        "generate",
        str(_good_spec(tmp_path, "z")),
        "-o",
        str(outdir),
        "--package",
        PACKAGE,
    )
    _assert_clean_failure(result, ["client.py", "did not generate"])
    assert _snapshot(outdir) == before


def test_outdir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file\n", encoding="utf-8")
    result = run_cli(
        "generate", str(_good_spec(tmp_path)), "-o", str(target), "--package", PACKAGE
    )
    _assert_clean_failure(result, ["out", "not a directory"])
    assert target.read_text() == "a file\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_regeneration_keeps_the_users_files(tmp_path: Path, outdir: Path) -> None:
    before = _snapshot(outdir)
    result = run_cli(
        "generate",
        str(_good_spec(tmp_path, "w")),
        "-o",
        str(outdir),
        "--package",
        PACKAGE,
    )
    assert result.returncode == 0, result.stderr
    after = _snapshot(outdir)
    for rel in ("notes.md", f"{PACKAGE}/extras.py", ".git/HEAD"):
        assert after[rel] == before[rel]
    assert after[f"{PACKAGE}/models.py"] != before[f"{PACKAGE}/models.py"]


def test_help_states_the_ref_rule() -> None:
    result = run_cli("generate", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "for a schema it is a warning and that type becomes Any" in text
    assert "--strict makes every broken $ref an error" in text
    assert "remote URLs and paths leaving the folder are refused" in text
