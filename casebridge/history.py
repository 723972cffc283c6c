"""The centre's own history for the NLU retrain (issue 11): finished work orders with the
category and lead unit they finally had, after 退单 and 改派.

Read-only; one query. The gateway's retrain job (``gateway/nlu_retrain.py``) turns the rows
into training rows (the unit's type from the dispatch catalogue) and retrains the NLU.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.lifecycle import State
from casebridge.models import Appeal, Unit, WorkOrder

#: The most recent finished orders read by default (a retrain's budget, bench/nlu.md).
DEFAULT_LIMIT = 100_000


@dataclass(frozen=True)
class FinishedOrder:
    """One closed work order: what the citizen wrote and where it finally went."""

    number: str
    text: str
    level1: str | None
    level2: str | None
    entry_code: str
    unit_code: str
    unit_kind: str
    returns: int  # times it was returned (退单) before it was done
    closed_at: datetime | None


async def finished_orders(
    sessions: async_sessionmaker[AsyncSession] | AsyncSession,
    *,
    since: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[FinishedOrder]:
    """Closed orders (not merged, not terminated), newest first, at most ``limit``.

    ``since``: only orders closed at or after this time. The category and lead unit are the
    order's current ones, i.e. after every 退单 review and 改派.
    """
    query = (
        select(
            WorkOrder.number,
            Appeal.text,
            WorkOrder.category_level1,
            WorkOrder.category_level2,
            WorkOrder.entry_code,
            Unit.code,
            Unit.kind,
            WorkOrder.return_count,
            WorkOrder.closed_at,
        )
        .join(Appeal, Appeal.id == WorkOrder.appeal_id)
        .join(Unit, Unit.id == WorkOrder.lead_unit_id)
        .where(WorkOrder.state == State.CLOSED.value, WorkOrder.merged_into_id.is_(None))
        .order_by(WorkOrder.closed_at.desc(), WorkOrder.id.desc())
        .limit(max(0, limit))
    )
    if since is not None:
        query = query.where(WorkOrder.closed_at >= since)
    if isinstance(sessions, AsyncSession):
        rows = (await sessions.execute(query)).all()
    else:
        async with sessions() as session:
            rows = (await session.execute(query)).all()
    return [
        FinishedOrder(
            number=r[0],
            text=r[1] or "",
            level1=r[2],
            level2=r[3],
            entry_code=r[4],
            unit_code=r[5],
            unit_kind=r[6],
            returns=int(r[7] or 0),
            closed_at=r[8],
        )
        for r in rows
    ]
