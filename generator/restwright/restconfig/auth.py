"""`client.auth` (and an endpoint's `auth`) → `SecurityScheme`, without ever keeping a secret.

dlt accepts a type string or a dict whose `type` defaults to `bearer`. Credentials found in the
config are dropped with a warning: the generated `Client` takes them as arguments instead.
"""

from __future__ import annotations

from typing import Any

from restwright.diagnostics import Diagnostic, Location
from restwright.kinds.auth import AUTH_KINDS, AUTH_TYPES, DEFAULT_AUTH_TYPE
from restwright.model.ir import SecurityScheme


def auth_scheme(
    raw: Any, where: Location, owner: str, diagnostics: list[Diagnostic]
) -> SecurityScheme | None:
    """The scheme a config's auth describes; None when there is none or it has errors.

    `owner` names it in messages; warnings and errors land in `diagnostics`.
    """
    if raw is None:
        return None
    config: Any = {"type": raw} if isinstance(raw, str) else raw
    if not isinstance(config, dict):
        diagnostics.append(
            _error(where, f"{owner}: `auth` must be a type name or a mapping")
        )
        return None
    kind = AUTH_KINDS.get(str(config.get("type", DEFAULT_AUTH_TYPE)))
    if kind is None:
        diagnostics.append(
            _error(
                where.child("type") if isinstance(raw, dict) else where,
                f"{owner}: unknown auth type `{config.get('type')}`",
                cause=f"known: {', '.join(AUTH_TYPES)}",
            )
        )
        return None
    secrets = [key for key in kind.secret_fields if config.get(key)]
    if secrets:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: secrets in the config ({', '.join(secrets)}) are not copied into the generated code;"
                " pass them to `Client(...)` or set the environment variables its README names",
                where,
            )
        )
    unknown = sorted(str(k) for k in config if k not in kind.config_keys)
    if unknown:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: auth settings {', '.join(unknown)} are not used",
                where,
            )
        )
    unsupported = [key for key in kind.dlt_unsupported if config.get(key)]
    if unsupported:
        diagnostics.append(
            Diagnostic(
                "warning",
                f"{owner}: {' and '.join(unsupported)} are not carried into the generated client;"
                f" pass a configured `auth={kind.runtime_class}(...)` instead",
                where,
            )
        )
    fields: dict[str, Any] = {}
    found: list[Diagnostic] = []
    for setting in kind.dlt_settings:
        value = config.get(setting.name)
        value = setting.default if value in (None, "") else value
        if setting.required and (not isinstance(value, str) or not value):
            found.append(_error(where, f"{owner}: {kind.name} needs `{setting.name}`"))
        elif setting.choices and value not in setting.choices:
            found.append(
                _error(
                    where.child(setting.name),
                    f"{owner}: {kind.name} `{setting.name}` must be"
                    f" {', '.join(setting.choices[:-1])} or {setting.choices[-1]}, not `{value}`",
                )
            )
        else:
            fields[setting.scheme_field] = str(value) if value is not None else None
    diagnostics.extend(found)
    if found:
        return None
    return SecurityScheme(kind.name, kind.serves[0], where, **fields)


def _error(where: Location, message: str, cause: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, where, cause)
