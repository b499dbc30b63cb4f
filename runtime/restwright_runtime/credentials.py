"""Credentials stay on their origin: across redirects and next-page links to other hosts.

`requests` strips only `Authorization` when a redirect changes host, so an API key in
`X-API-Key`, in the query string or in a cookie follows a redirect to whatever host the server
names. Here a request to another origin loses every credential-looking header, the auth's own
headers, cookies and query parameters (`sensitive_names()`), and the auth's response hooks (an
OAuth2 401 retry would otherwise resend a fresh token there). A redirect that stays on (or comes
back to) the origin the credentials were meant for gets the auth applied again, so query and
cookie keys, which `requests` drops on every redirect, survive same-origin redirects.

Redirects and next links share one rule, `leaves_origin`: the same scheme, host and port, or
an http -> https upgrade of the same host on the default ports, keep the credentials.

Kept on purpose: a query parameter the caller passed itself (in `params` or the URL, not
through an auth) travels on when the server echoes it into a redirect or a next link to another
host, even when its name looks secret (`params={"api_key": ...}`). The server chose that URL,
and signed download URLs (S3's `X-Amz-Signature`, Azure's `sig`) only work with their tokens;
a secret-looking value is still masked in every log line and error (`redact`). The exception:
a name an auth announced in this process (`APIKeyAuth(name="api_key")` registers it when
created) is stripped wherever it goes off-origin, since that registry is process-wide.
"""

from __future__ import annotations

from types import MethodType
from typing import Any, Callable, Iterable, cast
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from requests import PreparedRequest, Request, Response, Session
from requests.auth import AuthBase

from .redact import (
    is_sensitive_header,
    register_sensitive_names,
    registered_sensitive_names,
)

__all__ = [
    "OriginSafeSession",
    "guard_session",
    "keep_credentials_on_origin",
    "leaves_origin",
    "register_auth_names",
    "remember_origin",
    "sensitive_names",
    "strip_credentials",
]

# (URL the credentials were applied for, the auth that applied them), carried from hop to hop.
_ORIGIN_ATTRIBUTE = "_restwright_origin"
_GUARD_ATTRIBUTE = "_restwright_redirect_guard"

# Meant for the proxy, not the host; `requests` rebuilds it for each redirect itself.
_PROXY_HEADER = "proxy-authorization"

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) with the scheme's default port filled in; None if unparseable."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS.get(scheme)


def leaves_origin(home_url: str, url: str) -> bool:
    """Whether credentials meant for `home_url` must not be sent to `url`.

    The one rule for redirects and next-page links: the same scheme, host and port keep
    them, and so does an upgrade from http on port 80 to https on port 443 of the same host
    (the only exception `requests` makes, and it only adds encryption). Anything else - another
    host, another port, https -> http, an URL without a host or with a bad port - strips them.
    """
    home, there = _origin(home_url), _origin(url)
    if home is None or there is None:
        return True
    if home == there:
        return False
    return not (home == ("http", there[1], 80) and there == ("https", home[1], 443))


def sensitive_names(*auths: Any) -> tuple[str, ...]:
    """The names (headers, query params, cookies) that carry the secrets of `auths`."""
    names: list[str] = []
    for auth in auths:
        announce = getattr(auth, "sensitive_names", None)
        if callable(announce):
            names.extend(announce())
    return tuple(names)


def register_auth_names(*auths: Any) -> tuple[str, ...]:
    """Announce the auths' secret names to every later redaction (urllib3's log lines too).

    Returns the names, for the redaction of the caller's own errors.
    """
    names = sensitive_names(*auths)
    if names:
        register_sensitive_names(names)
    return names


def remember_origin(prepared: PreparedRequest, auth: Any) -> None:
    """Record which URL `prepared`'s credentials are for, and the auth that applied them."""
    setattr(prepared, _ORIGIN_ATTRIBUTE, (prepared.url or "", auth))


def _without_sensitive_cookies(header: str, names: frozenset[str]) -> str:
    kept = [
        pair.strip()
        for pair in header.split(";")
        if pair.strip()
        and not is_sensitive_header(pair.partition("=")[0].strip(), names)
    ]
    return "; ".join(kept)


def _without_query_params(url: str, names: frozenset[str]) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [
        pair
        for pair in pairs
        if unquote_plus(pair.partition("=")[0]).lower() not in names
    ]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


def strip_credentials(prepared: PreparedRequest, names: Iterable[str] = ()) -> None:
    """Remove from `prepared` what would hand credentials to its (foreign) host.

    Headers: every credential-looking one (Authorization, X-API-Key, X-Auth-Token...) and
    `names`. Cookies and query parameters: those named in `names` or registered by an auth;
    the server's own query parameters stay, as a redirect or next link needs them.
    """
    lowered = frozenset(
        {name.lower() for name in names if name} | registered_sensitive_names()
    )
    headers = prepared.headers
    for name in list(headers):
        low = name.lower()
        if low == _PROXY_HEADER:
            continue
        if low == "cookie":
            cookies = _without_sensitive_cookies(headers[name], lowered)
            if cookies:
                headers[name] = cookies
            else:
                del headers[name]
        elif is_sensitive_header(name, lowered):
            del headers[name]
    if prepared.url:
        prepared.url = _without_query_params(prepared.url, lowered)
    # `PreparedRequest.copy()` shares the hooks dict with the request it copies: rebuild it.
    prepared.hooks = {
        event: [
            hook
            for hook in hooks
            if not isinstance(getattr(hook, "__self__", None), AuthBase)
        ]
        for event, hooks in prepared.hooks.items()
    }


def keep_credentials_on_origin(
    session: Session, prepared: PreparedRequest, response: Response
) -> None:
    """Redirect step: strip credentials off-origin, re-apply the auth on its own origin.

    The origin is the first request's (remembered across hops), so A -> B -> B' never
    re-applies A's auth at B'. Without a remembered origin (a request prepared elsewhere),
    the previous hop's URL stands in and nothing is re-applied.
    """
    previous = response.request
    remembered = getattr(previous, _ORIGIN_ATTRIBUTE, None)
    if remembered is None:
        remembered = ((previous.url or "") if previous is not None else "", None)
    home, auth = remembered
    setattr(prepared, _ORIGIN_ATTRIBUTE, remembered)
    if leaves_origin(home, prepared.url or ""):
        strip_credentials(prepared, sensitive_names(auth, session.auth))
    elif auth is not None:
        prepared.prepare_auth(auth)


class OriginSafeSession(Session):
    """A `requests.Session` whose redirects never carry credentials to another origin."""

    def prepare_request(self, request: Request) -> PreparedRequest:
        prepared = super().prepare_request(request)
        remember_origin(prepared, request.auth or self.auth)
        return prepared

    def rebuild_auth(
        self, prepared_request: PreparedRequest, response: Response
    ) -> None:
        keep_credentials_on_origin(self, prepared_request, response)
        rebuild: Callable[[PreparedRequest, Response], None] = super().rebuild_auth
        rebuild(prepared_request, response)


def _guarded_rebuild_auth(
    session: Session, prepared_request: PreparedRequest, response: Response
) -> None:
    keep_credentials_on_origin(session, prepared_request, response)
    rebuild = cast(
        Callable[[Session, PreparedRequest, Response], None],
        type(session).rebuild_auth,
    )
    rebuild(session, prepared_request, response)


def guard_session(session: Session) -> Session:
    """Give a caller's session the same redirect rule, in place; idempotent.

    An instance attribute shadows `rebuild_auth`, as `requests` looks it up on the session
    for every redirect; the session's class (and its other users) are untouched.
    """
    if isinstance(session, OriginSafeSession) or vars(session).get(_GUARD_ATTRIBUTE):
        return session
    attrs = vars(session)
    attrs["rebuild_auth"] = MethodType(_guarded_rebuild_auth, session)
    attrs[_GUARD_ATTRIBUTE] = True
    return session
