"""Every way a generated client authenticates, in one record per kind.

A record says which security schemes the kind serves, the `Client(...)` keywords it takes, the
runtime class built from them, and how it reads from and writes to a dlt `rest_api` config: its
dlt type, the non-secret settings (each bound to a `SecurityScheme` field) and the secret fields
dlt resolves itself. The config input, render (with one macro per kind in
`templates/macros/auth.jinja`) and the dlt export all read these records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from restwright.model.ir import SecurityKind, SecurityScheme


@dataclass(frozen=True)
class DltSetting:
    """A non-secret setting of dlt's auth config and the `SecurityScheme` field that holds it."""

    name: str
    scheme_field: str
    default: str | None = None
    choices: tuple[str, ...] = ()
    required: bool = False
    url: bool = False  # resolved against the API's base URL when exported


@dataclass(frozen=True)
class AuthKind:
    """One credential kind of the generated client."""

    name: str  # dlt's auth type, also the key of the kind's macro
    runtime_class: str  # in `restwright_runtime.auth`
    arguments: tuple[
        str, ...
    ]  # the `Client(...)` keywords, when it is the only one of its kind
    # The runtime constructor's parameters the kind's macro passes (checked against the runtime).
    constructor: tuple[str, ...]
    serves: tuple[SecurityKind, ...]  # the scheme kinds this credential satisfies
    secret_fields: tuple[
        str, ...
    ]  # what dlt reads from its secrets (never in a config we write)
    dlt_settings: tuple[DltSetting, ...] = ()
    # dlt settings the generated client does not carry (a configured `auth=` object does).
    dlt_unsupported: tuple[str, ...] = ()
    # Scheme fields that tell two credentials of this kind apart (where and how they are sent).
    identity: tuple[str, ...] = ()
    # The scheme field a credential is named after when several of the kind exist (else its key).
    named_after: str | None = None
    required_arguments: int | None = (
        None  # leading arguments that must be given; None: all
    )
    note: str | None = None  # what the Client docstring adds about it
    # Where the secret goes, from the scheme's fields (said of credentials named after it).
    placement: str | None = None

    @property
    def required(self) -> int:
        return (
            len(self.arguments)
            if self.required_arguments is None
            else self.required_arguments
        )

    @property
    def config_keys(self) -> frozenset[str]:
        """Every key dlt's auth config of this type takes."""
        settings = {s.name for s in self.dlt_settings}
        return frozenset(
            {"type", *settings, *self.secret_fields, *self.dlt_unsupported}
        )


AUTH_KINDS: dict[str, AuthKind] = {
    kind.name: kind
    for kind in (
        AuthKind(
            "bearer",
            "BearerTokenAuth",
            arguments=("token",),
            constructor=("token",),
            serves=("bearer", "oauth2", "openid"),
            secret_fields=("token",),
        ),
        AuthKind(
            "api_key",
            "APIKeyAuth",
            arguments=("api_key",),
            constructor=("name", "api_key", "location"),
            serves=("api_key",),
            secret_fields=("api_key",),
            dlt_settings=(
                DltSetting("name", "api_key_name", "Authorization"),
                DltSetting(
                    "location", "api_key_in", "header", ("header", "query", "cookie")
                ),
            ),
            identity=("api_key_in", "api_key_name"),
            named_after="api_key_name",
            placement="{api_key_in} {api_key_name!r}.",
        ),
        AuthKind(
            "http_basic",
            "HttpBasicAuth",
            arguments=("username", "password"),
            constructor=("username", "password"),
            serves=("basic",),
            secret_fields=("username", "password"),
            # Basic auth with only a username is an empty password (Stripe's secret key).
            required_arguments=1,
            note="A username alone is sent with an empty password.",
        ),
        AuthKind(
            "oauth2_client_credentials",
            "OAuth2ClientCredentials",
            arguments=("client_id", "client_secret"),
            constructor=("access_token_url", "client_id", "client_secret", "session"),
            serves=("oauth2_client_credentials",),
            secret_fields=("client_id", "client_secret"),
            dlt_settings=(
                DltSetting("access_token_url", "token_url", required=True, url=True),
            ),
            dlt_unsupported=("access_token_request_data", "default_token_expiration"),
            identity=("token_url",),
        ),
    )
}
AUTH_TYPES: tuple[str, ...] = tuple(AUTH_KINDS)
DEFAULT_AUTH_TYPE = "bearer"  # dlt's, for an auth mapping without `type`
_BY_SCHEME: Mapping[str, AuthKind] = {
    scheme_kind: kind for kind in AUTH_KINDS.values() for scheme_kind in kind.serves
}


def auth_kind_for(scheme: SecurityScheme) -> AuthKind | None:
    """The credential kind that satisfies `scheme`; None when the client cannot (or lacks details).

    A scheme without the fields that say where its secret goes (an API key without a name) is not
    one a client can send.
    """
    kind = _BY_SCHEME.get(scheme.kind)
    if kind is None or not all(getattr(scheme, f) for f in kind.identity):
        return None
    return kind


def settings_of(kind: AuthKind, scheme: SecurityScheme) -> dict[str, str]:
    """The non-secret dlt settings of `scheme`, defaults filled in."""
    out: dict[str, str] = {}
    for setting in kind.dlt_settings:
        value = getattr(scheme, setting.scheme_field) or setting.default
        if value is not None:
            out[setting.name] = str(value)
    return out
