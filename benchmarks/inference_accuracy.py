"""Inference accuracy on the labelled corpus: the plain score, and an honest leave-one-spec-out score.

usage: python benchmarks/inference_accuracy.py [--corpus DIR] [--out predictions.json]
                                               [--skip SPEC ...] [--plain-only]
The corpus comes from --corpus, $RESTWRIGHT_CORPUS, or ../shared/corpus beside the checkout; the
scorer is the project's (`../tools/score_inference.py` beside the corpus).

Leave-one-spec-out for a rule-based system
------------------------------------------
Nothing is trained, yet the rules were written while looking at these specs: a word list that
names `listOptions.continue` because one API uses it scores that API well and tells nothing about
the next one. So, for every spec S, knowledge only S justifies must not help S:

1. Every word, phrase and special rule inference uses is a named entry
   (`restwright.infer.knowledge`: `CURSOR_NAMES:continue`, `LINK_TEXT:...`, `rule:...`). A first
   pass infers every spec while recording which entries fire (a word matched a name, a phrase a
   description, a rule decided). An entry's provenance is the set of corpus specs it fires on:
   measured, not declared, so it cannot be flattered.
2. An entry that fires on exactly one spec S is knowledge only S justifies: for S it is held out
   (matches nothing) and S is inferred again. An entry that fires on two or more specs is a
   convention APIs share and stays on. Knowledge from outside the corpus (a standard, another
   vendor) earns no exemption: if only S uses it here, S is scored without it.
3. Thresholds (`knowledge.TUNABLES`, e.g. the score below which the runtime auto-detects) are
   chosen for S on the other specs: every value of each tunable's grid is scored on every spec,
   and S uses the value that scores best on the others (the judgement value on ties).
4. The leave-one-spec-out score is the scorer's on those predictions; the report lists every
   single-spec entry, every threshold moved, and every row that changes.

What this does not catch: an entry that fires on another spec without helping it there counts as
shared; and the code's structure (which detectors exist) was written with all specs in view.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Mapping

import yaml

from restwright.infer import infer_api
from restwright.infer.decision import OperationInference
from restwright.infer.knowledge import TUNABLES, holding_out, recording, tuning
from restwright.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import ApiModel, SecurityScheme

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("type", "params", "sel", "auth")
Built = dict[str, tuple[ApiModel, dict[str, OperationInference]]]
RowKey = tuple[str, str, str]  # spec, endpoint, metric


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


def load_truth(corpus: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(
        (corpus / "ground_truth.yaml").read_text(encoding="utf-8")
    )
    return rows


def load_scorer(corpus: Path) -> ModuleType:
    """The project's scorer, imported from beside the corpus."""
    path = corpus.parent / "tools" / "score_inference.py"
    spec = importlib.util.spec_from_file_location("score_inference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def spec_predictions(
    spec: str,
    model: ApiModel,
    inferred: Mapping[str, OperationInference],
    truth: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The scorer's prediction records for the labelled endpoints of one spec."""
    out = []
    for row in truth:
        if row["spec"] != spec:
            continue
        method, path = row["endpoint"].split(" ", 1)
        inference = inferred.get(f"{method.upper()} {path}")
        if inference is None:
            continue
        out.append(
            {
                "spec": spec,
                "method": method,
                "path": path,
                "paginator": paginator_json(inference),
                "data_selector": (
                    inference.data_selector.path if inference.data_selector else None
                ),
                "auth": auth_json(model, inference),
                "evidence": (
                    list(inference.paginator.evidence) if inference.paginator else []
                ),
            }
        )
    return out


def predict(
    corpus: Path,
    skip: Iterable[str] = (),
    built: Built | None = None,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Predictions for every labelled endpoint, and seconds spent per spec.

    `built` (spec name → model and inference) skips loading specs a caller already inferred.
    """
    truth = load_truth(corpus)
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
        predictions.extend(spec_predictions(spec, model, inferred, truth))
    return predictions, timings


def row_results(
    scorer: ModuleType,
    truth: list[dict[str, Any]],
    predictions: list[dict[str, Any]],
) -> dict[RowKey, bool]:
    """Every labelled row × metric → right or wrong, judged with the scorer's own functions."""
    by_key = {(p["spec"], p["method"].upper(), p["path"]): p for p in predictions}
    result: dict[RowKey, bool] = {}
    for row in truth:
        method, path = row["endpoint"].split(" ", 1)
        pred = by_key.get((row["spec"], method.upper(), path))
        key = (row["spec"], row["endpoint"])
        if pred is None:
            result.update({key + (m,): False for m in METRICS})
            continue
        got = scorer.norm_pag(pred["paginator"])
        wanted = [scorer.norm_pag(row["paginator"])] + [
            scorer.norm_pag(a) for a in row.get("alt_paginators") or []
        ]
        same_type = [c for c in wanted if c["type"] == got["type"]]
        result[key + ("type",)] = bool(same_type)
        result[key + ("params",)] = any(scorer.params_ok(c, got) for c in same_type)
        selectors = {scorer.norm_path(row["data_selector"])}
        if row.get("spec_only_data_selector") is not None:
            selectors.add(scorer.norm_path(row["spec_only_data_selector"]))
        result[key + ("sel",)] = scorer.norm_path(pred["data_selector"]) in selectors
        result[key + ("auth",)] = bool(
            scorer.auth_types(row["auth"]) & scorer.auth_types(pred["auth"])
        )
    return result


def rates(results: Mapping[RowKey, bool]) -> dict[str, float]:
    rows = len({k[:2] for k in results}) or 1
    return {
        m: sum(ok for k, ok in results.items() if k[2] == m) / rows for m in METRICS
    }


# ------------------------------------------------------------------ leave one spec out


@dataclass
class LosoReport:
    """What leaving each spec out changed."""

    predictions: list[dict[str, Any]]
    single_spec: dict[str, list[str]]  # spec → entries only it fires
    tuned: dict[str, dict[str, float]]  # spec → tunables moved away from their default
    provenance: dict[str, set[str]] = field(default_factory=dict)  # entry → specs


def infer_recorded(model: ApiModel) -> tuple[dict[str, OperationInference], set[str]]:
    with recording() as fired:
        inferred = infer_api(model)
    return inferred, fired


def _tuned_values(
    models: Mapping[str, ApiModel],
    truth: list[dict[str, Any]],
    scorer: ModuleType,
) -> dict[str, dict[str, float]]:
    """For each spec, the grid value of each tunable that scores best on the other specs."""
    chosen: dict[str, dict[str, float]] = defaultdict(dict)
    for tunable in TUNABLES.values():
        per_value: dict[float, dict[str, int]] = {}
        for value in (tunable.default, *tunable.grid):
            predictions = []
            with tuning({tunable.name: value}):
                for spec, model in models.items():
                    inferred = infer_api(model)
                    predictions += spec_predictions(spec, model, inferred, truth)
            per_spec: dict[str, int] = defaultdict(int)
            for (spec, _, _), ok in row_results(scorer, truth, predictions).items():
                per_spec[spec] += ok
            per_value[value] = per_spec
        for spec in models:

            def elsewhere(value: float) -> tuple[int, bool, float]:
                others = sum(n for s, n in per_value[value].items() if s != spec)
                return others, value == tunable.default, -abs(value - tunable.default)

            best = max(per_value, key=elsewhere)
            if best != tunable.default:
                chosen[spec][tunable.name] = best
    return dict(chosen)


def leave_one_spec_out(
    models: Mapping[str, ApiModel],
    fired: Mapping[str, set[str]],
    plain: Mapping[str, list[dict[str, Any]]],
    truth: list[dict[str, Any]],
    scorer: ModuleType,
    tune: bool = True,
) -> LosoReport:
    """Each spec inferred again without the entries only it fires and with thresholds chosen
    elsewhere (`tune=False`: thresholds stay as set, which takes seconds instead of minutes).
    """
    provenance: dict[str, set[str]] = defaultdict(set)
    for spec, entries in fired.items():
        for entry in entries:
            provenance[entry].add(spec)
    tuned = _tuned_values(models, truth, scorer) if tune else {}
    report = LosoReport([], {}, tuned, dict(provenance))
    for spec, model in models.items():
        own = sorted(e for e in fired[spec] if provenance[e] == {spec})
        if own:
            report.single_spec[spec] = own
        if not own and spec not in tuned:
            report.predictions += plain[spec]
            continue
        with holding_out(own), tuning(tuned.get(spec, {})):
            inferred = infer_api(model)
        report.predictions += spec_predictions(spec, model, inferred, truth)
    return report


# ------------------------------------------------------------------ report


def _run_scorer(
    corpus: Path, predictions: list[dict[str, Any]], out: Path, verbose: bool
) -> int:
    out.write_text(json.dumps(predictions, indent=1), encoding="utf-8")
    args = [str(corpus / "ground_truth.yaml"), str(out), "--split", "all"]
    scorer = corpus.parent / "tools" / "score_inference.py"
    done = subprocess.run(
        [sys.executable, str(scorer), *args, *(["-v"] if verbose else [])],
        check=False,
    )
    return done.returncode


def _changed_rows(
    scorer: ModuleType,
    truth: list[dict[str, Any]],
    plain: list[dict[str, Any]],
    loso: list[dict[str, Any]],
) -> list[str]:
    before, after = row_results(scorer, truth, plain), row_results(scorer, truth, loso)
    return [
        f"  {'lost' if before[k] else 'gained'} {k[2]:6s} {k[0]}: {k[1]}"
        for k in sorted(before)
        if before[k] != after[k]
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--out")
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--plain-only", action="store_true")
    args = parser.parse_args(argv)
    corpus = corpus_dir(args.corpus)
    if corpus is None:
        print("corpus not found (set RESTWRIGHT_CORPUS)", file=sys.stderr)
        return 2
    truth = load_truth(corpus)
    scorer = load_scorer(corpus)
    specs = sorted({row["spec"] for row in truth} - set(args.skip))
    models: dict[str, ApiModel] = {}
    fired: dict[str, set[str]] = {}
    plain: dict[str, list[dict[str, Any]]] = {}
    for spec in specs:
        started = time.perf_counter()
        models[spec] = build_model(load_document(spec_file(corpus, spec)))
        inferred, fired[spec] = infer_recorded(models[spec])
        plain[spec] = spec_predictions(spec, models[spec], inferred, truth)
        print(f"  {spec:24s} {time.perf_counter() - started:6.2f}s")
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "predictions.json"
    plain_all = [p for spec in specs for p in plain[spec]]
    print("\nplain score (every entry on):")
    code = _run_scorer(corpus, plain_all, out, verbose=True)
    print(f"predictions: {out}")
    if args.plain_only:
        return code
    report = leave_one_spec_out(models, fired, plain, truth, scorer)
    print("\nentries that fire on one spec only (held out when that spec is scored):")
    for spec, entries in sorted(report.single_spec.items()):
        print(f"  {spec}: {', '.join(entries)}")
    shared = sum(1 for specs_of in report.provenance.values() if len(specs_of) > 1)
    print(
        f"  ({sum(map(len, report.single_spec.values()))} single-spec entries;"
        f" {shared} entries fire on two or more specs)"
    )
    print("\nthresholds chosen on the other specs, where not the default:")
    for spec, values in sorted(report.tuned.items()):
        print(f"  {spec}: {values}")
    print("\nrows that change when their spec is left out:")
    print("\n".join(_changed_rows(scorer, truth, plain_all, report.predictions)))
    loso_out = out.with_name(out.stem + "_loso.json")
    print("\nleave-one-spec-out score:")
    code |= _run_scorer(corpus, report.predictions, loso_out, verbose=False)
    print(f"predictions: {loso_out}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
