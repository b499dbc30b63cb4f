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
from restwright.model.ir import ApiModel, SecurityScheme
from restwright.render.layout import Doc, atom, bracketed, call, prefixed
from restwright.render.literals import py_str
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
_PLAIN = {
    "token": ("token",),
    "api_key": ("api_key",),
    "basic": ("username", "password"),
    "oauth2": ("client_id", "client_secret"),
}
_CLASSES = {
    "token": "BearerTokenAuth",
    "api_key": "APIKeyAuth",
    "basic": "HttpBasicAuth",
    "oauth2": "OAuth2ClientCredentials",
}


@dataclass(frozen=True)
class Credential:
    """One way to authenticate: the keyword arguments, the auth built from them, the schemes it serves."""

    kind: str  # token | api_key | basic | oauth2
    arguments: tuple[str, ...]
    auth_class: str
    scheme: SecurityScheme  # the first scheme it serves (its wire details)
    schemes: tuple[str, ...] = ()  # every scheme key it serves
    prefix: str | None = None  # an API key value's stated prefix (`Token token=`)
    plain: bool = True  # the contract's names: the only credential of its kind

    @property
    def name(self) -> str:
        """The key of its auth in the client's table: its first argument."""
        return self.arguments[0]


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


def _identity(scheme: SecurityScheme, prefix: str | None) -> tuple[str, ...] | None:
    """Schemes with one identity take the same secret to the same place; None = not supported."""
    if scheme.kind in ("bearer", "oauth2", "openid"):
        return ("token",)
    if scheme.kind == "api_key" and scheme.api_key_name and scheme.api_key_in:
        return ("api_key", scheme.api_key_in, scheme.api_key_name, prefix or "")
    if scheme.kind == "basic":
        return ("basic",)
    if scheme.kind == "oauth2_client_credentials" and scheme.token_url:
        return ("oauth2", scheme.token_url)
    return None


def credentials(
    model: ApiModel, inference: Mapping[str, OperationInference] | None = None
) -> list[Credential]:
    """Every distinct credential, in the order of its first scheme in the spec."""
    schemes, prefixes = _schemes(model, inference)
    served: dict[tuple[str, ...], list[SecurityScheme]] = {}
    for scheme in schemes:
        identity = _identity(scheme, prefixes.get(scheme.key))
        if identity is not None:
            served.setdefault(identity, []).append(scheme)
    per_kind = Counter(identity[0] for identity in served)
    taken = {a for kind, n in per_kind.items() if n == 1 for a in _PLAIN[kind]}
    named = _argument_names(
        {i: s[0] for i, s in served.items() if per_kind[i[0]] > 1}, taken
    )
    return [
        Credential(
            kind=identity[0],
            arguments=named.get(identity, _PLAIN[identity[0]]),
            auth_class=_CLASSES[identity[0]],
            scheme=group[0],
            schemes=tuple(s.key for s in group),
            prefix=prefixes.get(group[0].key),
            plain=identity not in named,
        )
        for identity, group in served.items()
    ]


def _argument_names(
    schemes: dict[tuple[str, ...], SecurityScheme], taken: set[str]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Keyword names for credentials sharing a kind: API keys after their wire name, else the
    scheme key; a name another credential also wants falls back to the scheme key, then a hash.
    """
    reserved = INIT_NAMES | taken

    def wire(identity: tuple[str, ...]) -> str:
        scheme = schemes[identity]
        if identity[0] == "api_key":
            return snake_case(scheme.api_key_name or scheme.key, "api_key")
        return snake_case(scheme.key, "auth")

    wanted = {i: escape_reserved(wire(i), reserved) for i in schemes}
    counts = Counter(wanted.values())
    keys = {"\x00".join(i): i for i in schemes}

    def base(key: str) -> str:
        identity = keys[key]
        if counts[wanted[identity]] == 1 and wanted[identity] == wire(identity):
            return wanted[identity]
        return snake_case(schemes[identity].key, "auth")

    bases = unique_names(keys, base, reserved)
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key, identity in keys.items():
        stem = bases[key]
        if identity[0] == "oauth2":
            names[identity] = (f"{stem}_client_id", f"{stem}_client_secret")
        else:
            names[identity] = (stem,)
    return names


def operation_auth(
    choice: AuthChoice, creds: Sequence[Credential]
) -> tuple[tuple[str, ...], ...] | None:
    """The credential names of each alternative an operation accepts, or None when the client's
    default (the first credential given) serves it: a single credential, or any one will do.
    """
    if len(creds) < 2:
        return None
    by_scheme = {key: cred.name for cred in creds for key in cred.schemes}
    alternatives: list[tuple[str, ...]] = []
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


def auth_argument(alternatives: tuple[tuple[str, ...], ...], client: str) -> Doc:
    """`auth=<client>._auth_for(("x_admin_key",), ("key", "token"))`."""
    tuples = [
        atom(
            "("
            + ", ".join(py_str(n) for n in names)
            + (",)" if len(names) == 1 else ")")
        )
        for names in alternatives
    ]
    return bracketed(f"auth={client}._auth_for(", tuples, ")")


def _auth_call(cred: Credential, indent: int, target: str) -> list[str]:
    """The statement building `cred`'s auth object from its arguments."""
    args: list[str | Doc]
    if cred.kind == "token":
        args = [cred.name]
    elif cred.kind == "api_key":
        args = [
            f"name={py_str(cred.scheme.api_key_name or 'Authorization')}",
            f"api_key={cred.name}",
            f"location={py_str(cred.scheme.api_key_in or 'header')}",
        ]
    elif cred.kind == "basic":
        args = [cred.arguments[0], f'{cred.arguments[1]} or ""']
    else:
        # RFC 3986 resolution against the server URL, as Swagger UI resolves a relative tokenUrl.
        token_url = atom(py_str(cred.scheme.token_url or ""))
        args = [
            prefixed(
                "access_token_url=",
                bracketed("urljoin(", [atom("url"), token_url], ")"),
            ),
            f"client_id={cred.arguments[0]}",
            f"client_secret={cred.arguments[1]}",
            "session=session",
        ]
    return call(cred.auth_class, args, indent, target)


def auth_lines(creds: Sequence[Credential], per_operation: bool) -> list[str]:
    """`__init__` lines that build the auth from the credentials given, when `auth=` was not.

    The first credential given is the auth of every operation that states none. When some
    operation needs its own (`per_operation`), each given one also goes into `self._auths`, the
    table `_auth_for` picks from.
    """
    if not creds:
        return []
    several = per_operation
    lines = ["        self._auths: dict[str, AuthConfigBase] = {}"] if several else []
    lines.append("        if auth is None:")
    for index, cred in enumerate(creds):
        keyword = "if" if index == 0 or several else "elif"
        # Basic auth with only a username is an empty password (Stripe's secret key), not no auth.
        required = cred.arguments[:1] if cred.kind == "basic" else cred.arguments
        condition = " and ".join(f"{a} is not None" for a in required)
        lines.append(f"            {keyword} {condition}:")
        if cred.kind == "api_key" and cred.prefix:
            prefix = py_str(cred.prefix)
            lines.append(f"                if not {cred.name}.startswith({prefix}):")
            lines.append(f"                    {cred.name} = {prefix} + {cred.name}")
        target = f"self._auths[{py_str(cred.name)}] = " if several else "auth = "
        lines.extend(_auth_call(cred, 16, target))
    if several:
        lines.append("            auth = next(iter(self._auths.values()), None)")
    return lines


AUTH_FOR_METHOD = '''    def _auth_for(self, *alternatives: tuple[str, ...]) -> AuthConfigBase | None:
        """An operation's auth: its first alternative whose credentials were all given.

        None (the client-wide auth) when no credential was given; an empty CombinedAuth, which
        sends nothing, when those given fit none of the operation's alternatives.
        """
        if not self._auths:
            return None
        for names in alternatives:
            if all(name in self._auths for name in names):
                found = [self._auths[name] for name in names]
                return found[0] if len(found) == 1 else CombinedAuth(*found)
        return CombinedAuth()'''


def credentials_doc(creds: Sequence[Credential]) -> str | None:
    """What each credential keyword is, in the spec's words (`Token token=<API_KEY>`)."""
    lines = []
    for cred in creds:
        text = " ".join((cred.scheme.description or "").split())
        if not cred.plain and cred.kind == "api_key":
            where = f"{cred.scheme.api_key_in} {cred.scheme.api_key_name!r}."
            text = f"{where} {text}" if text else where
        if cred.prefix:
            text += f" The raw key is sent as {cred.prefix!r} + key."
        if cred.kind == "basic":
            text += " A username alone is sent with an empty password."
        if text.strip():
            lines.append(f"    {', '.join(cred.arguments)}: {text.strip()}")
    return "Credentials:\n" + "\n".join(lines) if lines else None
