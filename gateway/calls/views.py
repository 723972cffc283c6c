"""What the phone line's service returns: a call as the console shows it, a sweep's counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SweepDone:
    """What one sweep did: calls made abandoned, after-call work closed at the window."""

    abandoned: int
    wrapped: int


@dataclass(frozen=True)
class CallView:
    """A call as the console's calls panel shows it (the caller masked)."""

    sid: str
    conversation: str
    title: str
    status: str
    agent: str | None
    queued_at: str
    waiting_seconds: float
