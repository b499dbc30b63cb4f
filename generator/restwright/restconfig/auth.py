"""`client.auth` (and an endpoint's `auth`) → `SecurityScheme`, without ever keeping a secret.

dlt accepts a type string or a dict whose `type` defaults to `bearer`. Credentials found in the
config are dropped with a warning: the generated `Client` takes them as arguments instead.
"""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.ir import SecurityScheme

AUTH_TYPES = ("bearer", "api_key", "http_basic", "oauth2_client_credentials")
SECRET_KEYS = ("token", "api_key", "username", "password", "client_id", "client_secret")
_KNOWN_KEYS = {
    "bearer": {"type", "token"},
    "api_key": {"type", "name", "api_key", "location"},
    "http_basic": {"type", "username", "password"},
    "oauth2_client_credentials": {
        "type",
        "access_token_url",
        "client_id",
        "client_secret",
        "access_token_request_data",
        "default_token_expiration",
    },
}


def auth_scheme(
    raw: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> SecurityScheme | None:
    """The scheme a config's auth describes; None when there is none or it has errors.

    `owner` names it in messages; warnings and errors land in `diagnostics`.
    """
    if raw is None:
        return None
    config: dict[str, Any] = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(config, dict):
        diagnostics.append(
            _error(where, f"{owner}: `auth` must be a type name or a mapping")
        )
        return None
    kind = config.get("type", "bearer")
    if kind not in AUTH_TYPES:
        diagnostics.append(
            _error(
                where.child("type") if isinstance(raw, dict) else where,
                f"{owner}: unknown auth type `{kind}`",
                cause=f"known: {', '.join(AUTH_TYPES)}",
            )
        )
        return None
    secrets = [
        key for key in SECRET_KEYS if config.get(key) and key in _KNOWN_KEYS[kind]
    ]
    if secrets:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: secrets in the config ({', '.join(secrets)}) are not copied into the generated code;"
                " pass them to `Client(...)` or set the environment variables its README names",
                where,
            )
        )
    unknown = sorted(str(k) for k in config if k not in _KNOWN_KEYS[kind])
    if unknown:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: auth settings {', '.join(unknown)} are not used",
                where,
            )
        )
    key = str(kind)
    if kind == "bearer":
        return SecurityScheme(key, "bearer", where)
    if kind == "http_basic":
        return SecurityScheme(key, "basic", where)
    if kind == "api_key":
        location = config.get("location", "header")
        if location not in ("header", "query", "cookie"):
            diagnostics.append(
                _error(
                    where.child("location"),
                    f"{owner}: api_key `location` must be header, query or cookie, not `{location}`",
                )
            )
            return None
        return SecurityScheme(
            key,
            "api_key",
            where,
            api_key_name=str(config.get("name") or "Authorization"),
            api_key_in=location,
        )
    token_url = config.get("access_token_url")
    if not isinstance(token_url, str) or not token_url:
        diagnostics.append(
            _error(
                where, f"{owner}: oauth2_client_credentials needs `access_token_url`"
            )
        )
        return None
    if config.get("access_token_request_data") or config.get(
        "default_token_expiration"
    ):
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: access_token_request_data and default_token_expiration are not carried into the"
                " generated client; pass a configured `auth=OAuth2ClientCredentials(...)` instead",
                where,
            )
        )
    return SecurityScheme(
        key,
        "oauth2_client_credentials",
        where,
        token_url=token_url,
        flows=("clientCredentials",),
    )


def _error(where: Location, message: str, cause: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, where, cause)
