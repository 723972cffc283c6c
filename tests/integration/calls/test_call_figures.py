"""The centre's call figures from known calls: rates, the 15 s share, times, per agent/hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.db import create_engine_for, session_factory
from gateway.calls.figures import call_figures
from gateway.calls.models import VoiceCall
from tests.integration.console.conftest import apply_console_migration

pytestmark = pytest.mark.integration
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Heze


def _call(
    sid: str,
    status: str,
    at: datetime,
    *,
    agent: str | None = None,
    wait: float | None = None,
    talk: float | None = None,
    acw: float | None = None,
) -> VoiceCall:
    answered = at + timedelta(seconds=wait) if wait is not None else None
    ended = answered + timedelta(seconds=talk) if answered and talk is not None else None
    return VoiceCall(
        call_sid=sid,
        conversation_key=f"conv:voice:x:{sid}",
        caller="+8613900000000",
        called="+865300000000",
        status=status,
        agent=agent,
        queued_at=at,
        answered_at=answered,
        ended_at=ended
        if ended
        else (at + timedelta(seconds=30) if status == "abandoned" else None),
        wrapped_at=ended + timedelta(seconds=acw) if ended and acw is not None else None,
        talk_seconds=talk,
        updated_at=at,
    )


async def _fill(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as s, s.begin():
        s.add_all(
            [
                _call("C1", "completed", T0, agent="alice", wait=10, talk=100, acw=20),
                _call(
                    "C2",
                    "completed",
                    T0 + timedelta(minutes=5),
                    agent="alice",
                    wait=20,
                    talk=200,
                    acw=40,
                ),
                _call("C3", "completed", T0 + timedelta(hours=1), agent="bob", wait=5, talk=60),
                _call("C4", "abandoned", T0 + timedelta(hours=1, minutes=2)),
                _call("C5", "overflow", T0 + timedelta(hours=1, minutes=3)),
                _call("OLD", "completed", T0 - timedelta(days=3), agent="bob", wait=1, talk=1),
            ]
        )


async def test_call_figures_in_total_per_agent_and_per_hour(sqlite_url: str) -> None:
    apply_console_migration(sqlite_url)
    engine = create_engine_for(sqlite_url)
    sessions = session_factory(engine)
    try:
        await _fill(sessions)
        f = await call_figures(sessions, T0 - timedelta(hours=1), T0 + timedelta(hours=2), 15.0)
    finally:
        await engine.dispose()
    total = f["total"]
    assert total["offered"] == 5  # the call before the period is not counted
    assert total["answered"] == 3
    assert total["answer_rate"] == 0.6  # 接通率
    assert total["answered_in_time_share"] == 0.4  # C1 and C3 within 15 s, C2 at 20 s
    assert total["abandoned"] == 1
    assert total["abandon_rate"] == 0.2
    assert total["avg_talk_seconds"] == 120.0
    assert total["avg_after_work_seconds"] == 30.0
    assert total["avg_handle_seconds"] == 150.0
    alice = f["per_agent"]["alice"]
    assert (alice["answered"], alice["avg_talk_seconds"], alice["avg_after_work_seconds"]) == (
        2,
        150.0,
        30.0,
    )
    assert f["per_agent"]["bob"]["avg_after_work_seconds"] is None  # not wrapped up yet
    hours = f["per_hour"]
    assert list(hours) == ["2026-03-02 09:00", "2026-03-02 10:00"]  # local (Asia/Shanghai)
    assert (f["timezone"], f["utc_offset"]) == ("Asia/Shanghai", "+08:00")  # the keys' zone
    first = datetime.fromisoformat(next(iter(hours)).replace(" ", "T") + f["utc_offset"])
    assert first.astimezone(UTC).hour == 1  # 09:00 in Heze is 01:00 UTC
    assert hours["2026-03-02 09:00"]["answer_rate"] == 1.0
    assert hours["2026-03-02 10:00"]["offered"] == 3
    assert hours["2026-03-02 10:00"]["abandon_rate"] == round(1 / 3, 4)


async def test_overflow_counts_every_call_no_person_took(sqlite_url: str) -> None:
    apply_console_migration(sqlite_url)
    engine = create_engine_for(sqlite_url)
    sessions = session_factory(engine)
    try:
        async with sessions() as s, s.begin():
            s.add_all(
                [
                    _call("D1", "overflow", T0),  # the answer time ran out (bot)
                    _call("D2", "voicemail", T0),  # ... and a message was left
                    _call("D3", "no-answer", T0, agent="alice"),  # accepted, never answered
                    _call("D4", "abandoned", T0),  # hung up in the queue: not overflow
                    _call("D5", "completed", T0, agent="alice", wait=3, talk=30),
                ]
            )
        f = await call_figures(sessions, T0 - timedelta(hours=1), T0 + timedelta(hours=1))
    finally:
        await engine.dispose()
    assert f["total"]["offered"] == 5
    assert f["total"]["overflow"] == 3
    assert f["total"]["abandoned"] == 1
