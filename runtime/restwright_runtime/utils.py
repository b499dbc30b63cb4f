"""dlt's `rest_client.utils`: joining a base URL and a path."""

from __future__ import annotations

__all__ = ["join_url"]


def join_url(base_url: str, path: str) -> str:
    """`base_url` + `path` with exactly one slash between them, as dlt joins them.

    Plain text joining, not `urljoin`: the base's own path stays (`/v1` + `/items` →
    `/v1/items`), and a path that looks like a scheme (`catalog:search`, `my://x`) stays a
    path. None for either is an error rather than the text "None" in a URL.
    """
    if base_url is None:
        raise ValueError("Base URL must be provided or set to an empty string.")
    if base_url == "":
        return path
    if path == "":
        return base_url
    return base_url.rstrip("/") + "/" + path.lstrip("/")
