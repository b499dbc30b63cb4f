"""Inference: for each operation its paginator, data selector and auth, each with evidence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from restwright.infer import vocabulary as vocab
from restwright.infer.auth import ApiAuthFacts, auth_facts, infer_auth
from restwright.infer.context import OperationContext
from restwright.infer.conventions import ApiConventions, api_conventions
from restwright.infer.decision import DataSelectorChoice, OperationInference
from restwright.infer.overrides import (
    SOURCE_KEY,
    apply_override,
    paginator_from_config,
    resolve_keys,
)
from restwright.infer.paginators import candidates
from restwright.infer.rank import AUTO_BELOW, is_signal, rank
from restwright.infer.selector import infer_data_selector
from restwright.model.ir import ApiModel, Operation

__all__ = ["infer_api", "infer_operation"]

LIST_METHODS = ("get", "post", "query", "search")
READ_WORDS = {
    "list",
    "lists",
    "search",
    "query",
    "find",
    "get",
    "fetch",
    "read",
    "lookup",
    "retrieve",
    "browse",
}


def infer_api(
    model: ApiModel, overrides: Mapping[str, Any] | None = None
) -> dict[str, OperationInference]:
    """One inference per operation, keyed by `Operation.key`; overrides (checked first) win."""
    pinned = resolve_keys(model, overrides) if overrides else {}
    source = str((overrides or {}).get(SOURCE_KEY, "overrides"))
    facts = auth_facts(model)
    conventions = api_conventions(model)
    result: dict[str, OperationInference] = {}
    for op in model.operations:
        inference = infer_operation(model, op, facts, conventions)
        if op.key in pinned:
            inference = apply_override(model, op, inference, pinned[op.key], source)
        result[op.key] = inference
    return result


def infer_operation(
    model: ApiModel,
    op: Operation,
    facts: ApiAuthFacts | None = None,
    conventions: ApiConventions | None = None,
) -> OperationInference:
    """Paginator, data selector and auth for one operation (API-wide facts computed when not given)."""
    auth = infer_auth(model, op, facts or auth_facts(model))
    conventions = conventions or api_conventions(model)
    ctx = OperationContext(conventions.model, op, conventions)
    if op.explicit_paginator is not None:
        paginator = paginator_from_config(
            op, op.explicit_paginator, "stated in the REST API config"
        )
        selector = infer_data_selector(ctx, paginated=True)
        return OperationInference(op.key, paginator, selector, auth)
    found = candidates(ctx)
    signalled = any(is_signal(c) and c.score >= AUTO_BELOW for c in found)
    selector = infer_data_selector(ctx, paginated=signalled)
    if not _is_list(op, signalled, selector):
        return OperationInference(op.key, None, None, auth)
    paginator = rank(found)
    if ctx.shape_note is not None:
        # The records' type is the op's own business: a borrowed or example shape does not give it.
        note = (ctx.shape_note,)
        paginator = replace(paginator, evidence=paginator.evidence + note)
        if selector is not None:
            selector = replace(
                selector, record_type=None, evidence=selector.evidence + note
            )
    return OperationInference(op.key, paginator, selector, auth)


def _is_list(
    op: Operation, signalled: bool, selector: DataSelectorChoice | None
) -> bool:
    """Lists: pagination evidence, or records found in the response of a reading operation."""
    if op.explicit_data_selector is not None:
        return True
    if signalled:
        return True
    if selector is None or op.method not in LIST_METHODS:
        return False
    return op.method == "get" or _says_it_reads(op)


def _says_it_reads(op: Operation) -> bool:
    """A POST (or QUERY) lists only when its name says it reads: `/search`, `listTemplates`, "List ..."."""
    names = vocab.words(op.path.rstrip("/").rsplit("/", 1)[-1])
    names += vocab.words(op.operation_id or "")[:1]
    names += vocab.words(op.summary or "")[:1]
    return bool(set(names) & READ_WORDS)
