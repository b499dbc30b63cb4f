"""Client credential names and per-operation auth alternatives, from hand-built security schemes."""

from __future__ import annotations

from restwright.diagnostics import Location
from restwright.infer.decision import AuthChoice
from restwright.model.ir import ApiModel, SecurityScheme
from restwright.render.credentials import (
    credential_env_vars,
    credentials,
    operation_auth,
)


def _scheme(key: str, kind: str, **fields: object) -> SecurityScheme:
    return SecurityScheme(key, kind, Location("spec.yaml"), **fields)  # type: ignore[arg-type]


def _model(*schemes: SecurityScheme) -> ApiModel:
    model = ApiModel("T", "1", "openapi-3.0", "spec.yaml")
    model.security_schemes = {s.key: s for s in schemes}
    return model


def _key(key: str, name: str, where: str = "header") -> SecurityScheme:
    return _scheme(key, "api_key", api_key_name=name, api_key_in=where)


def test_one_scheme_per_kind_keeps_the_contract_names() -> None:
    model = _model(
        _scheme("basicAuth", "basic"),
        _scheme("bearerAuth", "bearer"),
        _key("k", "X-Key"),
        _scheme("cc", "oauth2_client_credentials", token_url="/token"),
    )
    assert [c.arguments for c in credentials(model)] == [
        ("username", "password"),
        ("token",),
        ("api_key",),
        ("client_id", "client_secret"),
    ]


def test_bearer_like_schemes_share_one_token() -> None:
    model = _model(
        _scheme("bearer", "bearer"),
        _scheme("oauth2", "oauth2"),
        _scheme("oidc", "openid"),
    )
    [token] = credentials(model)
    assert token.arguments == ("token",) and token.schemes == (
        "bearer",
        "oauth2",
        "oidc",
    )


def test_several_api_keys_are_named_after_their_wire_names_then_scheme_keys() -> None:
    model = _model(
        _scheme("bearerAuth", "bearer"),
        _key(
            "trelloToken", "token", "query"
        ),  # `token` is the bearer's: scheme key instead
        _key("sudoHeader", "Sudo"),
        _key("sudoParam", "sudo", "query"),  # same wire name twice: both by scheme key
        _key("ddApi", "DD-API-KEY"),
        _key("weird", "self"),  # never shadows a name __init__ uses
    )
    names = [c.arguments for c in credentials(model)]
    assert names == [
        ("token",),
        ("trello_token",),
        ("sudo_header",),
        ("sudo_param",),
        ("dd_api_key",),
        ("weird",),
    ]
    assert names == [c.arguments for c in credentials(model)]  # deterministic


def test_two_client_credentials_flows_are_prefixed_by_scheme_key() -> None:
    model = _model(
        _scheme("partner", "oauth2_client_credentials", token_url="/a"),
        _scheme("internal", "oauth2_client_credentials", token_url="/b"),
    )
    assert [c.arguments for c in credentials(model)] == [
        ("partner_client_id", "partner_client_secret"),
        ("internal_client_id", "internal_client_secret"),
    ]


def test_operation_auth_alternatives() -> None:
    creds = credentials(
        _model(_key("a", "X-A"), _key("b", "b", "query"), _scheme("other", "other"))
    )
    assert operation_auth(AuthChoice((("a", "b"),)), creds) == (("x_a", "b"),)
    assert operation_auth(AuthChoice(((), ("b",))), creds) == (("b",),)
    # an unsupported scheme cannot be met; no requirement or "any credential" is the default
    assert operation_auth(AuthChoice((("other",), ("a",))), creds) == (("x_a",),)
    assert operation_auth(AuthChoice(()), creds) is None
    assert operation_auth(AuthChoice((("b",), ("a",))), creds) is None
    assert operation_auth(AuthChoice((("a",),)), creds[:1]) is None  # one credential


def test_environment_variables_follow_the_keywords_and_stay_distinct() -> None:
    model = _model(
        _scheme("basicAuth", "basic"),
        _scheme("bearerAuth", "bearer"),
        _key("keyHeader", "X-Key"),
        _key("keyQuery", "X-Key", "query"),  # same wire name elsewhere: its scheme key
        _scheme("partner", "oauth2_client_credentials", token_url="/a/token"),
        _scheme("internal", "oauth2_client_credentials", token_url="/b/token"),
    )
    variables = credential_env_vars("shop_client", credentials(model))
    assert variables == {
        "username": "SHOP_CLIENT_USERNAME",
        "password": "SHOP_CLIENT_PASSWORD",
        "token": "SHOP_CLIENT_TOKEN",
        "key_header": "SHOP_CLIENT_KEY_HEADER",
        "key_query": "SHOP_CLIENT_KEY_QUERY",
        "partner_client_id": "SHOP_CLIENT_PARTNER_CLIENT_ID",
        "partner_client_secret": "SHOP_CLIENT_PARTNER_CLIENT_SECRET",
        "internal_client_id": "SHOP_CLIENT_INTERNAL_CLIENT_ID",
        "internal_client_secret": "SHOP_CLIENT_INTERNAL_CLIENT_SECRET",
    }
