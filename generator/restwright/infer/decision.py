"""What inference decides for one operation; render and `inspect` read only these values."""

from __future__ import annotations

from dataclasses import dataclass, field

from restwright.kinds.paginators import PAGINATOR_KINDS
from restwright.model.ir import JSONValue, SecurityScheme, TypeExpr

# Every kind, `auto` included (the spec is silent or contradictory: the runtime auto-detects).
PAGINATOR_TYPES = PAGINATOR_KINDS.keys()


@dataclass(frozen=True)
class PaginatorChoice:
    """A paginator in dlt's vocabulary.

    `params` holds the dlt constructor arguments by their dlt names (plus `cursor_field` for
    record_cursor); `controlled_params` are the operation's own parameter names the paginator sets,
    which the generated method therefore does not expose; `page_size_param` is the
    parameter that sets the page size (exposed as a keyword), if any.
    """

    type: str
    params: dict[str, JSONValue] = field(default_factory=dict)
    score: float = 0.0
    evidence: tuple[str, ...] = ()
    controlled_params: tuple[str, ...] = ()
    page_size_param: str | None = None


@dataclass(frozen=True)
class DataSelectorChoice:
    """Where the records sit: a JSONPath (`$` for a bare array); None = let the runtime detect."""

    path: str | None
    record_type: TypeExpr | None
    score: float = 0.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthChoice:
    """The operation's auth: alternatives of scheme keys (from `Operation.security`); () = none."""

    alternatives: tuple[tuple[str, ...], ...]
    evidence: tuple[str, ...] = ()
    # Schemes inferred when the spec declares none (a credential header parameter, an Azure spec, ...);
    # `alternatives` may name their keys, which are not in `ApiModel.security_schemes`. One with
    # the key of a declared scheme reinterprets it (an `Authorization` API key that says Bearer is
    # a bearer scheme) and is read in its place.
    inferred_schemes: tuple[SecurityScheme, ...] = ()
    # (scheme key, prefix) for API keys whose value has a stated format (`Token token=<key>`):
    # the client prepends the prefix when the user passes the raw key.
    value_prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OperationInference:
    """All decisions for one operation. `paginator is None` means: returns one resource, not pages."""

    operation_key: str  # Operation.key
    paginator: PaginatorChoice | None
    # For a single resource (no paginator): where the resource sits when an envelope wraps it.
    data_selector: DataSelectorChoice | None
    auth: AuthChoice
    # Why an operation that looks paged is not (one resource, a write): `inspect` shows these
    # where a paginator's evidence would be.
    notes: tuple[str, ...] = ()
    # What a person should check: paging no detector was sure of, with the evidence
    # (`inspect` lists these under "review").
    review: tuple[str, ...] = ()
