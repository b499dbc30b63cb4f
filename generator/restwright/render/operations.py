"""Operations → method source: names, signatures, bodies (paged or single request)."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field

from restwright.diagnostics import Diagnostic, Location
from restwright.infer.decision import OperationInference, PaginatorChoice
from restwright.kinds.paginators import PAGINATOR_KINDS
from restwright.model.ir import (
    ApiModel,
    JSONValue,
    LiteralType,
    MapType,
    NamedType,
    Operation,
    Parameter,
    Primitive,
    TypeExpr,
    UnionType,
)
from restwright.render.credentials import Credential, auth_argument, operation_auth
from restwright.render.layout import Doc, atom, bracketed, call, fits, lay_out, prefixed
from restwright.render.literals import (
    docstring_lines,
    is_json_literal,
    py_literal,
    py_str,
    render_docstring,
)
from restwright.render.names import (
    escape_reserved,
    settle_clashes,
    short_hash,
    snake_case,
)
from restwright.render.types import TypeRenderer, optional, wrap

PAGINATOR_CLASSES = {
    kind.name: kind.runtime_class
    for kind in PAGINATOR_KINDS.values()
    if kind.runtime_class is not None
}

# Local names a method body uses; parameters are renamed away from them.
BODY_NAMES = frozenset(
    {
        "self",
        "body",
        "data",
        "headers",
        "params",
        "client",
        "path",
        "result",
        "json",
        "method",
    }
    | {"build_path", "compact_params", "compact_headers", "styled_query"}
    | set(PAGINATOR_CLASSES.values())
)
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_JSON_MEDIA = re.compile(r"[/+]json\b|^\*/\*$")
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


def _pages_form_body(paginator: PaginatorChoice, content_type: str) -> bool:
    """A url-encoded form body can ride along every page, unless the paginator writes into the body
    (the runtime's body paths address JSON bodies only)."""
    return content_type.startswith("application/x-www-form-urlencoded") and not any(
        key.endswith("_body_path") and value for key, value in paginator.params.items()
    )


def method_name(op: Operation, tag: str | None) -> str:
    """snake_case from operationId, minus a repeated tag prefix; else from method + path."""
    if op.operation_id:
        name = snake_case(op.operation_id, "op")
        if tag is not None:
            prefix = snake_case(tag, "op") + "_"
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :]
        return name
    parts = [op.method.lower()]
    for segment in op.path.split("/"):
        match = _PATH_PARAM.fullmatch(segment)
        parts.append(f"by_{match.group(1)}" if match else segment)
    return snake_case(" ".join(parts), "op")


@dataclass(frozen=True)
class ParamView:
    """A method argument: its Python name, where it goes, and its signature text."""

    python_name: str
    spec_name: str
    location: str  # path | query | header | body | data
    signature: Doc  # "name: type = default"


# Names from `typing` a method may use; which ones it does decides the module's import line.
TYPING_NAMES = frozenset({"Any", "Iterator", "Literal", "Union"})
# Call helpers that `client.py` defines only when some method calls them.
CLIENT_HELPERS = ("build_path", "compact_headers", "compact_params")


@dataclass
class MethodView:
    """One rendered method and what its module must import or define for it.

    The import facts are recorded where the code is emitted, never found by searching the code
    text: spec text in docstrings and string literals must not add imports.
    """

    name: str
    code: str  # the whole method, indented for a class body
    paginated: bool
    example: str  # one call for the README
    # Names imported from restwright_runtime submodules (paginator classes, `styled_query`).
    runtime_names: set[str] = field(default_factory=set)
    typing_names: set[str] = field(default_factory=set)
    helpers: set[str] = field(default_factory=set)  # of CLIENT_HELPERS
    uses_models: bool = False
    location: Location | None = None  # the operation in the spec, for error messages
    uses_auth: bool = (
        False  # calls the client's `_auth_for` (an operation-specific credential)
    )


def code_references(code: str) -> tuple[set[str], bool]:
    """The `typing` names a method's code uses and whether it refers to `models.`.

    Read from the tokens, not the text: whether a long union is spelled `A | B` or `Union[...]`
    is only known once it is laid out, and docstrings and string literals are single tokens, so
    spec text ("Any", "models.x") never counts.
    """
    names: set[str] = set()
    uses_models = False
    previous = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.NAME and token.string in TYPING_NAMES:
                names.add(token.string)
            if previous == "models" and token.string == ".":
                uses_models = True
            previous = (
                token.string if token.type in (tokenize.NAME, tokenize.OP) else ""
            )
    except (tokenize.TokenError, SyntaxError):
        pass  # broken code: the package's compile check reports it, with its place
    return names, uses_models


def _default_fits(value: JSONValue, t: TypeExpr, model: ApiModel) -> bool:
    """Whether a spec default type-checks against the parameter's type (specs often disagree)."""
    resolved = model.resolve(t)
    if isinstance(resolved, UnionType):
        return any(_default_fits(value, m, model) for m in resolved.members)
    if isinstance(resolved, LiteralType):
        return value in resolved.values and type(value) in {
            type(v) for v in resolved.values
        }
    if isinstance(resolved, Primitive):
        if resolved.name == "bool":
            return isinstance(value, bool)
        if resolved.name == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if resolved.name == "float":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if resolved.name == "str":
            return isinstance(value, str)
        return value is None
    return resolved is None or not isinstance(resolved, NamedType)


class OperationRenderer:
    """Renders one operation as a method of a resource class or of the client."""

    def __init__(
        self,
        model: ApiModel,
        types: TypeRenderer,
        diagnostics: list[Diagnostic],
        credentials: Sequence[Credential] = (),
    ) -> None:
        self.model = model
        self.types = types
        self.diagnostics = diagnostics
        self.credentials = credentials

    def _param_names(self, params: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """(location, spec name) → python name; same-name clashes get the location, then a hash."""
        candidates = {
            p: escape_reserved(snake_case(p[1], "param"), BODY_NAMES) for p in params
        }
        out: dict[tuple[str, str], str] = {}
        for p, name in candidates.items():
            clash = [q for q, n in candidates.items() if n == name]
            if len(clash) == 1:
                out[p] = name
            elif len({q[0] for q in clash}) == len(clash):
                out[p] = f"{name.rstrip('_')}_{p[0]}"
            else:
                out[p] = f"{name.rstrip('_')}_{short_hash(p[0] + ':' + p[1])}"
        return settle_clashes(
            out, lambda p: p[0] + ":" + p[1], plain=lambda p, n: n == candidates[p]
        )

    def _query_styles(self, params: list[Parameter]) -> dict[str, tuple[str, bool]]:
        """(style, explode) of the query parameters whose encoding is not requests' default.

        Objects always need it (form+explode spreads their members into the query); so do
        deepObject, delimited styles and un-exploded arrays.
        """
        styles: dict[str, tuple[str, bool]] = {}
        for p in params:
            style = p.style or "form"
            explode = p.explode if p.explode is not None else style == "form"
            resolved = self.model.resolve(p.type)
            if isinstance(resolved, UnionType):
                members = [m for m in resolved.members if m != Primitive("None")]
                resolved = (
                    self.model.resolve(members[0]) if len(members) == 1 else resolved
                )
            objecty = isinstance(resolved, (MapType, NamedType))
            if objecty or style != "form" or not explode:
                styles[p.name] = (style, explode)
        return styles

    def render(
        self, op: Operation, name: str, inference: OperationInference, owner: str
    ) -> MethodView:
        paginator = inference.paginator
        body = op.request_body
        if (
            body is not None
            and op.method in ("get", "head")
            and not _JSON_MEDIA.search(body.content_type)
        ):
            body = None  # e.g. Stripe declares empty form bodies on GET: nothing a client sends
        if (
            paginator is not None
            and body is not None
            and not _JSON_MEDIA.search(body.content_type)
            and not _pages_form_body(paginator, body.content_type)
        ):
            # Paged sends JSON or url-encoded form bodies only; one request still returns the first page, typed.
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    f"{body.content_type} body on a paginated operation: generated as a single request",
                    body.location,
                )
            )
            paginator = None
        controlled = set(paginator.controlled_params) if paginator else set()
        # The path may repeat a placeholder (`/a/{id}/b/{id}`): one argument fills every use.
        path_order = [m.group(1) for m in _PATH_PARAM.finditer(op.path)]
        unique_path = list(dict.fromkeys(path_order))
        by_key = {(p.location, p.name): p for p in op.parameters}
        path_params = [
            by_key.get(("path", n)) or _implicit_path_param(n, op) for n in unique_path
        ]
        others = [
            p
            for p in op.parameters
            if p.location in ("query", "header") and p.name not in controlled
        ]
        for p in op.parameters:
            if p.location == "cookie":
                self.diagnostics.append(
                    Diagnostic(
                        "warning",
                        f"cookie parameter {p.name!r} is not exposed; pass it via headers=",
                        p.location_in_spec,
                    )
                )
        names = self._param_names(
            [("path", n) for n in unique_path] + [(p.location, p.name) for p in others]
        )

        sig: list[Arg] = [Arg("self")]
        for p in path_params:
            sig.append(Arg(names[("path", p.name)], self.types.doc(p.type)))
        keyword: list[Arg] = []
        body_arg: str | None = None
        if body is not None:
            body_arg = "body" if _JSON_MEDIA.search(body.content_type) else "data"
            tdoc = self.types.doc(body.type)
            if body_arg == "data" and not body.content_type.startswith(_FORM_MEDIA):
                tdoc = atom("bytes | str")
            if body.required:
                keyword.append(Arg(body_arg, tdoc))
            else:
                keyword.append(Arg(body_arg, optional(tdoc), "None"))
        query: list[tuple[str, str]] = []
        headers: list[tuple[str, str]] = []
        for p in others:
            py = names[(p.location, p.name)]
            keyword.append(self._keyword_param(py, p))
            (query if p.location == "query" else headers).append((p.name, py))
        if keyword:
            sig.append(Arg("*"))
            sig.extend(keyword)

        records = (
            inference.data_selector.record_type if inference.data_selector else None
        )
        if paginator is not None:
            returns = wrap("Paged", self.types.doc(records))
        else:
            returns = self._single_return(op)

        client = "self" if owner == "client" else "self._client"
        lines = signature(name, sig, returns)
        described = [(names[("path", p.name)], p) for p in path_params]
        described += [(names[(p.location, p.name)], p) for p in others]
        args_doc = [
            f"    {py}: {' '.join(p.description.split())}"
            for py, p in described
            if p.description and p.description.strip()
        ]
        args_text = "Args:\n" + "\n".join(args_doc) if args_doc else None
        summary = op.summary
        if (
            args_text
            and not (op.summary or "").strip()
            and not (op.description or "").strip()
        ):
            summary = f"{op.method.upper()} {op.path}"
        doc = render_docstring(docstring_lines(summary, op.description, args_text), 8)
        if doc:
            lines.append(doc)
        runtime_names: set[str] = set()
        helpers: set[str] = set()
        if path_order:
            helpers.add("build_path")
        args: list[str | Doc] = [
            f"{client}.rest",
            self._path_expr(op.path, path_order, names),
        ]
        kwargs: list[Doc] = [atom(f"method={py_str(op.method.upper())}")]
        styles = self._query_styles([p for p in others if p.location == "query"])
        if query and styles:
            kwargs.append(_styled_call(query, styles))
            runtime_names.add("styled_query")
        elif query:
            kwargs.append(_mapping_call("params=compact_params", query))
            helpers.add("compact_params")
        if headers:
            kwargs.append(_mapping_call("headers=compact_headers", headers))
            helpers.add("compact_headers")
        if body_arg == "body":
            kwargs.append(atom("json=body"))
        elif body_arg == "data":
            kwargs.append(atom("data=data"))
        alternatives = operation_auth(inference.auth, self.credentials)
        if alternatives is not None:
            kwargs.append(auth_argument(alternatives, client))
        if paginator is not None:
            cls = PAGINATOR_CLASSES.get(paginator.type)
            if cls is None:
                kwargs.append(atom("paginator=None"))
            else:
                runtime_names.add(cls)
                pargs = [
                    atom(f"{k}={self._paginator_arg(paginator, k, v, query, keyword)}")
                    for k, v in sorted(paginator.params.items())
                    if k.isidentifier()
                ]
                kwargs.append(prefixed("paginator=", bracketed(f"{cls}(", pargs, ")")))
            selector = inference.data_selector.path if inference.data_selector else None
            if selector is not None:
                kwargs.append(atom(f"data_selector={py_str(selector)}"))
            lines.extend(call("Paged", [*args, *kwargs], 8, "return "))
        else:
            request = f"{client}.rest.request_json"
            if returns.flat == "None":
                lines.extend(call(request, [*args[1:], *kwargs], 8))
            elif returns.flat == "Any":
                lines.extend(call(request, [*args[1:], *kwargs], 8, "return "))
            else:
                typed = call(
                    request, [*args[1:], *kwargs], 8, f"result: {returns.flat} = "
                )
                if fits(typed[0]):
                    lines.extend(typed)
                else:  # black would wrap the right-hand side in parentheses: declare apart
                    lines.extend(lay_out(returns, 8, "result: ", wrap_atom="statement"))
                    lines.extend(call(request, [*args[1:], *kwargs], 8, "result = "))
                lines.append("        return result")
        example_args = [py_str("...") for _ in path_params]
        code = "\n".join(lines)
        typing_names, uses_models = code_references(code)
        return MethodView(
            name=name,
            code=code,
            paginated=paginator is not None,
            example=f"{name}({', '.join(example_args)})",
            runtime_names=runtime_names,
            typing_names=typing_names,
            helpers=helpers,
            uses_models=uses_models,
            location=op.location,
            uses_auth=alternatives is not None,
        )

    def _paginator_arg(
        self,
        paginator: PaginatorChoice,
        key: str,
        value: JSONValue,
        query: list[tuple[str, str]],
        keyword: list[Arg],
    ) -> str:
        """A paginator argument; an offset paginator's `limit` follows the page-size argument."""
        size = paginator.page_size_param
        if paginator.type != "offset" or key != "limit" or size is None:
            return py_literal(value)
        if size != paginator.params.get("limit_param", "limit"):
            return py_literal(value)
        py = dict(query).get(size)
        arg = next((a for a in keyword if a.name == py), None)
        if (
            py is None
            or arg is None
            or arg.type is None
            or arg.type.flat not in ("int", "int | None")
        ):
            return py_literal(value)
        if arg.default != "None":
            return py
        return f"{py} if {py} is not None else {py_literal(value)}"

    def _keyword_param(self, py: str, p: Parameter) -> Arg:
        tdoc = self.types.doc(p.type)
        default = p.default
        if (
            p.has_default
            and default is not None
            and is_json_literal(default)
            and _default_fits(default, p.type, self.model)
        ):
            return Arg(py, tdoc, py_literal(default))
        if p.required:
            return Arg(py, tdoc)
        return Arg(py, optional(tdoc), "None")

    def _single_return(self, op: Operation) -> Doc:
        success = op.success_response()
        if success is not None:
            return self.types.doc(success.type)
        if any(r.status.startswith("2") for r in op.responses):
            return atom("None")
        return atom("Any")

    def _path_expr(
        self, path: str, order: list[str], names: dict[tuple[str, str], str]
    ) -> str | Doc:
        if not order:
            return py_str(path)
        template = (
            _PATH_PARAM.sub("\x00", path)
            .replace("{", "{{")
            .replace("}", "}}")
            .replace("\x00", "{}")
        )
        args = [atom(py_str(template))] + [atom(names[("path", n)]) for n in order]
        return bracketed("build_path(", args, ")")


def _implicit_path_param(name: str, op: Operation) -> Parameter:
    """A `{name}` in the path the spec forgot to declare: a required string."""
    return Parameter(
        name, "path", True, Primitive("str"), op.location.child("parameters")
    )


def _styled_call(
    pairs: list[tuple[str, str]], styles: dict[str, tuple[str, bool]]
) -> Doc:
    """`params=styled_query({...values}, {...styles})`: the runtime encodes deepObject, pipes, ...."""
    # A tuple, not an atom: black splits `"long key": ("form", True)` when it does not fit.
    style_entries = [
        bracketed(f"{py_str(spec)}: (", [atom(py_str(style)), atom(str(explode))], ")")
        for spec, (style, explode) in sorted(styles.items())
    ]
    return bracketed(
        "params=styled_query(",
        [_dict_of_names(pairs), bracketed("{", style_entries, "}")],
        ")",
    )


def _dict_of_names(pairs: list[tuple[str, str]]) -> Doc:
    """`{"spec-name": python_name, ...}`: the wire name of each argument, mapped to its value."""
    return bracketed("{", [atom(f"{py_str(spec)}: {py}") for spec, py in pairs], "}")


def _mapping_call(head: str, pairs: list[tuple[str, str]]) -> Doc:
    """`head({"spec-name": python_name, ...})`."""
    return bracketed(f"{head}(", [_dict_of_names(pairs)], ")")


@dataclass(frozen=True)
class Arg:
    """One parameter of a `def`: `name`, `name: type` or `name: type = default`."""

    name: str
    type: Doc | None = None
    default: str | None = None

    @property
    def flat(self) -> str:
        text = self.name if self.type is None else f"{self.name}: {self.type.flat}"
        return text if self.default is None else f"{text} = {self.default}"

    def lines(self, indent: int) -> list[str]:
        if self.type is None:
            return [" " * indent + self.name + ","]
        tail = "," if self.default is None else f" = {self.default},"
        return lay_out(self.type, indent, f"{self.name}: ", tail, wrap_atom="fit")


def signature(name: str, params: list[Arg], returns: Doc) -> list[str]:
    """A method's `def` line, exploded one parameter per line (magic trailing comma) when too long."""
    head = f"    def {name}("
    flat = head + ", ".join(p.flat for p in params) + f") -> {returns.flat}:"
    if fits(flat):
        return [flat]
    lines = [head]
    for p in params:
        lines.extend(p.lines(8))
    lines.extend(lay_out(returns, 4, ") -> ", ":", wrap_atom="always"))
    return lines
