"""The whole pipeline in one call: load → model → infer → render → write."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from restwright.diagnostics import Diagnostic
from restwright.infer import infer_api
from restwright.infer.decision import OperationInference
from restwright.infer.overrides import load_overrides
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ApiModel
from restwright.model.subset import Selection, subset_model
from restwright.render import render_package_with_diagnostics
from restwright.write import WriteResult, write_output

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
) -> Analysis:
    """Load, model and infer one source; raises RestwrightError with a place on bad input.

    With a `selection`, the model is cut down after inference, so every kept operation gets the
    same decisions as in the full client (inference may learn conventions from the whole API).
    """
    progress("loading")
    doc = load_document(source)
    progress("modelling")
    model = build_model(doc)
    if isinstance(overrides, (str, Path)):
        overrides = load_overrides(overrides)
    progress("inferring")
    inference = infer_api(model, overrides)
    if selection is not None and not selection.is_everything:
        model = subset_model(model, selection)
        inference = {
            op.key: inference[op.key] for op in model.operations if op.key in inference
        }
    return Analysis(model, inference, list(model.diagnostics))


def generate(
    source: str | Path,
    outdir: str | Path,
    package: str,
    *,
    overrides: Overrides = None,
    check: bool = False,
    selection: Selection | None = None,
    progress: Progress = _quiet,
) -> GenerateResult:
    """Generate (or with `check`, compare) the client project for `source` in `outdir`."""
    started = time.perf_counter()
    analysis = analyse(source, overrides, selection=selection, progress=progress)
    progress("rendering")
    files, render_warnings = render_package_with_diagnostics(
        analysis.model, analysis.inference, package
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
        warnings=[
            d for d in analysis.warnings + render_warnings if d.severity == "warning"
        ],
        seconds=time.perf_counter() - started,
    )
