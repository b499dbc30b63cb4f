"""The model stage: a loaded OpenAPI-3-shaped document → `ApiModel`.

Operations keep document order; path-level and operation-level parameters are merged (the
operation wins on the same name and `in`); every `$ref` is followed; schemas become IR types
(see `restwright.model.schemas`). A parameter, body, response or header that operations share
through `$ref` is built once, its models keyed from its component key (see
`restwright.model.shared`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.load.document import LoadedDocument
from restwright.load.gcpause import paused_gc
from restwright.load.kinds import HTTP_METHODS
from restwright.load.pointer import join_pointer
from restwright.model.ir import (
    AnyType,
    ApiModel,
    JSONValue,
    Operation,
    Parameter,
    RequestBody,
    Response,
    ResponseHeader,
    SecurityScheme,
    TypeExpr,
)
from restwright.model.jsonvalues import extensions_of, to_json
from restwright.model.refs import LocalRefs
from restwright.model.schemas import SchemaConverter
from restwright.model.shared import (
    SHARED_SECTIONS,
    Component,
    built_once,
    component_location,
    hint_for,
    reached_components,
)
from restwright.model.security import effective_security, security_scheme

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_PARAM_LOCATIONS = ("path", "query", "header", "cookie")


def build_model(doc: LoadedDocument) -> ApiModel:
    """Build the IR for one loaded OpenAPI/Swagger document; warnings land in `ApiModel.diagnostics`.

    A dlt `rest_api` config enters through `restwright.restconfig` instead (the pipeline picks).
    """
    with paused_gc():
        try:
            return _ModelBuilder(doc).build()
        except RecursionError:
            raise RestwrightError.at(
                Location(doc.file),
                "the document's schemas are nested too deeply to model",
            ) from None


def is_json_media(content_type: str) -> bool:
    """`application/json`, `application/problem+json`, `text/json; charset=utf-8`, …"""
    media = content_type.split(";")[0].strip().lower()
    return media.endswith("/json") or media.endswith("+json")


def pick_media_type(content: dict[str, Any]) -> str | None:
    """JSON first, then form data, then the first declared type."""
    keys = [str(k) for k in content]
    for predicate in (
        lambda k: k.split(";")[0].strip().lower() == "application/json",
        is_json_media,
        lambda k: k.split(";")[0].strip().lower() in _FORM_TYPES,
    ):
        for key in keys:
            if predicate(key):
                return key
    return keys[0] if keys else None


# What of an Encoding Object changes how a form or multipart field goes on the wire.
_ENCODING_KEYS = ("style", "explode", "contentType", "allowReserved")


def _encoding(
    media_type: str, media: dict[str, Any]
) -> dict[str, dict[str, JSONValue]]:
    """The Encoding Object of a form or multipart body, reduced to its wire-relevant scalars
    (it is ignored for other media types, as OpenAPI says)."""
    if media_type.split(";")[0].strip().lower() not in _FORM_TYPES:
        return {}
    out: dict[str, dict[str, JSONValue]] = {}
    for name, raw in sorted(_mapping(media.get("encoding")).items()):
        kept: dict[str, JSONValue] = {
            key: raw[key]
            for key in _ENCODING_KEYS
            if isinstance(raw, dict) and isinstance(raw.get(key), (str, bool))
        }
        if kept:
            out[str(name)] = kept
    return out


class _ModelBuilder:
    def __init__(self, doc: LoadedDocument) -> None:
        self.doc = doc
        self.root: dict[str, Any] = doc.document
        self.file = doc.file
        self.diagnostics: list[Diagnostic] = list(doc.diagnostics)
        self.refs = LocalRefs(self.root, self.file)
        self.types = SchemaConverter(self.refs, self.diagnostics)
        self.shared_parameters: dict[Component, Parameter | None] = {}
        self.shared_bodies: dict[Component, RequestBody | None] = {}
        self.shared_responses: dict[Component, Response | None] = {}
        self.shared_headers: dict[Component, ResponseHeader | None] = {}

    def build(self) -> ApiModel:
        info = _mapping(self.root.get("info"))
        self.types.convert_components()
        self.build_shared_components()
        model = ApiModel(
            title=str(info.get("title") or ""),
            version=str(info.get("version") or ""),
            source_kind=self.doc.kind,
            source_file=self.file,
            description=_text(info.get("description")),
            servers=self.servers(),
            security_schemes=self.security_schemes(),
        )
        model.operations = self.operations()
        model.schemas = self.types.schemas
        model.diagnostics = self.diagnostics
        return model

    def warn(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic("warning", message, location))

    # ------------------------------------------------------------------ document level

    def servers(self) -> tuple[str, ...]:
        """The document's server URLs."""
        return _server_urls(self.root.get("servers"))

    def security_schemes(self) -> dict[str, SecurityScheme]:
        schemes: dict[str, SecurityScheme] = {}
        section = _mapping(_mapping(self.root.get("components")).get("securitySchemes"))
        for key, raw in section.items():
            location = Location(
                self.file, join_pointer(["components", "securitySchemes", str(key)])
            )
            scheme, location = self.refs.deref(raw, location)
            if not isinstance(scheme, dict):
                self.warn(
                    location,
                    f"security scheme {key!r} is not an object (or a dangling $ref)",
                )
                continue
            schemes[str(key)] = security_scheme(
                str(key), scheme, location, self.diagnostics
            )
        return schemes

    def build_shared_components(self) -> None:
        """Build the components operations reach, section by section in document order.

        Done before any operation so a shared model's key (and the suffix of a clash between
        sections) never depends on which operation mentions the component first.
        """
        reached = reached_components(self.root, self.refs)
        components = _mapping(self.root.get("components"))
        for section in SHARED_SECTIONS:
            for key, raw in _mapping(components.get(section)).items():
                component = (section, str(key))
                if component not in reached:
                    continue
                location = component_location(self.file, component)
                with self.types.hoisting_scope(location):
                    if section == "parameters":
                        self.parameter_at(raw, location, "")
                    elif section == "requestBodies":
                        self.request_body(raw, location, "")
                    elif section == "responses":
                        self.response_at("default", raw, location, "")
                    else:
                        self.header_at(str(key), raw, location, "")

    # ------------------------------------------------------------------ operations

    def operations(self) -> list[Operation]:
        found: list[Operation] = []
        paths = self.root.get("paths")
        if paths is not None and not isinstance(paths, dict):
            self.warn(
                Location(self.file, "/paths"), "`paths` is not an object; no operations"
            )
            return found
        for path, raw_item in (paths or {}).items():
            item, item_location = self.refs.deref(
                raw_item, Location(self.file, join_pointer(["paths", str(path)]))
            )
            if not isinstance(item, dict):
                self.warn(
                    item_location,
                    "path item is not an object (or a dangling $ref); skipped",
                )
                continue
            shared = self.parameters(
                item.get("parameters"), item_location.child("parameters"), str(path)
            )
            for method in HTTP_METHODS:
                raw_op = item.get(method)
                if raw_op is None:
                    continue
                location = item_location.child(method)
                if not isinstance(raw_op, dict):
                    self.warn(location, "operation is not an object; skipped")
                    continue
                op = self.operation(str(path), method, raw_op, location, shared)
                # An operation's own servers, else its path item's, override the document's.
                servers = _server_urls(raw_op.get("servers")) or _server_urls(
                    item.get("servers")
                )
                found.append(replace(op, servers=servers) if servers else op)
        return found

    def operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        location: Location,
        shared: list[Parameter],
    ) -> Operation:
        operation_id = (
            op.get("operationId") if isinstance(op.get("operationId"), str) else None
        )
        hint = operation_id or re.sub(r"[^A-Za-z0-9]+", "_", f"{method} {path}").strip(
            "_"
        )
        own = self.parameters(op.get("parameters"), location.child("parameters"), hint)
        return Operation(
            method=method,
            path=path,
            operation_id=operation_id,
            location=location,
            tags=tuple(
                str(t) for t in op.get("tags") or () if isinstance(t, (str, int))
            ),
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            parameters=_merge_parameters(shared, own),
            request_body=self.request_body(
                op.get("requestBody"), location.child("requestBody"), hint
            ),
            responses=self.responses(
                op.get("responses"), location.child("responses"), hint
            ),
            security=effective_security(op, self.root.get("security")),
            deprecated=op.get("deprecated") is True,
            extensions=extensions_of(op),
        )

    def parameters(self, raw: Any, location: Location, hint: str) -> list[Parameter]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.warn(location, "`parameters` is not a list; ignored")
            return []
        found = []
        for index, entry in enumerate(raw):
            parameter = self.parameter_at(entry, location.child(index), hint)
            if parameter is not None:
                found.append(parameter)
        return found

    def parameter_at(
        self, entry: Any, location: Location, hint: str
    ) -> Parameter | None:
        """The parameter `entry` is or refers to (a shared component is built once)."""
        param, location = self.refs.deref(entry, location)
        return built_once(
            self.shared_parameters,
            location,
            lambda: self.parameter(param, location, hint),
        )

    def parameter(self, param: Any, location: Location, hint: str) -> Parameter | None:
        if not isinstance(param, dict):
            self.warn(
                location, "parameter is not an object (or a dangling $ref); skipped"
            )
            return None
        name, where = param.get("name"), param.get("in")
        if not isinstance(name, str) or where not in _PARAM_LOCATIONS:
            self.warn(
                location,
                f"parameter without a valid name/in ({name!r}, {where!r}); skipped",
            )
            return None
        schema, schema_location = self.parameter_schema(param, location)
        resolved, _ = self.refs.deref(schema, schema_location)
        bounds = resolved if isinstance(resolved, dict) else {}
        type_: TypeExpr = (
            self.types.type_of(
                schema, schema_location, hint_for(location, f"{hint}.{name}")
            )
            if schema is not None
            else AnyType()
        )
        explode = param.get("explode")
        style = param.get("style")
        return Parameter(
            name=name,
            location=where,
            required=where == "path" or param.get("required") is True,
            type=type_,
            location_in_spec=location,
            # Many specs describe a parameter on its schema only.
            description=_text(param.get("description"))
            or _text(bounds.get("description")),
            default=to_json(bounds.get("default")),
            has_default="default" in bounds,
            minimum=_number(bounds.get("minimum")),
            maximum=_number(bounds.get("maximum")),
            deprecated=param.get("deprecated") is True,
            style=style if isinstance(style, str) else None,
            explode=explode if isinstance(explode, bool) else None,
            extensions=extensions_of(param),
        )

    def parameter_schema(
        self, param: dict[str, Any], location: Location
    ) -> tuple[Any, Location]:
        """`schema`, or the schema of the preferred media type under `content`."""
        if "schema" in param:
            return param["schema"], location.child("schema")
        content = _mapping(param.get("content"))
        media_type = pick_media_type(content)
        if media_type is None:
            return None, location
        media_location = location.child("content", media_type)
        return _mapping(content[media_type]).get("schema"), media_location.child(
            "schema"
        )

    def request_body(
        self, raw: Any, location: Location, hint: str
    ) -> RequestBody | None:
        if raw is None:
            return None
        body, location = self.refs.deref(raw, location)
        return built_once(
            self.shared_bodies,
            location,
            lambda: self.request_body_of(body, location, hint),
        )

    def request_body_of(
        self, body: Any, location: Location, hint: str
    ) -> RequestBody | None:
        if not isinstance(body, dict):
            self.warn(
                location, "requestBody is not an object (or a dangling $ref); ignored"
            )
            return None
        content = _mapping(body.get("content"))
        media_type = pick_media_type(content)
        if media_type is None:
            return None
        media_location = location.child("content", media_type)
        schema = _mapping(content[media_type]).get("schema")
        return RequestBody(
            content_type=media_type,
            type=self.types.type_of(
                schema,
                media_location.child("schema"),
                hint_for(location, f"{hint}.request"),
            ),
            required=body.get("required") is True,
            location=location,
            description=_text(body.get("description")),
            # A caller may pick another media type only where the schema is the same: the
            # method's one body annotation must fit what it sends (OpenAI's image edits take
            # a JSON body and a multipart one of another shape: only the preferred is offered).
            content_types=tuple(
                str(k) for k in content if _mapping(content[k]).get("schema") == schema
            ),
            encoding=_encoding(media_type, _mapping(content[media_type])),
        )

    def responses(
        self, raw: Any, location: Location, hint: str
    ) -> tuple[Response, ...]:
        found: list[Response] = []
        for status, entry in _mapping(raw).items():
            status = str(status)
            if status.startswith("x-"):
                continue
            response = self.response_at(status, entry, location.child(status), hint)
            if response is not None:
                found.append(response)
        return tuple(found)

    def response_at(
        self, status: str, entry: Any, location: Location, hint: str
    ) -> Response | None:
        """The response `entry` is or refers to (a shared component is built once)."""
        response, location = self.refs.deref(entry, location)
        built = built_once(
            self.shared_responses,
            location,
            lambda: self.response(status, response, location, hint),
        )
        if built is None or built.status == status:
            return built
        return replace(built, status=status)  # one shared response, another status

    def response(
        self, status: str, response: Any, location: Location, hint: str
    ) -> Response | None:
        if not isinstance(response, dict):
            self.warn(
                location, "response is not an object (or a dangling $ref); ignored"
            )
            return None
        hint = hint_for(location, f"{hint}.{status}")
        content = _mapping(response.get("content"))
        media_type = pick_media_type(content)
        type_: TypeExpr | None = None
        examples: tuple[JSONValue, ...] = ()
        if media_type is not None and is_json_media(media_type):
            examples = self.media_examples(
                _mapping(content[media_type]), location.child("content", media_type)
            )
            schema = _mapping(content[media_type]).get("schema")
            media_location = location.child("content", media_type, "schema")
            type_ = (
                self.types.type_of(schema, media_location, hint)
                if schema is not None
                else AnyType()
            )
        headers = []
        for name, raw_header in _mapping(response.get("headers")).items():
            header = self.header_at(
                str(name), raw_header, location.child("headers", str(name)), hint
            )
            if header is not None:
                headers.append(header)
        return Response(
            status=status,
            location=location,
            content_type=media_type,
            type=type_,
            description=_text(response.get("description")),
            headers=tuple(headers),
            links=tuple(str(k) for k in _mapping(response.get("links"))),
            examples=examples,
        )

    def header_at(
        self, name: str, entry: Any, location: Location, hint: str
    ) -> ResponseHeader | None:
        """The response header `entry` is or refers to (a shared component is built once)."""
        header, location = self.refs.deref(entry, location)
        built = built_once(
            self.shared_headers,
            location,
            lambda: self.header(name, header, location, hint),
        )
        if built is None or built.name == name:
            return built
        return replace(built, name=name)  # one shared header under another name

    def header(
        self, name: str, header: Any, location: Location, hint: str
    ) -> ResponseHeader | None:
        if not isinstance(header, dict):
            self.warn(
                location,
                "response header is not an object (or a dangling $ref); ignored",
            )
            return None
        schema, schema_location = self.parameter_schema(header, location)
        return ResponseHeader(
            name=name,
            type=(
                self.types.type_of(
                    schema, schema_location, hint_for(location, f"{hint}.{name}")
                )
                if schema is not None
                else AnyType()
            ),
            description=_text(header.get("description")),
        )

    def media_examples(
        self, media: dict[str, Any], location: Location
    ) -> tuple[JSONValue, ...]:
        """The media object's `example`, then each `examples.*.value` (through `$ref`s), as JSON."""
        found: list[JSONValue] = []
        if media.get("example") is not None:
            found.append(to_json(media["example"]))
        for name, raw in _mapping(media.get("examples")).items():
            example, _ = self.refs.deref(raw, location.child("examples", str(name)))
            if isinstance(example, dict) and example.get("value") is not None:
                found.append(to_json(example["value"]))
        return tuple(found)


def _server_urls(raw: Any) -> tuple[str, ...]:
    """Server URLs with `{variables}` replaced by their defaults (relative URLs kept)."""
    urls: list[str] = []
    for server in raw if isinstance(raw, list) else ():
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url: str = server["url"]
        for name, variable in _mapping(server.get("variables")).items():
            if isinstance(variable, dict) and "default" in variable:
                url = url.replace("{" + str(name) + "}", str(variable["default"]))
        if url not in urls:
            urls.append(url)
    return tuple(urls)
    return tuple(urls)


def _merge_parameters(
    shared: list[Parameter], own: list[Parameter]
) -> tuple[Parameter, ...]:
    """Path-level parameters overridden by operation-level ones with the same name and `in`."""
    merged: dict[tuple[str, str], Parameter] = {(p.name, p.location): p for p in shared}
    for parameter in own:
        merged[(parameter.name, parameter.location)] = parameter
    return tuple(merged.values())


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    return (
        float(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else None
    )
