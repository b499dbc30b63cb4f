"""Every real spec of the shared corpus loads and models without error (GitHub's 13 MB one is timed
by hand instead, see the load/model report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ListType, MapType, NamedType, TypeExpr, UnionType
from tests.conftest import corpus_dir

_CORPUS = corpus_dir()
SPECS = (
    sorted(p.name for p in (_CORPUS / "specs").iterdir())
    if _CORPUS is not None
    else ["(no corpus)"]
)


def _named_keys(t: TypeExpr | None) -> set[str]:
    if isinstance(t, NamedType):
        return {t.key}
    if isinstance(t, ListType):
        return _named_keys(t.item)
    if isinstance(t, MapType):
        return _named_keys(t.value)
    if isinstance(t, UnionType):
        return set().union(*(_named_keys(m) for m in t.members))
    return set()


@pytest.mark.corpus
@pytest.mark.parametrize("name", SPECS)
def test_corpus_spec_loads_and_models(corpus: Path, name: str) -> None:
    doc = load_document(corpus / "specs" / name)
    model = build_model(doc)
    assert model.operations, "every corpus spec has operations"
    assert not [d for d in model.diagnostics if d.severity == "error"]
    used: set[str] = set()
    for schema in model.schemas.values():
        used |= _named_keys(schema.alias) | _named_keys(schema.extra)
        for field in schema.fields or ():
            used |= _named_keys(field.type)
    for op in model.operations:
        for response in op.responses:
            used |= _named_keys(response.type)
        if op.request_body is not None:
            used |= _named_keys(op.request_body.type)
        for parameter in op.parameters:
            used |= _named_keys(parameter.type)
    assert used <= set(model.schemas)
