"""Knowledge-base versions in the database (table ``kb_entry_versions``, migration 0003).

YAML under ``config/knowledge`` is the seed; every unit edit is a new row, the newest
version of each entry wins when the gateway starts (``apply_stored_versions``).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.analytics.queries import KnowledgeEntryRef
from casebridge.db import UTCDateTime, utcnow
from gateway.db import Base
from nlu.knowledge import KnowledgeBase, KnowledgeEntry


class KnowledgeVersionRow(Base):
    """One version of one knowledge-base entry, as a unit wrote it."""

    __tablename__ = "kb_entry_versions"
    __table_args__ = (UniqueConstraint("entry_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    domain: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    source_unit: Mapped[str] = mapped_column(String(128))
    effective_date: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_entry(self) -> KnowledgeEntry:
        """The entry this row describes."""
        return KnowledgeEntry(
            id=self.entry_id,
            domain=self.domain,
            title=self.title,
            answer=self.answer,
            source_unit=self.source_unit,
            effective_date=self.effective_date,
            review_date=self.review_date,
            questions=tuple(json.loads(self.questions)),
            version=self.version,
            retired=self.retired,
        )


def row_for(entry: KnowledgeEntry, author: str) -> KnowledgeVersionRow:
    """A new row recording ``entry`` as written by ``author`` (a unit code)."""
    return KnowledgeVersionRow(
        entry_id=entry.id,
        version=entry.version,
        domain=entry.domain,
        title=entry.title,
        questions=json.dumps(list(entry.questions), ensure_ascii=False),
        answer=entry.answer,
        source_unit=entry.source_unit,
        effective_date=entry.effective_date,
        review_date=entry.review_date,
        retired=entry.retired,
        author=author,
        created_at=utcnow(),
    )


async def latest_version(session: AsyncSession, entry_id: str) -> int:
    """The highest stored version of ``entry_id`` (0 when none)."""
    value = await session.scalar(
        select(func.max(KnowledgeVersionRow.version)).where(
            KnowledgeVersionRow.entry_id == entry_id
        )
    )
    return int(value or 0)


async def stored_entries(sessions: async_sessionmaker[AsyncSession]) -> list[KnowledgeEntry]:
    """The newest stored version of every entry."""
    async with sessions() as session:
        rows = (
            await session.scalars(
                select(KnowledgeVersionRow).order_by(
                    KnowledgeVersionRow.entry_id, KnowledgeVersionRow.version
                )
            )
        ).all()
    newest: dict[str, KnowledgeVersionRow] = {}
    for row in rows:
        newest[row.entry_id] = row
    return [row.to_entry() for row in newest.values()]


async def live_entries(session: AsyncSession) -> list[KnowledgeEntryRef]:
    """The newest version of every entry that is not retired, as the supervision sweep
    needs it (第十八条: the sweep is handed these; it never reads this table)."""
    latest = (
        select(
            KnowledgeVersionRow.entry_id,
            func.max(KnowledgeVersionRow.version).label("v"),
        )
        .group_by(KnowledgeVersionRow.entry_id)
        .subquery()
    )
    rows = await session.scalars(
        select(KnowledgeVersionRow)
        .join(
            latest,
            (latest.c.entry_id == KnowledgeVersionRow.entry_id)
            & (latest.c.v == KnowledgeVersionRow.version),
        )
        .where(KnowledgeVersionRow.retired.is_(False))
        .order_by(KnowledgeVersionRow.entry_id)
    )
    return [
        KnowledgeEntryRef(
            entry_id=r.entry_id,
            title=r.title,
            source_unit=r.source_unit,
            review_date=r.review_date,
            updated_at=r.created_at,
        )
        for r in rows
    ]


async def history(
    sessions: async_sessionmaker[AsyncSession], entry_id: str
) -> list[KnowledgeVersionRow]:
    """Every stored version of one entry, oldest first."""
    async with sessions() as session:
        return list(
            (
                await session.scalars(
                    select(KnowledgeVersionRow)
                    .where(KnowledgeVersionRow.entry_id == entry_id)
                    .order_by(KnowledgeVersionRow.version)
                )
            ).all()
        )


async def apply_stored_versions(
    sessions: async_sessionmaker[AsyncSession], kb: KnowledgeBase
) -> int:
    """Bring the in-memory base up to the stored versions (call once at start-up)."""
    import asyncio

    entries = await stored_entries(sessions)
    return await asyncio.to_thread(kb.apply, entries)
