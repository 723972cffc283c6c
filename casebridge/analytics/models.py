"""Tables of supervision follow-up and early warning (migration 0004).

The casebridge core owns ``supervisions``; these tables add what 第二十二条 supervision
needs around it: the finding that opened it (a stable key, so the scheduler opens each
once), the escalation steps taken with their notices, the unit's responses, the SLA
timer events already raised, and the early-warning alerts sent to the centre.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import Base, UTCDateTime
from casebridge.models import Appeal, Assignment, BigId, Callback, WorkOrder

# Period queries of the analytics (reports, dashboard, benchmarks).
Index("ix_assignments_assigned_at", Assignment.assigned_at)
Index("ix_appeals_created_at", Appeal.created_at)
Index("ix_callbacks_created_at", Callback.created_at)
Index("ix_work_orders_dispatched_at", WorkOrder.dispatched_at)


class SupervisionFinding(Base):
    """Why a supervision was opened automatically: one row per finding key."""

    __tablename__ = "supervision_findings"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(32))
    centre: Mapped[str] = mapped_column(String(64), default="default")
    order_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    entry_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupervisionStep(Base):
    """One escalation step taken (督办通知, 电话催办, 现场督办, 通报批评 ...)."""

    __tablename__ = "supervision_steps"
    __table_args__ = (Index("ix_supervision_steps_supervision_step", "supervision_id", "step"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"))
    step: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    notice: Mapped[str] = mapped_column(Text)
    notified: Mapped[int] = mapped_column(Integer, default=0)  # webhook messages queued
    actor: Mapped[str] = mapped_column(String(128), default="system")
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupervisionResponse(Base):
    """What the unit answered to a supervision."""

    __tablename__ = "supervision_responses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SlaEvent(Base):
    """A timer warning or expiry already raised (so it is raised once)."""

    __tablename__ = "sla_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    order_number: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    timer: Mapped[str] = mapped_column(String(24))
    stage: Mapped[str] = mapped_column(String(12))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EarlyWarning(Base):
    """An early-warning alert for the centre (第二十七条)."""

    __tablename__ = "early_warnings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    rule: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[float] = mapped_column(Float)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
