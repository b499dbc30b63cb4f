"""The shape of a dlt `rest_api` config, declared as pydantic models with the message for each field.

Validation reports every problem of a config at once, each as a located error: a field's message
is declared beside it (`Annotated[..., Problem("...")]`), and pydantic's error locations become
JSON pointers into the config, as `load/validate.py` does for OpenAPI. The builder
(`restconfig/build.py`) then works on typed values. What pydantic cannot say (placeholders,
parents, paginator and auth kinds, hooks) is checked there, from the kind records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
)

from restwright.diagnostics import Diagnostic, Location

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """The message for a field that is missing or wrong; `{owner}` names the resource or client.

    `at_owner`: the error points at the object holding the field (a missing `cursor_path` is a
    problem of the `incremental` setting), not at the field.
    """

    message: str
    at_owner: bool = False


Text = str | int | float  # header values: dlt sends them as text
HttpMethod = Literal["get", "post", "put", "patch", "delete", "head", "options"]


class _Spec(BaseModel):
    """Strict types (no coercion: `"5"` is not 5), unknown keys kept for the builder to report."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    def unknown_keys(self) -> list[str]:
        return [str(key) for key in self.model_extra or {}]


class ClientSpec(_Spec):
    # Optional here so that the client's other settings are still read; `missing` reports it.
    base_url: Annotated[
        str | None,
        StringConstraints(pattern=r"\S"),
        Problem(
            "rest_api config: `client.base_url` is missing; every resource's path is"
            " relative to it"
        ),
    ] = None
    headers: Annotated[
        dict[str, Text] | None,
        Problem("{owner}: `headers` must map header names to strings"),
    ] = None
    auth: Any = None
    paginator: Any = None
    session: Any = None


class IncrementalSpec(_Spec):
    cursor_path: Annotated[
        str, Problem("{owner}: `incremental` needs a `cursor_path`", at_owner=True)
    ]
    initial_value: Any = None
    end_value: Any = None
    start_param: Any = None
    end_param: Any = None
    convert: Any = None


class ResponseActionSpec(_Spec):
    status_code: Annotated[
        StrictInt | list[StrictInt] | None,
        Problem("{owner}: `status_code` must be an integer"),
    ] = None
    content: Annotated[str | None, Problem("{owner}: `content` must be a string")] = (
        None
    )
    action: Annotated[
        Any, Problem("{owner}: a response action needs an `action`", at_owner=True)
    ]


class EndpointSpec(_Spec):
    path: Annotated[str, Problem("{owner}: `endpoint.path` must be a string")]
    method: Annotated[
        HttpMethod,
        BeforeValidator(
            lambda value: value.lower() if isinstance(value, str) else value
        ),
        Problem("{owner}: unknown HTTP method `{value}`"),
    ] = "get"
    params: Annotated[
        dict[str, Any] | None, Problem("{owner}: `params` must be a mapping")
    ] = None
    json_body: Any = Field(None, alias="json")  # `json` is a BaseModel method's name
    headers: Annotated[
        dict[str, Text] | None,
        Problem("{owner}: `headers` must map header names to strings"),
    ] = None
    paginator: Any = None
    data_selector: Annotated[
        str | None, Problem("{owner}: `data_selector` must be a JSONPath string")
    ] = None
    response_actions: Annotated[
        list[Any] | None, Problem("{owner}: `response_actions` must be a list")
    ] = None
    incremental: Any = None
    auth: Any = None


class ResourceSpec(_Spec):
    """A resource's own settings; its `endpoint` is an `EndpointSpec`, checked apart."""

    name: str
    endpoint: dict[str, Any]
    include_from_parent: Annotated[
        list[str] | None,
        Problem("{owner}: `include_from_parent` must be a list of field names"),
    ] = None
    columns: Any = None
    primary_key: Any = None
    write_disposition: Any = None
    table_name: Any = None
    processing_steps: Any = None


def validated(
    spec: type[M],
    data: Any,
    where: Location,
    owner: str,
    diagnostics: list[Diagnostic],
    fallback: Mapping[str, Any] | None = None,
) -> M | None:
    """`data` as a `spec`, or None when unusable; one located error per wrong field either way.

    A wrong field does not make the whole object unusable: it is reported and dropped (or
    replaced by its `fallback` value), so the builder still checks everything else.
    """
    try:
        return spec.model_validate(data)
    except ValidationError as exc:
        wrong = _report(spec, exc, data, where, owner, diagnostics)
    usable = {
        key: value
        for key, value in (data.items() if isinstance(data, dict) else ())
        if key not in wrong
    }
    usable.update({k: v for k, v in (fallback or {}).items() if k in wrong})
    try:
        return spec.model_validate(usable)
    except ValidationError:
        return None


def missing(
    spec: type[BaseModel],
    field: str,
    where: Location,
    owner: str,
    diagnostics: list[Diagnostic],
) -> None:
    """Report a field the builder needs but the spec lets default (its declared problem)."""
    problem = _problem(spec, field)
    assert problem is not None, f"{spec.__name__}.{field} declares no problem"
    at = where if problem.at_owner else where.child(field)
    diagnostics.append(
        Diagnostic("error", problem.message.format(owner=owner, value=None), at)
    )


def _report(
    spec: type[BaseModel],
    exc: ValidationError,
    data: Any,
    where: Location,
    owner: str,
    diagnostics: list[Diagnostic],
) -> set[str]:
    """One error per wrong field (a union reports its members apart: counted once)."""
    seen: set[str] = set()
    for error in exc.errors():
        loc = error["loc"]
        field = str(loc[0]) if loc else ""
        if field in seen:
            continue
        seen.add(field)
        problem = _problem(spec, field)
        value = data.get(field) if isinstance(data, dict) else data
        at = (
            where
            if problem is None or problem.at_owner or not field
            else where.child(field)
        )
        if problem is None:
            message = f"{owner}: `{field}`: {error['msg']}" if field else error["msg"]
        else:
            message = problem.message.format(owner=owner, value=value)
        diagnostics.append(Diagnostic("error", message, at))
    return seen


def _problem(spec: type[BaseModel], field: str) -> Problem | None:
    info = spec.model_fields.get(field)
    if info is None:
        return None
    for meta in info.metadata:
        if isinstance(meta, Problem):
            return meta
    annotation = info.annotation
    if get_origin(annotation) is Annotated:
        return next((m for m in get_args(annotation) if isinstance(m, Problem)), None)
    return None
