"""A security scheme → dlt's `auth` config, without a secret in it.

dlt resolves a missing credential of an auth config from its own providers (`.dlt/secrets.toml`,
environment variables) when the source is created, so the exported config names the auth type and
its non-secret settings only, and a note says where dlt looks for the rest.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from restwright.model.ir import SecurityScheme

# What dlt's auth classes read from secrets, by dlt auth type.
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
    "bearer": ("token",),
    "api_key": ("api_key",),
    "http_basic": ("username", "password"),
    "oauth2_client_credentials": ("client_id", "client_secret"),
}


def dlt_auth(
    scheme: SecurityScheme, base_url: str | None
) -> tuple[dict[str, Any] | None, str]:
    """The dlt auth config for `scheme` (None when dlt has no such auth) and a note about it."""
    if scheme.kind == "bearer":
        return {"type": "bearer"}, secrets_note("bearer", scheme.key)
    if scheme.kind == "basic":
        return {"type": "http_basic"}, secrets_note("http_basic", scheme.key)
    if scheme.kind == "api_key" and scheme.api_key_name:
        config = {
            "type": "api_key",
            "name": scheme.api_key_name,
            "location": scheme.api_key_in or "header",
        }
        return config, secrets_note("api_key", scheme.key)
    if scheme.kind == "oauth2_client_credentials" and scheme.token_url:
        token_url = urljoin(base_url or "", scheme.token_url)
        config = {"type": "oauth2_client_credentials", "access_token_url": token_url}
        return config, secrets_note("oauth2_client_credentials", scheme.key)
    return None, (
        f"auth `{scheme.key}` ({scheme.kind}) has no dlt `rest_api` auth type:"
        " the config sets none; add a custom auth in Python"
    )


def secrets_note(auth_type: str, scheme_key: str) -> str:
    """Where dlt looks for the credentials of `auth_type` (the default source name `rest_api`)."""
    fields = SECRET_FIELDS[auth_type]
    env = ", ".join(f"SOURCES__REST_API__CREDENTIALS__{f.upper()}" for f in fields)
    return (
        f"auth `{scheme_key}`: dlt reads {', '.join(fields)} from its secrets,"
        f" [sources.rest_api.credentials] in .dlt/secrets.toml or {env}"
        " (the section follows the source name given to rest_api_source)"
    )
