"""JSON link: the response carries the URL of the next page (`next`, `nextLink`, `paging.next`)."""

from __future__ import annotations

import re

import restwright.infer.vocabulary as vocab
from restwright.infer.context import FieldInfo, OperationContext
from restwright.infer.decision import PaginatorChoice
from restwright.infer.paginators.common import choice, link_stop, response_path
from restwright.model.ir import JSONValue


def _url_evidence(f: FieldInfo) -> str | None:
    if f.format in vocab.URL_FORMATS:
        return f"format {f.format}"
    if vocab.mentions(f.description, vocab.URL_TEXT):
        return "described as a URL"
    if any(w in vocab.norm(f.name) for w in ("url", "uri", "link", "href")):
        return "named as a URL"
    return None


def _example_url(ctx: OperationContext, f: FieldInfo) -> str | None:
    """The field's value in a response example, when it is a URL (absolute or a path)."""
    response = ctx.op.success_response()
    for example in response.examples if response is not None else ():
        value: object = example
        for key in f.path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and re.match(r"(https?://|/)\S", value):
            return f"example value {value[:60]!r} is a URL"
    return None


def _is_next(f: FieldInfo) -> bool:
    key = vocab.norm(f.name)
    parent = vocab.norm(f.path.rsplit(".", 2)[-2]) if "." in f.path else ""
    if key == "href":
        return parent == "next"
    if key in vocab.NEXT_URL_NAMES:
        return True
    return key.startswith("next") and any(w in key for w in ("url", "uri", "link"))


def detect(ctx: OperationContext) -> list[PaginatorChoice]:
    found = []
    for f in ctx.response_fields:
        if f.kind not in ("str", "any") or not _is_next(f):
            continue
        if vocab.mentions(f.description, vocab.TOKEN_TEXT) and not vocab.mentions(
            f.description, vocab.URL_TEXT
        ):
            continue
        why = _url_evidence(f) or _example_url(ctx, f)
        if why is None:
            continue  # `next_page` may as well be a token: a URL needs a format, words or a URL value
        evidence = [f"response field `{f.path}` holds the next page's URL ({why})"]
        params: dict[str, JSONValue] = {"next_url_path": response_path(f)}
        params.update(link_stop(ctx, f.description, evidence))
        found.append(
            choice("json_link", params, 0.85 - 0.02 * f.path.count("."), evidence)
        )
    return found
