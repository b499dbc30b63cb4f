"""Render: the IR plus inference decisions → the generated project's files (path → text)."""

from __future__ import annotations

from collections.abc import Mapping

from restwright.diagnostics import Diagnostic
from restwright.infer.decision import OperationInference
from restwright.model.ir import ApiModel
from restwright.model.plan import ResourcePlan
from restwright.render.package import GENERATED_MARKER, PackageRenderer
from restwright.render.runtime_dependency import RUNTIME_REQUIREMENT

__all__ = ["GENERATED_MARKER", "render_package", "render_package_with_diagnostics"]


def render_package_with_diagnostics(
    model: ApiModel,
    inference: Mapping[str, OperationInference],
    package: str,
    plans: Mapping[str, ResourcePlan] | None = None,
    runtime_requirement: str = RUNTIME_REQUIREMENT,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Like `render_package`, also returning the warnings found while rendering."""
    renderer = PackageRenderer(
        model, inference, package, plans or {}, runtime_requirement
    )
    files = renderer.render()
    return dict(sorted(files.items())), renderer.diagnostics


def render_package(
    model: ApiModel,
    inference: Mapping[str, OperationInference],
    package: str,
    plans: Mapping[str, ResourcePlan] | None = None,
) -> dict[str, str]:
    """Relative POSIX path under OUTDIR → file text. Same inputs, same bytes.

    `plans`: a dlt config's resources by operation key (their methods fill the config's templates).
    """
    return render_package_with_diagnostics(model, inference, package, plans)[0]
