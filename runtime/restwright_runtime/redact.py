"""Remove secrets from URLs and headers before they reach an error message or a log line.

Everything the runtime prints about a request goes through here, so a token in a query string
or a header never leaks into logs, tracebacks or CI output.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Iterable, Mapping
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

__all__ = [
    "MASK",
    "SENSITIVE_QUERY_PARAMS",
    "SENSITIVE_HEADERS",
    "redact_url",
    "redact_text",
    "shorten",
    "redact_headers",
    "register_sensitive_names",
    "registered_sensitive_names",
    "is_sensitive_header",
    "RedactingLogFilter",
    "install_log_redaction",
]

MASK = "***"

# dlt's list of query parameter names whose values are never shown.
SENSITIVE_QUERY_PARAMS: frozenset[str] = frozenset(
    {
        "api_key",
        "token",
        "key",
        "access_token",
        "apikey",
        "api-key",
        "access-token",
        "secret",
        "password",
        "pwd",
        "client_secret",
    }
)

# Headers that carry credentials by definition.
SENSITIVE_HEADERS: frozenset[str] = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)

# Fragments that mark a header as credential-like (X-API-Key, X-Auth-Token, X-Client-Secret...),
# compared after dropping "-" and "_". Over-redacting a harmless header only costs log detail.
_SENSITIVE_HEADER_FRAGMENTS: tuple[str, ...] = (
    "apikey",
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "auth",
    "session",
    "signature",
)

# Names that auth objects announced as secret-bearing (e.g. APIKeyAuth(name="appid",
# location="query")). Process-wide so that a log line written far from the auth object
# (the retrying session) still hides them; the only cost of a stale entry is extra masking.
_registered_names: set[str] = set()
_registry_lock = threading.Lock()


def register_sensitive_names(names: Iterable[str]) -> None:
    """Treat `names` (query params, headers, cookies) as secret in every later redaction."""
    lowered = {name.lower() for name in names if name}
    if lowered - _registered_names:
        with _registry_lock:
            _registered_names.update(lowered)


def registered_sensitive_names() -> frozenset[str]:
    """The names auth objects registered so far, lower-cased."""
    return frozenset(_registered_names)


def _secret_names(extra_names: Iterable[str]) -> frozenset[str]:
    extra = {name.lower() for name in extra_names if name}
    if not extra and not _registered_names:
        return SENSITIVE_QUERY_PARAMS
    return SENSITIVE_QUERY_PARAMS | extra | _registered_names


def _redact_query(query: str, secret: frozenset[str]) -> str:
    parts = []
    for pair in query.split("&"):
        name, sep, _value = pair.partition("=")
        if sep and unquote_plus(name).lower() in secret:
            parts.append(f"{name}={MASK}")
        else:
            parts.append(pair)
    return "&".join(parts)


def _redact_netloc(parts: SplitResult) -> str:
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return netloc
    user, colon, _password = userinfo.partition(":")
    return f"{user}:{MASK}@{host}" if colon else f"{MASK}@{host}"


def redact_url(url: str, extra_names: Iterable[str] = ()) -> str:
    """Return `url` with secret query values and any userinfo password replaced by `***`.

    Secret names are dlt's list, `extra_names` and names registered by auth objects, all
    compared case-insensitively. The rest of the URL is kept byte for byte.
    """
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        # An unparsable URL could hide a secret anywhere; show only that it was unparsable.
        return "<unparsable url>"
    secret = _secret_names(extra_names)
    query = _redact_query(parts.query, secret) if parts.query else parts.query
    netloc = _redact_netloc(parts)
    if query == parts.query and netloc == parts.netloc:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def is_sensitive_header(name: str, extra_names: Iterable[str] = ()) -> bool:
    """Whether header (or cookie) `name` carries a credential, by name alone."""
    extra = frozenset(
        {item.lower() for item in extra_names if item} | _registered_names
    )
    return _is_sensitive_header(name, extra)


def _is_sensitive_header(name: str, extra: frozenset[str]) -> bool:
    lowered = name.lower()
    if lowered in SENSITIVE_HEADERS or lowered in extra:
        return True
    compact = lowered.replace("-", "").replace("_", "")
    return any(fragment in compact for fragment in _SENSITIVE_HEADER_FRAGMENTS)


def redact_headers(
    headers: Mapping[str, str], extra_names: Iterable[str] = ()
) -> dict[str, str]:
    """Return a copy of `headers` with credential-carrying values replaced by `***`."""
    extra = frozenset(
        {name.lower() for name in extra_names if name} | _registered_names
    )
    return {
        name: (MASK if _is_sensitive_header(name, extra) else value)
        for name, value in headers.items()
    }


# --------------------------------------------------------------------------- free text

# A token holding a query string or userinfo: what urllib3 quotes in its log lines and errors
# ("GET /items?api_key=... HTTP/1.1", "Max retries exceeded with url: /items?token=...").
_URL_TOKEN = re.compile(r"[^\s\"'<>()\[\]{},]*[?@][^\s\"'<>()\[\]{},]*")

# A quoted key and its value, as a dict's repr or a JSON text shows them ('token': 'abc').
_QUOTED_PAIR = re.compile(
    r"""(?P<head>(?P<q>["'])(?P<name>[\w.-]+)(?P=q)\s*:\s*)"""
    r"""(?P<value>(?P<vq>["'])(?:\\.|(?!(?P=vq)).)*(?P=vq)|[^\s,}\]]+)"""
)

# `name=value` outside a URL (a form body, a cookie line).
_BARE_PAIR = re.compile(
    r"(?P<head>(?<![\w%.-])(?P<name>[\w.-]+)=)(?P<value>[^&;\s'\",)]+)"
)

# http.client and requests quote a refused header value in full ("Invalid header value
# b'Bearer ...\\n'"); a header's name says nothing about whether its value is secret there.
_HEADER_VALUE = re.compile(
    r"""(?P<head>header value:?\s*)(?P<value>b?(?P<vq>["'])(?:\\.|(?!(?P=vq)).)*(?P=vq)|\S+)""",
    re.IGNORECASE,
)


# Words that make a "...token"/"...key" name a position, not a credential (next_page_token,
# continuation_token, cursor_key): those stay visible, as a reader debugging paging needs them.
_PAGING_WORDS = ("page", "next", "cursor", "continuation", "offset", "sync", "after")


def _is_secret_name(name: str, secret: frozenset[str]) -> bool:
    """Whether a key in free text names a credential (its value is then masked)."""
    lowered = name.lower()
    if lowered in secret or lowered in SENSITIVE_HEADERS:
        return True
    compact = lowered.replace("-", "").replace("_", "").replace(".", "")
    if any(word in compact for word in _PAGING_WORDS):
        return False
    return any(fragment in compact for fragment in _SENSITIVE_HEADER_FRAGMENTS)


def redact_text(text: str, extra_names: Iterable[str] = ()) -> str:
    """Return free text (an error message, a log line, a page excerpt) with its secrets masked.

    Masks secret query values and passwords in every URL-like token, the values of
    secret-looking keys (`'access_token': '...'`, `"api_key": "..."`, `client_secret=...`) and
    quoted header values. Errs on the side of masking: a harmless value hidden costs detail only.
    """
    if not text:
        return text
    secret = _secret_names(extra_names)

    def pair(match: re.Match[str]) -> str:
        if not _is_secret_name(match.group("name"), secret):
            return match.group(0)
        return match.group("head") + MASK

    if "?" in text or "@" in text:
        text = _URL_TOKEN.sub(lambda match: redact_url(match.group(0), secret), text)
    if ":" in text:
        text = _QUOTED_PAIR.sub(pair, text)
    if "eader value" in text or "EADER VALUE" in text:
        text = _HEADER_VALUE.sub(lambda match: match.group("head") + MASK, text)
    if "=" in text:
        text = _BARE_PAIR.sub(pair, text)
    return text


def shorten(text: str, limit: int) -> str:
    """`text` cut to about `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters]"


# --------------------------------------------------------------------------- log records

# urllib3's loggers that quote request URLs (connection pool lines, retries, redirects).
URLLIB3_LOGGERS: tuple[str, ...] = (
    "urllib3.connectionpool",
    "urllib3.poolmanager",
    "urllib3.util.retry",
)


class RedactingLogFilter(logging.Filter):
    """Redacts every URL in a log record's message, DEBUG lines included.

    urllib3 logs each request's path and query ("GET /items?api_key=... HTTP/1.1") before any
    of our code sees it. The record is formatted once here and its URL-like tokens pass
    through `redact_url` (dlt's names plus every registered one); records without `?` or `@`
    are left untouched. Runs only for records a logger actually emits, so it costs nothing
    when DEBUG is off.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem to report, not ours
            return True
        if "?" not in message and "@" not in message:
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True


_LOG_FILTER = RedactingLogFilter()


def install_log_redaction() -> None:
    """Put the redacting filter on urllib3's loggers; calling it again changes nothing.

    Called when a session is created (not on import), so importing the runtime leaves
    logging configuration alone.
    """
    for name in URLLIB3_LOGGERS:
        logging.getLogger(name).addFilter(_LOG_FILTER)
