"""Resources of a dlt `rest_api` config → method views (`ResourcePlan` beside each operation).

Each resource becomes a method returning `Paged[Record]`: parent fields and the incremental start
value are keywords, static params are keywords with the config's values as defaults, and templates
(`"{resources.posts.id}"`, `"{incremental.start_value}"`) are filled at call time by the runtime's
`resource_support`. A child resource also gets `all_<name>()`, which walks every parent record as
dlt does. Hooks the config names are imported by name (see `restwright.restconfig.hooks`).
"""

from __future__ import annotations

from collections.abc import Mapping

from restwright.infer.decision import OperationInference
from restwright.model.ir import AnyType, ApiModel, JSONValue, Operation, TypeExpr
from restwright.model.plan import ResourcePlan
from restwright.model.resource import HookRef, ResourceConfig, ResponseAction
from restwright.render.environment import Code
from restwright.render.examples import example_call
from restwright.render.literals import py_literal
from restwright.render.names import escape_reserved, snake_case, unique_names
from restwright.render.operations import BODY_NAMES, paginator_view
from restwright.render.types import TypeRenderer, TypeText, optional, wrap
from restwright.render.views import (
    ActionView,
    ArgView,
    ConfigMethodView,
    ConfigParam,
    FanOutView,
    HookImport,
    ParentValue,
    PlaceholderValue,
    TemplateValue,
    arg,
)
from restwright.restconfig.hooks import OWN_MODULE, own_module

# Names a config method body uses besides its parameters.
_RESERVED = BODY_NAMES | {
    "values",
    "parent",
    "record",
    "start_value",
    "end_value",
    "Action",
    "ActionPaged",
    "expand",
    "expand_path",
    "parent_field",
}


def all_method_name(name: str) -> str:
    """The fan-out iterator of a child resource: `all_post_comments`."""
    return f"all_{name}"


class ConfigMethodRenderer:
    """Builds the view of one config resource as a client method (with its fan-out for a child)."""

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
    ) -> ConfigMethodView:
        resource = self.plans[op.key].resource
        records = self._records(resource)
        keywords, exposed = self._keywords(op, resource)
        hooks = self._hooks(resource)
        required = [k.name for k in keywords if k.default is None]
        paginator = inference.paginator
        return ConfigMethodView(
            macro="config_method",
            name=Code(name),
            positional=(),
            keywords=tuple(keywords),
            returns=wrap("Paged", records),
            doc=(op.summary, op.description),
            paginated=True,
            example=example_call(
                name, [], [(k, self._parent_type(op, k)) for k in required], self.model
            ),
            location=op.location,
            client=Code("self" if owner == "client" else "self._client"),
            http_method=op.method.upper(),
            path=(
                resource.path
                if "{" in resource.path
                else resource.path.replace("}}", "}")
            ),
            path_templated="{" in resource.path,
            values=self._values(resource, hooks),
            params=self._params(resource, exposed),
            headers=_template(dict(resource.headers)) if resource.headers else None,
            headers_as_text=_has_placeholder(dict(resource.headers)),
            json=_template(resource.json) if resource.json is not None else None,
            paginator=paginator_view(paginator) if paginator is not None else None,
            data_selector=(
                inference.data_selector.path if inference.data_selector else None
            ),
            actions=tuple(self._action(a, hooks) for a in resource.response_actions),
            hooks=tuple(hooks.values()),
            fan_out=(
                self._fan_out(name, resource, records, keywords)
                if resource.parent is not None
                else None
            ),
        )

    # ------------------------------------------------------------------ signature

    def _records(self, resource: ResourceConfig) -> TypeText:
        if resource.record_type is None:
            return TypeText("dict[str, Any]")
        return self.types.text(resource.record_type)

    def _keywords(
        self, op: Operation, resource: ResourceConfig
    ) -> tuple[list[ArgView], dict[str, Code]]:
        """Parent keywords, exposed params (config name → python name), incremental values."""
        args: list[ArgView] = []
        taken: set[str] = set()
        if resource.parent is not None:
            for keyword in resource.parent.keywords:
                args.append(
                    arg(keyword, self.types.text(self._parent_type(op, keyword)))
                )
                taken.add(keyword)
        exposed: dict[str, Code] = {}
        for p in op.parameters:
            if p.location != "query":
                continue
            py = escape_reserved(snake_case(p.name, "param"), _RESERVED | taken)
            while py in taken:
                py += "_"
            taken.add(py)
            exposed[p.name] = Code(py)
            args.append(arg(py, self.types.text(p.type), py_literal(p.default)))
        incremental = resource.incremental
        used = {p.keyword for p in resource.placeholders if p.kind == "incremental"}
        if incremental is not None and "start_value" in used:
            start = self.types.text(incremental.start_type)
            if incremental.initial_value is None:
                args.append(arg("start_value", optional(start), "None"))
            else:
                initial = py_literal(incremental.initial_value)
                args.append(arg("start_value", start, initial))
        if incremental is not None and "end_value" in used:
            end = optional(self.types.text(incremental.start_type))
            args.append(arg("end_value", end, py_literal(incremental.end_value)))
        return args, exposed

    def _parent_type(self, op: Operation, keyword: str) -> TypeExpr:
        for p in op.parameters:
            if p.location == "path" and p.name == keyword:
                return p.type
        return AnyType()

    # ------------------------------------------------------------------ body

    def _hooks(self, resource: ResourceConfig) -> dict[HookRef, HookImport]:
        """Each hook the resource names, imported under a local name of its own."""
        refs: list[HookRef] = []
        if resource.incremental is not None and resource.incremental.convert:
            refs.append(resource.incremental.convert)
        refs += [
            ref for action in resource.response_actions for ref in action.callables
        ]
        by_text = {str(ref): ref for ref in refs}
        aliases = unique_names(
            by_text,
            lambda text: f"hook_{snake_case(by_text[text].function)}",
            _RESERVED,
        )
        out: dict[HookRef, HookImport] = {}
        for text, ref in by_text.items():
            module = (
                f"{self.package}.{OWN_MODULE}"
                if own_module(ref, self.package)
                else ref.module
            )
            out[ref] = HookImport(Code(module), Code(ref.function), Code(aliases[text]))
        return out

    def _values(
        self, resource: ResourceConfig, hooks: Mapping[HookRef, HookImport]
    ) -> tuple[PlaceholderValue, ...]:
        """What each placeholder stands for in this call."""
        incremental = resource.incremental
        convert = (
            hooks[incremental.convert].alias
            if incremental is not None and incremental.convert
            else None
        )
        out = []
        for placeholder in resource.placeholders:
            if placeholder.keyword == "initial_value":
                initial = incremental.initial_value if incremental else None
                out.append(PlaceholderValue(placeholder.text, constant=initial))
            elif placeholder.kind == "incremental":
                keyword = Code(placeholder.keyword)
                out.append(PlaceholderValue(placeholder.text, keyword, convert=convert))
            else:
                out.append(
                    PlaceholderValue(placeholder.text, Code(placeholder.keyword))
                )
        return tuple(out)

    def _params(
        self, resource: ResourceConfig, exposed: Mapping[str, Code]
    ) -> tuple[ConfigParam, ...]:
        return tuple(
            (
                ConfigParam(key, exposed[key])
                if key in exposed
                else ConfigParam(key, value=_template(value))
            )
            for key, value in resource.params.items()
        )

    def _action(
        self, action: ResponseAction, hooks: Mapping[HookRef, HookImport]
    ) -> ActionView:
        return ActionView(
            action.status_codes,
            action.content,
            action.ignore,
            tuple(hooks[ref].alias for ref in action.callables),
        )

    # ------------------------------------------------------------------ fan-out

    def _fan_out(
        self,
        name: str,
        resource: ResourceConfig,
        records: TypeText,
        keywords: list[ArgView],
    ) -> FanOutView:
        """`all_<name>()`: every record of this resource for every record of its parent."""
        binding = resource.parent
        assert binding is not None
        own = tuple(k for k in keywords if k.name not in binding.keywords)
        parent_op = self.by_name[binding.resource]
        parent = self.plans[parent_op.key].resource
        parent_method = self.method_names.get(
            parent_op.key, snake_case(binding.resource, "op")
        )
        source = all_method_name(parent_method) if parent.parent else parent_method
        return FanOutView(
            name=Code(all_method_name(name)),
            keywords=own,
            returns=wrap("Iterator", records),
            doc=(
                f"Every `{resource.name}` record of every `{binding.resource}` record"
                " (what dlt loads)."
            ),
            source=Code(source),
            parent_values=tuple(
                ParentValue(Code(keyword), field)
                for keyword, field in zip(binding.keywords, binding.fields)
            ),
            passed=tuple(k.name for k in own),
            include=tuple(
                (f"_{binding.resource}_{field}", field)
                for field in binding.include_from_parent
            ),
        )


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


def _template(value: JSONValue) -> TemplateValue:
    """A static value, or a template `expand` fills when it holds placeholders."""
    if _has_placeholder(value):
        return TemplateValue(value, templated=True)
    return TemplateValue(_unescape(value))
