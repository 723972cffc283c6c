"""The centre's call figures: 接通率, answered within 15 s, abandonment, handle time, ACW.

Counted live in Prometheus (``/metrics``: agents only by pseudonym, :func:`pseudonym`,
since the scrape is read by monitoring, not by supervisors) and computed from the calls
table per agent and per hour for the dashboard (``GET /api/dashboard/calls``; the
话务（电话） panel of ``/dashboard`` shows :func:`call_tallies` for the selected period).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from prometheus_client import Counter, Histogram
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.calls.models import VoiceCall
from gateway.metrics import REGISTRY

LOCAL = ZoneInfo("Asia/Shanghai")
OVERFLOWED = frozenset({"overflow", "voicemail", "no-answer"})

CALLS = Counter(
    "hotline_calls_total",
    "Calls by event: offered, answered, answered_in_time (within the answer time), "
    "abandoned, no_answer, overflow.",
    ["event"],
    registry=REGISTRY,
)
CALL_WAIT = Histogram(
    "hotline_call_answer_wait_seconds",
    "Queue time of answered calls (the 15 s bucket is the standard's line).",
    buckets=(5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0),
    registry=REGISTRY,
)
CALL_ANSWERED = Counter(
    "hotline_call_answered_total", "Calls answered per agent.", ["agent"], registry=REGISTRY
)
CALL_TALK = Histogram(
    "hotline_call_talk_seconds",
    "Talk time per agent (handle time = talk + after-call work).",
    ["agent"],
    buckets=(30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0),
    registry=REGISTRY,
)
CALL_ACW = Histogram(
    "hotline_call_after_work_seconds",
    "After-call work per agent: from the end of the call to the agent's 整理完毕.",
    ["agent"],
    buckets=(10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0),
    registry=REGISTRY,
)


# the key of the agents' pseudonyms: HOTLINE_SECRET_KEY once the call service is built
# (stable across processes, so Prometheus adds them up), a random one until then
_PSEUDONYM_KEY: list[bytes] = [os.urandom(32)]


def set_pseudonym_key(secret: str) -> None:
    """Derive the pseudonyms' key from the gateway's secret key."""
    _PSEUDONYM_KEY[0] = hashlib.sha256(b"hotline-metrics-agent:" + secret.encode()).digest()


def pseudonym(agent: str) -> str:
    """The label an agent has in ``/metrics``: ``agent-`` and ten hex digits of an HMAC
    of the username (``""`` stays ``""``). The same agent keeps the same pseudonym; the
    username cannot be read back without the secret key (personal data, 第二十四条)."""
    if not agent:
        return ""
    digest = hmac.new(_PSEUDONYM_KEY[0], agent.encode(), hashlib.sha256).hexdigest()
    return "agent-" + digest[:10]


def answered(wait_seconds: float, answer_seconds: float, agent: str) -> None:
    """Count one answered call."""
    CALLS.labels("answered").inc()
    if wait_seconds <= answer_seconds:
        CALLS.labels("answered_in_time").inc()
    CALL_WAIT.observe(wait_seconds)
    CALL_ANSWERED.labels(pseudonym(agent)).inc()


def talked(agent: str, seconds: float) -> None:
    """One call's talk time, under the agent's pseudonym."""
    CALL_TALK.labels(pseudonym(agent)).observe(seconds)


def wrapped_up(agent: str, seconds: float) -> None:
    """One call's after-call work, under the agent's pseudonym."""
    CALL_ACW.labels(pseudonym(agent)).observe(seconds)


@dataclass
class CallTally:
    """What a set of calls adds up to (the raw counts: the dashboard applies its
    small-count rule to them)."""

    offered: int = 0
    answered: int = 0
    in_time: int = 0
    abandoned: int = 0
    overflow: int = 0
    talk: list[float] = field(default_factory=list)
    acw: list[float] = field(default_factory=list)

    def add(self, call: VoiceCall, answer_seconds: float) -> None:
        self.offered += 1
        if call.answered_at is not None:
            self.answered += 1
            if (call.answered_at - call.queued_at).total_seconds() <= answer_seconds:
                self.in_time += 1
        if call.status == "abandoned":
            self.abandoned += 1
        if call.status in OVERFLOWED:
            self.overflow += 1
        if call.talk_seconds is not None:
            self.talk.append(call.talk_seconds)
        if call.wrapped_at is not None and call.ended_at is not None:
            self.acw.append((call.wrapped_at - call.ended_at).total_seconds())

    def json(self) -> dict[str, Any]:
        talk = _mean(self.talk)
        acw = _mean(self.acw)
        return {
            "offered": self.offered,
            "answered": self.answered,
            "answer_rate": _ratio(self.answered, self.offered),  # 接通率
            "answered_in_time_share": _ratio(self.in_time, self.offered),  # 15 秒接通率
            "abandoned": self.abandoned,
            "abandon_rate": _ratio(self.abandoned, self.offered),
            # no person took it: the answer time ran out, the queue failed, or the agent
            # who accepted never answered (then a message or the bot)
            "overflow": self.overflow,
            "avg_talk_seconds": talk,
            "avg_after_work_seconds": acw,
            "avg_handle_seconds": (talk or 0.0) + (acw or 0.0) if talk is not None else None,
        }


@dataclass
class CallTallies:
    """Calls queued in one span: in total, per agent (answered calls), per local hour
    (``YYYY-MM-DD HH:00``) and per local hour of the day (0–23, over the whole span)."""

    total: CallTally = field(default_factory=CallTally)
    per_agent: dict[str, CallTally] = field(default_factory=lambda: defaultdict(CallTally))
    per_hour: dict[str, CallTally] = field(default_factory=lambda: defaultdict(CallTally))
    per_hour_of_day: dict[int, CallTally] = field(default_factory=lambda: defaultdict(CallTally))


async def call_tallies(
    sessions: async_sessionmaker[AsyncSession],
    since: datetime,
    until: datetime,
    answer_seconds: float = 15.0,
) -> CallTallies:
    """Tallies of the calls queued in ``[since, until)``."""
    async with sessions() as s:
        calls = (
            await s.scalars(
                select(VoiceCall).where(VoiceCall.queued_at >= since, VoiceCall.queued_at < until)
            )
        ).all()
    t = CallTallies()
    for call in calls:
        t.total.add(call, answer_seconds)
        local = call.queued_at.astimezone(LOCAL)
        t.per_hour[local.strftime("%Y-%m-%d %H:00")].add(call, answer_seconds)
        t.per_hour_of_day[local.hour].add(call, answer_seconds)
        if call.agent and call.answered_at is not None:
            t.per_agent[call.agent].add(call, answer_seconds)
    return t


async def call_figures(
    sessions: async_sessionmaker[AsyncSession],
    since: datetime,
    until: datetime,
    answer_seconds: float = 15.0,
) -> dict[str, Any]:
    """Totals, per agent and per local hour for calls queued in ``[since, until)``.

    ``per_hour`` keys (``YYYY-MM-DD HH:00``) are hours of the centre's local time, named
    by ``timezone`` (IANA) and ``utc_offset`` (``+08:00``).
    """
    t = await call_tallies(sessions, since, until, answer_seconds)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "timezone": str(LOCAL.key),
        "utc_offset": _offset(until),
        "answer_seconds": answer_seconds,
        "total": t.total.json(),
        "per_agent": {a: x.json() for a, x in sorted(t.per_agent.items())},
        "per_hour": {h: x.json() for h, x in sorted(t.per_hour.items())},
    }


def _offset(when: datetime) -> str:
    """The centre's UTC offset at ``when``, e.g. ``+08:00``."""
    delta = when.astimezone(LOCAL).utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
