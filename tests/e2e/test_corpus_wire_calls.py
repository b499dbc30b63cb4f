"""benchmarks/corpus_wire_calls.py's core on a few real specs chosen for variety: every call of
a non-JSON kind (and a sample of JSON ones) reaches a local server as the spec says and returns
what its kind promises. OpenAI: multipart uploads, server-sent events, binary downloads; Box:
operation servers, form bodies, raw uploads, path keys with fragments; Jellyfin: text playlists,
media streams and HEAD; Mastodon: form and multipart bodies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from benchmarks.corpus_wire_calls import Outcome, run_corpus

SPECS = ("openai.yaml", "box.json", "jellyfin.json", "mastodon.json")


def test_corpus_operations_go_on_the_wire_as_declared(corpus: Path) -> None:
    outcomes: list[Outcome] = []
    for name, result in run_corpus([corpus / "specs" / s for s in SPECS]):
        assert not isinstance(result, str), f"{name} was not generated: {result}"
        outcomes += result
    failed = [f"{o.spec}: {o.key}: {o.problem}" for o in outcomes if o.problem]
    assert not failed, "\n".join(failed)
    assert not [o for o in outcomes if o.skipped]
    bodies = Counter(o.body for o in outcomes)
    responses = Counter(o.response for o in outcomes)
    assert all(bodies[k] for k in ("none", "json", "form", "multipart", "binary"))
    assert all(responses[k] for k in ("none", "json", "text", "binary", "event_stream"))
