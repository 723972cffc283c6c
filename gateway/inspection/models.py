"""Tables of quality inspection: one record per finished stretch, its findings (g0005, g0006)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import UTCDateTime
from gateway.db import Base

BIGID = BigInteger().with_variant(Integer(), "sqlite")


class InspectionRecord(Base):
    """The inspection of one finished stretch of human service (a release, a call's end)."""

    __tablename__ = "inspection_records"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    audit_id: Mapped[int] = mapped_column(BIGID, unique=True)  # the console action that ended it
    conversation_key: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    agent: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    first_turn_id: Mapped[int] = mapped_column(BIGID)
    last_turn_id: Mapped[int] = mapped_column(BIGID)
    agent_turns: Mapped[int] = mapped_column(Integer)
    # None when there was nothing to inspect (``status`` says why)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # scored | nothing_to_inspect (no turn at all) | unanswered (the citizen only) (g0006)
    status: Mapped[str] = mapped_column(String(24), default="scored", server_default="scored")
    red_line: Mapped[bool] = mapped_column(Boolean)
    work_order: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rules_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class InspectionFinding(Base):
    """A rule not met, the turns behind it, and the agent's contest if any."""

    __tablename__ = "inspection_findings"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(BIGID, index=True)
    rule: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(60))
    deduct: Mapped[int] = mapped_column(Integer)
    red_line: Mapped[bool] = mapped_column(Boolean)
    turn_ids: Mapped[list[int]] = mapped_column(JSON)
    excerpt: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # open | contested | upheld | withdrawn
    contest_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    contested_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    contested_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (a naive one, as SQLite returns, is UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
