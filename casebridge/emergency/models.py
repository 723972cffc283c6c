"""Tables of the emergency handover (migration 0007): the record and its audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import Base, UTCDateTime

BigId = BigInteger().with_variant(Integer, "sqlite")


class Emergency(Base):
    """An emergency handed over to a dispatch desk (第十三条(一)): who, what, where, phone,
    when, on which channel, for which service (110/119/120/122)."""

    __tablename__ = "emergencies"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    service: Mapped[str] = mapped_column(String(3))
    # further numbers told after ``service``, comma-separated ("120"; migration 0008)
    also: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32))
    conversation_key: Mapped[str] = mapped_column(String(255))
    sender: Mapped[str] = mapped_column(String(255))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(256))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | acknowledged
    outbox_id: Mapped[int | None] = mapped_column(BigId)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EmergencyEvent(Base):
    """One entry of a record's own audit trail: created, pushed, viewed, revealed,
    acknowledged ... by whom and when."""

    __tablename__ = "emergency_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    emergency_id: Mapped[int] = mapped_column(ForeignKey("emergencies.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
