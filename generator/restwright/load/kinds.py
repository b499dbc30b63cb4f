"""What kind of OpenAPI object sits at a place, so a bundled `$ref` lands in the right section.

A tiny grammar of OpenAPI 3: the kind of a child follows from its parent's kind and its key.
Example values, defaults, enums and vendor extensions are `data`: a `$ref` key in them is text.
"""

from __future__ import annotations

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_MAPS: dict[str, str] = {
    "paths": "pathitem",
    "paramlist": "parameter",
    "responses": "response",
    "headers": "header",
    "links": "link",
    "content": "mediatype",
    "examples": "example",
    "callbacks": "callback",
    "callback": "pathitem",
    "schemamap": "schema",
    "parammap": "parameter",
    "responsemap": "response",
    "bodymap": "requestbody",
    "example": "data",
    "data": "data",
}

_KEYED: dict[str, dict[str, str]] = {
    "root": {"paths": "paths", "webhooks": "paths", "components": "components"},
    "components": {
        "schemas": "schemamap",
        "parameters": "parammap",
        "responses": "responsemap",
        "requestBodies": "bodymap",
        "headers": "headers",
        "examples": "examples",
        "links": "links",
        "callbacks": "callbacks",
        "pathItems": "paths",
        "securitySchemes": "data",
    },
    "pathitem": {"parameters": "paramlist", **{m: "operation" for m in HTTP_METHODS}},
    "operation": {
        "parameters": "paramlist",
        "requestBody": "requestbody",
        "responses": "responses",
        "callbacks": "callbacks",
    },
    "parameter": {
        "schema": "schema",
        "content": "content",
        "examples": "examples",
        "example": "data",
    },
    "header": {
        "schema": "schema",
        "content": "content",
        "examples": "examples",
        "example": "data",
    },
    "requestbody": {"content": "content"},
    "response": {"content": "content", "headers": "headers", "links": "links"},
    "mediatype": {
        "schema": "schema",
        "examples": "examples",
        "example": "data",
        "encoding": "other",
    },
    "schema": {
        "properties": "schemamap",
        "patternProperties": "schemamap",
        "$defs": "schemamap",
        "definitions": "schemamap",
        "dependentSchemas": "schemamap",
        "example": "data",
        "examples": "data",
        "default": "data",
        "enum": "data",
        "const": "data",
        "description": "other",
        "externalDocs": "other",
    },
}

# Maps whose keys are names chosen by the spec author (a property may be called `x-rate`).
_NAMED_MAPS = frozenset(
    {"schemamap", "parammap", "responsemap", "bodymap", "headers", "examples", "links"}
)

# Places whose contents never shape the generated code: examples, links, callbacks (a client
# does not serve them) and fields outside the grammar above (descriptions, encodings, docs).
NON_STRUCTURAL_KINDS = frozenset(
    {"examples", "example", "links", "link", "callbacks", "callback", "other"}
)

# Where a bundled object of each kind goes; kinds missing here are inlined at the reference.
SECTION_FOR_KIND: dict[str, str] = {
    "schema": "schemas",
    "parameter": "parameters",
    "response": "responses",
    "requestbody": "requestBodies",
    "header": "headers",
    "example": "examples",
    "link": "links",
    "callback": "callbacks",
}


def child_kind(kind: str, key: str | int) -> str:
    """The kind of the value under `key` in an object (or list) of kind `kind`."""
    if isinstance(key, str) and key.startswith("x-") and kind not in _NAMED_MAPS:
        return "data"
    mapped = _MAPS.get(kind)
    if mapped is not None:
        return mapped
    if kind == "schema":
        return _KEYED["schema"].get(key, "schema") if isinstance(key, str) else "schema"
    keyed = _KEYED.get(kind)
    if keyed is not None and isinstance(key, str):
        return keyed.get(key, "other")
    return "other"
