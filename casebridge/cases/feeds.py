"""What the gateway reads from the case store for its own jobs, as typed rows.

The gateway runs no SQL of its own on case-store tables: the reply notifier
(第九条, 第十七条) follows :func:`replies_since`, the repeat detector (第十三条(三)) loads
:func:`recent_orders`. Each function opens its own short read-only session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.lifecycle import State
from casebridge.models import Appeal, OrderEvent, Unit, WorkOrder

Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class ReplyNotice:
    """A unit's reply (an event into ``replied``) to tell the citizen about."""

    event_id: int  # the cursor: events are read in id order
    at: datetime  # aware UTC
    number: str
    reply_text: str | None
    unit_name: str
    conversation_id: str | None  # the citizen's conversation; None for agent intake


@dataclass(frozen=True)
class RecentOrder:
    """An order opened from a conversation, as the repeat detector indexes it."""

    number: str
    text: str
    category_level1: str | None
    county: str | None
    conversation_id: str
    created_at: datetime  # aware UTC
    contact_phone: str | None = None  # the phone the citizen left (links their sessions)


async def latest_event_id(sessions: Sessions) -> int:
    """The id of the newest order event (0 when there is none)."""
    async with sessions() as s:
        return int(await s.scalar(select(func.max(OrderEvent.id))) or 0)


async def replies_since(sessions: Sessions, cursor: int, limit: int = 100) -> list[ReplyNotice]:
    """Replies recorded after event ``cursor``, oldest first, at most ``limit``."""
    async with sessions() as s:
        rows = (
            await s.execute(
                select(
                    OrderEvent.id,
                    OrderEvent.created_at,
                    WorkOrder.number,
                    WorkOrder.reply_text,
                    Unit.name,
                    Appeal.conversation_id,
                )
                .join(WorkOrder, WorkOrder.id == OrderEvent.order_id)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .join(Unit, Unit.id == WorkOrder.lead_unit_id)
                .where(OrderEvent.id > cursor, OrderEvent.to_state == State.REPLIED)
                .order_by(OrderEvent.id)
                .limit(limit)
            )
        ).all()
    return [ReplyNotice(*row) for row in rows]


async def recent_orders(sessions: Sessions, since: datetime) -> list[RecentOrder]:
    """Orders opened from a conversation since ``since`` (aware UTC)."""
    async with sessions() as s:
        rows = (
            await s.execute(
                select(
                    WorkOrder.number,
                    Appeal.text,
                    WorkOrder.category_level1,
                    WorkOrder.county,
                    Appeal.conversation_id,
                    WorkOrder.created_at,
                    Appeal.contact_phone,
                )
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.created_at >= since, Appeal.conversation_id.is_not(None))
            )
        ).all()
    return [
        RecentOrder(number, text, category, county, conversation or "", at, phone)
        for number, text, category, county, conversation, at, phone in rows
    ]
