"""What the calls panel shows around a call beyond its state (trial4 F52–F54): the
after-call work still open for an agent with the time left before the sweep closes it,
a talk time as the centre says it, and a number in its domestic form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.calls.models import VoiceCall


@dataclass(frozen=True)
class AfterWork:
    """A call this agent ended and has not wrapped (话后整理).

    ``remaining_seconds``: until the sweep closes the work at ``after_work_seconds``
    past the end (``HOTLINE_VOICE_AFTER_WORK_SECONDS``); ``talk_seconds``: the call's
    length as the provider reported it (0 when unknown)."""

    sid: str
    conversation: str
    ended_at: str
    talk_seconds: float
    remaining_seconds: float


async def open_after_work(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    agent: str,
    window_seconds: float,
) -> list[AfterWork]:
    """The agent's completed, unwrapped calls still inside the after-call window,
    oldest first."""
    since = now - timedelta(seconds=window_seconds)
    async with sessions() as s:
        rows = (
            await s.scalars(
                select(VoiceCall)
                .where(
                    VoiceCall.agent == agent,
                    VoiceCall.status == "completed",
                    VoiceCall.wrapped_at.is_(None),
                    VoiceCall.ended_at >= since,
                )
                .order_by(VoiceCall.ended_at)
            )
        ).all()
    out = []
    for call in rows:
        assert call.ended_at is not None
        left = window_seconds - (now - call.ended_at).total_seconds()
        out.append(
            AfterWork(
                sid=call.call_sid,
                conversation=call.conversation_key,
                ended_at=call.ended_at.isoformat(),
                talk_seconds=round(call.talk_seconds or 0.0, 1),
                remaining_seconds=round(max(0.0, left), 1),
            )
        )
    return out


def duration_zh(seconds: float) -> str:
    """``1分35秒``, ``35秒``, ``1小时2分5秒`` (whole seconds, rounded; negative → 0秒)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}小时{minutes}分{secs}秒"
    if minutes:
        return f"{minutes}分{secs}秒"
    return f"{secs}秒"


_MOBILE = re.compile(r"1[3-9]\d{9}")


def domestic_number(number: str) -> str:
    """A Chinese number as an agent dials it: ``+8613853001234`` → ``138 5300 1234``,
    ``+865305551234`` → ``0530 5551234``, ``+861062345678`` → ``010 62345678``; a
    number of another country (or one that is not a number) is returned unchanged."""
    digits = number.strip().replace(" ", "").replace("-", "")
    if digits.startswith("+86"):
        national = digits[3:]
    elif digits.startswith("0086"):
        national = digits[4:]
    elif digits.startswith("+"):
        return number
    else:
        national = digits.lstrip("0") if digits.startswith("0") else digits
    if not national.isdigit():
        return number
    if _MOBILE.fullmatch(national):
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    if len(national) < 9 or len(national) > 11:
        return number
    # area codes: 10 and 2x are two digits (010 北京, 021 上海 …), the rest three (0530 菏泽)
    area = 2 if national.startswith(("10", "2")) else 3
    return f"0{national[:area]} {national[area:]}"
