"""Auth per operation: its security alternatives, or — when the spec declares no scheme — what it implies."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import restwright.infer.vocabulary as vocab
from restwright.infer.decision import AuthChoice
from restwright.infer.knowledge import Phrases, Words, rule
from restwright.model.ir import ApiModel, Operation, Parameter, SecurityScheme

CREDENTIAL_NAMES = Words(
    "CREDENTIAL_NAMES",
    """apikey xapikey apitoken authtoken accesstoken privatetoken authorization token key
    xauthtoken xaccesstoken apikeyheader subscriptionkey ocpapimsubscriptionkey""".split(),
)
CREDENTIAL_TEXT = Phrases(
    "CREDENTIAL_TEXT",
    "api[ -_]?key",
    "access token",
    "auth(entication)? token",
    "private token",
    "secret key",
    "credential",
)
# Words that make an `Authorization` key a bearer token, in its name, its description or the
# API's description (`Authorization: Bearer <jwt-token>`).
BEARER_TEXT = Phrases("BEARER_TEXT", r"\bbearer\b", r"\bjwt\b", r"\baccess ?token\b")
# A credential's name: a secret word qualified by an auth word (`X-Auth-Token`, `api_key`).
SECRET_WORDS = Words("SECRET_WORDS", "token key apikey secret".split())
AUTH_WORDS = Words("AUTH_WORDS", "auth api access private session personal".split())
CREDENTIAL_OR_AUTH_TEXT = CREDENTIAL_TEXT | Phrases("AUTH_TEXT", "authenticat")


@dataclass(frozen=True)
class ApiAuthFacts:
    """What the whole document says about authentication, beyond one operation's requirement."""

    has_schemes: bool
    azure: bool  # Azure specs (x-ms-* extensions) authenticate with Azure AD, declared or not
    answers_401: bool  # some operation documents 401: the API does authenticate
    usual: tuple[
        tuple[str, ...], ...
    ]  # the requirement most operations share (the global default)
    unreferenced: tuple[
        str, ...
    ]  # schemes declared but required nowhere: forgotten, not unusable
    credential_param: (
        Parameter | None
    )  # a credential header most operations declare as a parameter
    # The API description speaks of bearer tokens or JWTs (the quote), or None.
    bearer_prose: str | None = None
    # A credential header only the API description names (`X-API-Key`), or None.
    prose_header: str | None = None


def auth_facts(model: ApiModel) -> ApiAuthFacts:
    ops = model.operations
    azure = any(k.startswith("x-ms-") for op in ops for k in op.extensions)
    answers_401 = any(r.status == "401" for op in ops for r in op.responses)
    requirements = Counter(
        tuple(tuple(r) for r in op.security) for op in ops if any(op.security)
    )
    usual = requirements.most_common(1)[0][0] if requirements else ()
    referenced = {key for op in ops for r in op.security for key in r}
    unreferenced = (
        tuple(k for k in model.security_schemes if k not in referenced)
        if referenced
        else ()
    )
    credentials = Counter(
        p.name for op in ops for p in op.parameters if _is_credential(p)
    )
    credential_param = None
    if credentials:
        name = credentials.most_common(1)[0][0]
        credential_param = next(
            p
            for op in ops
            for p in op.parameters
            if p.name == name and _is_credential(p)
        )
    prose = BEARER_TEXT.search(model.description)
    return ApiAuthFacts(
        bool(model.security_schemes),
        azure,
        answers_401,
        usual,
        unreferenced,
        credential_param,
        f"the API description mentions {prose.group(0)!r}" if prose else None,
        _prose_header(model),
    )


def _is_credential(p: Parameter) -> bool:
    """A parameter that carries a secret: named like one, or a header described as one."""
    if p.location not in ("header", "query", "cookie"):
        return False
    if credential_name(p.name):
        return True
    if vocab.norm(p.name) in ("key", "token"):
        return vocab.mentions(p.description, CREDENTIAL_OR_AUTH_TEXT)
    return p.location == "header" and vocab.mentions(p.description, CREDENTIAL_TEXT)


def credential_name(name: str) -> bool:
    """`X-API-Key`, `api_token`, `X-Auth-Token`: a known credential name, or a secret word
    qualified by an auth word."""
    if vocab.norm(name) in CREDENTIAL_NAMES - {"key", "token"}:
        return True
    parts = vocab.words(name)
    return any(w in SECRET_WORDS for w in parts) and any(w in AUTH_WORDS for w in parts)


def _prose_header(model: ApiModel) -> str | None:
    """A header the API description names with a secret word (`X-API-Key`, `X-Acme-Token`),
    where the description speaks of credentials."""
    text = model.description or ""
    if not vocab.mentions(text, CREDENTIAL_OR_AUTH_TEXT):
        return None
    named = vocab.quoted_names(text) + re.findall(r"\bX-[A-Za-z0-9-]+", text)
    return next(
        (n for n in named if any(w in SECRET_WORDS for w in vocab.words(n))), None
    )


# A placeholder for the secret: `<API_KEY>`, `[your-token]`, `{token}`.
_PLACEHOLDER = r"(?:<[^<>\n]{1,40}>|\[[^\[\]\n]{1,40}\]|\{[^{}\n]{1,40}\})"
# `Token token=<API_KEY>`, `Authorization: Token [your-token]`, `SSWS {api token}`.
_FORMAT = re.compile(
    r"(?<![\w<\[{=-])([A-Za-z][A-Za-z0-9_-]{0,19})( [A-Za-z][A-Za-z0-9_-]{0,19}=| )"
    + _PLACEHOLDER
)
# `must be prepended with "token" followed by a space`, `prefixed with `SSWS ``,
# `with required prefix "Token"`.
_STATED = re.compile(
    r"(?:(?:prepended|prefixed|preceded) (?:with|by)|\bprefix(?: of| with|:)?) "
    r"[\"'`]([A-Za-z][A-Za-z0-9_-]{0,19}=?) ?[\"'`]",
    re.IGNORECASE,
)
# An example value in backticks whose second word stands for the secret:
# `Klaviyo-API-Key your-private-api-key`, `Bot your_token`.
_EXAMPLE = re.compile(
    r"`([A-Za-z][A-Za-z0-9_-]{0,19}) (your[-_ ][^`\n]{1,40}|[A-Za-z_-]*(?:key|token|secret)[A-Za-z_-]*)`",
    re.IGNORECASE,
)
_NOT_PREFIXES = {
    "the",
    "a",
    "an",
    "your",
    "with",
    "format",
    "example",
    "is",
    "as",
    "header",
}


def value_prefix(scheme: SecurityScheme) -> str | None:
    """The text an API key header value starts with, when the scheme's description states it."""
    if scheme.kind != "api_key" or scheme.api_key_in != "header":
        return None
    text = scheme.description or ""
    stated = _STATED.search(text)
    if stated and rule("prefix-stated"):
        word = stated.group(1)
        return word if word.endswith("=") else word + " "
    for found in _FORMAT.finditer(text):
        if found.group(1).lower() not in _NOT_PREFIXES and rule("prefix-placeholder"):
            return found.group(1) + found.group(2)
    example = _EXAMPLE.search(text)
    if example and example.group(1).lower() not in _NOT_PREFIXES:
        if rule("prefix-example"):
            return example.group(1) + " "
    return None


def infer_auth(model: ApiModel, op: Operation, facts: ApiAuthFacts) -> AuthChoice:
    """The operation's auth, with the value prefix of every API key whose description states one,
    and API keys in `Authorization` that say they are bearer tokens read as bearer schemes.
    """
    choice = _alternatives(model, op, facts)
    schemes = {**model.security_schemes, **{s.key: s for s in choice.inferred_schemes}}
    prefixes = []
    bearers: list[SecurityScheme] = []
    evidence: list[str] = []
    for key in dict.fromkeys(
        k for alternative in choice.alternatives for k in alternative
    ):
        scheme = schemes.get(key)
        prefix = value_prefix(scheme) if scheme is not None else None
        said = bearer_evidence(scheme, prefix, facts) if scheme is not None else None
        if scheme is not None and said is not None:
            bearers.append(
                replace(scheme, kind="bearer", api_key_name=None, api_key_in=None)
            )
            evidence.append(
                f"`{key}` is an API key in the `Authorization` header, but {said}:"
                " a bearer token, sent as `Bearer <token>`"
            )
        elif prefix is not None:
            prefixes.append((key, prefix))
            evidence.append(
                f"`{key}` values start with {prefix!r}, as its description states"
            )
    if not evidence:
        return choice
    return replace(
        choice,
        value_prefixes=tuple(prefixes),
        evidence=choice.evidence + tuple(evidence),
        # Same key as the declared scheme: read in its place (see AuthChoice.inferred_schemes).
        inferred_schemes=choice.inferred_schemes + tuple(bearers),
    )


def bearer_evidence(
    scheme: SecurityScheme, prefix: str | None, facts: ApiAuthFacts
) -> str | None:
    """Why an `Authorization` API key is a bearer token, or None.

    Its stated prefix is `Bearer`; its name or description says bearer, JWT or access token; or
    the API's description says `Authorization: Bearer`. A stated other prefix (`Token`, `SSWS`,
    `Klaviyo-API-Key`) keeps it an API key, and so does silence: the spec's literal reading.
    """
    if scheme.kind != "api_key" or scheme.api_key_in != "header":
        return None
    if (scheme.api_key_name or "").lower() != "authorization":
        return None
    if prefix is not None:
        return (
            "its description states the `Bearer` prefix"
            if prefix.strip().lower() == "bearer"
            else None
        )
    own = " ".join(vocab.words(scheme.key)) + " " + (scheme.description or "")
    said = BEARER_TEXT.search(own)
    if said is not None:
        return f"its name or description says {said.group(0)!r}"
    return facts.bearer_prose


def _alternatives(model: ApiModel, op: Operation, facts: ApiAuthFacts) -> AuthChoice:
    """The operation's declared alternatives; inferred ones only when the document declares no scheme."""
    declared = [tuple(r) for r in op.security]
    if any(declared):
        known = [r for r in declared if all(k in model.security_schemes for k in r)]
        evidence = [_describe(model, r) for r in known]
        unknown = [r for r in declared if r not in known]
        if unknown:
            evidence.append(
                f"ignored requirements naming undeclared schemes: {unknown}"
            )
        for key in facts.unreferenced:
            known.append((key,))
            evidence.append(
                f"`{key}` is declared but required nowhere; offered as a further alternative"
            )
        return AuthChoice(tuple(known), tuple(evidence))
    if facts.has_schemes:
        if facts.usual:
            # An operation that opts out of the API-wide requirement still works with credentials sent.
            opt_out = (
                "the operation opts out of the API-wide security: auth optional",
            )
            return AuthChoice(
                ((),) + facts.usual,
                opt_out + tuple(_describe(model, r) for r in facts.usual),
            )
        return AuthChoice((), ("the operation requires no security scheme",))
    return _implied(model, op, facts)


def _describe(model: ApiModel, requirement: tuple[str, ...]) -> str:
    if not requirement:
        return "no auth is one alternative"
    parts = []
    for key in requirement:
        s = model.security_schemes[key]
        where = f" ({s.api_key_in} `{s.api_key_name}`)" if s.kind == "api_key" else ""
        parts.append(f"`{key}`: {s.kind}{where}")
    return "security " + " + ".join(parts)


def _implied(model: ApiModel, op: Operation, facts: ApiAuthFacts) -> AuthChoice:
    """No securitySchemes anywhere: credential parameters, vendor conventions, then 401 responses."""
    own = [p for p in op.parameters if _is_credential(p)]
    for p in own or ([facts.credential_param] if facts.credential_param else []):
        scheme = SecurityScheme(
            key=p.name,
            kind="api_key",
            location=p.location_in_spec,
            description=p.description,
            api_key_name=p.name,
            api_key_in=p.location if p.location != "path" else None,
        )
        whose = "its" if own else "the API's usual"
        evidence = f"no securitySchemes; {whose} {p.location} parameter `{p.name}` carries a credential"
        return AuthChoice(((p.name,),), (evidence,), (scheme,))
    body_key = _body_credential(model, op)
    if body_key is not None:
        return body_key
    if facts.azure:
        scheme = SecurityScheme(
            key="azure_ad",
            kind="oauth2_client_credentials",
            location=op.location,
            description="Azure AD client credentials (x-ms-* extensions mark an Azure REST spec; none declared)",
            flows=("clientCredentials",),
        )
        return AuthChoice(
            (("azure_ad",),),
            ("no securitySchemes; x-ms-* extensions: Azure AD OAuth2 assumed",),
            (scheme,),
        )
    if facts.bearer_prose is not None:
        return _assumed_bearer(
            op,
            "declared in no securitySchemes; the API description states it",
            f"no securitySchemes; stated only in prose: {facts.bearer_prose}",
        )
    header = facts.prose_header
    if header is not None:
        scheme = SecurityScheme(
            key=header,
            kind="api_key",
            location=op.location,
            description="declared in no securitySchemes; the API description names it",
            api_key_name=header,
            api_key_in="header",
        )
        why = f"no securitySchemes; stated only in prose: the API description names `{header}`"
        return AuthChoice(((header,),), (why,), (scheme,))
    if facts.answers_401:
        return _assumed_bearer(
            op,
            "no scheme declared but the API answers 401; a bearer token is the usual credential",
            "no securitySchemes, but 401 responses are documented: bearer assumed",
        )
    return AuthChoice((), ("no securitySchemes and no credential parameters",))


def _assumed_bearer(op: Operation, description: str, evidence: str) -> AuthChoice:
    """A bearer scheme no securitySchemes entry declares, and why it is assumed."""
    scheme = SecurityScheme("bearer", "bearer", op.location, description=description)
    return AuthChoice((("bearer",),), (evidence,), (scheme,))


def _body_credential(model: ApiModel, op: Operation) -> AuthChoice | None:
    """RPC-style APIs put the key in the JSON body (`{"key": "..."}` described as an API key)."""
    body = op.request_body
    if body is None or "json" not in body.content_type:
        return None
    for f in model.fields_of(body.type) or ():
        if vocab.norm(f.name) in CREDENTIAL_NAMES and vocab.mentions(
            f.description, CREDENTIAL_TEXT
        ):
            scheme = SecurityScheme(
                key=f"body_{f.name}",
                kind="api_key",
                location=body.location,
                description=f.description,
                api_key_name=f.name,
                api_key_in=None,
            )
            evidence = f"no securitySchemes; JSON body field `{f.name}` ({f.description!r}) carries the key"
            return AuthChoice(((scheme.key,),), (evidence,), (scheme,))
    return None
