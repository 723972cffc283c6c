"""Emergency handover wiring (第十三条(一)): receivers from settings, the console alert,
the delivery worker for ``emergency.*`` pushes.

``HOTLINE_EMERGENCY_<SERVICE>_URL`` and ``HOTLINE_EMERGENCY_<SERVICE>_SECRET`` (service
110, 119, 120 or 122; the secret a Standard Webhooks ``whsec_...``) name each dispatch
desk's receiver. Without a receiver a record is still kept and alerted in the console.
The pushes are delivered by their own worker: a short backoff capped at
``HOTLINE_EMERGENCY_MAX_RETRY_SECONDS`` (default 30 s) and no dead letter, so a receiver
that is down for an hour gets every record within that cap of coming back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.emergency import EVENT_PREFIX, EmergencyDesk, EmergencyReport, Receiver
from casebridge.outbox import DeliveryWorker
from gateway.console.hub import Hub
from gateway.scheduler import every

log = logging.getLogger("hotline.emergency")


class EmergencySettings(BaseSettings):
    """``HOTLINE_EMERGENCY_*``: one receiver per service, and the retry cap."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_", env_file=".env", extra="ignore")

    emergency_110_url: str | None = None
    emergency_110_secret: SecretStr | None = None
    emergency_119_url: str | None = None
    emergency_119_secret: SecretStr | None = None
    emergency_120_url: str | None = None
    emergency_120_secret: SecretStr | None = None
    emergency_122_url: str | None = None
    emergency_122_secret: SecretStr | None = None
    emergency_max_retry_seconds: float = Field(default=30.0, ge=1.0, le=600.0)

    @model_validator(mode="after")
    def _pairs(self) -> EmergencySettings:
        for service in ("110", "119", "120", "122"):
            url = getattr(self, f"emergency_{service}_url")
            secret = getattr(self, f"emergency_{service}_secret")
            if bool(url) != bool(secret):
                raise ValueError(
                    f"set both HOTLINE_EMERGENCY_{service}_URL and HOTLINE_EMERGENCY_"
                    f"{service}_SECRET, or neither"
                )
            if secret is not None and not secret.get_secret_value().startswith("whsec_"):
                raise ValueError(f"HOTLINE_EMERGENCY_{service}_SECRET must be a whsec_ secret")
        return self

    def receivers(self) -> dict[str, Receiver]:
        """The configured dispatch desks by service."""
        out = {}
        for service in ("110", "119", "120", "122"):
            url = getattr(self, f"emergency_{service}_url")
            secret = getattr(self, f"emergency_{service}_secret")
            if url and secret is not None:
                out[service] = Receiver(url, secret.get_secret_value())
        return out


class EmergencyHandover:
    """What the pipeline calls when the dialogue transfers an emergency: the record and
    its push (one transaction), then the alert to every signed-in agent."""

    def __init__(self, desk: EmergencyDesk, hub: Hub | None) -> None:
        self.desk = desk
        self.hub = hub

    async def hand_over(self, report: EmergencyReport) -> None:
        view = await self.desk.hand_over(report)
        log.warning(
            "emergency handed over",
            extra={"emergency": view.id, "service": view.service, "delivery": view.delivery},
        )
        if self.hub is not None:
            self.hub.publish({"type": "emergency", "emergency": view.as_json()}, everyone=True)

    async def amend(self, report: EmergencyReport) -> None:
        """What the citizen adds (trial12 P05: the place, a phone, 「拨不了号」): on the
        conversation's record, pushed again to the desk, and alerted to every agent."""
        view = await self.desk.amend(report)
        log.warning(
            "emergency record amended",
            extra={"emergency": view.id, "service": view.service, "delivery": view.delivery},
        )
        if self.hub is not None:
            self.hub.publish({"type": "emergency", "emergency": view.as_json()}, everyone=True)


def build_desk(
    sessions: async_sessionmaker[AsyncSession], settings: EmergencySettings | None = None
) -> EmergencyDesk:
    """The desk with the receivers of ``HOTLINE_EMERGENCY_*``."""
    return EmergencyDesk(sessions, (settings or EmergencySettings()).receivers())


def emergency_worker(
    sessions: async_sessionmaker[AsyncSession],
    stop: Any,
    settings: EmergencySettings | None = None,
) -> Callable[[], Awaitable[None]]:
    """The delivery loop of ``emergency.*`` rows: fast retries, never dead-lettered."""
    cap = (settings or EmergencySettings()).emergency_max_retry_seconds
    worker = DeliveryWorker(
        sessions,
        event_prefix=EVENT_PREFIX,
        base_delay=min(2.0, cap),
        max_delay=cap,
        max_attempts=10**9,  # nothing lost: a desk down for days still gets every record
    )

    async def run() -> None:
        try:
            await every(0.5, worker.run_once, stop, name="emergency-delivery", again=bool)
        finally:
            await worker.aclose()

    return run
