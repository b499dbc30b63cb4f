"""Inference: for each operation its paginator, data selector and auth, each with evidence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from restwright.diagnostics import Diagnostic, RestwrightError
from restwright.infer.auth import ApiAuthFacts, auth_facts, infer_auth
from restwright.infer.context import OperationContext
from restwright.infer.conventions import ApiConventions, api_conventions
from restwright.infer.decision import (
    AuthChoice,
    DataSelectorChoice,
    OperationInference,
    PaginatorChoice,
)
from restwright.infer.intent import may_paginate, no_pages, one_resource
from restwright.infer.overrides import (
    SOURCE_KEY,
    apply_override,
    paginator_from_config,
    resolve_keys,
)
from restwright.infer.paginators import candidates
from restwright.infer.rank import AUTO_BELOW, is_signal, rank
from restwright.infer.review import listed_signs, paging_signs, settle
from restwright.infer.selector import (
    infer_data_selector,
    records_keyed_by_input,
    resource_selector,
)
from restwright.model.ir import ApiModel, Operation
from restwright.model.plan import StatedChoices

__all__ = ["infer_api", "infer_operation"]


def infer_api(
    model: ApiModel,
    overrides: Mapping[str, Any] | None = None,
    stated: Mapping[str, StatedChoices] | None = None,
) -> dict[str, OperationInference]:
    """One inference per operation, keyed by `Operation.key`; overrides win.

    `stated`: choices the input states outright (a dlt config's), by operation key. Overrides
    are matched once inference is done: `all-lists` names the operations it found to be lists.
    """
    facts = auth_facts(model)
    conventions = api_conventions(model)
    result = {
        op.key: infer_operation(
            model, op, facts, conventions, (stated or {}).get(op.key)
        )
        for op in model.operations
    }
    if not overrides:
        return result
    errors: list[Diagnostic] = []
    lists = frozenset(k for k, i in result.items() if i.paginator is not None)
    pinned = resolve_keys(model, overrides, errors, lists)
    source = str(overrides.get(SOURCE_KEY, "overrides"))
    for op in model.operations:
        if op.key in pinned:
            result[op.key] = apply_override(
                model, op, result[op.key], pinned[op.key], source, errors
            )
    if errors:
        raise RestwrightError(errors)
    return result


def infer_operation(
    model: ApiModel,
    op: Operation,
    facts: ApiAuthFacts | None = None,
    conventions: ApiConventions | None = None,
    stated: StatedChoices | None = None,
) -> OperationInference:
    """Paginator, data selector and auth for one operation (API-wide facts computed when not given)."""
    auth = infer_auth(model, op, facts or auth_facts(model))
    ctx = (conventions or api_conventions(model)).context(op)
    if stated is not None:
        paginator = paginator_from_config(
            op, stated.paginator, stated.evidence, op.location
        )
        selector = (
            DataSelectorChoice(stated.data_selector, None, 1.0, (stated.evidence,))
            if stated.data_selector is not None
            else infer_data_selector(ctx, paginated=True)
        )
        return OperationInference(op.key, paginator, selector, auth)
    unpaged = no_pages(op)
    if unpaged is not None:
        return _single(op.key, ctx, auth, paging_signs(ctx), unpaged)
    found = candidates(ctx)
    signs = paging_signs(ctx)
    allowed, why_not = may_paginate(ctx, found)
    why_single = one_resource(ctx) or (None if allowed else why_not)
    if why_single is not None:
        return _single(op.key, ctx, auth, signs, why_single)
    signalled = any(is_signal(c) and c.score >= AUTO_BELOW.value for c in found.choices)
    selector = infer_data_selector(ctx, paginated=signalled)
    if not _is_list(signalled, selector):
        why = "its response holds no records: one resource"
        return _single(op.key, ctx, auth, signs, why)
    paginator, review = _paginator(ctx, found.choices, signs)
    if ctx.shape_note is not None:
        # The records' type is the op's own business: a borrowed or example shape does not give it.
        note = (ctx.shape_note,)
        paginator = replace(paginator, evidence=paginator.evidence + note)
        if selector is not None:
            selector = replace(
                selector, record_type=None, evidence=selector.evidence + note
            )
    return OperationInference(op.key, paginator, selector, auth, review=review)


def _paginator(
    ctx: OperationContext, found: list[PaginatorChoice], signs: list[str]
) -> tuple[PaginatorChoice, tuple[str, ...]]:
    """The best candidate, settled for review. Records keyed by a parameter pin no paginator
    that reads under one of their keys: it would stop wherever that key is absent."""
    keyed = records_keyed_by_input(ctx)
    if keyed is None:
        return settle(rank(found), signs)
    kept = [c for c in found if not _points_into(c, keyed[0])]
    paginator, review = settle(rank(kept), signs)
    if paginator.type == "auto" and len(kept) < len(found):
        why = f"{keyed[1]}; so does its next page"
        return replace(paginator, evidence=(why,)), (why,)
    return paginator, review


def _points_into(paginator: PaginatorChoice, keys: tuple[str, ...]) -> bool:
    """Whether the paginator reads a response path under one of these keys (`tracks.next`)."""
    paths = [str(v) for k, v in paginator.params.items() if k.endswith("_path")]
    return any(p.split(".")[0].split("[")[0] in keys for p in paths)


def _single(
    key: str, ctx: OperationContext, auth: AuthChoice, signs: list[str], why: str
) -> OperationInference:
    """Not paged: where the one resource sits, and why paging-looking names were not followed."""
    notes = (f"{listed_signs(signs)} look like paging, but {why}",) if signs else ()
    return OperationInference(key, None, resource_selector(ctx), auth, notes=notes)


def _is_list(signalled: bool, selector: DataSelectorChoice | None) -> bool:
    """Lists: pagination evidence (writes were turned away before), or records in a response."""
    return signalled or selector is not None
