"""Contesting an inspection finding (申诉) and a supervisor's decision on it.

A finding starts ``open``; its agent may contest it (``contested``), and a supervisor
upholds it (``upheld``: the deduction stays) or withdraws it (``withdrawn``: the points
go back). Every step is a console audit entry. Errors map to HTTP in
:mod:`gateway.console.errors`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.console import errors as console_errors
from gateway.console.models import ConsoleAudit
from gateway.inspection.models import InspectionFinding, InspectionRecord

STATES = ("open", "contested", "upheld", "withdrawn")

Sessions = async_sessionmaker[AsyncSession]


class FindingNotFound(console_errors.NotFound):
    """No such finding (404)."""


class NotAllowed(console_errors.Forbidden):
    """Not the finding's agent (403)."""


class WrongState(console_errors.Conflict):
    """The finding is not open (to contest) or not contested (to decide) (409)."""


async def contest(
    sessions: Sessions, now: datetime, finding_id: int, agent: str, reason: str
) -> None:
    """The finding's agent disputes it (open -> contested) at ``now``, audited.

    Errors: :class:`~gateway.console.errors.InvalidInput` (no reason),
    :class:`FindingNotFound`, :class:`NotAllowed` (another agent's finding),
    :class:`WrongState` (not open). The reason is kept to 1000 characters.
    """
    reason = reason.strip()
    if not reason:
        raise console_errors.InvalidInput("请说明申诉理由")
    async with sessions() as s, s.begin():
        finding, record = await load_finding(s, finding_id)
        if record.agent != agent:
            raise NotAllowed("只能对本人的质检结果申诉")
        done = await s.execute(
            update(InspectionFinding)
            .where(InspectionFinding.id == finding_id, InspectionFinding.state == "open")
            .values(
                state="contested",
                contest_reason=reason[:1000],
                contested_by=agent,
                contested_at=now,
            )
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise WrongState("该质检结果不在可申诉状态")
        s.add(
            ConsoleAudit(
                at=now,
                actor=agent,
                action="contest_finding",
                conversation_key=record.conversation_key,
                detail={"finding": finding_id, "rule": finding.rule},
            )
        )


async def decide(
    sessions: Sessions, now: datetime, finding_id: int, supervisor: str, uphold: bool
) -> None:
    """A supervisor settles a contest at ``now``: upheld (the deduction stays) or
    withdrawn (its points go back to the record's score, and the record stays a red line
    only while another red-line finding stands), audited.

    Errors: :class:`FindingNotFound`, :class:`WrongState` (not contested).
    """
    state = "upheld" if uphold else "withdrawn"
    async with sessions() as s, s.begin():
        finding, record = await load_finding(s, finding_id)
        done = await s.execute(
            update(InspectionFinding)
            .where(InspectionFinding.id == finding_id, InspectionFinding.state == "contested")
            .values(state=state, decided_by=supervisor, decided_at=now)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise WrongState("该质检结果没有待处理的申诉")
        if not uphold:  # the deduction is given back
            rec = await s.get(InspectionRecord, record.id)
            assert rec is not None
            rec.score = min(100, (rec.score or 0) + finding.deduct)
            if finding.red_line:
                rec.red_line = bool(
                    await s.scalar(
                        select(func.count()).where(
                            InspectionFinding.record_id == record.id,
                            InspectionFinding.red_line.is_(True),
                            InspectionFinding.state != "withdrawn",
                        )
                    )
                )
        s.add(
            ConsoleAudit(
                at=now,
                actor=supervisor,
                action="decide_finding",
                conversation_key=record.conversation_key,
                detail={"finding": finding_id, "state": state},
            )
        )


async def load_finding(
    s: AsyncSession, finding_id: int
) -> tuple[InspectionFinding, InspectionRecord]:
    """A finding and its record (:class:`FindingNotFound` when either is missing)."""
    finding = await s.get(InspectionFinding, finding_id)
    if finding is None:
        raise FindingNotFound(str(finding_id))
    record = await s.get(InspectionRecord, finding.record_id)
    if record is None:
        raise FindingNotFound(str(finding_id))
    return finding, record
