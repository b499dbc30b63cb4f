"""Auth and overrides on small IR values: declared alternatives, implied schemes, pinned choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from restwright.diagnostics import RestwrightError
from restwright.infer import infer_api
from restwright.infer.overrides import load_overrides
from restwright.model.ir import ListType, Parameter, Response
from restwright.model.plan import StatedChoices
from tests.generator.test_infer import HERE, INT, STR, Spec, q


def test_declared_alternatives_and_none() -> None:
    s = Spec()
    s.scheme("bearerAuth", "bearer")
    s.scheme("basicAuth", "basic")
    s.scheme("cc", "oauth2_client_credentials", token_url="/oauth/token")
    s.scheme("key", "api_key", api_key_name="api_key", api_key_in="cookie")
    a = s.op("get", "/a", STR, security=(("bearerAuth",), ("basicAuth",)))
    b = s.op("get", "/b", STR, security=(("cc",),))
    c = s.op("get", "/c", STR, security=(("key",),))
    result = infer_api(s.model)
    assert result[a.key].auth.alternatives == (("bearerAuth",), ("basicAuth",))
    assert result[b.key].auth.alternatives == (("cc",),)
    assert result[c.key].auth.alternatives == (("key",),)
    assert any("cookie" in e for e in result[c.key].auth.evidence)


def test_operation_opting_out_keeps_optional_auth() -> None:
    s = Spec()
    s.scheme("bearerAuth", "bearer")
    s.op("get", "/a", STR, security=(("bearerAuth",),))
    s.op("get", "/b", STR, security=(("bearerAuth",),))
    public = s.op("get", "/health", STR, security=())
    assert infer_api(s.model)[public.key].auth.alternatives == ((), ("bearerAuth",))


def test_no_schemes_credential_header_parameter_is_an_api_key() -> None:
    s = Spec()
    key = Parameter("Api-Key", "header", True, STR, HERE)
    op = s.op("get", "/posts.json", STR, (key,))
    other = s.op("get", "/other.json", STR)
    result = infer_api(s.model)
    for o in (op, other):
        auth = result[o.key].auth
        assert auth.alternatives == (("Api-Key",),)
        assert (
            auth.inferred_schemes[0].api_key_in == "header"
            and auth.inferred_schemes[0].kind == "api_key"
        )


def test_no_schemes_but_401_answers_means_bearer_and_silence_means_none() -> None:
    s = Spec()
    op = s.op("get", "/user", STR)
    s.model.operations[-1] = op.__class__(
        **{**op.__dict__, "responses": op.responses + (Response("401", HERE),)}
    )
    assert infer_api(s.model)[op.key].auth.inferred_schemes[0].kind == "bearer"
    quiet = Spec()
    q_op = quiet.op("get", "/pokemon", STR)
    assert infer_api(quiet.model)[q_op.key].auth.alternatives == ()


def test_overrides_pin_paginator_selector_auth(tmp_path: Path) -> None:
    s = Spec()
    s.scheme("bearerAuth", "bearer")
    item = s.obj("pet", id=INT)
    s.op(
        "get",
        "/pets",
        s.obj("page", data=ListType(item)),
        (q("page"), q("per_page")),
        security=(("bearerAuth",),),
    )
    file = tmp_path / "overrides.yaml"
    file.write_text(
        "GET /pets:\n  paginator: {type: offset, offset_param: page, limit_param: per_page, limit: 5}\n"
        "  data_selector: data\n  auth: none\n",
        encoding="utf-8",
    )
    result = infer_api(s.model, load_overrides(file))["GET /pets"]
    assert (
        result.paginator is not None
        and result.paginator.type == "offset"
        and result.paginator.score == 1.0
    )
    assert (
        result.paginator.controlled_params == ("page",)
        and result.paginator.page_size_param == "per_page"
    )
    assert result.data_selector is not None and result.data_selector.record_type == item
    assert result.auth.alternatives == ()


def test_overrides_accept_operation_ids_and_auto(tmp_path: Path) -> None:
    s = Spec()
    op = s.op("get", "/pets", ListType(STR))
    s.model.operations[-1] = op.__class__(**{**op.__dict__, "operation_id": "listPets"})
    file = tmp_path / "o.yaml"
    file.write_text("listPets:\n  paginator: auto\n", encoding="utf-8")
    result = infer_api(s.model, load_overrides(file))["GET /pets"]
    assert result.paginator is not None and result.paginator.type == "auto"


def test_unknown_operation_key_in_overrides_is_an_error_naming_it(
    tmp_path: Path,
) -> None:
    s = Spec()
    s.op("get", "/pets", ListType(STR))
    file = tmp_path / "o.yaml"
    file.write_text("GET /cats:\n  paginator: single_page\n", encoding="utf-8")
    with pytest.raises(RestwrightError) as err:
        infer_api(s.model, load_overrides(file))
    assert "GET /cats" in str(err.value) and str(file) in str(err.value)


def test_bad_override_settings_are_errors(tmp_path: Path) -> None:
    file = tmp_path / "o.yaml"
    file.write_text("GET /pets:\n  paginatr: auto\n", encoding="utf-8")
    with pytest.raises(RestwrightError, match="paginatr"):
        load_overrides(file)
    s = Spec()
    s.op("get", "/pets", ListType(STR))
    with pytest.raises(RestwrightError, match="unknown security scheme"):
        infer_api(s.model, {"GET /pets": {"auth": "nope"}})
    with pytest.raises(RestwrightError, match="unknown paginator type `bogus`"):
        infer_api(s.model, {"GET /pets": {"paginator": {"type": "bogus"}}})


@pytest.mark.parametrize(
    "paginator, bad",
    [
        ("{type: offset, limt: 50}", "limt"),
        ("{type: offset}", "limit"),
        ("{type: offset, limit: fifty}", "limit"),
        ("{type: cursor, cursor_param: a, cursor_body_path: b}", "cursor_body_path"),
        ("{type: page_number, page_param: p, page_body_path: q}", "page_body_path"),
        ("{type: bogus}", "bogus"),
    ],
)
def test_override_paginators_are_checked_like_a_dlt_config(
    tmp_path: Path, paginator: str, bad: str
) -> None:
    s = Spec()
    s.op("get", "/pets", ListType(STR), (q("offset"), q("limit")))
    file = tmp_path / "overrides.yaml"
    file.write_text(f"GET /pets:\n  paginator: {paginator}\n", encoding="utf-8")
    with pytest.raises(RestwrightError) as err:
        infer_api(s.model, load_overrides(file))
    message = str(err.value)
    assert str(file) in message and "GET /pets" in message and bad in message


def test_valid_override_paginators_still_pass(tmp_path: Path) -> None:
    s = Spec()
    s.op("get", "/pets", ListType(STR), (q("offset"), q("limit")))
    file = tmp_path / "overrides.yaml"
    file.write_text(
        "GET /pets:\n  paginator: {type: json_response, next_url_path: links.next}\n",
        encoding="utf-8",
    )
    p = infer_api(s.model, load_overrides(file))["GET /pets"].paginator
    assert p is not None and p.type == "json_link"
    assert p.params == {"next_url_path": "links.next"}


@pytest.mark.parametrize(
    "description, prefix",
    [
        ("The API Key with format `Token token=<API_KEY>`", "Token token="),
        ('API tokens must be prepended with "token" followed by a space.', "token "),
        ('Example: curl -H "Authorization: Token [your-token]"', "Token "),
        ("SSWS {api token}", "SSWS "),
        ("The key is <API_KEY>", None),
        ("Your API key.", None),
    ],
)
def test_api_key_value_prefix_read_from_the_scheme_description(
    description: str, prefix: str | None
) -> None:
    s = Spec()
    s.scheme(
        "key",
        "api_key",
        description=description,
        api_key_name="Authorization",
        api_key_in="header",
    )
    op = s.op("get", "/me", STR, security=(("key",),))
    auth = infer_api(s.model)[op.key].auth
    assert auth.value_prefixes == ((("key", prefix),) if prefix else ())


@pytest.mark.parametrize(
    "paginator, params, controlled, size",
    [
        ("{type: offset, limit: 50}", ("offset", "limit"), ("offset",), "limit"),
        ("page_number", ("page", "per_page"), ("page",), "per_page"),
        ("{type: cursor, cursor_path: next}", ("cursor", "limit"), ("cursor",), "limit"),
        (
            "{type: offset, limit: 5, offset_body_path: skip}",
            ("offset", "limit"),
            (),
            "limit",
        ),
    ],
)  # fmt: skip
def test_override_paginators_own_the_parameters_their_defaults_set(
    tmp_path: Path,
    paginator: str,
    params: tuple[str, ...],
    controlled: tuple[str, ...],
    size: str,
) -> None:
    """`{type: offset, limit: 50}` writes `offset` itself: the method must not expose it."""
    s = Spec()
    s.op("get", "/pets", ListType(STR), tuple(q(name) for name in params))
    file = tmp_path / "overrides.yaml"
    file.write_text(f"GET /pets:\n  paginator: {paginator}\n", encoding="utf-8")
    p = infer_api(s.model, load_overrides(file))["GET /pets"].paginator
    assert p is not None
    assert (p.controlled_params, p.page_size_param) == (controlled, size)


def test_every_override_mistake_is_reported_at_once(tmp_path: Path) -> None:
    s = Spec()
    s.scheme("bearerAuth", "bearer")
    s.op("get", "/pets", ListType(STR), (q("offset"), q("limit")))
    s.op("get", "/owners", ListType(STR))
    file = tmp_path / "overrides.yaml"
    file.write_text(
        "GET /cats:\n  paginator: single_page\n"
        "GET /pets:\n  paginator: {type: offset, offset_param: o, offset_body_path: p}\n"
        "GET /owners:\n  auth: nope\n  data_selector: 3\n",
        encoding="utf-8",
    )
    with pytest.raises(RestwrightError) as err:
        infer_api(s.model, load_overrides(file))
    found = {(d.location.pointer, d.message) for d in err.value.diagnostics}
    assert found == {
        ("/GET ~1cats", "overrides name an unknown operation `GET /cats`"),
        (
            "/GET ~1pets/paginator",
            "override for `GET /pets`: paginator `offset` needs `limit` (a positive integer)",
        ),
        (
            "/GET ~1pets/paginator/offset_body_path",
            "override for `GET /pets`: paginator `offset` takes `offset_param` or"
            " `offset_body_path`, not both",
        ),
        (
            "/GET ~1owners/auth",
            "auth override names an unknown security scheme `nope`",
        ),
        (
            "/GET ~1owners/data_selector",
            "data_selector must be a JSONPath string or null",
        ),
    }
    assert all(d.location.file == str(file) for d in err.value.diagnostics)
    assert "\n" not in str(err.value)


def test_every_unknown_override_setting_is_reported(tmp_path: Path) -> None:
    file = tmp_path / "o.yaml"
    file.write_text(
        "GET /pets:\n  paginatr: auto\n  selector: data\nGET /a: 3\n", encoding="utf-8"
    )
    with pytest.raises(RestwrightError) as err:
        load_overrides(file)
    assert [d.location.pointer for d in err.value.diagnostics] == [
        "/GET ~1pets/paginatr",
        "/GET ~1pets/selector",
        "/GET ~1a",
    ]


def test_a_config_paginator_of_unknown_type_is_a_located_error() -> None:
    """Stated choices built by hand can carry any paginator; the error names the operation and its place."""
    s = Spec()
    op = s.op("get", "/pets", ListType(STR))
    stated = StatedChoices({"type": "bogus"}, None, "stated")
    with pytest.raises(RestwrightError) as err:
        infer_api(s.model, None, {op.key: stated})
    (diagnostic,) = err.value.diagnostics
    assert diagnostic.location == op.location and "`GET /pets`" in diagnostic.message
