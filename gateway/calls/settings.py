"""``HOTLINE_VOICE_*``: how the phone line queues, rings agents and overflows."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CallSettings(BaseSettings):
    """Settings of calls to people first (``HOTLINE_VOICE_*``)."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_VOICE_", env_file=".env", extra="ignore")

    # GB/T 33358-2016: answered within 15 s; after this long in the queue, the overflow
    answer_seconds: float = Field(default=15.0, gt=0, le=600)
    hold_music_url: str | None = None  # a short clip; without it, silence between notices
    hold_pause_seconds: int = Field(default=5, ge=1, le=60)
    # what a caller no person can take gets: the choice (message or bot), or one of them
    overflow: Literal["choose", "bot", "message"] = "choose"
    night_mode: bool = False  # no agents on duty: straight to the overflow
    ring_seconds: int = Field(default=20, ge=5, le=120)  # the agent's endpoint rings
    endpoint_kind: Literal["client", "sip", "number"] = "client"  # agents without their own
    sip_domain: str | None = None  # sip:{username}@{sip_domain} for endpoint_kind=sip
    queue_name: str = Field(default="hotline", min_length=1, max_length=64)
    max_message_seconds: int = Field(default=120, ge=10, le=600)
    # after-call work (整理): the call's conversation stays with the agent until 整理完毕,
    # or until this long after the call (then closed at the window, as the figures count it)
    after_work_seconds: float = Field(default=300.0, ge=0, le=7200)
    # a queued or ringing call the provider says nothing of for this long past the answer
    # (or ring) time is abandoned by the sweep, which runs every sweep_seconds
    stale_seconds: float = Field(default=120.0, ge=10, le=3600)
    sweep_seconds: float = Field(default=30.0, ge=1, le=600)
    # live assist: <Start><Stream> to {public base}/webhooks/voice/stream before <Dial>
    stream: bool = False
