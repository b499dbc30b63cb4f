"""The one place that ranks paginator candidates: best score wins, weak or conflicting evidence → auto."""

from __future__ import annotations

from dataclasses import replace

from restwright.infer.decision import PaginatorChoice
from restwright.infer.knowledge import tunable

# A best guess weaker than this is not worth more than the runtime's own detection.
AUTO_BELOW = tunable("AUTO_BELOW", 0.45, (0.35, 0.4, 0.5, 0.55))


def is_signal(c: PaginatorChoice) -> bool:
    """A candidate backed by something in the spec (the single-page fallback is the absence of one)."""
    return c.type != "single_page" or c.score > 0.5


def rank(found: list[PaginatorChoice]) -> PaginatorChoice:
    """Pick the best candidate (ties: detector order); say what it beat, and fall back to auto when weak."""
    signals = sorted((c for c in found if is_signal(c)), key=lambda c: -c.score)
    if not signals:
        fallback = [c for c in found if c.type == "single_page"]
        return (
            fallback[0]
            if fallback
            else PaginatorChoice("single_page", {}, 0.3, ("no pagination signal",))
        )
    best = signals[0]
    others = [c for c in signals[1:] if c.type != best.type or c.params != best.params]
    beaten = tuple(
        f"preferred over {c.type} ({c.score:.2f}): {c.evidence[0]}" for c in others[:2]
    )
    if best.score < AUTO_BELOW.value:
        return PaginatorChoice(
            "auto",
            {},
            best.score,
            (
                f"weak evidence only (best {best.type} at {best.score:.2f}); the runtime detects pagination",
            )
            + best.evidence,
        )
    return replace(best, evidence=best.evidence + beaten)
