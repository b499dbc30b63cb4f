"""Authentication for the REST client, with dlt's class names, parameters and defaults.

Each auth is a `requests.auth.AuthBase`: it edits the prepared request. Beyond dlt, a missing
credential fails with `AuthError` instead of sending `Bearer None`, every auth names the places
its secret travels (`sensitive_names()`, for redaction), and OAuth2 tokens are refreshed before
they expire, under a lock, and once more when the API answers 401.
"""

from __future__ import annotations

import threading
import time
from base64 import b64encode
from typing import TYPE_CHECKING, Any, Callable, Literal
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from requests import PreparedRequest, RequestException, Response
from requests.auth import AuthBase

from restwright_runtime.exceptions import AuthError, HTTPError
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
    "TApiKeyLocation",
]

TApiKeyLocation = Literal["header", "cookie", "query", "param"]

# A token is refreshed this long before it expires, but never earlier than a tenth of its
# lifetime: a 30-second token is used for 27 seconds, a 1-hour token for 59 minutes.
REFRESH_MARGIN_SECONDS = 60.0


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


class OAuth2ClientCredentials(OAuth2AuthBase):
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
        self._session = session
        self.token_expiry: float | None = (
            None  # on the `_clock` timeline (monotonic seconds)
        )
        self._refresh_at: float | None = None
        self._lock = threading.RLock()
        self._clock: Callable[[], float] = time.monotonic

    @property
    def session(self) -> Session:
        """The session used for the token endpoint; a retrying one unless one was given."""
        if self._session is None:
            from restwright_runtime.requests import Client

            self._session = Client(raise_for_status=False).session
        return self._session

    @session.setter
    def session(self, value: Session) -> None:
        self._session = value

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
        token = (
            response_json.get("access_token")
            if isinstance(response_json, dict)
            else None
        )
        return None if _missing(token) else str(token)

    def parse_expiration_in_seconds(self, response_json: Any) -> int:
        """The token's lifetime: `expires_in` when it is a number, else `default_token_expiration`."""
        raw = (
            response_json.get("expires_in") if isinstance(response_json, dict) else None
        )
        try:
            return int(raw) if raw is not None else int(self.default_token_expiration)
        except (TypeError, ValueError):
            return int(self.default_token_expiration)

    def is_token_expired(self) -> bool:
        """True when there is no token or it is within its refresh margin of expiring."""
        return (
            self.access_token is None
            or self._refresh_at is None
            or self._clock() >= self._refresh_at
        )

    def obtain_token(self) -> None:
        """Ask the token endpoint for a new token; raise AuthError (without secrets) on failure."""
        request = dict(self.build_access_token_request())
        url = str(request.pop("url", None) or self.access_token_url)
        shown_url = redact_url(url, self.sensitive_names())
        from restwright_runtime.idempotency import resend_allowed

        try:
            with resend_allowed():  # a token request only mints a token: safe to resend
                response = self.session.post(url, **request)
        except HTTPError as exc:  # a session that raises for status on its own
            raise AuthError(f"could not obtain an OAuth2 access token: {exc}") from None
        except RequestException as exc:
            raise AuthError(
                f"could not obtain an OAuth2 access token from POST {shown_url}: "
                f"{type(exc).__name__}"
            ) from None
        self._accept_token_response(response, shown_url)

    def _accept_token_response(self, response: Response, shown_url: str) -> None:
        from restwright_runtime.requests import http_error_message

        if response.status_code >= 400:
            detail = http_error_message(response, self.sensitive_names())
            raise AuthError(f"could not obtain an OAuth2 access token: {detail}")
        try:
            payload = response.json()
        except ValueError:
            raise AuthError(
                f"the token endpoint POST {shown_url} did not answer with JSON"
            ) from None
        token = self.parse_access_token(payload)
        if token is None:
            raise AuthError(
                f"the token endpoint POST {shown_url} answered without an access_token"
            )
        lifetime = max(0, self.parse_expiration_in_seconds(payload))
        now = self._clock()
        self.access_token = token
        self.token_expiry = now + lifetime
        self._refresh_at = now + lifetime - min(REFRESH_MARGIN_SECONDS, lifetime / 10)

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
