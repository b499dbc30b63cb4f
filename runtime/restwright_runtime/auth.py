"""Authentication for the REST client, with dlt's class names, parameters and defaults.

Each auth is a `requests.auth.AuthBase`: it edits the prepared request. Beyond dlt, a missing
credential fails with `AuthError` instead of sending `Bearer None`, every auth names the places
its secret travels (`sensitive_names()`, for redaction), and OAuth2 tokens are refreshed before
they expire, under a lock, and once more when the API answers 401.
"""

from __future__ import annotations

import importlib
import threading
import time
from base64 import b64encode
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Literal
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

from requests import PreparedRequest, RequestException, Response
from requests.auth import AuthBase

from restwright_runtime.credentials import leaves_origin
from restwright_runtime.error_redaction import redacts_errors
from restwright_runtime.exceptions import AuthError, HTTPError, TokenEndpointError
from restwright_runtime.json_decode import loads
from restwright_runtime.limits import limit_session
from restwright_runtime.redact import MASK, redact_url, register_sensitive_names

if TYPE_CHECKING:
    from requests import Session

__all__ = [
    "AuthConfigBase",
    "BearerTokenAuth",
    "APIKeyAuth",
    "HttpBasicAuth",
    "OAuth2AuthBase",
    "OAuth2ClientCredentials",
    "CombinedAuth",
    "OAuthJWTAuth",
    "TApiKeyLocation",
]

TApiKeyLocation = Literal["header", "cookie", "query", "param"]

# A token is refreshed this long before it expires, but never earlier than a tenth of its
# lifetime: a 30-second token is used for 27 seconds, a 1-hour token for 59 minutes.
REFRESH_MARGIN_SECONDS = 60.0

# Same-origin redirects a token request follows (a moved endpoint, a trailing slash) before
# giving up; `requests` allows 30, but a token endpoint has no business bouncing around.
MAX_TOKEN_REDIRECTS = 5

# The longest `expires_in` taken at its word (a century; "never expires" is often 2**31 - 1).
MAX_TOKEN_LIFETIME_SECONDS = 100 * 366 * 24 * 3600


def _origin_text(url: str) -> str:
    """`scheme://host:port` of `url`: where a redirect pointed, without path or query."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


class AuthConfigBase(AuthBase):
    """Base of every auth; subclass it and implement `__call__(request) -> request` for custom schemes."""

    def sensitive_names(self) -> tuple[str, ...]:
        """Names of the query params, headers or cookies that carry this auth's secret."""
        return ()

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(request)"
        )


def _missing(value: object) -> bool:
    return value is None or value == ""


class CombinedAuth(AuthConfigBase):
    """Several auths applied together, for schemes an API requires at once (Trello's `key` + `token`).

    With no auths it sends no credential: an operation's explicit "nothing fits", which, unlike
    `None`, does not fall back to the client's default auth.
    """

    def __init__(self, *auths: AuthBase) -> None:
        self.auths = auths

    def sensitive_names(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for auth in self.auths:
            announce = getattr(auth, "sensitive_names", None)
            if callable(announce):
                names.update(dict.fromkeys(announce()))
        return tuple(names)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        for auth in self.auths:
            request = auth(request)
        return request

    def __repr__(self) -> str:
        return f"CombinedAuth({', '.join(repr(auth) for auth in self.auths)})"


class BearerTokenAuth(AuthConfigBase):
    """Sends `Authorization: Bearer <token>`."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token

    def sensitive_names(self) -> tuple[str, ...]:
        return ("Authorization",)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if _missing(self.token):
            raise AuthError(
                "BearerTokenAuth has no token: pass token=... (it is empty or None)"
            )
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request

    def __repr__(self) -> str:
        return f"BearerTokenAuth(token={MASK!r})"


def _set_query_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and unquote_plus(pair.partition("=")[0]) != name
    ]
    kept.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment)
    )


class APIKeyAuth(AuthConfigBase):
    """Sends an API key in a header (default), a query parameter or a cookie."""

    def __init__(
        self,
        name: str = "Authorization",
        api_key: str = "",
        location: TApiKeyLocation = "header",
    ) -> None:
        if location not in ("header", "cookie", "query", "param"):
            raise ValueError(
                f"APIKeyAuth location must be 'header', 'query' or 'cookie', not {location!r}"
            )
        self.name = name
        self.api_key = api_key
        self.location = location
        register_sensitive_names([name])

    def sensitive_names(self) -> tuple[str, ...]:
        return (self.name,)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if _missing(self.api_key):
            raise AuthError(
                f"APIKeyAuth for {self.name!r} has no api_key (it is empty or None)"
            )
        key = str(self.api_key)
        if self.location == "header":
            request.headers[self.name] = key
        elif self.location in ("query", "param"):
            request.url = _set_query_param(request.url or "", self.name, key)
        else:
            cookie = f"{self.name}={key}"
            existing = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie
        return request

    def __repr__(self) -> str:
        return f"APIKeyAuth(name={self.name!r}, api_key={MASK!r}, location={self.location!r})"


class HttpBasicAuth(AuthConfigBase):
    """Sends `Authorization: Basic base64(username:password)`; an empty password is allowed."""

    def __init__(
        self, username: str | None = None, password: str | None = None
    ) -> None:
        self.username = username
        self.password = password

    def sensitive_names(self) -> tuple[str, ...]:
        return ("Authorization",)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if _missing(self.username) and _missing(self.password):
            raise AuthError("HttpBasicAuth has neither a username nor a password")
        pair = f"{self.username or ''}:{self.password or ''}".encode("utf-8")
        request.headers["Authorization"] = "Basic " + b64encode(pair).decode("ascii")
        return request

    def __repr__(self) -> str:
        return f"HttpBasicAuth(username={self.username!r}, password={MASK!r})"


class OAuth2AuthBase(AuthConfigBase):
    """Sends an OAuth2 access token as a bearer token; subclasses decide how it is obtained."""

    def __init__(self, access_token: str | None = None) -> None:
        self.access_token = access_token

    def sensitive_names(self) -> tuple[str, ...]:
        return ("Authorization",)

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if _missing(self.access_token):
            raise AuthError(f"{type(self).__name__} has no access token")
        request.headers["Authorization"] = f"Bearer {self.access_token}"
        return request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(access_token={MASK!r})"


class _FetchedToken:
    """What auths that buy their token from an endpoint share: its lifetime and the request.

    The expiry is on the wall clock because dlt exposes it as a date (`token_expiry`) that
    callers may set; the token is refreshed a margin before it (a minute, or a tenth of a
    short lifetime), under a lock so concurrent requests fetch it once.
    """

    def _init_fetched_token(self, session: Session | None) -> None:
        self._session = limit_session(session) if session is not None else None
        self._expires_at: float | None = None
        self._refresh_margin = 0.0
        self._lock = threading.RLock()
        self._clock: Callable[[], float] = time.time

    @property
    def token_expiry(self) -> datetime | None:
        """When the token expires (UTC), as in dlt; None before the first token. Settable."""
        if self._expires_at is None:
            return None
        return datetime.fromtimestamp(self._expires_at, tz=timezone.utc)

    @token_expiry.setter
    def token_expiry(self, value: datetime | None) -> None:
        self._expires_at = None if value is None else value.timestamp()

    @property
    def session(self) -> Session:
        """The session used for the token endpoint; a retrying one unless one was given."""
        if self._session is None:
            from restwright_runtime.requests import Client

            self._session = Client(raise_for_status=False).session
        return self._session

    @session.setter
    def session(self, value: Session) -> None:
        # A caller's session too: a token answer is a response like any other (size, deadline).
        self._session = limit_session(value)

    def _lifetime_over(self) -> bool:
        return (
            self._expires_at is None
            or self._clock() >= self._expires_at - self._refresh_margin
        )

    def _start_lifetime(self, seconds: float) -> None:
        lifetime = max(0.0, seconds)
        self._expires_at = self._clock() + lifetime
        self._refresh_margin = min(REFRESH_MARGIN_SECONDS, lifetime / 10)

    def _post_for_token(self, url: str, names: tuple[str, ...], **request: Any) -> Any:
        """POST to the token endpoint; its JSON answer, or an AuthError without secrets."""
        from restwright_runtime.requests import http_error_message

        request.pop("allow_redirects", None)
        shown_url = redact_url(url, names)
        response = self._post_token_request(url, request, shown_url)
        if response.status_code >= 400:
            raise TokenEndpointError(
                "could not obtain an OAuth2 access token: "
                + http_error_message(response, names),
                status_code=response.status_code,
                method="POST",
                url=shown_url,
                response=response,
            )
        try:
            return loads(response.content)
        except ValueError:
            raise AuthError(
                f"the token endpoint POST {shown_url} did not answer with JSON"
            ) from None

    def _post_token_request(
        self, url: str, request: dict[str, Any], shown_url: str
    ) -> Response:
        """Send the token request, following redirects only while they stay on `url`'s origin.

        The request carries the client secret (in the body, or as basic auth): a 307/308 would
        re-post it to any host the endpoint names, so a redirect elsewhere is refused before
        anything is sent there. 301/302/303 turn the POST into a body-less GET, as `requests`
        does. A response that nevertheless comes from another origin (a session following
        redirects on its own) is refused too: its token is not the token endpoint's.
        """
        method, target = "POST", url
        for _ in range(MAX_TOKEN_REDIRECTS + 1):
            response = self._send_token_request(method, target, request, shown_url)
            final_url = response.url or target
            if leaves_origin(url, final_url):
                raise AuthError(
                    f"the token endpoint POST {shown_url} answered from another origin"
                    f" ({_origin_text(final_url)}); its token is not accepted"
                )
            if not response.is_redirect:
                return response
            location = urljoin(final_url, response.headers["location"])
            response.close()
            if leaves_origin(url, location):
                raise AuthError(
                    f"the token endpoint POST {shown_url} redirected (HTTP"
                    f" {response.status_code}) to another origin, {_origin_text(location)};"
                    " refusing to send the client credentials there"
                )
            if response.status_code in (301, 302, 303) and method == "POST":
                method = "GET"
                request = {
                    key: value
                    for key, value in request.items()
                    if key not in ("data", "json", "files")
                }
            target = location
        raise AuthError(
            f"the token endpoint POST {shown_url} redirected more than"
            f" {MAX_TOKEN_REDIRECTS} times"
        )

    def _send_token_request(
        self, method: str, url: str, request: dict[str, Any], shown_url: str
    ) -> Response:
        from restwright_runtime.idempotency import resend_allowed

        try:
            with resend_allowed():  # a token request only mints a token: safe to resend
                return self.session.request(
                    method, url, allow_redirects=False, **request
                )
        except HTTPError as exc:  # a session that raises for status on its own
            raise TokenEndpointError(
                f"could not obtain an OAuth2 access token: {exc}",
                status_code=exc.status_code,
                method="POST",
                url=shown_url,
                response=exc.response,
            ) from None
        except RequestException as exc:
            raise AuthError(
                f"could not obtain an OAuth2 access token from POST {shown_url}: "
                f"{type(exc).__name__}"
            ) from None


def _access_token_in(payload: Any) -> str | None:
    token = payload.get("access_token") if isinstance(payload, dict) else None
    return None if _missing(token) else str(token)


def _no_token_error(url: str, names: tuple[str, ...]) -> AuthError:
    return AuthError(
        f"the token endpoint POST {redact_url(url, names)} answered without an access_token"
    )


def _lifetime_in(payload: Any, default: int) -> int:
    """`expires_in` when it is a number, else `default`.

    A number (or numeric text) that cannot be a lifetime - negative, NaN, infinite, a
    boolean, more than a century - is an `AuthError`: guessing would either hammer the
    token endpoint or keep a token forever.
    """
    raw = payload.get("expires_in") if isinstance(payload, dict) else None
    if raw is None:
        return int(default)
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        return int(default)
    if isinstance(raw, bool) or not 0 <= seconds <= MAX_TOKEN_LIFETIME_SECONDS:
        raise AuthError(
            f"the token endpoint answered expires_in={raw!r:.40}, which is not a"
            f" lifetime in seconds (0 to {MAX_TOKEN_LIFETIME_SECONDS})"
        )
    return int(seconds)


class OAuth2ClientCredentials(_FetchedToken, OAuth2AuthBase):
    """OAuth2 client-credentials flow: fetch a token once, cache it, refresh it before it expires.

    Override `build_access_token_request()` for servers that want the credentials elsewhere
    (e.g. HTTP basic, as Zoom does); it returns keyword arguments for `session.post`, with an
    optional "url" key that replaces `access_token_url`.
    """

    def __init__(
        self,
        access_token_url: str,
        client_id: str,
        client_secret: str,
        access_token_request_data: dict[str, Any] | None = None,
        default_token_expiration: int = 3600,
        session: Session | None = None,
        *,
        access_token: str | None = None,
    ) -> None:
        """`access_token` (dlt's field) is held but, as in dlt, counts as expired: the first
        request still obtains a fresh token."""
        super().__init__(access_token=access_token)
        self.access_token_url = access_token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_token_request_data: dict[str, Any] = dict(
            access_token_request_data or {}
        )
        self.default_token_expiration = default_token_expiration
        self._init_fetched_token(session)

    def sensitive_names(self) -> tuple[str, ...]:
        return ("Authorization", "client_secret")

    def build_access_token_request(self) -> dict[str, Any]:
        """The token request dlt sends: a form POST with the client credentials in the body."""
        return {
            "url": self.access_token_url,
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "data": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "grant_type": "client_credentials",
                **self.access_token_request_data,
            },
        }

    def parse_access_token(self, response_json: Any) -> str | None:
        """The access token in the token endpoint's JSON answer (None when absent)."""
        return _access_token_in(response_json)

    def parse_expiration_in_seconds(self, response_json: Any) -> int:
        """The token's lifetime: `expires_in` when it is a number, else `default_token_expiration`."""
        return _lifetime_in(response_json, self.default_token_expiration)

    def is_token_expired(self) -> bool:
        """True when there is no token or it is within its refresh margin of expiring."""
        return self.access_token is None or self._lifetime_over()

    @redacts_errors
    def obtain_token(self) -> None:
        """Ask the token endpoint for a new token; raise AuthError (without secrets) on failure."""
        request = dict(self.build_access_token_request())
        url = str(request.pop("url", None) or self.access_token_url)
        payload = self._post_for_token(url, self.sensitive_names(), **request)
        token = self.parse_access_token(payload)
        if token is None:
            raise _no_token_error(url, self.sensitive_names())
        self.access_token = token
        self._start_lifetime(self.parse_expiration_in_seconds(payload))

    def _valid_token(self) -> str:
        """A token fit to send; fetched under the lock so concurrent callers fetch it once."""
        token = self.access_token
        if token is not None and not self.is_token_expired():
            return token
        with self._lock:
            if self.is_token_expired():
                self.obtain_token()
            token = self.access_token
        if _missing(token):
            raise AuthError(f"{type(self).__name__} could not obtain an access token")
        assert token is not None
        return token

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._valid_token()}"
        response_hooks = request.hooks.setdefault("response", [])
        if self._resend_on_401 not in response_hooks:
            response_hooks.append(self._resend_on_401)
        return request

    def _resend_on_401(self, response: Response, **kwargs: Any) -> Response:
        """On 401, refresh the token (unless another thread just did) and resend once."""
        if response.status_code != 401 or response.request is None:
            return response
        sent = response.request.headers.get("Authorization")
        with self._lock:
            if self.access_token is None or sent == f"Bearer {self.access_token}":
                self.access_token = None
                self.obtain_token()
            token = self._valid_token()
        retry = response.request.copy()
        retry.headers["Authorization"] = f"Bearer {token}"
        # copy() shares the hooks dict; build a new one without this hook so the resend is final.
        retry.hooks = {
            event: [hook for hook in hooks if hook != self._resend_on_401]
            for event, hooks in retry.hooks.items()
        }
        response.content  # read and release the connection before reusing it
        response.close()
        resent: Response = response.connection.send(retry, **kwargs)
        resent.history.append(response)
        resent.request = retry
        return resent

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(access_token_url={redact_url(self.access_token_url)!r}, "
            f"client_id={self.client_id!r}, client_secret={MASK!r})"
        )


def _optional_module(name: str, package: str) -> Any:
    """Import `name`, or say which extra to install (the runtime itself needs `requests` only)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise AuthError(
            f"OAuthJWTAuth needs {package}: pip install 'restwright-runtime[jwt]'"
        ) from None


class OAuthJWTAuth(_FetchedToken, BearerTokenAuth):
    """dlt's OAuth2 JWT bearer grant (RFC 7523): a JWT signed with `private_key` (RS256) buys
    an access token at `auth_endpoint`, sent as a bearer token and refreshed before it expires.

    Needs PyJWT and cryptography (`pip install 'restwright-runtime[jwt]'`), imported at the
    first token request.
    """

    GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    def __init__(
        self,
        token: str | None = None,
        client_id: str | None = None,
        private_key: str | None = None,
        auth_endpoint: str | None = None,
        scopes: str | list[str] | None = None,
        headers: dict[str, str] | None = None,
        private_key_passphrase: str | None = None,
        default_token_expiration: int = 3600,
        session: Session | None = None,
    ) -> None:
        """dlt's parameters; a given `token` is dropped, as dlt does: the grant obtains one."""
        super().__init__(None)
        self.client_id = client_id
        self.private_key = private_key
        self.auth_endpoint = auth_endpoint
        self.scopes = (
            scopes if scopes is None or isinstance(scopes, str) else " ".join(scopes)
        )
        self.headers = headers
        self.private_key_passphrase = private_key_passphrase
        self.default_token_expiration = default_token_expiration
        self._init_fetched_token(session)

    def is_token_expired(self) -> bool:
        """True when there is no token or it is within its refresh margin of expiring."""
        return self.token is None or self._lifetime_over()

    def create_jwt_payload(self) -> dict[str, str | int]:
        """The assertion's claims: the client is issuer and subject, the endpoint the audience."""
        now = int(self._clock())
        payload: dict[str, str | int] = {
            "iss": str(self.client_id),
            "sub": str(self.client_id),
            "aud": str(self.auth_endpoint),
            "exp": now + 3600,
            "iat": now,
        }
        if self.scopes is not None:
            payload["scope"] = self.scopes
        return payload

    def load_private_key(self) -> Any:
        """The PEM `private_key`, decrypted with `private_key_passphrase` when there is one."""
        serialization = _optional_module(
            "cryptography.hazmat.primitives.serialization", "cryptography"
        )
        passphrase = self.private_key_passphrase
        return serialization.load_pem_private_key(
            str(self.private_key).encode("utf-8"),
            password=passphrase.encode("utf-8") if passphrase else None,
        )

    @redacts_errors
    def obtain_token(self) -> None:
        """Exchange a freshly signed JWT for an access token; AuthError (without secrets) on failure."""
        jwt = _optional_module("jwt", "PyJWT")
        if _missing(self.auth_endpoint) or _missing(self.private_key):
            raise AuthError("OAuthJWTAuth needs auth_endpoint and private_key")
        url = str(self.auth_endpoint)
        assertion = jwt.encode(
            self.create_jwt_payload(), self.load_private_key(), algorithm="RS256"
        )
        payload = self._post_for_token(
            url,
            self.sensitive_names(),
            headers=self.headers,
            data={"grant_type": self.GRANT_TYPE, "assertion": assertion},
        )
        token = _access_token_in(payload)
        if token is None:
            raise _no_token_error(url, self.sensitive_names())
        self.token = token
        self._start_lifetime(_lifetime_in(payload, self.default_token_expiration))

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        if self.is_token_expired():
            with self._lock:
                if self.is_token_expired():
                    self.obtain_token()
        return super().__call__(request)

    def __repr__(self) -> str:
        return (
            f"OAuthJWTAuth(client_id={self.client_id!r},"
            f" auth_endpoint={self.auth_endpoint!r}, private_key={MASK!r})"
        )
