"""Nothing lost, everything typed: real specs, subsets of them, and progress on a terminal.

benchmarks/verify.py runs the same checks over the whole corpus (and GitHub's full description);
here a few small real specs keep them honest on every CI run.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.verify import Report, verify_spec
from restwright.diagnostics import Location, RestwrightError
from restwright.infer import infer_api
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import (
    AnyType,
    ApiModel,
    Field,
    ListType,
    MapType,
    NamedType,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    Response,
    SchemaDef,
    SecurityScheme,
    UnionType,
)
from restwright.model.subset import (
    Selection,
    dangling_references,
    path_matches,
    schema_closure,
    subset_model,
)
from restwright.pipeline import analyse
from tests.e2e.support import PYTHON, run_cli, write_spec

HERE = Location("spec.yaml")
SMALL_SPECS = [
    "petstore3",
    "hubspot_crm_contacts",
    "notion",
    "gitlab_subset",
    "azure_keyvault",
    "twilio_messaging_v1",
]


def _spec(corpus: Path, name: str) -> Path:
    found = sorted((corpus / "specs").glob(f"{name}.*"))
    if not found:
        pytest.skip(f"{name} not in the corpus")
    return found[0]


def _assert_clean(report: Report) -> None:
    assert report.ok, "\n".join(report.problems[:20])
    assert report.operations > 0 and report.methods == report.operations
    assert report.black_ok is True and report.mypy_errors == 0


# --------------------------------------------------------------------------- real specs


@pytest.mark.corpus
@pytest.mark.parametrize("name", SMALL_SPECS)
def test_small_real_spec_loses_nothing_and_is_strictly_typed(
    corpus: Path, tmp_path: Path, name: str
) -> None:
    """Every schema a definition, every operation a method; imports, black-stable, mypy-clean."""
    report = verify_spec(name, _spec(corpus, name), tmp_path, typecheck=True)
    _assert_clean(report)
    assert report.models >= report.component_schemas


@pytest.mark.corpus
def test_subset_of_github_keeps_only_what_the_tag_needs(
    corpus: Path, tmp_path: Path
) -> None:
    spec = _spec(corpus, "github")
    full = analyse(spec)
    selection = Selection(include_tags=("gists",), exclude_tags=("users",))
    part = analyse(spec, selection=selection)

    assert part.model.operations
    assert all(
        "gists" in op.tags and "users" not in op.tags for op in part.model.operations
    )
    expected_ops = [
        op.key
        for op in full.model.operations
        if "gists" in op.tags and "users" not in op.tags
    ]
    assert [op.key for op in part.model.operations] == expected_ops
    # The schemas are exactly the closure of the kept operations: none missing, none extra.
    roots = [
        t
        for op in part.model.operations
        for t in [p.type for p in op.parameters]
        + [r.type for r in op.responses if r.type is not None]
        + ([op.request_body.type] if op.request_body else [])
    ]
    assert set(part.model.schemas) == schema_closure(full.model, roots)
    assert "gist-simple" in part.model.schemas
    assert "repository" not in part.model.schemas
    assert len(part.model.schemas) < len(full.model.schemas) // 5
    assert dangling_references(part.model) == []
    # Inference saw the whole API: kept operations get the same decisions as in the full client.
    assert part.inference == {k: full.inference[k] for k in expected_ops}

    report = verify_spec(
        "github_gists", spec, tmp_path, typecheck=True, selection=selection
    )
    _assert_clean(report)


# --------------------------------------------------------------------------- subset unit


def _op(method: str, path: str, tags: tuple[str, ...], **kw: object) -> Operation:
    return Operation(method, path, None, HERE, tags=tags, **kw)  # type: ignore[arg-type]


def _model() -> ApiModel:
    schemas = {
        "Pet": SchemaDef(
            "Pet",
            HERE,
            fields=(
                Field("owner", NamedType("Owner"), True),
                Field(
                    "tags",
                    ListType(UnionType((NamedType("Tag"), Primitive("None")))),
                    False,
                ),
            ),
        ),
        "Owner": SchemaDef(
            "Owner", HERE, fields=(), extra=MapType(NamedType("Address"))
        ),
        "Address": SchemaDef(
            "Address", HERE, fields=(Field("line", Primitive("str"), True),)
        ),
        "Tag": SchemaDef("Tag", HERE, alias=Primitive("str")),
        "PetList": SchemaDef("PetList", HERE, alias=ListType(NamedType("Pet"))),
        "Filter": SchemaDef("Filter", HERE, alias=AnyType()),
        "Invoice": SchemaDef(
            "Invoice", HERE, fields=(Field("id", Primitive("int"), True),)
        ),
        "Error": SchemaDef(
            "Error", HERE, fields=(Field("message", Primitive("str"), True),)
        ),
    }
    ok = lambda t: (Response("200", HERE, "application/json", t),)  # noqa: E731
    operations = [
        _op("get", "/pets", ("pets",), responses=ok(NamedType("PetList")),
            parameters=(Parameter("filter", "query", False, NamedType("Filter"), HERE),),
            security=(("key",),)),
        _op("post", "/pets/{id}/photos", ("pets", "media"),
            request_body=RequestBody("application/json", NamedType("Tag"), True, HERE)),
        _op("get", "/invoices", ("billing",), responses=ok(NamedType("Invoice")),
            security=(("basic",),)),
        _op("get", "/health", (), responses=ok(NamedType("Error"))),
    ]  # fmt: skip
    return ApiModel(
        "Zoo",
        "1",
        "openapi-3.0",
        "spec.yaml",
        operations=operations,
        schemas=schemas,
        security_schemes={
            "key": SecurityScheme("key", "api_key", HERE, api_key_name="X-Key", api_key_in="header"),
            "basic": SecurityScheme("basic", "basic", HERE),
        },
    )  # fmt: skip


def test_closure_follows_fields_lists_unions_aliases_and_additional_properties() -> (
    None
):
    model = _model()
    assert schema_closure(model, [NamedType("PetList")]) == {
        "PetList",
        "Pet",
        "Owner",
        "Address",
        "Tag",
    }
    assert schema_closure(model, [NamedType("Missing"), Primitive("int")]) == set()


def test_subset_by_tag_keeps_needed_schemas_and_security_only() -> None:
    part = subset_model(_model(), Selection(include_tags=("pets",)))
    assert [op.key for op in part.operations] == ["GET /pets", "POST /pets/{id}/photos"]
    assert set(part.schemas) == {"PetList", "Pet", "Owner", "Address", "Tag", "Filter"}
    assert set(part.security_schemes) == {"key"}
    assert dangling_references(part) == []


def test_exclusion_wins_and_untagged_operations_need_no_tag_filter() -> None:
    model = _model()
    part = subset_model(model, Selection(exclude_tags=("media", "billing")))
    assert [op.key for op in part.operations] == ["GET /pets", "GET /health"]
    assert "Invoice" not in part.schemas and "Error" in part.schemas
    both = subset_model(
        model, Selection(include_tags=("pets",), exclude_tags=("media",))
    )
    assert [op.key for op in both.operations] == ["GET /pets"]


def test_paths_select_by_glob_exact_path_or_segment_prefix() -> None:
    assert path_matches("/pets/{id}/photos", "/pets")
    assert path_matches("/pets", "/pets/")
    assert not path_matches("/petstore", "/pets")
    assert path_matches("/repos/{owner}/{repo}/issues", "/repos/*/issues")
    part = subset_model(
        _model(), Selection(include_paths=("/pets/*/photos", "/health"))
    )
    assert [op.key for op in part.operations] == [
        "POST /pets/{id}/photos",
        "GET /health",
    ]
    assert set(part.schemas) == {"Tag", "Error"}


def test_everything_selected_returns_the_model_unchanged() -> None:
    model = _model()
    assert subset_model(model, Selection()) is model


def test_unknown_tag_or_empty_selection_is_an_error_naming_the_tags() -> None:
    with pytest.raises(RestwrightError) as unknown:
        subset_model(_model(), Selection(include_tags=("pet",)))
    assert "'pet'" in str(unknown.value) and "'pets'" in str(unknown.value)
    assert unknown.value.diagnostics[0].location.pointer == "/paths"
    with pytest.raises(RestwrightError, match="keeps no operation"):
        subset_model(_model(), Selection(include_paths=("/nowhere",)))


def test_subset_drops_warnings_about_schemas_and_paths_not_generated() -> None:
    from restwright.diagnostics import Diagnostic

    model = _model()
    model.diagnostics = [
        Diagnostic("warning", "odd", Location("spec.yaml", "/components/schemas/Invoice/x")),
        Diagnostic("warning", "odd", Location("spec.yaml", "/components/schemas/Pet")),
        Diagnostic("warning", "odd", Location("spec.yaml", "/paths/~1invoices/get")),
        Diagnostic("warning", "odd", Location("spec.yaml", "")),
    ]  # fmt: skip
    part = subset_model(model, Selection(include_tags=("pets",)))
    assert [d.location.pointer for d in part.diagnostics] == [
        "/components/schemas/Pet",
        "",
    ]


# --------------------------------------------------------------------------- CLI

SPEC = """\
openapi: 3.0.3
info: {title: Zoo, version: "1"}
servers: [{url: "https://zoo.example"}]
paths:
  /animals:
    get:
      operationId: listAnimals
      tags: [animals]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Animal"}}
  /keepers:
    get:
      operationId: listKeepers
      tags: [staff]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Keeper"}}
components:
  schemas:
    Animal:
      type: object
      properties: {name: {type: string}}
    Keeper:
      type: object
      properties: {name: {type: string}}
"""


def test_cli_generates_a_subset_and_rejects_an_unknown_tag(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    out = tmp_path / "out"
    result = run_cli("generate", str(spec), "-o", str(out), "--package", "zoo",
                     "--include-tags", "animals")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 operations" in result.stdout
    models = (out / "zoo" / "models.py").read_text()
    assert "class Animal(TypedDict)" in models and "Keeper" not in models
    assert sorted(p.name for p in (out / "zoo" / "resources").glob("*.py")) == [
        "__init__.py",
        "animals.py",
    ]
    shown = run_cli(
        "inspect", str(spec), "--format", "json", "--exclude-tags", "animals"
    )
    assert '"/keepers"' in shown.stdout and '"/animals"' not in shown.stdout

    bad = run_cli("generate", str(spec), "-o", str(tmp_path / "bad"), "--package", "zoo",
                  "--include-tags", "animal,staff")  # fmt: skip
    assert bad.returncode == 2
    assert "no operation is tagged 'animal'" in bad.stderr
    assert "'animals'" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "bad").exists()


# --------------------------------------------------------------------------- progress


def _run_on_terminal(args: list[str], timeout: float = 60.0) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a real pseudo-terminal; (exit code, all output)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [PYTHON, "-m", "restwright.cli", *args],
        stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_shows_on_a_terminal_and_is_erased(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    code, output = _run_on_terminal(
        ["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "zoo"]
    )
    assert code == 0, output
    for stage in ("loading", "modelling", "inferring", "rendering", "writing"):
        assert f"restwright: {stage}…" in output
    # The status line is cleared before the summary, which starts on a clean line.
    assert "\r\x1b[Kgenerated " in output


def test_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC)
    result = run_cli(
        "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "zoo"
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert "\r" not in result.stdout and "…" not in result.stdout
    assert result.stdout.startswith("generated ")


def test_library_callers_get_stage_callbacks_in_order(tmp_path: Path) -> None:
    from restwright.pipeline import generate

    spec = write_spec(tmp_path, SPEC)
    stages: list[str] = []
    generate(spec, tmp_path / "out", "zoo", progress=stages.append)
    assert stages == ["loading", "modelling", "inferring", "rendering", "writing"]
    stages.clear()
    generate(spec, tmp_path / "out", "zoo", check=True, progress=stages.append)
    assert stages[-1] == "comparing"


def test_subset_inference_uses_the_whole_api(tmp_path: Path) -> None:
    """Subsetting happens after inference, so decisions never depend on what was left out."""
    spec = write_spec(tmp_path, SPEC)
    model = build_model(load_document(spec))
    full = infer_api(model)
    part = analyse(spec, selection=Selection(include_paths=("/keepers",)))
    assert part.inference == {"GET /keepers": full["GET /keepers"]}


def test_generate_scaling_benchmark_runs() -> None:
    """The scaling benchmark at toy sizes: its synthetic spec generates and it prints ratios."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_scaling.py"
    done = subprocess.run(
        [PYTHON, str(script), "--sizes", "20,40"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = done.stdout.strip().splitlines()
    assert rows[0].split()[:2] == ["operations", "spec"] and len(rows) == 3
    assert rows[1].split()[-1] == "1.00"
