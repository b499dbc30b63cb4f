"""The whole pipeline in one call: load → model → infer → render → write.

Two front-ends meet here: an OpenAPI/Swagger document becomes an `ApiModel` in `model`, a dlt
`rest_api` config becomes the same `ApiModel` in `restconfig`, with a `ResourcePlan` per
operation beside it. Every later stage takes the model, and the plans where it needs them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from restwright.diagnostics import Diagnostic, RestwrightError
from restwright.infer import infer_api
from restwright.infer.decision import OperationInference
from restwright.infer.overrides import load_overrides
from restwright.load import load_document
from restwright.load.document import LoadedDocument
from restwright.load.gcpause import paused_gc
from restwright.model.build import build_model
from restwright.model.ir import ApiModel
from restwright.model.plan import ModelledApi, ResourcePlan
from restwright.model.subset import Selection, subset_model
from restwright.render import render_package_with_diagnostics
from restwright.render.runtime_dependency import (
    RUNTIME_REQUIREMENT,
    local_runtime_requirement,
)
from restwright.restconfig import build_model_from_config
from restwright.restconfig.hooks import check_hooks
from restwright.write import WriteResult, recover_interrupted_write, write_output

Overrides = str | Path | Mapping[str, Any] | None
# Called with a short phrase as each stage starts ("loading", "rendering"): the CLI shows it on a TTY.
Progress = Callable[[str], None]


def _quiet(stage: str) -> None:
    """The default progress sink: library callers see nothing."""


@dataclass
class Analysis:
    """A loaded, modelled and inferred API: what `inspect` shows and `generate` renders."""

    model: ApiModel
    inference: dict[str, OperationInference]
    warnings: list[Diagnostic] = field(default_factory=list)
    # A dlt config's resources by operation key (none for OpenAPI input).
    plans: dict[str, ResourcePlan] = field(default_factory=dict)


@dataclass
class GenerateResult:
    """The outcome of `generate`: counts for the summary line, warnings, and what was written."""

    files: dict[str, str]
    write: WriteResult
    operations: int
    paginated: int
    models: int
    # Operations inference was not sure how to page (`inspect` lists them under "review"):
    # those that page by the runtime's auto-detection, and those that page by a best guess.
    auto_paged: int
    guessed: int
    warnings: list[Diagnostic]
    seconds: float


def analyse(
    source: str | Path,
    overrides: Overrides = None,
    *,
    selection: Selection | None = None,
    progress: Progress = _quiet,
    strict: bool = False,
) -> Analysis:
    """Load, model and infer one source; raises RestwrightError with a place on bad input.

    With a `selection`, the model is cut down after inference, so every kept operation gets the
    same decisions as in the full client (inference may learn conventions from the whole API).
    With `strict`, a broken `$ref` anywhere is an error instead of a warning.
    """
    with paused_gc():  # inference builds large acyclic structures too (see gcpause)
        progress("loading")
        doc = load_document(source, strict=strict)
        progress("modelling")
        built = model_of(doc)
        model, plans = built.model, built.plans
        if isinstance(overrides, (str, Path)):
            overrides = load_overrides(overrides)
        progress("inferring")
        stated = {key: plan.stated for key, plan in plans.items()}
        inference = infer_api(model, overrides, stated)
    if selection is not None and not selection.is_everything:
        model = subset_model(model, selection)
        kept = {op.key for op in model.operations}
        inference = {key: found for key, found in inference.items() if key in kept}
        plans = {key: plan for key, plan in plans.items() if key in kept}
    return Analysis(model, inference, list(model.diagnostics), plans)


def model_of(doc: LoadedDocument) -> ModelledApi:
    """The front-end for the document's kind: a config brings its plans, a spec has none."""
    if doc.kind == "rest-api-config":
        return build_model_from_config(doc)
    return ModelledApi(build_model(doc))


def generate(
    source: str | Path,
    outdir: str | Path,
    package: str,
    *,
    overrides: Overrides = None,
    allow_hooks: Sequence[str] = (),
    check: bool = False,
    selection: Selection | None = None,
    progress: Progress = _quiet,
    strict: bool = False,
    runtime_path: str | Path | None = None,
) -> GenerateResult:
    """Generate (or with `check`, compare) the client project for `source` in `outdir`.

    `allow_hooks`: `module:function` names a dlt config may use as hooks besides the functions
    of OUTDIR/NAME/hooks.py (see `restwright.restconfig.hooks`). `runtime_path`: a runtime source
    folder the generated project depends on instead of the runtime's version range.
    """
    started = time.perf_counter()
    recovered = recover_interrupted_write(
        outdir
    )  # before anything else, even bad input
    runtime_requirement = (
        RUNTIME_REQUIREMENT
        if runtime_path is None
        else local_runtime_requirement(runtime_path)
    )
    analysis = analyse(
        source, overrides, selection=selection, progress=progress, strict=strict
    )
    errors = check_hooks(analysis.plans, package, Path(outdir) / package, allow_hooks)
    if errors:
        raise RestwrightError(errors)
    progress("rendering")
    with paused_gc():  # halves rendering time on 20k operations, for ~5% more memory
        files, render_warnings = render_package_with_diagnostics(
            analysis.model,
            analysis.inference,
            package,
            analysis.plans,
            runtime_requirement,
        )
    progress("comparing" if check else "writing")
    written = write_output(files, Path(outdir), package, check=check)
    reviewed = [i for i in analysis.inference.values() if i.review]
    return GenerateResult(
        files=files,
        write=written,
        operations=len(analysis.model.operations),
        paginated=sum(
            1 for i in analysis.inference.values() if i.paginator is not None
        ),
        models=len(analysis.model.schemas),
        auto_paged=sum(
            1 for i in reviewed if i.paginator and i.paginator.type == "auto"
        ),
        guessed=sum(1 for i in reviewed if i.paginator and i.paginator.type != "auto"),
        warnings=recovered
        + [d for d in analysis.warnings + render_warnings if d.severity == "warning"],
        seconds=time.perf_counter() - started,
    )
