"""Inference accuracy on the labelled corpus: load → model → infer, then the project's scorer.

usage: python benchmarks/inference_accuracy.py [--corpus DIR] [--out predictions.json] [--skip SPEC ...]
The corpus comes from --corpus, $RESTWRIGHT_CORPUS, or ../shared/corpus beside the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from restwright.infer import infer_api
from restwright.infer.decision import OperationInference
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ApiModel, SecurityScheme

ROOT = Path(__file__).resolve().parent.parent


def corpus_dir(explicit: str | None = None) -> Path | None:
    """The corpus folder (one holding ground_truth.yaml), or None when it is not there."""
    candidates = [Path(p) for p in (explicit, os.environ.get("RESTWRIGHT_CORPUS")) if p]
    candidates.append(ROOT.parent / "shared" / "corpus")
    return next((c for c in candidates if (c / "ground_truth.yaml").is_file()), None)


def spec_file(corpus: Path, name: str) -> Path:
    for suffix in (".json", ".yaml", ".yml"):
        path = corpus / "specs" / f"{name}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no spec file for {name} in {corpus / 'specs'}")


def paginator_json(inference: OperationInference) -> dict[str, Any]:
    """dlt vocabulary; a single resource (no paginator) is one page."""
    choice = inference.paginator
    if choice is None:
        return {"type": "single_page"}
    return {"type": choice.type, **choice.params}


def scheme_json(scheme: SecurityScheme) -> list[dict[str, Any]]:
    """One scheme as the scorer's auth dicts. An OAuth2 user flow reaches the client as a bearer token."""
    if scheme.kind == "api_key":
        return [
            {
                "type": "api_key",
                "name": scheme.api_key_name,
                "location": scheme.api_key_in or "body",
            }
        ]
    if scheme.kind == "basic":
        return [{"type": "http_basic"}]
    if scheme.kind in ("oauth2", "openid"):
        return [
            {"type": "oauth2", "flow": ",".join(scheme.flows)},
            {"type": "bearer", "via": scheme.kind},
        ]
    return [{"type": scheme.kind}]


def auth_json(model: ApiModel, inference: OperationInference) -> list[dict[str, Any]]:
    schemes = dict(model.security_schemes)
    schemes.update({s.key: s for s in inference.auth.inferred_schemes})
    out: list[dict[str, Any]] = []
    for alternative in inference.auth.alternatives:
        if not alternative:
            out.append({"type": "none"})
        for key in alternative:
            out.extend(scheme_json(schemes[key]))
    return out or [{"type": "none"}]


def predict(
    corpus: Path,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
    built: dict[str, tuple[ApiModel, dict[str, OperationInference]]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Predictions for every labelled endpoint, and seconds spent per spec.

    `built` (spec name → model and inference) skips loading specs a caller already inferred.
    """
    truth = yaml.safe_load((corpus / "ground_truth.yaml").read_text(encoding="utf-8"))
    specs = sorted({row["spec"] for row in truth} - set(skip))
    predictions: list[dict[str, Any]] = []
    timings: dict[str, float] = {}
    for spec in specs:
        started = time.perf_counter()
        if built is not None and spec in built:
            model, inferred = built[spec]
        else:
            model = build_model(load_document(spec_file(corpus, spec)))
            inferred = infer_api(model)
        timings[spec] = time.perf_counter() - started
        for row in truth:
            if row["spec"] != spec:
                continue
            method, path = row["endpoint"].split(" ", 1)
            inference = inferred.get(f"{method.upper()} {path}")
            if inference is None:
                continue
            predictions.append(
                {
                    "spec": spec,
                    "method": method,
                    "path": path,
                    "paginator": paginator_json(inference),
                    "data_selector": (
                        inference.data_selector.path
                        if inference.data_selector
                        else None
                    ),
                    "auth": auth_json(model, inference),
                    "evidence": (
                        list(inference.paginator.evidence)
                        if inference.paginator
                        else []
                    ),
                }
            )
    return predictions, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--out")
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args(argv)
    corpus = corpus_dir(args.corpus)
    if corpus is None:
        print("corpus not found (set RESTWRIGHT_CORPUS)", file=sys.stderr)
        return 2
    predictions, timings = predict(corpus, set(args.skip))
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "predictions.json"
    out.write_text(json.dumps(predictions, indent=1), encoding="utf-8")
    scorer = corpus.parent / "tools" / "score_inference.py"
    for spec, seconds in sorted(timings.items()):
        print(f"  {spec:24s} {seconds:6.2f}s")
    done = subprocess.run(
        [
            sys.executable,
            str(scorer),
            str(corpus / "ground_truth.yaml"),
            str(out),
            "--split",
            "all",
            "-v",
        ],
        check=False,
    )
    print(f"predictions: {out}")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
