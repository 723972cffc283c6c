"""What an emergency answer tells (第十三条(一)): shared by the emergency test files."""

from __future__ import annotations

from nlu.types import NluResult, TriageOutcome


def numbers_told(result: NluResult) -> tuple[str, ...] | None:
    """The numbers told, in order, when ``result`` is an emergency; ``None`` otherwise."""
    triage = result.triage
    if triage is None or triage.outcome is not TriageOutcome.EMERGENCY:
        return None
    return triage.services or ((triage.service,) if triage.service else ())
