"""A security scheme → dlt's `auth` config, without a secret in it.

dlt resolves a missing credential of an auth config from its own providers (`.dlt/secrets.toml`,
environment variables) when the source is created, so the exported config names the auth type and
its non-secret settings only, and a note says where dlt looks for the rest.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from restwright.kinds.auth import AuthKind, auth_kind_for, settings_of
from restwright.model.ir import SecurityScheme


def dlt_auth(
    scheme: SecurityScheme, base_url: str | None
) -> tuple[dict[str, Any] | None, str]:
    """The dlt auth config for `scheme` (None when dlt has no such auth) and a note about it."""
    kind = auth_kind_for(scheme)
    # Tokens from other OAuth2/OpenID flows are sent as bearer tokens by our client, but a dlt
    # config could not say how to obtain them: only a kind's own scheme kind is exported.
    if kind is None or scheme.kind != kind.serves[0]:
        return None, (
            f"auth `{scheme.key}` ({scheme.kind}) has no dlt `rest_api` auth type:"
            " the config sets none; add a custom auth in Python"
        )
    config: dict[str, Any] = {"type": kind.name}
    settings = settings_of(kind, scheme)
    for setting in kind.dlt_settings:
        if setting.name in settings:
            value = settings[setting.name]
            config[setting.name] = (
                urljoin(base_url or "", value) if setting.url else value
            )
    return config, secrets_note(kind, scheme.key)


def secrets_note(kind: AuthKind, scheme_key: str) -> str:
    """Where dlt looks for the credentials of `kind` (the default source name `rest_api`)."""
    fields = kind.secret_fields
    env = ", ".join(f"SOURCES__REST_API__CREDENTIALS__{f.upper()}" for f in fields)
    return (
        f"auth `{scheme_key}`: dlt reads {', '.join(fields)} from its secrets,"
        f" [sources.rest_api.credentials] in .dlt/secrets.toml or {env}"
        " (the section follows the source name given to rest_api_source)"
    )
