"""dlt's `rest_client.redaction`: `sanitize_url` masks secret query parameters in a URL.

The runtime's own messages go through `redact.redact_url` (which also masks user info and the
names auth objects register); this is dlt's narrower public helper, for code written for dlt.
"""

from __future__ import annotations

from typing import AbstractSet
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .redact import MASK, SENSITIVE_QUERY_PARAMS

__all__ = ["SENSITIVE_PARAMS", "sanitize_url"]

SENSITIVE_PARAMS: AbstractSet[str] = SENSITIVE_QUERY_PARAMS


def sanitize_url(url: str, sensitive: AbstractSet[str] | None = None) -> str:
    """`url` with the values of `sensitive` query parameters (default: dlt's list) as `***`.

    Names match case-insensitively; the query is re-encoded, keeping blank values.
    """
    names = {name.lower() for name in (sensitive or SENSITIVE_PARAMS)}
    parts = urlsplit(url)
    pairs = [
        (key, MASK if key.lower() in names else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="*")))
