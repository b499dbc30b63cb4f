"""Swagger 2.0 → the OpenAPI 3.0 shape, so later stages read one kind of document.

host/basePath/schemes → servers, definitions → components/schemas, body/formData parameters →
requestBody, produces/consumes → content types, securityDefinitions → securitySchemes, a
response's schema → its content.
"""

from __future__ import annotations

from typing import Any

from restwright.load.kinds import HTTP_METHODS

_REF_PREFIXES = (
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
)
# Keys a Swagger parameter shares with a JSON schema: they move into the parameter's `schema`.
_SCHEMA_KEYS = (
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "multipleOf", "x-nullable",
)  # fmt: skip
_FLOWS = {
    "application": "clientCredentials",
    "implicit": "implicit",
    "password": "password",
    "accessCode": "authorizationCode",
}


def swagger_to_openapi3(doc: dict[str, Any]) -> dict[str, Any]:
    """A new OpenAPI-3.0-shaped dict; `doc` is not modified."""
    out: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": doc.get("info") or {"title": "", "version": ""},
    }
    for key in ("tags", "externalDocs", "security"):
        if key in doc:
            out[key] = doc[key]
    out.update(
        {k: v for k, v in doc.items() if isinstance(k, str) and k.startswith("x-")}
    )
    out["servers"] = _servers(doc)
    converter = _Converter(doc)
    out["paths"] = converter.paths()
    components: dict[str, Any] = {}
    if isinstance(doc.get("definitions"), dict):
        components["schemas"] = doc["definitions"]
    params = doc.get("parameters")
    if isinstance(params, dict):
        components["parameters"] = {
            name: converter.parameter(p)
            for name, p in params.items()
            if _is_plain_param(p)
        }
    responses = doc.get("responses")
    if isinstance(responses, dict):
        components["responses"] = {
            name: converter.response(r, converter.global_produces)
            for name, r in responses.items()
        }
    schemes = doc.get("securityDefinitions")
    if isinstance(schemes, dict):
        components["securitySchemes"] = {
            name: _security_scheme(s) for name, s in schemes.items()
        }
    out["components"] = components
    return _fix_schemas(out)  # type: ignore[no-any-return]


def _servers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    base_path = str(doc.get("basePath") or "")
    host = doc.get("host")
    if not host:
        return [{"url": base_path or "/"}]
    schemes = doc.get("schemes") or ["https"]
    return [
        {"url": f"{scheme}://{host}{base_path}"}
        for scheme in schemes
        if isinstance(scheme, str)
    ]


def _is_plain_param(param: Any) -> bool:
    return isinstance(param, dict) and param.get("in") not in ("body", "formData")


def _security_scheme(scheme: Any) -> Any:
    if not isinstance(scheme, dict):
        return scheme
    kind = scheme.get("type")
    extras = {
        k: v
        for k, v in scheme.items()
        if k in ("description",) or str(k).startswith("x-")
    }
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extras}
    if kind == "apiKey":
        return {
            "type": "apiKey",
            "name": scheme.get("name"),
            "in": scheme.get("in"),
            **extras,
        }
    if kind == "oauth2":
        flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
        for key in ("authorizationUrl", "tokenUrl"):
            if key in scheme:
                flow[key] = scheme[key]
        name = _FLOWS.get(str(scheme.get("flow")), "clientCredentials")
        return {"type": "oauth2", "flows": {name: flow}, **extras}
    return scheme


class _Converter:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.global_consumes = _list(doc.get("consumes"))
        self.global_produces = _list(doc.get("produces"))

    def paths(self) -> dict[str, Any]:
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            return {}
        return {path: self.path_item(item) for path, item in paths.items()}

    def deref_param(self, param: Any) -> Any:
        """A `#/parameters/X` target, needed to tell body/formData parameters apart."""
        ref = param.get("$ref") if isinstance(param, dict) else None
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            target = (self.doc.get("parameters") or {}).get(ref[len("#/parameters/") :])
            if isinstance(target, dict):
                return target
        return param

    def path_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        shared = [self.deref_param(p) for p in _list(item.get("parameters"))]
        out: dict[str, Any] = {}
        for key, value in item.items():
            if key in HTTP_METHODS and isinstance(value, dict):
                out[key] = self.operation(
                    value, [p for p in shared if not _is_plain_param(p)]
                )
            elif key == "parameters":
                out[key] = [
                    self.parameter(p)
                    for p in _list(item.get("parameters"))
                    if _is_plain_param(self.deref_param(p))
                ]
            else:
                out[key] = value
        return out

    def operation(self, op: dict[str, Any], shared_body: list[Any]) -> dict[str, Any]:
        consumes = _list(op.get("consumes")) or self.global_consumes
        produces = _list(op.get("produces")) or self.global_produces
        out = {
            k: v
            for k, v in op.items()
            if k not in ("parameters", "responses", "consumes", "produces", "schemes")
        }
        own = list(_list(op.get("parameters")))
        resolved = [self.deref_param(p) for p in own]
        own_keys = {
            (p.get("name"), p.get("in")) for p in resolved if isinstance(p, dict)
        }
        body_params = [
            p for p in shared_body if (p.get("name"), p.get("in")) not in own_keys
        ]
        body_params += [p for p in resolved if not _is_plain_param(p)]
        out["parameters"] = [
            self.parameter(p) for p, r in zip(own, resolved) if _is_plain_param(r)
        ]
        body = _request_body(body_params, consumes)
        if body is not None:
            out["requestBody"] = body
        responses = op.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {
                status: self.response(r, produces) for status, r in responses.items()
            }
        return out

    def parameter(self, param: Any) -> Any:
        if not isinstance(param, dict) or "$ref" in param:
            return param
        out = {
            k: v
            for k, v in param.items()
            if k not in _SCHEMA_KEYS
            and k not in ("collectionFormat", "allowEmptyValue")
        }
        out["schema"] = {k: v for k, v in param.items() if k in _SCHEMA_KEYS}
        fmt = param.get("collectionFormat")
        if param.get("type") == "array" and fmt is not None:
            out["style"], out["explode"] = (
                ("form", True) if fmt == "multi" else ("form", False)
            )
        return out

    def response(self, response: Any, produces: list[Any]) -> Any:
        if not isinstance(response, dict) or "$ref" in response:
            return response
        out: dict[str, Any] = {"description": response.get("description", "")}
        out.update({k: v for k, v in response.items() if str(k).startswith("x-")})
        if "schema" in response:
            types = [t for t in produces if isinstance(t, str)] or ["application/json"]
            out["content"] = {t: {"schema": response["schema"]} for t in types}
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {
                name: {
                    "description": h.get("description", ""),
                    "schema": {k: v for k, v in h.items() if k != "description"},
                }
                for name, h in headers.items()
                if isinstance(h, dict)
            }
        return out


def _request_body(params: list[Any], consumes: list[Any]) -> dict[str, Any] | None:
    body = next(
        (p for p in params if isinstance(p, dict) and p.get("in") == "body"), None
    )
    if body is not None:
        types = [t for t in consumes if isinstance(t, str)] or ["application/json"]
        out: dict[str, Any] = {
            "content": {t: {"schema": body.get("schema", {})} for t in types}
        }
        out["required"] = bool(body.get("required", False))
        if "description" in body:
            out["description"] = body["description"]
        return out
    form = [p for p in params if isinstance(p, dict) and p.get("in") == "formData"]
    if not form:
        return None
    properties = {
        str(p.get("name")): {
            **{k: v for k, v in p.items() if k in _SCHEMA_KEYS},
            **({"description": p["description"]} if "description" in p else {}),
        }
        for p in form
    }
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [str(p.get("name")) for p in form if p.get("required")]
    if required:
        schema["required"] = required
    multipart = (
        any(p.get("type") == "file" for p in form) or "multipart/form-data" in consumes
    )
    content_type = (
        "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
    )
    return {"content": {content_type: {"schema": schema}}, "required": bool(required)}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _fix_schemas(value: Any) -> Any:
    """Rewrite refs to their 3.0 places, `type: file` to binary strings, `x-nullable` to `nullable`."""
    if isinstance(value, dict):
        out = {k: _fix_schemas(v) for k, v in value.items()}
        ref = out.get("$ref")
        if isinstance(ref, str):
            for old, new in _REF_PREFIXES:
                if ref.startswith(old):
                    out["$ref"] = new + ref[len(old) :]
                    break
        if out.get("type") == "file":
            out["type"], out["format"] = "string", "binary"
        if out.get("x-nullable") is True:
            out["nullable"] = True
        return out
    if isinstance(value, list):
        return [_fix_schemas(v) for v in value]
    return value
