"""Fuzz: random valid OpenAPI specs (hostile names and text, refs, recursion, enums, unions) always
generate a package that compiles; then all of them import, pass `black --check`, and pass
`mypy --strict` in one batch (one mypy run for every example keeps this bounded)."""

from __future__ import annotations

import ast
import itertools
import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restwright.diagnostics import escape_pointer_token
from restwright.pipeline import generate
from tests.e2e.support import PYTHON, RUNTIME_ROOT, run_black_check

# Names that fight Python, the generated modules and each other.
TRICKY = [
    "class",
    "self",
    "body",
    "client",
    "Client",
    "__init__",
    "None",
    "id",
    "Id",
    "ID",
    "i-d",
    "list",
    "Any",
    "models",
    "rest",
    "result",
    "match",
    "_",
    "",
    "1st",
    "名前",
    "ünï",
    "{{ 7 * 7 }}",
    '"""',
    "'''",
    "\\",
    "a\nb",
    "\u2028",
    "x\x00y",
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=10),
)
# Path parameter names stay inside `{...}` of a URL template: no braces or slashes there.
PATH_NAME = st.one_of(
    st.sampled_from(["id", "class", "self", "Id", "item-id", "body"]),
    st.text(st.sampled_from("abcXYZ_-."), min_size=1, max_size=6),
)
SCALARS = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer"},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "format": "date-time"},
        {},
        {"type": "object"},
        {"type": ["string", "null"]},
    ]
)


def ref_to(name: str) -> str:
    """A `$ref` to a component: a JSON pointer token, percent-encoded as a URI fragment."""
    return "#/components/schemas/" + quote(escape_pointer_token(name), safe="~")


def schemas(refs: list[str]) -> st.SearchStrategy[Any]:
    """A schema tree over scalars, enums and refs to the spec's own components."""
    refs_only = st.sampled_from([{"$ref": ref_to(r)} for r in refs])
    plain_objects = st.builds(
        lambda props: {"type": "object", "properties": props},
        st.dictionaries(TEXT, SCALARS, max_size=3),
    )
    base = st.one_of(
        SCALARS,
        st.builds(
            lambda values: {"enum": values},
            st.lists(st.one_of(TEXT, st.integers(-5, 5)), min_size=1, max_size=5),
        ),
        refs_only,
    )

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.builds(lambda item: {"type": "array", "items": item}, inner),
            st.builds(
                lambda props, required, desc: {
                    "type": "object",
                    "description": desc,
                    "properties": props,
                    "required": [k for k in props if k in required],
                },
                st.dictionaries(TEXT, inner, max_size=4),
                st.lists(TEXT, max_size=2),
                TEXT,
            ),
            st.builds(
                lambda members: {"oneOf": members},
                st.lists(inner, min_size=1, max_size=3),
            ),
            # allOf merges its parts inline; a ref back to an enclosing schema there is a known
            # gap (an error "nested too deeply"), so refs come only as a lone allOf member.
            st.builds(
                lambda members: {"allOf": members},
                st.lists(plain_objects, min_size=1, max_size=2),
            ),
            st.builds(lambda r: {"allOf": [r], "description": "wrapped"}, refs_only),
            st.builds(
                lambda value: {"type": "object", "additionalProperties": value}, inner
            ),
            st.builds(
                lambda s: {**s, "nullable": True} if isinstance(s, dict) else s, inner
            ),
        )

    return st.recursive(base, extend, max_leaves=6)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(TEXT.filter(bool), min_size=1, max_size=4, unique=True))
    components = {name: draw(schemas(names)) for name in names}
    any_schema = schemas(names)
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 4))):
        path_params = draw(st.lists(PATH_NAME, max_size=2, unique=True))
        path = f"/r{index}" + "".join(f"/{{{p}}}" for p in path_params)
        operations: dict[str, Any] = {}
        for method in draw(
            st.lists(
                st.sampled_from(["get", "post", "put", "delete"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ):
            params = [
                {"name": p, "in": "path", "required": True, "schema": draw(SCALARS)}
                for p in path_params
            ] + [
                {
                    "name": draw(TEXT.filter(bool)),
                    "in": draw(st.sampled_from(["query", "header"])),
                    "description": draw(TEXT),
                    "schema": draw(any_schema),
                }
                for _ in range(draw(st.integers(0, 3)))
            ]
            paginated = draw(st.booleans())
            records = draw(any_schema)
            body = (
                {
                    "type": "object",
                    "properties": {
                        "data": {"type": "array", "items": records},
                        "next_cursor": {"type": "string"},
                    },
                }
                if paginated
                else records
            )
            if paginated:
                params.append(
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}}
                )
            operation: dict[str, Any] = {
                "operationId": draw(TEXT),
                "summary": draw(TEXT),
                "description": draw(TEXT),
                "tags": draw(st.lists(TEXT, max_size=1)),
                "parameters": params,
                "responses": {
                    "200": {
                        "description": draw(TEXT),
                        "content": {"application/json": {"schema": body}},
                    }
                },
            }
            if method != "get" and draw(st.booleans()):
                operation["requestBody"] = {
                    "required": draw(st.booleans()),
                    "content": {"application/json": {"schema": draw(any_schema)}},
                }
            operations[method] = operation
        paths[path] = operations
    return {
        "openapi": "3.0.3",
        "info": {"title": draw(TEXT), "version": "1", "description": draw(TEXT)},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    }


def test_random_specs_generate_packages_that_import_and_type_check(
    tmp_path: Path,
) -> None:
    outdirs: dict[str, Path] = {}
    numbers = itertools.count()

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(specs())
    def generates_and_compiles(spec: dict[str, Any]) -> None:
        package = f"fuzz_{next(numbers)}"
        root = tmp_path / package
        root.mkdir()
        source = root / "spec.json"
        source.write_text(json.dumps(spec), encoding="utf-8")
        result = generate(source, root / "out", package)
        for rel, text in result.files.items():
            if rel.endswith(".py"):
                ast.parse(text, rel)
        outdirs[package] = root / "out"

    generates_and_compiles()
    assert (
        len(outdirs) >= 10
    ), outdirs  # every example generated (none were filtered away)

    imports = "\n".join(
        f"import {p}, {p}.models, {p}.resources\n"
        f"for m in pkgutil.iter_modules({p}.resources.__path__):\n"
        f"    importlib.import_module('{p}.resources.' + m.name)\n"
        f"c = {p}.Client()\n"
        f"for n in dir(c):\n"
        f"    getattr(c, n) if not n.startswith('_') else None\n"
        for p in outdirs
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(d) for d in outdirs.values()),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    run = subprocess.run(
        [PYTHON, "-c", "import importlib, pkgutil\n" + imports],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    black = run_black_check(tmp_path)
    assert black.returncode == 0, black.stdout[-3000:] + black.stderr[-3000:]

    mypy = subprocess.run(
        [
            PYTHON,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *[arg for p in outdirs for arg in ("-p", p)],
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "MYPYPATH": os.pathsep.join(
                [*map(str, outdirs.values()), str(RUNTIME_ROOT)]
            ),
        },
        cwd=tmp_path,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout[-5000:]
