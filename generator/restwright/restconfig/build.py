"""A dlt `rest_api` config → `ApiModel` (one operation per resource) and a `ResourcePlan` per operation."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from typing import Any

from restwright.diagnostics import Diagnostic, Location, RestwrightError
from restwright.jsonpaths import jsonpath_problem
from restwright.load.document import LoadedDocument
from restwright.model.ir import (
    AnyType,
    ApiModel,
    Field,
    JSONValue,
    NamedType,
    Operation,
    Parameter,
    Response,
    SchemaDef,
    SecurityScheme,
    TypeExpr,
)
from restwright.model.jsonvalues import scalar_type
from restwright.model.plan import ModelledApi, ResourcePlan, StatedChoices
from restwright.model.resource import (
    Column,
    Incremental,
    ParentBinding,
    Placeholder,
    ResourceConfig,
)
from restwright.restconfig.actions import response_actions
from restwright.restconfig.auth import auth_scheme
from restwright.restconfig.hooks import hook_ref
from restwright.restconfig.columns import column_type, columns_of, record_schema
from restwright.restconfig.normalize import RawResource, column_map, normalize_resources
from restwright.kinds.paginators import AUTO, check_paginator, controlled_params
from restwright.restconfig.schema import (
    ClientSpec,
    EndpointSpec,
    IncrementalSpec,
    ResourceSpec,
    missing,
    validated,
)
from restwright.restconfig.placeholders import (
    classify,
    fields_in,
    keyword_for,
    walk_strings,
)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


STATED = "stated in the REST API config"


def build_model_from_config(doc: LoadedDocument) -> ModelledApi:
    """Build the IR and plans for a loaded `rest_api` config; warnings land in `ApiModel.diagnostics`."""
    return _ConfigBuilder(doc).build()


def plain_json(value: Any) -> JSONValue:
    """YAML/TOML values as JSON: dates and times as ISO text (what the config author typed)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    return str(value)


def _headers(raw: dict[str, str | int | float] | None) -> dict[str, str]:
    """Header values as text (a config may write numbers)."""
    return {str(k): str(plain_json(v)) for k, v in (raw or {}).items()}


def value_type(value: JSONValue) -> TypeExpr:
    """The Python type of a config value (for a keyword's annotation)."""
    return scalar_type(value) or AnyType()


class _ConfigBuilder:
    def __init__(self, doc: LoadedDocument) -> None:
        self.file = doc.file
        self.root = Location(doc.file)
        self.document: dict[str, Any] = doc.document
        self.diagnostics: list[Diagnostic] = list(doc.diagnostics)
        self.schemes: dict[str, SecurityScheme] = {}
        self.schemas: dict[str, SchemaDef] = {}

    def warn(self, where: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic("warning", message, where))

    def error(self, where: Location, message: str, cause: str | None = None) -> None:
        """Record an error and go on, so one run reports every mistake in the config."""
        self.diagnostics.append(Diagnostic("error", message, where, cause))

    def build(self) -> ModelledApi:
        where = self.root.child("client")
        raw_client = self.document.get("client")
        if not isinstance(raw_client, dict):
            self.error(
                where, "rest_api config: `client` must be a mapping with `base_url`"
            )
            raw_client = {}
        client = validated(ClientSpec, raw_client, where, "client", self.diagnostics)
        client = client or ClientSpec()
        if client.base_url is None and "base_url" not in raw_client:
            missing(ClientSpec, "base_url", where, "client", self.diagnostics)
        base_url = client.base_url or ""
        for key in client.unknown_keys():
            self.warn(where.child(key), f"client setting `{key}` is not used")
        client_paginator = (
            check_paginator(
                client.paginator, where.child("paginator"), "client", self.diagnostics
            )
            if client.paginator is not None
            else None
        )
        client_headers = _headers(client.headers)
        client_scheme = self._scheme(client.auth, where.child("auth"), "client")

        raws = normalize_resources(self.document, self.root, self.diagnostics)
        parsed = [self._parse(raw, client_paginator, client_scheme) for raw in raws]
        by_name = {p.config.name: p for p in parsed}
        for resource in parsed:
            self._check_parent(resource, by_name)
        cycles: set[frozenset[str]] = set()
        for resource in parsed:
            self._check_cycle(resource.config.name, by_name, cycles)
        for resource in parsed:
            self._finish(resource, by_name)
        errors = [d for d in dict.fromkeys(self.diagnostics) if d.severity == "error"]
        if errors:
            raise RestwrightError(errors)
        operations = _unique_keys([p.operation for p in parsed])
        plans = {
            op.key: ResourcePlan(
                p.config, StatedChoices(p.paginator, p.selector, STATED)
            )
            for op, p in zip(operations, parsed)
        }
        model = ApiModel(
            title=str(self.document.get("name") or _title_from(base_url)),
            version=str(self.document.get("version") or ""),
            source_kind="rest-api-config",
            source_file=self.file,
            servers=(base_url.strip(),),
            operations=operations,
            schemas=self.schemas,
            security_schemes=self.schemes,
            diagnostics=self.diagnostics,
            default_headers=client_headers,
        )
        return ModelledApi(model, plans)

    # ------------------------------------------------------------------ client level

    def _scheme(self, raw: Any, where: Location, owner: str) -> str | None:
        """Register the scheme (one key per distinct scheme) and return its key."""
        scheme = auth_scheme(raw, where, owner, self.diagnostics)
        if scheme is None:
            return None
        for key, known in self.schemes.items():
            if _same_scheme(known, scheme):
                return key
        key = (
            scheme.key
            if scheme.key not in self.schemes
            else f"{scheme.key}_{len(self.schemes)}"
        )
        self.schemes[key] = replace(scheme, key=key)
        return key

    # ------------------------------------------------------------------ one resource

    def _parse(
        self,
        raw: RawResource,
        client_paginator: dict[str, JSONValue] | None,
        client_scheme: str | None,
    ) -> _Parsed:
        name, where = raw.name, raw.location
        owner = f"resource `{name}`"
        at = where.child("endpoint")
        spec = validated(ResourceSpec, raw.config, where, owner, self.diagnostics)
        if spec is not None and spec.processing_steps is not None:
            self.warn(
                where.child("processing_steps"),
                f"{owner}: `processing_steps` is not supported and is ignored",
            )
        endpoint = validated(
            EndpointSpec, raw.endpoint, at, owner, self.diagnostics, {"path": name}
        ) or EndpointSpec.model_validate({"path": name})
        path, method = endpoint.path, endpoint.method
        params = dict(endpoint.params or {})
        incremental_raw = endpoint.incremental
        incremental_at = at.child("incremental")
        resolved: dict[str, str] = (
            {}
        )  # legacy resolve param name → `resources.<parent>.<field>`
        for key, value in list(params.items()):
            if not isinstance(value, dict):
                continue
            kind = value.get("type")
            if kind == "resolve":
                parent, field = value.get("resource"), value.get("field")
                del params[key]
                if not isinstance(parent, str) or not isinstance(field, str):
                    self.error(
                        at.child("params", key),
                        f"{owner}: a `resolve` param needs `resource` and `field`",
                    )
                    continue
                resolved[str(key)] = f"resources.{parent}.{field}"
            elif kind == "incremental":
                if incremental_raw is not None:
                    self.error(
                        at.child("params", key),
                        f"{owner}: incremental is set both in params and `incremental`",
                    )
                    del params[key]
                    continue
                incremental_raw = {k: v for k, v in value.items() if k != "type"}
                incremental_raw.setdefault("start_param", key)
                incremental_at = at.child("params", key)
                del params[key]
        path = self._legacy_path(path, resolved, at.child("path"), owner)
        for key, text in resolved.items():
            if "{" + text + "}" not in path:
                params[key] = (
                    "{" + text + "}"
                )  # a resolved value sent as a query parameter
        incremental = self._incremental(incremental_raw, incremental_at, owner, raw)
        if incremental is not None:
            if incremental.start_param:
                params[incremental.start_param] = "{incremental.start_value}"
            if incremental.end_param:
                params[incremental.end_param] = "{incremental.end_value}"
        params_json: dict[str, JSONValue] = {
            str(k): plain_json(v) for k, v in params.items()
        }
        body = (
            plain_json(endpoint.json_body) if endpoint.json_body is not None else None
        )
        # Client headers become the client's defaults (see ApiModel.default_headers), so that
        # `Client(headers=...)` can override them as in dlt; only the endpoint's are sent per call.
        headers = _headers(endpoint.headers)

        placeholders: dict[str, Placeholder] = {}
        sources: list[tuple[str, Location]] = [(path, at.child("path"))]
        sources += list(walk_strings(params_json, at.child("params")))
        sources += list(walk_strings(body, at.child("json")))
        sources += [(v, at.child("headers", k)) for k, v in headers.items()]
        for text, place in sources:
            for found in fields_in(text, place, name, self.diagnostics):
                placeholder = classify(found, place, name, self.diagnostics)
                if placeholder is None:
                    continue
                # A wrong `incremental` setting was reported already: no second error for its use.
                if placeholder.kind == "incremental" and incremental_raw is None:
                    self.error(
                        place,
                        f"{owner}: placeholder `{{{found}}}` needs an `incremental` setting",
                    )
                placeholders.setdefault(found, placeholder)

        paginator_raw = endpoint.paginator
        paginator = (
            check_paginator(
                paginator_raw, at.child("paginator"), owner, self.diagnostics
            )
            if paginator_raw is not None
            else client_paginator
        ) or {"type": AUTO}
        selector = endpoint.data_selector
        if selector is not None and (problem := jsonpath_problem(selector)):
            self.error(
                at.child("data_selector"),
                f"{owner}: `data_selector` is not a JSONPath the runtime can read",
                problem,
            )
            selector = None
        scheme = (
            self._scheme(endpoint.auth, at.child("auth"), owner)
            if endpoint.auth
            else client_scheme
        )
        columns = columns_of(
            column_map(raw.config.get("columns")), raw.config.get("primary_key")
        )
        config = ResourceConfig(
            name=name,
            location=where,
            path=path,
            placeholders=tuple(placeholders.values()),
            params=params_json,
            json=body,
            headers=headers,
            incremental=incremental,
            response_actions=response_actions(
                endpoint.response_actions,
                at.child("response_actions"),
                owner,
                self.diagnostics,
            ),
            primary_key=plain_json(raw.config.get("primary_key")),
            write_disposition=plain_json(raw.config.get("write_disposition")),
            columns=columns,
            table_name=(
                str(raw.config["table_name"])
                if isinstance(raw.config.get("table_name"), str)
                else None
            ),
        )
        parsed = _Parsed(raw, config, method, paginator, selector, scheme)
        if spec is not None:
            parsed.include_from_parent = tuple(spec.include_from_parent or ())
        return parsed

    def _legacy_path(
        self, path: str, resolved: dict[str, str], where: Location, owner: str
    ) -> str:
        """`posts/{post_id}` with a resolve param `post_id` → `posts/{resources.posts.id}`."""
        out = path
        for found in fields_in(path, where, owner, self.diagnostics):
            if found in resolved:
                out = out.replace("{" + found + "}", "{" + resolved[found] + "}")
        return out

    def _incremental(
        self, raw: Any, where: Location, owner: str, resource: RawResource
    ) -> Incremental | None:
        if raw is None:
            return None
        spec = validated(
            IncrementalSpec,
            raw if isinstance(raw, dict) else {},
            where,
            owner,
            self.diagnostics,
        )
        if spec is None:
            return None
        for key in spec.unknown_keys():
            self.warn(
                where.child(key), f"{owner}: incremental setting `{key}` is not used"
            )
        initial = plain_json(spec.initial_value)
        start_type: TypeExpr | None = (
            value_type(initial) if initial is not None else None
        )
        if start_type is None:
            cursor_column = spec.cursor_path.split(".")[0]
            hints = column_map(resource.config.get("columns")).get(cursor_column)
            if hints is not None:
                start_type = column_type(
                    columns_of({cursor_column: {**hints, "nullable": False}})[0],
                    where,
                    [],
                )
        convert = None
        if spec.convert is not None:
            message = f"{owner}: `convert` must be a `module:function` path"
            convert = hook_ref(
                spec.convert, where.child("convert"), message, self.diagnostics
            )
        return Incremental(
            cursor_path=spec.cursor_path,
            location=where,
            initial_value=initial,
            end_value=plain_json(spec.end_value),
            start_param=str(spec.start_param) if spec.start_param else None,
            end_param=str(spec.end_param) if spec.end_param else None,
            start_type=start_type,
            convert=convert,
        )

    # ------------------------------------------------------------------ parents

    def _check_parent(self, resource: _Parsed, by_name: dict[str, _Parsed]) -> None:
        """At most one parent, and it exists (dlt's rules)."""
        name = resource.config.name
        parents = []
        for placeholder in resource.config.placeholders:
            if placeholder.kind != "resource":
                continue
            parent = placeholder.text.split(".")[1]
            if parent not in by_name:
                self.error(
                    resource.raw.location.child("endpoint"),
                    f"resource `{name}`: placeholder `{{{placeholder.text}}}` names a resource `{parent}`"
                    " that the config does not define",
                )
            elif parent not in parents:
                parents.append(parent)
        if len(parents) > 1:
            self.error(
                resource.raw.location.child("endpoint"),
                f"resource `{name}` reads from more than one parent resource ({', '.join(parents)})",
            )
        resource.parent = parents[0] if parents else None

    def _check_cycle(
        self, start: str, by_name: dict[str, _Parsed], reported: set[frozenset[str]]
    ) -> None:
        """A chain of parents that returns to itself is an error, reported once per cycle."""
        chain = [start]
        current = by_name[start].parent
        while current is not None:
            if current in chain:
                members = chain[chain.index(current) :]
                if frozenset(members) not in reported:
                    reported.add(frozenset(members))
                    self.error(
                        by_name[start].raw.location,
                        f"resource `{start}`: resources depend on each other in a cycle"
                        f" ({' → '.join(members + [current])})",
                    )
                return
            chain.append(current)
            current = by_name[current].parent

    def _finish(self, resource: _Parsed, by_name: dict[str, _Parsed]) -> None:
        """The parent binding, record type and the operation itself."""
        config = resource.config
        binding: ParentBinding | None = None
        extra_fields: list[Field] = []
        if resource.parent is not None:
            prefix = f"resources.{resource.parent}."
            fields = tuple(
                dict.fromkeys(
                    p.text[len(prefix) :]
                    for p in config.placeholders
                    if p.text.startswith(prefix)
                )
            )
            include = resource.include_from_parent
            parent_columns = {
                c.name: c for c in by_name[resource.parent].config.columns
            }
            for field in include:
                extra_fields.append(
                    Field(
                        f"_{resource.parent}_{field}",
                        self._field_type(parent_columns, field),
                        required=False,
                    )
                )
            binding = ParentBinding(
                resource.parent,
                fields,
                tuple(keyword_for(resource.parent, f) for f in fields),
                tuple(include),
            )
        record_key = f"{config.name}_record"
        schema = record_schema(
            record_key,
            config.columns,
            tuple(extra_fields),
            resource.raw.location.child("columns"),
            self.diagnostics,
        )
        if schema is not None:
            self.schemas[record_key] = schema
        config = replace(
            config,
            parent=binding,
            record_type=NamedType(record_key) if schema is not None else None,
        )
        resource.config = config
        resource.operation = self._operation(resource, by_name)

    def _field_type(self, columns: dict[str, Column], field: str) -> TypeExpr:
        column = columns.get(field)
        return (
            column_type(column, Location(self.file), [])
            if column is not None
            else AnyType()
        )

    def _operation(self, resource: _Parsed, by_name: dict[str, _Parsed]) -> Operation:
        config = resource.config
        where = config.location.child("endpoint")
        path = config.path
        parameters: list[Parameter] = []
        # Placeholders were checked while parsing: errors found again here are not new.
        path_fields = fields_in(path, where.child("path"), config.name, [])
        keywords = {p.text: p.keyword for p in config.placeholders}
        for text in dict.fromkeys(path_fields):
            keyword = keywords.get(text)
            if keyword is None:
                continue
            path = path.replace("{" + text + "}", "{" + keyword + "}")
            parameters.append(
                Parameter(
                    keyword,
                    "path",
                    True,
                    self._keyword_type(text, config, by_name),
                    where.child("path"),
                )
            )
        if not _SCHEME.match(path):
            path = "/" + path.lstrip("/")
        controlled = controlled_params(resource.paginator)
        for key, value in config.params.items():
            if key in controlled or not isinstance(value, (str, int, float, bool)):
                continue
            if isinstance(value, str) and fields_in(value, where, config.name, []):
                continue
            literal = (
                value.replace("{{", "{").replace("}}", "}")
                if isinstance(value, str)
                else value
            )
            parameters.append(
                Parameter(
                    key,
                    "query",
                    False,
                    value_type(literal),
                    where.child("params", key),
                    default=literal,
                    has_default=True,
                )
            )
        return Operation(
            method=resource.method,
            path=path,
            operation_id=config.name,
            location=config.location,
            summary=f"Records of the `{config.name}` resource ({resource.method.upper()} {config.path}).",
            parameters=tuple(parameters),
            responses=(Response("200", where, "application/json", None),),
            security=((resource.scheme,),) if resource.scheme else (),
        )

    def _keyword_type(
        self, text: str, config: ResourceConfig, by_name: dict[str, _Parsed]
    ) -> TypeExpr:
        """A parent field's column type, the incremental start type, else Any."""
        if text.startswith("resources."):
            _, parent, field = text.split(".", 2)
            if parent not in by_name:
                return AnyType()  # reported by _check_parent
            columns = {c.name: c for c in by_name[parent].config.columns}
            column = columns.get(field)
            if column is not None and column.data_type is not None:
                hinted = column_type(
                    Column(column.name, column.data_type, False),
                    Location(self.file),
                    [],
                )
                return hinted
            return AnyType()
        if config.incremental is not None and config.incremental.start_type is not None:
            return config.incremental.start_type
        return AnyType()


class _Parsed:
    """A resource while the builder works on it (parent found later, operation last)."""

    def __init__(
        self,
        raw: RawResource,
        config: ResourceConfig,
        method: str,
        paginator: dict[str, JSONValue],
        selector: str | None,
        scheme: str | None,
    ) -> None:
        self.raw = raw
        self.config = config
        self.method = method
        self.paginator = paginator
        self.selector = selector
        self.scheme = scheme
        self.parent: str | None = None
        self.operation: Operation | None = None
        self.include_from_parent: tuple[str, ...] = ()


def _same_scheme(a: SecurityScheme, b: SecurityScheme) -> bool:
    return (a.kind, a.api_key_name, a.api_key_in, a.token_url) == (
        b.kind,
        b.api_key_name,
        b.api_key_in,
        b.token_url,
    )


def _title_from(base_url: str) -> str:
    """A title from the host (`https://blog.example/api` → `blog.example`)."""
    host = _SCHEME.sub("", base_url.strip()).split("/")[0]
    return host or "REST API"


def _unique_keys(operations: list[Operation | None]) -> list[Operation]:
    """Two resources on the same method and path get distinct keys via a URL fragment (never sent)."""
    out: list[Operation] = []
    seen: set[str] = set()
    for op in operations:
        assert op is not None
        if op.key in seen:
            op = replace(op, path=f"{op.path}#{op.operation_id}")
        seen.add(op.key)
        out.append(op)
    return out
