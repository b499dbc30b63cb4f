"""Methods for operations from a REST API config (`Operation.resource`).

Each resource becomes a method returning `Paged[Record]`: parent fields and the incremental start
value are keywords, static params are keywords with the config's values as defaults, and templates
(`"{resources.posts.id}"`, `"{incremental.start_value}"`) are filled at call time by the generated
`_resource` module. A child resource also gets `all_<name>()`, which walks every parent record as
dlt does. Config text reaches code only through `py_str` / `py_literal`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from restwright.infer.decision import OperationInference
from restwright.model.ir import AnyType, ApiModel, JSONValue, Operation, TypeExpr
from restwright.model.plan import ResourcePlan
from restwright.model.resource import ResourceConfig, ResponseAction
from restwright.render.layout import Doc, atom, bracketed, call, lay_out, prefixed
from restwright.render.literals import (
    docstring_lines,
    is_json_literal,
    py_literal,
    py_str,
    render_docstring,
)
from restwright.render.names import escape_reserved, snake_case
from restwright.render.operations import (
    BODY_NAMES,
    PAGINATOR_CLASSES,
    Arg,
    MethodView,
    code_references,
    signature,
)
from restwright.render.types import TypeRenderer, optional, wrap

SUPPORT_MODULE = "_resource"


class HasArguments(Protocol):
    """A credential kind: the `Client` keyword arguments it takes."""

    @property
    def arguments(self) -> tuple[str, ...]: ...


_RESERVED = BODY_NAMES | {"values", "parent", "record", "start_value", "end_value"}


def has_config_operations(plans: Mapping[str, ResourcePlan]) -> bool:
    """Whether the generated package needs the `_resource` helper module."""
    return bool(plans)


def credential_env_vars(
    model: ApiModel, package: str, creds: Sequence[HasArguments]
) -> dict[str, str]:
    """Config clients read left-out credentials from `<PACKAGE>_<ARGUMENT>` (secrets never in code)."""
    if model.source_kind != "rest-api-config":
        return {}
    arguments = dict.fromkeys(a for c in creds for a in c.arguments)
    return {a: f"{package}_{a}".upper() for a in arguments}


def all_method_name(name: str) -> str:
    """The fan-out iterator of a child resource: `all_post_comments`."""
    return f"all_{name}"


class ConfigMethodRenderer:
    """Renders one config resource as a client method (plus its fan-out iterator for a child)."""

    def __init__(
        self,
        model: ApiModel,
        types: TypeRenderer,
        package: str,
        method_names: Mapping[str, str],
        plans: Mapping[str, ResourcePlan],
    ) -> None:
        """`method_names`: operation key → the client method the package named it (for fan-outs)."""
        self.model = model
        self.types = types
        self.package = package
        self.method_names = method_names
        self.plans = plans
        self.by_name = {
            plans[op.key].resource.name: op
            for op in model.operations
            if op.key in plans
        }

    def render(
        self, op: Operation, name: str, inference: OperationInference, owner: str
    ) -> MethodView:
        resource = self.plans[op.key].resource
        client = "self" if owner == "client" else "self._client"
        records = self._records(resource)
        keywords, exposed = self._keywords(op, resource)
        support = ["expand", "expand_path"] if resource.placeholders else []
        paged = "ActionPaged" if resource.response_actions else "Paged"
        if resource.response_actions:
            support += ["Action", "ActionPaged"]
        if resource.incremental is not None and resource.incremental.convert:
            support.append("load_callable")
        support = [s for s in support if s != "expand" or self._uses_expand(resource)]
        support = [s for s in support if s != "expand_path" or "{" in resource.path]

        lines = signature(name, self._star(keywords), wrap("Paged", records))
        lines.append(render_docstring(docstring_lines(op.summary, op.description), 8))
        if support:
            lines.append(
                f"        from {self.package}.{SUPPORT_MODULE} import {', '.join(sorted(support))}"
            )
            lines.append("")
        if resource.placeholders:
            lines.extend(self._values(resource))
        args: list[str | Doc] = [f"{client}.rest", self._path(resource)]
        kwargs: list[Doc] = [atom(f"method={py_str(op.method.upper())}")]
        helpers: set[str] = set()
        params = self._params(resource, exposed)
        if params is not None:
            kwargs.append(
                prefixed("params=", bracketed("compact_params(", [params], ")"))
            )
            helpers.add("compact_params")
        if resource.headers:
            headers: dict[str, JSONValue] = dict(resource.headers)
            template = self._template(headers)
            # Parent values may be numbers: headers are text.
            if _has_placeholder(headers):
                template = bracketed("compact_headers(", [template], ")")
                helpers.add("compact_headers")
            kwargs.append(prefixed("headers=", template))
        if resource.json is not None:
            kwargs.append(prefixed("json=", self._template(resource.json)))
        runtime_names: set[str] = set()
        paginator = inference.paginator
        cls = PAGINATOR_CLASSES.get(paginator.type) if paginator is not None else None
        if paginator is not None and cls is not None:
            runtime_names.add(cls)
            pargs = [
                atom(f"{k}={py_literal(v)}")
                for k, v in sorted(paginator.params.items())
                if k.isidentifier() and is_json_literal(v)
            ]
            kwargs.append(prefixed("paginator=", bracketed(f"{cls}(", pargs, ")")))
        selector = inference.data_selector.path if inference.data_selector else None
        if selector is not None:
            kwargs.append(atom(f"data_selector={py_str(selector)}"))
        if resource.response_actions:
            actions = [self._action(a) for a in resource.response_actions]
            kwargs.append(prefixed("actions=", bracketed("[", actions, "]")))
        lines.extend(call(paged, [*args, *kwargs], 8, "return "))
        if resource.parent is not None:
            lines.append("")
            lines.extend(self._fan_out(name, resource, records, keywords, exposed))
        required = [k.name for k in keywords if k.default is None]
        example = name + "(" + ", ".join(f"{k}=..." for k in required) + ")"
        code = "\n".join(lines)
        typing_names, uses_models = code_references(code)
        return MethodView(
            name,
            code,
            True,
            example,
            runtime_names=runtime_names,
            typing_names=typing_names,
            helpers=helpers,
            uses_models=uses_models,
            location=op.location,
        )

    # ------------------------------------------------------------------ signature

    def _records(self, resource: ResourceConfig) -> Doc:
        if resource.record_type is None:
            return atom("dict[str, Any]")
        return self.types.doc(resource.record_type)

    def _star(self, keywords: list[Arg]) -> list[Arg]:
        return [Arg("self"), Arg("*"), *keywords] if keywords else [Arg("self")]

    def _keywords(
        self, op: Operation, resource: ResourceConfig
    ) -> tuple[list[Arg], dict[str, str]]:
        """Parent keywords, exposed params (config name → python name), incremental values."""
        args: list[Arg] = []
        taken: set[str] = set()
        if resource.parent is not None:
            for keyword in resource.parent.keywords:
                args.append(
                    Arg(keyword, self.types.doc(self._parent_type(op, keyword)))
                )
                taken.add(keyword)
        exposed: dict[str, str] = {}
        for p in op.parameters:
            if p.location != "query":
                continue
            py = escape_reserved(snake_case(p.name, "param"), _RESERVED | taken)
            while py in taken:
                py += "_"
            taken.add(py)
            exposed[p.name] = py
            args.append(Arg(py, self.types.doc(p.type), py_literal(p.default)))
        incremental = resource.incremental
        used = {p.keyword for p in resource.placeholders if p.kind == "incremental"}
        if incremental is not None and "start_value" in used:
            start = self.types.doc(incremental.start_type)
            if incremental.initial_value is None:
                args.append(Arg("start_value", optional(start), "None"))
            else:
                args.append(
                    Arg("start_value", start, py_literal(incremental.initial_value))
                )
        if incremental is not None and "end_value" in used:
            end = optional(self.types.doc(incremental.start_type))
            args.append(Arg("end_value", end, py_literal(incremental.end_value)))
        return args, exposed

    def _parent_type(self, op: Operation, keyword: str) -> TypeExpr:
        for p in op.parameters:
            if p.location == "path" and p.name == keyword:
                return p.type
        return AnyType()

    # ------------------------------------------------------------------ body

    def _uses_expand(self, resource: ResourceConfig) -> bool:
        return (
            bool(resource.headers)
            or resource.json is not None
            or any(isinstance(v, str) and "{" in v for v in resource.params.values())
            or any(isinstance(v, (list, dict)) for v in resource.params.values())
        )

    def _values(self, resource: ResourceConfig) -> list[str]:
        """`values = {...}`: what each placeholder stands for in this call."""
        entries: list[Doc] = []
        incremental = resource.incremental
        for placeholder in resource.placeholders:
            if placeholder.keyword == "initial_value":
                value = py_literal(incremental.initial_value if incremental else None)
            elif (
                placeholder.kind == "incremental"
                and incremental is not None
                and incremental.convert
            ):
                value = f"load_callable({py_str(incremental.convert)})({placeholder.keyword})"
            else:
                value = placeholder.keyword
            entries.append(atom(f"{py_str(placeholder.text)}: {value}"))
        doc = bracketed("{", entries, "}")
        lines: list[str] = lay_out(doc, 8, "values: dict[str, Any] = ")
        return lines

    def _path(self, resource: ResourceConfig) -> str | Doc:
        if "{" not in resource.path:
            return py_str(resource.path.replace("}}", "}"))
        return bracketed(
            "expand_path(", [atom(py_str(resource.path)), atom("values")], ")"
        )

    def _params(self, resource: ResourceConfig, exposed: dict[str, str]) -> Doc | None:
        entries: list[Doc] = []
        for key, value in resource.params.items():
            if key in exposed:
                entries.append(atom(f"{py_str(key)}: {exposed[key]}"))
            else:
                entries.append(prefixed(f"{py_str(key)}: ", self._template(value)))
        return bracketed("{", entries, "}") if entries else None

    def _template(self, value: JSONValue) -> Doc:
        """A static value, or `expand(<template>, values)` when it holds placeholders."""
        if _has_placeholder(value):
            return bracketed("expand(", [_literal_doc(value), atom("values")], ")")
        return _literal_doc(_unescape(value))

    def _action(self, action: ResponseAction) -> Doc:
        args: list[Doc] = []
        if action.status_codes:
            codes = ", ".join(str(c) for c in action.status_codes)
            args.append(
                atom(
                    f"status_codes=({codes}{',' if len(action.status_codes) == 1 else ''})"
                )
            )
        if action.content is not None:
            args.append(atom(f"content={py_str(action.content)}"))
        if action.ignore:
            args.append(atom("ignore=True"))
        if action.callables:
            refs = ", ".join(py_str(c) for c in action.callables)
            args.append(
                atom(f"callables=({refs}{',' if len(action.callables) == 1 else ''})")
            )
        return bracketed("Action(", args, ")")

    # ------------------------------------------------------------------ fan-out

    def _fan_out(
        self,
        name: str,
        resource: ResourceConfig,
        records: Doc,
        keywords: list[Arg],
        exposed: dict[str, str],
    ) -> list[str]:
        """`all_<name>()`: every record of this resource for every record of its parent."""
        binding = resource.parent
        assert binding is not None
        own = [k for k in keywords if k.name not in binding.keywords]
        passed = [k.name for k in own]
        parent_op = self.by_name[binding.resource]
        parent = self.plans[parent_op.key].resource
        parent_method = self.method_names.get(
            parent_op.key, snake_case(binding.resource, "op")
        )
        source = (
            f"self.{all_method_name(parent_method)}()"
            if parent.parent
            else f"self.{parent_method}()"
        )
        lines = signature(
            all_method_name(name),
            self._star(own),
            wrap("Iterator", records),
        )
        summary = f"Every `{resource.name}` record of every `{binding.resource}` record (what dlt loads)."
        lines.append(render_docstring(docstring_lines(summary), 8))
        lines.append(
            f"        from {self.package}.{SUPPORT_MODULE} import parent_field"
        )
        lines.append("")
        lines.append(f"        for parent in {source}:")
        args = [
            atom(f"{keyword}=parent_field(parent, {py_str(field)})")
            for keyword, field in zip(binding.keywords, binding.fields)
        ] + [atom(f"{p}={p}") for p in passed]
        if not binding.include_from_parent:
            lines.extend(call(f"self.{name}", list(args), 12, "yield from "))
            return lines
        lines.extend(call(f"self.{name}", list(args), 12, "for record in ", ":"))
        for field in binding.include_from_parent:
            key = py_str(f"_{binding.resource}_{field}")
            lines.append(
                f"                record[{key}] = parent_field(parent, {py_str(field)})"
            )
        lines.append("                yield record")
        return lines


def _has_placeholder(value: JSONValue) -> bool:
    if isinstance(value, str):
        return "{" in value.replace("{{", "")
    if isinstance(value, list):
        return any(_has_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(_has_placeholder(v) for v in value.values())
    return False


def _unescape(value: JSONValue) -> JSONValue:
    """Template text without placeholders, as the literal it stands for (`{{` → `{`)."""
    if isinstance(value, str):
        return value.replace("{{", "{").replace("}}", "}")
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value


def _literal_doc(value: JSONValue) -> Doc:
    """A JSON value as a breakable Python literal."""
    if isinstance(value, list):
        return bracketed("[", [_literal_doc(v) for v in value], "]")
    if isinstance(value, dict):
        return bracketed(
            "{",
            [
                prefixed(f"{py_str(str(k))}: ", _literal_doc(v))
                for k, v in value.items()
            ],
            "}",
        )
    return atom(py_literal(value))
