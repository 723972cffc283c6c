"""Tables of supervision follow-up and early warning (migration 0004), and of the daily
roll-up (migration 0006_analytics_rollup).

The casebridge core owns ``supervisions``; these tables add what 第二十二条 supervision
needs around it: the finding that opened it (a stable key, so the scheduler opens each
once), the escalation steps taken with their notices, the unit's responses, the SLA
timer events already raised, and the early-warning alerts sent to the centre.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
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


# -- the daily roll-up ------------------------------------------------------------
# ``analytics_daily_units`` holds one row per local (Asia/Shanghai) day of assignment and
# unit: the additive figures of :class:`casebridge.analytics.tally.Tally`, with 基本满意
# kept apart so ``basic_counts_as_satisfied`` applies when read. ``analytics_daily_appeals``
# counts appeals per local day x channel x category x county. A month is then a few
# thousand rows instead of every order of the month. ``analytics_rollup_state`` keeps the
# high-water marks of the append-only tables that say which days changed.
# a unit's assignments of a period (the drill-down behind a figure)
Index("ix_assignments_unit_assigned_at", Assignment.unit_id, Assignment.assigned_at)

METRIC_COLUMNS = ("response", "on_time", "resolution", "satisfaction")


class DailyUnitFigures(Base):
    """One unit's assessment figures for the assignments of one local day."""

    __tablename__ = "analytics_daily_units"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    lead_orders: Mapped[int] = mapped_column(Integer, default=0)
    response_hits: Mapped[int] = mapped_column(Integer, default=0)
    response_counted: Mapped[int] = mapped_column(Integer, default=0)
    on_time_hits: Mapped[int] = mapped_column(Integer, default=0)
    on_time_counted: Mapped[int] = mapped_column(Integer, default=0)
    resolution_hits: Mapped[int] = mapped_column(Integer, default=0)
    resolution_counted: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction_hits: Mapped[int] = mapped_column(Integer, default=0)  # 满意
    satisfaction_basic: Mapped[int] = mapped_column(Integer, default=0)  # 基本满意
    satisfaction_counted: Mapped[int] = mapped_column(Integer, default=0)
    returns: Mapped[int] = mapped_column(Integer, default=0)
    returns_rejected: Mapped[int] = mapped_column(Integer, default=0)
    reopens: Mapped[int] = mapped_column(Integer, default=0)
    supervisions: Mapped[int] = mapped_column(Integer, default=0)
    # when a figure of this row changes by time alone (a deadline passing)
    next_change_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DailyAppealCount(Base):
    """Appeals of one local day with one channel, category and county."""

    __tablename__ = "analytics_daily_appeals"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(64), primary_key=True)
    appeals: Mapped[int] = mapped_column(Integer, default=0)
    orders: Mapped[int] = mapped_column(Integer, default=0)  # appeals that became orders


class RollupState(Base):
    """High-water marks of the last refresh (one row, ``name = 'daily'``)."""

    __tablename__ = "analytics_rollup_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    policy: Mapped[str] = mapped_column(String(64))  # fingerprint of the sign limits used
    appeal_id: Mapped[int] = mapped_column(Integer, default=0)
    order_id: Mapped[int] = mapped_column(Integer, default=0)
    event_id: Mapped[int] = mapped_column(Integer, default=0)
    callback_id: Mapped[int] = mapped_column(Integer, default=0)
    supervision_id: Mapped[int] = mapped_column(Integer, default=0)
    assignment_id: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime())
