"""securitySchemes → `SecurityScheme`, and the effective requirement of an operation."""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.model.ir import SecurityRequirement, SecurityScheme


def security_scheme(
    key: str, scheme: dict[str, Any], location: Location, diagnostics: list[Diagnostic]
) -> SecurityScheme:
    """Reduce one scheme to what a client needs to authenticate."""
    kind = scheme.get("type")
    description = (
        scheme.get("description")
        if isinstance(scheme.get("description"), str)
        else None
    )
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "bearer":
            fmt = scheme.get("bearerFormat")
            return SecurityScheme(
                key,
                "bearer",
                location,
                description,
                bearer_format=fmt if isinstance(fmt, str) else None,
            )
        if http == "basic":
            return SecurityScheme(key, "basic", location, description)
    elif kind == "apiKey":
        where = scheme.get("in")
        name = scheme.get("name")
        if where not in ("header", "query", "cookie"):
            diagnostics.append(
                Diagnostic("warning", f"apiKey scheme with `in: {where}`", location)
            )
            where = None
        return SecurityScheme(
            key, "api_key", location, description,
            api_key_name=name if isinstance(name, str) else None, api_key_in=where,
        )  # fmt: skip
    elif kind == "oauth2":
        return _oauth2(key, scheme, location, description)
    elif kind == "openIdConnect":
        return SecurityScheme(key, "openid", location, description)
    diagnostics.append(
        Diagnostic(
            "warning",
            f"security scheme {key!r} of an unknown kind is not handled",
            location,
        )
    )
    return SecurityScheme(key, "other", location, description)


def _oauth2(
    key: str, scheme: dict[str, Any], location: Location, description: str | None
) -> SecurityScheme:
    raw_flows = scheme.get("flows")
    flows: dict[str, Any] = raw_flows if isinstance(raw_flows, dict) else {}
    scopes: list[str] = []
    for flow in flows.values():
        for scope in (flow.get("scopes") or {}) if isinstance(flow, dict) else ():
            if scope not in scopes:
                scopes.append(str(scope))
    client = flows.get("clientCredentials")
    token_url = client.get("tokenUrl") if isinstance(client, dict) else None
    return SecurityScheme(
        key,
        "oauth2_client_credentials" if isinstance(client, dict) else "oauth2",
        location,
        description,
        token_url=token_url if isinstance(token_url, str) else None,
        scopes=tuple(scopes),
        flows=tuple(str(f) for f in flows),
    )


def effective_security(
    operation: dict[str, Any], default: Any
) -> tuple[SecurityRequirement, ...]:
    """The operation's `security` (else the global one) as alternatives of scheme keys.

    `[]` means no auth; an empty alternative `{}` makes auth optional and stays as `()`.
    """
    requirements = operation["security"] if "security" in operation else default
    if not isinstance(requirements, list):
        return ()
    return tuple(tuple(str(k) for k in r) for r in requirements if isinstance(r, dict))
