"""Small builders for the OpenAPI fragments tests write again and again."""

from __future__ import annotations

from typing import Any


def json_response(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    """A response object whose `application/json` body has `schema`."""
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
