"""Credentials of the generated `Client`: one keyword set per way of authenticating, and which
credentials each operation sends.

Schemes that put the same secret in the same place share one credential (every bearer-like
scheme takes `token`). The only credential of its kind keeps the contract's plain names (`token`,
`api_key`, `username`/`password`, `client_id`/`client_secret`); several API keys are named after
the header or query parameter they fill (`dd_api_key`), else after their scheme key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from restwright.infer.decision import AuthChoice, OperationInference
from restwright.kinds.auth import AuthKind, auth_kind_for
from restwright.model.ir import ApiModel, SecurityScheme
from restwright.render.environment import Code
from restwright.render.names import escape_reserved, snake_case, unique_names

# Names `Client.__init__` uses besides the credentials: a credential never shadows one of them.
INIT_NAMES = frozenset(
    {
        "self",
        "base_url",
        "auth",
        "headers",
        "session",
        "timeout",
        "max_attempts",
        "url",
        "value",
        "os",
        "urljoin",
        "requests",
        "cached_property",
        "HTTPClient",
        "RESTClient",
        "AuthConfigBase",
        "CombinedAuth",
        "DEFAULT_BASE_URL",
        "BASE_PATH",
    }
)


@dataclass(frozen=True)
class Credential:
    """One way to authenticate: the keyword arguments, the auth built from them, the schemes it serves."""

    kind: AuthKind
    arguments: tuple[Code, ...]
    scheme: SecurityScheme  # the first scheme it serves (its wire details)
    schemes: tuple[str, ...] = ()  # every scheme key it serves
    prefix: str | None = None  # an API key value's stated prefix (`Token token=`)
    plain: bool = True  # the contract's names: the only credential of its kind

    @property
    def name(self) -> Code:
        """The key of its auth in the client's table: its first argument."""
        return self.arguments[0]

    @property
    def required(self) -> tuple[Code, ...]:
        """The arguments that must be given for this credential to be used."""
        return self.arguments[: self.kind.required]

    @property
    def runtime_class(self) -> Code:
        return Code(self.kind.runtime_class)


def _schemes(
    model: ApiModel, inference: Mapping[str, OperationInference] | None
) -> tuple[list[SecurityScheme], dict[str, str]]:
    """Declared schemes, then those inference implied (no securitySchemes: GitHub's bearer), and
    the value prefixes inference read from scheme descriptions."""
    schemes = dict(model.security_schemes)
    prefixes: dict[str, str] = {}
    for op in model.operations:
        found = (inference or {}).get(op.key)
        if found is None:
            continue
        for scheme in found.auth.inferred_schemes:
            schemes[scheme.key] = (
                scheme  # an inferred scheme reinterprets a declared one
            )
        prefixes.update(found.auth.value_prefixes)
    return list(schemes.values()), prefixes


Identity = tuple[str | None, ...]


def _identity(kind: AuthKind, scheme: SecurityScheme, prefix: str | None) -> Identity:
    """Schemes with one identity take the same secret to the same place: one credential."""
    return (kind.name, *(getattr(scheme, f) for f in kind.identity), prefix)


def credentials(
    model: ApiModel, inference: Mapping[str, OperationInference] | None = None
) -> list[Credential]:
    """Every distinct credential, in the order of its first scheme in the spec."""
    schemes, prefixes = _schemes(model, inference)
    served: dict[Identity, tuple[AuthKind, list[SecurityScheme]]] = {}
    for scheme in schemes:
        kind = auth_kind_for(scheme)
        if kind is not None:
            identity = _identity(kind, scheme, prefixes.get(scheme.key))
            served.setdefault(identity, (kind, []))[1].append(scheme)
    per_kind = Counter(kind.name for kind, _ in served.values())
    taken = {
        a
        for kind, _ in served.values()
        if per_kind[kind.name] == 1
        for a in kind.arguments
    }
    named = _argument_names(
        {i: (k, s[0]) for i, (k, s) in served.items() if per_kind[k.name] > 1}, taken
    )
    return [
        Credential(
            kind=kind,
            arguments=tuple(Code(a) for a in named.get(identity, kind.arguments)),
            scheme=group[0],
            schemes=tuple(s.key for s in group),
            prefix=prefixes.get(group[0].key),
            plain=identity not in named,
        )
        for identity, (kind, group) in served.items()
    ]


def _argument_names(
    schemes: dict[Identity, tuple[AuthKind, SecurityScheme]], taken: set[str]
) -> dict[Identity, tuple[str, ...]]:
    """Keyword names for credentials sharing a kind: after the field the kind names them by
    (an API key's header or query name), else the scheme key; a name another credential also
    wants falls back to the scheme key, then a hash.
    """
    reserved = INIT_NAMES | taken

    def wire(identity: Identity) -> str:
        kind, scheme = schemes[identity]
        field = getattr(scheme, kind.named_after) if kind.named_after else None
        return snake_case(field or scheme.key, "auth")

    wanted = {i: escape_reserved(wire(i), reserved) for i in schemes}
    counts = Counter(wanted.values())
    keys = {"\x00".join(str(part) for part in i): i for i in schemes}

    def base(key: str) -> str:
        identity = keys[key]
        if counts[wanted[identity]] == 1 and wanted[identity] == wire(identity):
            return wanted[identity]
        return snake_case(schemes[identity][1].key, "auth")

    bases = unique_names(keys, base, reserved)
    names: dict[Identity, tuple[str, ...]] = {}
    for key, identity in keys.items():
        stem, kind = bases[key], schemes[identity][0]
        if len(kind.arguments) == 1:
            names[identity] = (stem,)
        else:
            names[identity] = tuple(f"{stem}_{a}" for a in kind.arguments)
    return names


def operation_auth(
    choice: AuthChoice, creds: Sequence[Credential]
) -> tuple[tuple[Code, ...], ...] | None:
    """The credential names of each alternative an operation accepts, or None when the client's
    default (the first credential given) serves it: a single credential, or any one will do.
    """
    if len(creds) < 2:
        return None
    by_scheme = {key: cred.name for cred in creds for key in cred.schemes}
    alternatives: list[tuple[Code, ...]] = []
    for alternative in choice.alternatives:
        if not alternative or any(key not in by_scheme for key in alternative):
            continue  # "no auth" is the fallback anyway; an unsupported scheme cannot be met
        names = tuple(dict.fromkeys(by_scheme[key] for key in alternative))
        if names not in alternatives:
            alternatives.append(names)
    if not alternatives:
        return None
    singles = {a[0] for a in alternatives if len(a) == 1}
    if len(singles) == len(alternatives) and singles == {c.name for c in creds}:
        return None
    return tuple(alternatives)


def credentials_doc(creds: Sequence[Credential]) -> str | None:
    """What each credential keyword is, in the spec's words (`Token token=<API_KEY>`)."""
    lines = []
    for cred in creds:
        text = " ".join((cred.scheme.description or "").split())
        if not cred.plain and cred.kind.placement:
            where = cred.kind.placement.format(**vars(cred.scheme))
            text = f"{where} {text}" if text else where
        if cred.prefix:
            text += f" The raw key is sent as {cred.prefix!r} + key."
        if cred.kind.note:
            text += " " + cred.kind.note
        if text.strip():
            lines.append(f"    {', '.join(cred.arguments)}: {text.strip()}")
    return "Credentials:\n" + "\n".join(lines) if lines else None


def credential_env_vars(package: str, creds: Sequence[Credential]) -> dict[str, str]:
    """Each credential keyword → the environment variable a `Client` reads when it is left out.

    Named `<PACKAGE>_<KEYWORD>` so that secrets stay out of code and configs, and so that the names
    are as distinct as the keywords, which come from the spec's scheme keys and header names.
    """
    arguments = dict.fromkeys(a for c in creds for a in c.arguments)
    return {a: f"{package}_{a}".upper() for a in arguments}
