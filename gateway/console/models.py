"""Tables of the agent console: agents, conversations, turns, audit (gateway/migrations g0001)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import UTCDateTime
from gateway.db import Base

BIGID = BigInteger().with_variant(Integer(), "sqlite")


class Agent(Base):
    """A hotline agent (热线受理人员) or supervisor who signs in to the console."""

    __tablename__ = "console_agents"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # agent | supervisor
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConsoleConversation(Base):
    """A citizen's conversation as the console sees it: who holds it, queue place."""

    __tablename__ = "console_conversations"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)  # channel:account:sender
    channel: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), index=True)  # bot | queued | held
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    held_by: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    work_order: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_turn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConsoleTurn(Base):
    """One turn of a conversation, kept for audit and analytics (id order = arrival order)."""

    __tablename__ = "console_turns"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    conversation_key: Mapped[str] = mapped_column(String(255), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(8))  # in | out | agent | system
    author: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    nlu: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    actions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)


class ConsoleAudit(Base):
    """Who did what in the console, when (claims, reveals of personal data, orders ...)."""

    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    conversation_key: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
