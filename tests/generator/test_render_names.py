"""Names: snake/Pascal case from spec keys, escaping, and collision rules independent of order."""

from __future__ import annotations

import keyword

from hypothesis import given
from hypothesis import strategies as st

from restwright.diagnostics import Location
from restwright.model.ir import Operation
from restwright.render.names import (
    escape_reserved,
    pascal_case,
    snake_case,
    unique_names,
)
from restwright.render.operations import method_name

L = Location("spec.yaml")


def test_snake_case_splits_camel_and_separators() -> None:
    assert snake_case("listForRepo") == "list_for_repo"
    assert snake_case("list-for-repo") == "list_for_repo"
    assert snake_case("HTTPServerError") == "http_server_error"
    assert snake_case("X-Request-Id") == "x_request_id"
    assert snake_case("filter[status]") == "filter_status"
    assert snake_case("2fa", "param") == "param_2fa"
    assert snake_case("ünïcödé") == "unicode"


def test_pascal_case_from_schema_keys() -> None:
    assert pascal_case("simple-user") == "SimpleUser"
    assert pascal_case("simple_user") == "SimpleUser"
    assert pascal_case("issue.comment") == "IssueComment"
    assert pascal_case("200") == "Model200"


def test_empty_names_get_a_hashed_fallback() -> None:
    assert snake_case("???", "param").startswith("param_")
    assert snake_case("???", "param") == snake_case("???", "param")
    assert snake_case("???", "param") != snake_case("!!!", "param")


def test_reserved_names_are_escaped() -> None:
    for name in (
        "class",
        "None",
        "list",
        "id",
        "match",
        "Client",
        "Paged",
        "Any",
        "__init__",
    ):
        escaped = escape_reserved(name)
        assert escaped != name and escaped.isidentifier()
        assert not keyword.iskeyword(escaped)
    assert escape_reserved("body", {"body"}) == "body_"
    assert escape_reserved("pets") == "pets"


def test_collisions_get_suffixes_from_their_own_keys() -> None:
    names = unique_names(["simple-user", "simple_user", "repo"], pascal_case)
    assert names["repo"] == "Repo"
    assert names["simple-user"] != names["simple_user"]
    assert names["simple-user"].startswith("SimpleUser_")
    # The same key gets the same name whatever else collides or in which order keys come.
    again = unique_names(
        ["simple_user", "simple-user", "SimpleUser", "other"], pascal_case
    )
    assert again["simple-user"] == names["simple-user"]
    assert again["simple_user"] == names["simple_user"]


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8, unique=True))
def test_unique_names_are_unique_identifiers_and_order_free(keys: list[str]) -> None:
    forward = unique_names(keys, pascal_case)
    backward = unique_names(list(reversed(keys)), pascal_case)
    assert forward == backward
    assert len(set(forward.values())) == len(keys)
    for name in forward.values():
        assert name.isidentifier() and not keyword.iskeyword(name)


def _op(operation_id: str | None, path: str = "/x", method: str = "get") -> Operation:
    return Operation(method, path, operation_id, L)


def test_method_names_drop_a_repeated_tag_prefix() -> None:
    assert method_name(_op("issues/list-for-repo"), "issues") == "list_for_repo"
    assert method_name(_op("issues_list"), "issues") == "list"
    assert method_name(_op("listPets"), "pets") == "list_pets"
    assert method_name(_op("issues"), "issues") == "issues"


def test_method_name_falls_back_to_method_and_path() -> None:
    assert (
        method_name(_op(None, "/pets/{petId}/photos", "get"), None)
        == "get_pets_by_pet_id_photos"
    )
    assert method_name(_op(None, "/", "post"), None) == "post"
