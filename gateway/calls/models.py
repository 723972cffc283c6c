"""Tables of the phone line (gateway/migrations g0004): calls, callbacks, agents' endpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import UTCDateTime
from gateway.db import Base

BIGID = BigInteger().with_variant(Integer(), "sqlite")


class VoiceCall(Base):
    """One incoming call: its state from Twilio's callbacks and the agent who took it.

    ``status``: queued, ringing (offered to an agent's endpoint), in-progress, completed,
    abandoned (hung up in the queue), no-answer (the agent's endpoint did not answer),
    overflow (left the queue for a message or the bot), voicemail.
    """

    __tablename__ = "voice_calls"

    call_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_key: Mapped[str] = mapped_column(String(255), index=True)
    caller: Mapped[str] = mapped_column(String(64))
    called: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    agent: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    wrapped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    talk_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CallbackItem(Base):
    """A missed call to call back (未接来电回拨): open, claimed, done with an outcome."""

    __tablename__ = "voice_callbacks"

    id: Mapped[int] = mapped_column(BIGID, primary_key=True, autoincrement=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    conversation_key: Mapped[str] = mapped_column(String(255))
    caller: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(16))  # abandoned | no-answer | voicemail
    recording_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    recording_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | claimed | done
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AgentEndpoint(Base):
    """Where an agent's calls ring: a Twilio client, a SIP address or a desk number."""

    __tablename__ = "voice_agent_endpoints"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # client | sip | number
    address: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
