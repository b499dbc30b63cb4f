"""Overrides that match many operations: `METHOD /glob*`, `tag:NAME`, `all-lists`, and precedence.

An exact key or operationId beats a path pattern, which beats a tag, which beats `all-lists`; a
more specific pattern of one kind beats a less specific one; each setting is taken from the most
specific key that sets it; equal precedence with different values, and a pattern that matches
nothing, are errors naming the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from restwright.diagnostics import RestwrightError
from restwright.infer import infer_api
from restwright.infer.overrides import load_overrides
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ApiModel

SPEC = """
openapi: 3.0.3
info: {title: Pods, version: "1"}
paths:
  /api/v1/pods:
    get:
      operationId: listPods
      tags: [pods]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PodList"}}}}}
  /api/v1/pods/{name}:
    get:
      operationId: readPod
      tags: [pods]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pod"}}}}}
  /api/v1/nodes:
    get:
      operationId: listNodes
      tags: [nodes]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pod"}}}}}}
  /api/v2/events:
    get:
      operationId: listEvents
      tags: [events]
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PodList"}}}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pod:
      type: object
      properties: {id: {type: string}, name: {type: string}, phase: {type: string}, node: {type: string}, ip: {type: string}}
    PodList:
      type: object
      properties:
        items: {type: array, items: {$ref: "#/components/schemas/Pod"}}
        next_cursor: {type: string}
"""


@pytest.fixture
def model(tmp_path: Path) -> ApiModel:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return build_model(load_document(path))


def pinned(tmp_path: Path, model: ApiModel, overrides: dict[str, object]) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "overrides.yaml"
    path.write_text(yaml.safe_dump(overrides), encoding="utf-8")
    return infer_api(model, load_overrides(path))


def kind(result: dict, key: str) -> str | None:  # type: ignore[type-arg]
    p = result[key].paginator
    return None if p is None else p.type


def test_a_path_glob_matches_every_operation_below_it(
    tmp_path: Path, model: ApiModel
) -> None:
    result = pinned(tmp_path, model, {"GET /api/v1/*": {"auth": "key"}})
    for key in ("GET /api/v1/pods", "GET /api/v1/pods/{name}", "GET /api/v1/nodes"):
        assert result[key].auth.alternatives == (("key",),)
    assert result["GET /api/v2/events"].auth.alternatives == ()
    # `*` as the method matches any method
    any_method = pinned(tmp_path, model, {"* /api/v2/*": {"auth": "key"}})
    assert any_method["GET /api/v2/events"].auth.alternatives == (("key",),)


def test_tags_and_all_lists(tmp_path: Path, model: ApiModel) -> None:
    result = pinned(
        tmp_path,
        model,
        {
            "tag:pods": {"auth": "token"},
            "all-lists": {"paginator": {"type": "page_number", "base_page": 0}},
        },
    )
    assert result["GET /api/v1/pods"].auth.alternatives == (("token",),)
    assert result["GET /api/v1/pods/{name}"].auth.alternatives == (("token",),)
    assert result["GET /api/v1/nodes"].auth.alternatives == ()
    # all-lists: every operation inference found to be a list, never the single pod
    for key in ("GET /api/v1/pods", "GET /api/v1/nodes", "GET /api/v2/events"):
        got = result[key].paginator
        assert got is not None and got.params == {"base_page": 0}
        assert got.evidence == ("pinned by the overrides file (`all-lists`)",)
    assert result["GET /api/v1/pods/{name}"].paginator is None


def test_the_most_specific_key_wins_each_setting(
    tmp_path: Path, model: ApiModel
) -> None:
    result = pinned(
        tmp_path,
        model,
        {
            "all-lists": {"paginator": "single_page", "data_selector": "items"},
            "tag:pods": {"paginator": {"type": "page_number"}},
            "GET /api/v1/*": {"paginator": {"type": "page_number", "base_page": 0}},
            "GET /api/v1/pod*": {"paginator": {"type": "page_number", "base_page": 1}},
            "listPods": {"auth": "key"},
            "GET /api/v1/nodes": {"paginator": "auto"},
        },
    )
    pods = result["GET /api/v1/pods"]
    assert pods.paginator is not None and pods.paginator.params == {"base_page": 1}
    assert pods.data_selector is not None and pods.data_selector.path == "items"
    assert pods.auth.alternatives == (("key",),)  # by operationId, beside the patterns
    assert kind(result, "GET /api/v1/nodes") == "auto"  # exact beats every pattern
    assert kind(result, "GET /api/v2/events") == "single_page"  # only all-lists matches


def test_equal_precedence_conflicts_and_unmatched_patterns_are_errors(
    tmp_path: Path, model: ApiModel
) -> None:
    with pytest.raises(RestwrightError) as conflict:
        pinned(
            tmp_path,
            model,
            {"GET /api/v1/p*": {"auth": "key"}, "GET /api/v1/*s": {"auth": "token"}},
        )
    message = str(conflict.value)
    assert "`GET /api/v1/*s` and `GET /api/v1/p*`" in message
    assert "`auth` of `GET /api/v1/pods`" in message
    # the same value from two equal keys is no conflict
    same = pinned(
        tmp_path,
        model,
        {"GET /api/v1/p*": {"auth": "key"}, "GET /api/v1/*s": {"auth": "key"}},
    )
    assert same["GET /api/v1/pods"].auth.alternatives == (("key",),)
    with pytest.raises(RestwrightError) as unmatched:
        pinned(tmp_path, model, {"tag:nope": {"auth": "key"}, "GET /v9/*": {}})
    text = str(unmatched.value)
    assert "`tag:nope` matches no operation" in text
    assert "`GET /v9/*` matches no operation" in text
    assert "overrides.yaml" in text and "/tag:nope" in text
