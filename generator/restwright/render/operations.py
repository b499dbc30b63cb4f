"""OpenAPI operations → method views: names, signatures, what each request sends and returns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from restwright_runtime.media import media_kind

from restwright.diagnostics import Diagnostic
from restwright.infer.decision import OperationInference, PaginatorChoice
from restwright.infer.intent import no_pages
from restwright.kinds.paginators import PAGINATOR_KINDS, paginator_kind
from restwright.model.ir import (
    AnyType,
    ApiModel,
    JSONValue,
    LiteralType,
    MapType,
    NamedType,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    TypeExpr,
    UnionType,
)
from restwright.render.credentials import Credential, operation_auth
from restwright.render.environment import Code
from restwright.render.examples import example_call
from restwright.render.literals import is_json_literal, py_literal
from restwright.render.names import (
    escape_reserved,
    settle_clashes,
    short_hash,
    snake_case,
)
from restwright.render.types import (
    LINE_LENGTH,
    TypeRenderer,
    TypeText,
    display_width,
    optional,
    wrap,
)
from restwright.render.views import (
    ArgView,
    DeprecationView,
    Entry,
    OperationView,
    PaginatorArgView,
    PaginatorView,
    QueryStyle,
    arg,
)

# Names a method body uses besides its parameters (the runtime names the module imports):
# parameters are renamed away from them.
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
        "Paged",
        "build_path",
        "compact_params",
        "compact_headers",
        "styled_query",
        "cast",
        "options",
        # RequestOptions keys: a parameter of that name would clash with **options.
        "timeout",
        "extra_headers",
        "extra_query",
        "extra_body",
        "max_attempts",
        "idempotency_key",
        "content_type",
        "warnings",
        "IO",
        "Path",
        "Literal",
        # The raw views' body (`return raw_response(lambda: ...)`) and their annotations.
        "raw_response",
        "RawResponse",
        "BinaryResponse",
        "EventStream",
        "FileTypes",
        "Unpack",
        "RequestOptions",
        "PageOptions",
    }
    | {k.runtime_class for k in PAGINATOR_KINDS.values() if k.runtime_class}
)
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_JSON_MEDIA = re.compile(r"[/+]json\b|^\*/\*$")
# `Idempotency-Key`, `X-Idempotency-Key`, `idempotency_key`: a header making a POST repeatable.
_IDEMPOTENCY_HEADER = re.compile(r"(^|[-_])idempotency[-_]?key$", re.IGNORECASE)


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


def paginator_view(
    paginator: PaginatorChoice, size_argument: ArgView | None = None
) -> PaginatorView:
    """The paginator a method constructs; the kind's page-size argument follows the method's
    page-size keyword (`OffsetPaginator(limit=limit)`) when there is one."""
    kind = paginator_kind(paginator.type)
    if kind is None or kind.runtime_class is None:
        return PaginatorView(None)
    args = []
    for key, value in sorted(paginator.params.items()):
        if not key.isidentifier() or not is_json_literal(value):
            continue
        if key == kind.page_size and size_argument is not None:
            fallback = size_argument.default == "None"
            args.append(
                PaginatorArgView(Code(key), value, size_argument.name, fallback)
            )
        else:
            args.append(PaginatorArgView(Code(key), value))
    return PaginatorView(Code(kind.runtime_class), tuple(args))


class OperationRenderer:
    """Builds the view of one operation as a method of a resource class or of the client."""

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

    def _paginator(
        self, op: Operation, inference: OperationInference
    ) -> PaginatorChoice | None:
        """The paginator, unless the body cannot travel with every page (then one request)."""
        paginator = inference.paginator
        unpaged = no_pages(op)
        if paginator is not None and unpaged is not None:
            # Only an override gets here: inference itself does not page such an operation.
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    f"paginator {paginator.type!r} not used: {unpaged}",
                    op.location,
                )
            )
            paginator = None
        body = self._body(op)
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
            return None
        return paginator

    def _body(self, op: Operation) -> RequestBody | None:
        body = op.request_body
        if (
            body is not None
            and op.method in ("get", "head")
            and not _JSON_MEDIA.search(body.content_type)
        ):
            return None  # e.g. Stripe declares empty form bodies on GET: nothing a client sends
        return body

    def render(
        self, op: Operation, name: str, inference: OperationInference, owner: str
    ) -> OperationView:
        paginator = self._paginator(op, inference)
        body = self._body(op)
        if body is not None:
            self._check_parts(body)
        controlled = set(paginator.controlled_params) if paginator else set()
        # The path may repeat a placeholder (`/a/{id}/b/{id}`): one argument fills every use.
        path_order = [m.group(1) for m in _PATH_PARAM.finditer(op.path)]
        unique_path = list(dict.fromkeys(path_order))
        by_key = {(p.location, p.name): p for p in op.parameters}
        path_params = [
            by_key.get(("path", n)) or _implicit_path_param(n, op) for n in unique_path
        ]
        # A declared idempotency-key header is the `idempotency_key=` option (or a fresh key)
        # of a single call; a paged method (its pages are reads) keeps it as a header parameter.
        key_header = _idempotency_header(op) if paginator is None else None
        others = [
            p
            for p in op.parameters
            if p.location in ("query", "header")
            and not (p.location == "header" and p.name == key_header)
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
        positional = tuple(
            arg(names[("path", p.name)], self.types.text(p.type)) for p in path_params
        )
        keywords: list[ArgView] = []
        example_types: dict[str, TypeExpr] = {}  # keyword → its value's type
        content_type: str | Code | None = None
        if body is not None:
            body_type, content_type, choice = self._body_argument(
                body, paged=paginator is not None
            )
            example_types["body"] = example_body_type(body)
            if body.required:
                keywords.append(arg("body", body_type))
            else:
                keywords.append(arg("body", optional(body_type), "None"))
            if choice is not None:
                keywords.append(choice)
        query: list[Entry] = []
        headers: list[Entry] = []
        by_wire: dict[str, ArgView] = {}
        for p in others:
            if p.location == "query" and p.name in controlled:
                # The paginator moves it on; a value given starts there (to resume).
                text = optional(self.types.text(p.type))
                keyword = arg(names[(p.location, p.name)], text, "None")
            else:
                keyword = self._keyword_param(names[(p.location, p.name)], p)
            keywords.append(keyword)
            example_types[keyword.name] = p.type
            entry = Entry(p.name, keyword.name)
            if p.location == "query":
                query.append(entry)
                by_wire[p.name] = keyword
            else:
                headers.append(entry)

        records = (
            inference.data_selector.record_type if inference.data_selector else None
        )
        if paginator is not None:
            returns = wrap("Paged", self.types.text(records))
            result = "paged"
            accept: str | None = None
        else:
            returns, result, accept = self._single_return(op)
        if (
            paginator is not None
            and body is not None
            and body_kind(body.content_type) == "json"
        ):
            # `Paged` sends a JSON body as `json=` (application/json), whichever JSON type the
            # spec prefers (`data=` is for form bodies only): a vendor type goes as a header.
            if isinstance(content_type, str) and not any(
                h.wire.lower() == "content-type" for h in headers
            ):
                headers.append(Entry("Content-Type", Code(py_literal(content_type))))
            content_type = None
        described = [(names[("path", p.name)], p) for p in path_params]
        described += [(names[(p.location, p.name)], p) for p in others]
        args_doc = [
            f"    {py}: {' '.join(p.description.split())}"
            for py, p in described
            if p.description and p.description.strip()
        ]
        if key_header is not None:
            args_doc.append(
                f"    idempotency_key: sent as {key_header} (default: a fresh key, the same"
                " on every retry, which makes retrying safe)."
            )
        args_text = "Args:\n" + "\n".join(args_doc) if args_doc else None
        raises = self._raises_doc(op)
        summary = op.summary
        if (
            (args_text or raises or op.deprecated)
            and not (op.summary or "").strip()
            and not (op.description or "").strip()
        ):
            summary = f"{op.method.upper()} {op.path}"
        styles = self._query_styles([p for p in others if p.location == "query"])
        alternatives = operation_auth(inference.auth, self.credentials)
        example = example_call(
            name,
            [p.type for p in path_params],
            [(k.name, example_types[k.name]) for k in keywords if k.default is None],
            self.model,
        )
        client = "self" if owner == "client" else "self._client"
        first_line = f"        result: {returns} = {client}.rest.call("
        return OperationView(
            macro="operation",
            name=Code(name),
            positional=positional,
            keywords=tuple(keywords),
            returns=returns,
            doc=(
                summary,
                "Deprecated." if op.deprecated else None,
                op.description,
                args_text,
                raises,
            ),
            paginated=paginator is not None,
            example=Code(example),
            location=op.location,
            uses_auth=alternatives is not None,
            client=Code(client),
            http_method=op.method.upper(),
            path=(
                _escape_braces(self.own_server(op)) + _path_template(op.path)
                if path_order
                else self.own_server(op) + op.path
            ),
            path_args=tuple(Code(names[("path", n)]) for n in path_order),
            query=tuple(query),
            styles=(
                tuple(
                    QueryStyle(wire, style, explode)
                    for wire, (style, explode) in sorted(styles.items())
                )
                if query
                else ()
            ),
            headers=tuple(headers),
            body=Code("body") if body is not None else None,
            content_type=content_type,
            encoding=(
                {k: dict(v) for k, v in body.encoding.items()}
                if body is not None and body.encoding
                else None
            ),
            accept=accept,
            deprecations=self._deprecations(op, names),
            idempotency_header=key_header,
            auth=alternatives or (),
            paginator=(
                paginator_view(paginator, self._size_argument(paginator, by_wire))
                if paginator is not None
                else None
            ),
            data_selector=(
                inference.data_selector.path
                if paginator is not None and inference.data_selector
                else None
            ),
            result=(
                "cast"
                if result == "typed" and display_width(first_line) > LINE_LENGTH
                else result
            ),
        )

    def _size_argument(
        self, paginator: PaginatorChoice, by_wire: dict[str, ArgView]
    ) -> ArgView | None:
        """The method's page-size keyword, when it sets the paginator's page size (an int)."""
        kind = paginator_kind(paginator.type)
        control = kind.page_size_control() if kind is not None else None
        size = paginator.page_size_param
        if control is None or size is None:
            return None
        if size != paginator.params.get(control.key, control.default):
            return None
        found = by_wire.get(size)
        if found is None or found.annotation not in ("int", "int | None"):
            return None
        return found

    def _keyword_param(self, py: str, p: Parameter) -> ArgView:
        text = self.types.text(p.type)
        default = p.default
        if (
            not p.deprecated  # unset by default, so that only a caller who passes it is warned
            and p.has_default
            and default is not None
            and is_json_literal(default)
            and _default_fits(default, p.type, self.model)
        ):
            return arg(py, text, py_literal(default))
        if p.required:
            return arg(py, text)
        return arg(py, optional(text), "None")

    def _check_parts(self, body: RequestBody) -> None:
        """A form or multipart body is named fields: say so when its schema is not an object
        (a bare file, an array), which no call can send as the server expects."""
        kind = body_kind(body.content_type)
        resolved = self.model.resolve(body.type)
        if kind not in ("form", "multipart") or isinstance(
            resolved, (MapType, AnyType)
        ):
            return
        if self.model.fields_of(body.type) is None:
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    f"{body.content_type} body whose schema is not an object of fields:"
                    f" the method takes {self.types.code(body.type)}, which the client cannot"
                    " send as named parts; call client.rest.call(method, path, body={name: value},"
                    " content_type=...) yourself, or fix the spec",
                    body.location,
                )
            )

    def _body_argument(
        self, body: RequestBody, paged: bool
    ) -> tuple[TypeText, str | Code | None, ArgView | None]:
        """The body's annotation, the media type to send, and the `content_type` keyword when
        the spec offers several media types (the preferred one is its default). A paged
        operation sends the preferred one only: its paginator moves fields of that body.
        """
        offered = list(dict.fromkeys(body.content_types or (body.content_type,)))
        if body.content_type in offered and len(offered) > 1 and not paged:
            texts = [self._body_type(body, media) for media in offered]
            annotation = union_text(texts)
            literal = TypeText(
                "Literal[" + ", ".join(py_literal(m) for m in offered) + "]"
            )
            choice = arg("content_type", literal, py_literal(body.content_type))
            return annotation, Code("content_type"), choice
        # A vendor JSON type (`application/vnd.api+json`) is sent as declared: JSON:API and
        # JSON Patch servers refuse plain application/json. `*/*` leaves the runtime's default.
        plain = body.content_type.lower() in ("application/json", "*/*")
        sent = None if plain else body.content_type
        return self._body_type(body, body.content_type), sent, None

    def _body_type(self, body: RequestBody, media: str) -> TypeText:
        """What a caller passes for a body of `media`: the schema's type for JSON and forms, text
        for text types, bytes (or a file, or a path: streamed) for anything else."""
        kind = body_kind(media)
        if kind in ("json", "form", "multipart"):
            return self.types.text(body.type)
        if kind == "text":
            return TypeText("str")
        return TypeText("bytes | IO[bytes] | Path", ("bytes", "IO[bytes]", "Path"))

    def own_server(self, op: Operation) -> str:
        """The absolute URL of an operation's own server (`""`: the client's base URL), so an
        upload host gets the request, with the client's credentials: the spec puts the operation
        and its security there (`Client(servers=...)` maps it elsewhere).
        """
        own = op.servers[0] if op.servers else None
        if (
            own is None
            or own in self.model.servers
            or urlsplit(own).scheme not in ("http", "https")
        ):
            return ""
        return own.rstrip("/")

    def _raises_doc(self, op: Operation) -> str | None:
        """`Raises:` with the error responses the spec declares: the runtime's `APIError`
        subclass for each status, and the schema of its `.body`."""
        lines = []
        for r in op.responses:
            status = r.status.upper()
            if status.startswith(("1", "2", "3")):
                continue
            error = _ERROR_CLASSES.get(status) or (
                "ClientError"
                if status.startswith("4")
                else "InternalServerError" if status.startswith("5") else "APIError"
            )
            body = (
                f"; `.body` is {self.types.code(r.type)}"
                if r.type is not None and not isinstance(r.type, AnyType)
                else ""
            )
            said = " ".join((r.description or "").split())
            lines.append(
                f"    {error}: {r.status}{body}{'. ' + said if said else ''}".rstrip()
            )
        return "Raises:\n" + "\n".join(lines) if lines else None

    def _deprecations(
        self, op: Operation, names: dict[tuple[str, str], str]
    ) -> tuple[DeprecationView, ...]:
        """The warnings a call raises: the operation's, then each deprecated parameter's when
        the caller passes it."""
        found = []
        if op.deprecated:
            found.append(DeprecationView(f"{op.key} is deprecated"))
        for p in op.parameters:
            py = names.get((p.location, p.name))
            if p.deprecated and py is not None and p.location != "path":
                message = f"parameter {p.name!r} of {op.key} is deprecated"
                found.append(DeprecationView(message, Code(py)))
        return tuple(found)

    def _single_return(self, op: Operation) -> tuple[Code, str, str | None]:
        """The return annotation of a single request, how the body returns it, and the success
        media type to pass as `accept` (None: JSON, the runtime's default; "": no content).

        Only 2XX responses count: `default` (and 4XX/5XX) describe errors. An operation with no
        2XX at all is read as JSON, untyped.
        """
        successes = [r for r in op.responses if r.status.upper().startswith("2")]
        if not successes:
            return Code("Any"), "any", None
        primary = op.read_response()
        # A HEAD answer has no body, whatever media type the spec declares for it.
        if primary is None or op.method == "head":
            return Code("None"), "none", ""
        media = primary.content_type or ""
        kind = media_kind(media)
        accept: str | None = None if kind == "json" else media
        if kind == "json":
            returns = self.types.code(primary.type)
        elif kind in ("text", "form"):
            returns = Code("str")
        elif kind == "event_stream":
            returns = Code("EventStream")
        else:
            returns = Code("BinaryResponse")
        if returns == "Any":
            return returns, "any", accept
        if any(not r.content_type for r in successes) and returns != "None":
            return Code(f"{returns} | None"), "typed", accept
        return returns, "typed", accept


# The runtime's exception for an error status (`restwright_runtime.exceptions`).
_ERROR_CLASSES = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


def _idempotency_header(op: Operation) -> str | None:
    """The idempotency-key header a POST/PATCH declares (other methods are safe to repeat)."""
    if op.method not in ("post", "patch"):
        return None
    return next(
        (
            p.name
            for p in op.parameters
            if p.location == "header" and _IDEMPOTENCY_HEADER.search(p.name)
        ),
        None,
    )


def example_body_type(body: RequestBody) -> TypeExpr:
    """The type a README example passes as `body`: the schema for structured media, text for
    text, a binary string (`b"..."`) for raw uploads."""
    kind = body_kind(body.content_type)
    if kind in ("json", "form", "multipart"):
        return body.type
    if kind == "text":
        return Primitive("str")
    return Primitive("str", "binary")


def body_kind(media: str) -> str:
    """How a request body of `media` is sent; `*/*` and JSON-like types are JSON."""
    return "json" if _JSON_MEDIA.search(media.lower()) else media_kind(media)


def union_text(texts: Sequence[TypeText]) -> TypeText:
    """`A | B` of distinct annotations' members, in order."""
    members = [m for t in texts for m in (t.members or (t.text,))]
    unique = list(dict.fromkeys(members))
    if len(unique) == 1:
        return texts[0]
    return TypeText(" | ".join(unique), tuple(unique))


def _escape_braces(text: str) -> str:
    """Literal text inside a build_path template."""
    return text.replace("{", "{{").replace("}", "}}")


def _path_template(path: str) -> str:
    """The path with `{}` slots for build_path (literal braces doubled)."""
    return (
        _PATH_PARAM.sub("\x00", path)
        .replace("{", "{{")
        .replace("}", "}}")
        .replace("\x00", "{}")
    )


def _implicit_path_param(name: str, op: Operation) -> Parameter:
    """A `{name}` in the path the spec forgot to declare: a required string."""
    return Parameter(
        name, "path", True, Primitive("str"), op.location.child("parameters")
    )
