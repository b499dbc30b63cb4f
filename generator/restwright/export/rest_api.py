"""An analysed API → a dlt `rest_api` config: one resource per GET operation that lists records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from restwright.export.auth import dlt_auth
from restwright.export.paginator import dlt_paginator
from restwright.export.result import ExportedResource, RestApiExport
from restwright.export.yaml_text import render_yaml
from restwright.infer.decision import OperationInference
from restwright.kinds.paginators import controlled_params
from restwright.model.ir import ApiModel, Operation, SecurityScheme
from restwright.model.plan import ResourcePlan
from restwright.render.names import unique_names
from restwright.render.operations import method_name


class Analysis(Protocol):
    """What the export reads of an analysed API (the pipeline's `Analysis`)."""

    @property
    def model(self) -> ApiModel: ...

    @property
    def inference(self) -> dict[str, OperationInference]: ...

    @property
    def plans(self) -> Mapping[str, ResourcePlan]: ...


_SCALARS = (str, int, float, bool)


def to_rest_api_config(analysis: Analysis) -> dict[str, Any]:
    """The dlt `rest_api` config dict for an analysed API (deterministic key order)."""
    return export_rest_api(analysis).config


def to_rest_api_yaml(analysis: Analysis) -> str:
    """The config as YAML text, with every loss explained in a comment."""
    return render_yaml(export_rest_api(analysis))


def export_rest_api(analysis: Analysis) -> RestApiExport:
    """Build the config and the notes on what it leaves out."""
    return _Exporter(analysis.model, analysis.inference, analysis.plans).export()


@dataclass(frozen=True)
class _Auth:
    """One operation's dlt auth (None: none dlt can express), where its secrets live, and losses."""

    config: dict[str, Any] | None
    secrets_note: str
    notes: tuple[str, ...]


class _Exporter:
    def __init__(
        self,
        model: ApiModel,
        inference: dict[str, OperationInference],
        plans: Mapping[str, ResourcePlan],
    ) -> None:
        self.model = model
        self.plans = plans
        self.inference = inference
        self.base_url = model.servers[0] if model.servers else None
        self.schemes: dict[str, SecurityScheme] = dict(model.security_schemes)
        for decision in inference.values():
            for scheme in decision.auth.inferred_schemes:
                self.schemes[scheme.key] = scheme  # reinterprets a declared one

    def export(self) -> RestApiExport:
        chosen: list[Operation] = []
        skipped: list[str] = []
        for op in self.model.operations:
            reason = self._skip_reason(op)
            if reason is None:
                chosen.append(op)
            else:
                skipped.append(f"{op.key}: {reason}")
        names = unique_names(
            [op.key for op in chosen],
            lambda key: method_name(next(o for o in chosen if o.key == key), None),
        )
        auths = {op.key: self._auth(op) for op in chosen}
        client_auth = self._client_auth(list(auths.values()))
        resources = tuple(
            self._resource(op, names[op.key], auths[op.key], client_auth)
            for op in chosen
        )
        client: dict[str, Any] = {}
        client_notes: list[str] = []
        if self.base_url is not None:
            client["base_url"] = self.base_url
            if "{" in self.base_url:
                client_notes.append(
                    "the server URL has variables: replace them in client.base_url"
                )
        else:
            client_notes.append(
                "the spec names no server: set client.base_url before loading this config"
            )
        if client_auth is not None:
            client["auth"] = client_auth.config
            client_notes.append(client_auth.secrets_note)
        return RestApiExport(client, resources, tuple(client_notes), tuple(skipped))

    # ------------------------------------------------------------------ which operations

    def _skip_reason(self, op: Operation) -> str | None:
        """Why `op` is not a dlt resource; None when it is one."""
        decision = self.inference.get(op.key)
        if op.method != "get":
            return "not a GET: dlt resources read records"
        if decision is None or decision.paginator is None:
            return "returns a single resource, not a list of records"
        if op.key in self.plans:
            return "built from a rest_api config: export the config itself"
        path_params = [p.name for p in op.parameters if p.location == "path"]
        if path_params:
            return (
                f"needs path parameters ({', '.join(path_params)}) that no parent resource"
                " supplies"
            )
        if "{" in op.path or "}" in op.path or "#" in op.path:
            return "the path holds braces or a fragment that dlt would read as placeholders"
        missing = [
            p.name
            for p in op.parameters
            if p.required
            and not p.has_default
            and p.location in ("query", "header", "cookie")
        ]
        if missing:
            return f"needs required parameters without a default ({', '.join(missing)})"
        if op.request_body is not None and op.request_body.required:
            return "needs a request body"
        return None

    # ------------------------------------------------------------------ auth

    def _auth(self, op: Operation) -> _Auth:
        """dlt auth for `op`: its first alternative's first scheme, with notes on the rest."""
        decision = self.inference[op.key]
        alternatives = [alt for alt in decision.auth.alternatives if alt]
        if not alternatives:
            return _Auth(None, "", ())
        first = alternatives[0]
        scheme = self.schemes.get(first[0])
        if scheme is None:
            return _Auth(None, "", (f"auth `{first[0]}` is not defined in the spec",))
        config, note = dlt_auth(scheme, self.base_url)
        notes: list[str] = [] if config is not None else [note]
        if len(first) > 1:
            notes.append(
                f"the spec also requires {', '.join(first[1:])} together with {first[0]};"
                " a dlt config takes one auth"
            )
        others = [" + ".join(alt) for alt in alternatives[1:]]
        if others:
            notes.append(f"the spec also accepts: {', '.join(others)}")
        return _Auth(config, note if config is not None else "", tuple(notes))

    def _client_auth(self, auths: list[_Auth]) -> _Auth | None:
        """The auth most resources use (the first seen on a tie) goes on the client."""
        counts: Counter[str] = Counter()
        first: dict[str, _Auth] = {}
        for auth in auths:
            if auth.config is None:
                continue
            key = repr(sorted(auth.config.items()))
            counts[key] += 1
            first.setdefault(key, auth)
        if not counts:
            return None
        return first[
            max(first, key=lambda k: counts[k])
        ]  # max keeps the first of equals

    # ------------------------------------------------------------------ one resource

    def _resource(
        self,
        op: Operation,
        name: str,
        auth: _Auth,
        client_auth: _Auth | None,
    ) -> ExportedResource:
        decision = self.inference[op.key]
        assert decision.paginator is not None
        notes: list[str] = [
            f"{op.key}" + (f" ({op.operation_id})" if op.operation_id else "")
        ]
        selector = decision.data_selector.path if decision.data_selector else None
        paginator, paginator_notes = dlt_paginator(decision.paginator, selector)
        notes += paginator_notes
        endpoint: dict[str, Any] = {"path": op.path.lstrip("/")}
        set_by_paginator = set(decision.paginator.controlled_params)
        if isinstance(paginator, dict):
            set_by_paginator |= _paginator_query_params(paginator)
        params, headers, param_notes = _static_params(op, set_by_paginator)
        notes += param_notes
        if params:
            endpoint["params"] = params
        if headers:
            endpoint["headers"] = headers
        endpoint["paginator"] = paginator
        if selector is not None:
            endpoint["data_selector"] = selector
        else:
            notes.append("the records' place is not known: dlt detects it")
        notes += auth.notes
        client_config = client_auth.config if client_auth else None
        if auth.config is not None and auth.config != client_config:
            endpoint["auth"] = auth.config
            notes.append(auth.secrets_note)
        elif auth.config is None and client_config is not None:
            needs = "a different auth" if auth.notes else "no auth"
            notes.append(f"this operation needs {needs}, yet dlt sends the client's")
        return ExportedResource({"name": name, "endpoint": endpoint}, tuple(notes))


def _paginator_query_params(paginator: dict[str, Any]) -> set[str]:
    """The query parameters a dlt paginator writes itself (so they are not sent twice)."""
    return controlled_params(paginator)


def _static_params(
    op: Operation, set_by_paginator: set[str]
) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Query parameters and headers with a spec default, sent as the generated client sends them."""
    params: dict[str, Any] = {}
    headers: dict[str, str] = {}
    notes: list[str] = []
    for p in op.parameters:
        if not p.has_default or p.name in set_by_paginator:
            continue
        value = p.default
        text = str(value) if isinstance(value, _SCALARS) else None
        if p.location == "query" and value is not None:
            if isinstance(value, _SCALARS) or (
                isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)
            ):
                if any("{" in str(v) or "}" in str(v) for v in _as_list(value)):
                    notes.append(
                        f"query parameter `{p.name}`: its default holds braces dlt would read as a placeholder; not sent"
                    )
                    continue
                params[p.name] = _query_value(value)
                continue
        elif p.location == "header" and text is not None:
            if "{" in text or "}" in text:
                notes.append(
                    f"header `{p.name}`: its default holds braces dlt would read as a placeholder; not sent"
                )
                continue
            headers[p.name] = text
            continue
        notes.append(
            f"{p.location} parameter `{p.name}` keeps the server's default (not expressible)"
        )
    return params, headers, notes


def _query_value(value: Any) -> Any:
    """Booleans as JSON spells them (`true`), which is what the generated client sends."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_query_value(v) for v in value]
    return value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
