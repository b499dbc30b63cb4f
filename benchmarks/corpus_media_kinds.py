"""Count, over the corpus specs, the operations per request-body kind and per success-response
kind the generated clients send and read, and how many fall outside what they handle (0 expected).

Usage: `python benchmarks/corpus_media_kinds.py [SPECS_DIR]` (default: the shared corpus).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from restwright_runtime.media import media_kind

from restwright.diagnostics import RestwrightError
from restwright.load.load import load_document
from restwright.model.build import build_model
from restwright.model.ir import Operation
from restwright.render.operations import body_kind

DEFAULT_SPECS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "specs"
HANDLED_BODIES = {"none", "json", "form", "multipart", "text", "binary"}
HANDLED_RESPONSES = {"none", "json", "text", "binary", "event_stream", "untyped"}


def response_kind(op: Operation) -> str:
    """What the generated method returns: by the first 2XX with content (none: no content;
    untyped: no 2XX declared, read as JSON)."""
    successes = [r for r in op.responses if r.status.upper().startswith("2")]
    if not successes:
        return "untyped"
    read = op.read_response()
    if read is None:
        return "none"
    kind = media_kind(read.content_type or "")
    return "text" if kind == "form" else "binary" if kind == "multipart" else kind


def main(specs: Path) -> int:
    bodies: Counter[str] = Counter()
    responses: Counter[str] = Counter()
    failed = []
    for spec in sorted(specs.iterdir()):
        try:
            model = build_model(load_document(spec))
        except RestwrightError:
            failed.append(spec.name)
            continue
        for op in model.operations:
            body = op.request_body
            bodies[body_kind(body.content_type) if body else "none"] += 1
            responses[response_kind(op)] += 1
    print(
        f"{len(list(specs.iterdir())) - len(failed)} specs, {sum(bodies.values())} operations"
    )
    print("request bodies:", dict(sorted(bodies.items())))
    print("responses:     ", dict(sorted(responses.items())))
    unhandled = sum(n for k, n in bodies.items() if k not in HANDLED_BODIES) + sum(
        n for k, n in responses.items() if k not in HANDLED_RESPONSES
    )
    print(f"unhandled: {unhandled}; specs not loaded: {failed or 0}")
    return 1 if unhandled else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPECS))
