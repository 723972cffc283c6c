"""The emergency handover desk (第十三条(一)): record, signed push, alert, acknowledgement.

When the dialogue tells a citizen to call 110/119/120/122, :meth:`EmergencyDesk.hand_over`
writes an ``emergencies`` row and, in the same transaction, an outbox row for the dispatch
desk configured for that service: a Standard Webhooks push (event type
``emergency.<service>``) delivered by :class:`casebridge.outbox.DeliveryWorker` after
commit, retried while the receiver is down, never dropped (the emergency worker runs with
a short backoff cap and no dead letter). A retried message (same idempotency key) finds
the first record. Agents see the record masked (phone and name kept to their ends);
revealing it is recorded in the record's own trail, as is every acknowledgement.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import JsonValue
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.db import utcnow
from casebridge.emergency.models import Emergency, EmergencyEvent
from casebridge.emergency.naming import named
from casebridge.errors import ConfigurationError, InvalidInput, NotFound
from casebridge.models import DeliveryAttempt, OutboxMessage, Unit, WebhookEndpoint
from casebridge.privacy import mask_name, mask_numbers
from casebridge.webhooks.outbox import outbox_message

Service = Literal["110", "119", "120", "122"]
SERVICES: tuple[Service, ...] = ("110", "119", "120", "122")
#: The numbers' names; 119 is named by the alarm's reason (casebridge.emergency.naming:
#: 「火警」 for a fire or gas, 「消防救援」 for any other rescue).
SERVICE_NAMES = {"110": "公安报警", "119": "火警", "120": "医疗急救", "122": "交通事故报警"}
EVENT_PREFIX = "emergency."


@dataclass(frozen=True)
class Receiver:
    """A dispatch desk's webhook: its URL and Standard Webhooks secret (``whsec_...``)."""

    url: str
    secret: str


@dataclass(frozen=True)
class EmergencyReport:
    """What the conversation knows when it hands an emergency over."""

    idempotency_key: str  # the triggering message's dedup key (+ service): one record each
    service: Service
    reason: str
    channel: str
    conversation_key: str
    sender: str
    text: str
    reported_at: datetime  # aware
    contact_phone: str | None = None
    contact_name: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # the further numbers told after ``service`` (gas with someone unwell: 120 after 119)
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergencyView:
    """A record as one viewer may see it (``masked`` for roles that do not need it)."""

    id: str
    service: str
    service_name: str
    reason: str
    channel: str
    conversation_key: str
    text: str
    contact_phone: str | None
    contact_name: str | None
    place: str | None
    latitude: float | None
    longitude: float | None
    reported_at: datetime
    status: str
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    delivery: str  # pending | delivered | dead | no_receiver
    masked: bool
    # every number told, ``service`` first (trial13 Q06: 119, then 120), and their names
    services: tuple[str, ...] = ()
    services_name: str = ""

    def as_json(self) -> dict[str, JsonValue]:
        """JSON-safe, datetimes as ISO strings."""
        out: dict[str, JsonValue] = {}
        for k, v in self.__dict__.items():
            out[k] = (
                v.isoformat() if isinstance(v, datetime) else list(v) if isinstance(v, tuple) else v
            )
        return out


def webhook_payload(e: Emergency) -> dict[str, JsonValue]:
    """The signed body the dispatch desk receives: the whole record, in clear."""
    return {
        "type": f"{EVENT_PREFIX}{e.service}",
        "timestamp": e.created_at.isoformat(),
        "data": {
            "id": e.public_id,
            "service": e.service,
            "service_name": named(e.service, SERVICE_NAMES, e.reason),
            "services": list(services_of(e)),
            "reason": e.reason,
            "channel": e.channel,
            "text": e.text,
            "contact_phone": e.contact_phone,
            "contact_name": e.contact_name,
            "place": e.place,
            "latitude": e.latitude,
            "longitude": e.longitude,
            "reported_at": e.reported_at.isoformat(),
            "source": "菏泽市12345政务服务便民热线",
        },
    }


def services_of(e: Emergency) -> tuple[str, ...]:
    """Every number told for ``e``: its service first, then the further ones (``also``)."""
    also = [s for s in (e.also or "").split(",") if s in SERVICES and s != e.service]
    return (e.service, *dict.fromkeys(also))


def _also(r: EmergencyReport) -> str | None:
    told = [s for s in dict.fromkeys(r.also) if s in SERVICES and s != r.service]
    return ",".join(told) or None


class EmergencyDesk:
    """Emergency records over the case store's database and its outbox."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        receivers: Mapping[str, Receiver],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        unknown = set(receivers) - set(SERVICES)
        if unknown:
            raise ConfigurationError(f"unknown emergency services: {sorted(unknown)}")
        self.sessions = sessions
        self.receivers = dict(receivers)
        self.clock = clock
        self._endpoints: dict[str, int] = {}

    # -- receivers ---------------------------------------------------------------------
    async def sync_receivers(self) -> dict[str, int]:
        """One webhook endpoint of the centre per configured service (URL and secret kept
        up to date, so rows still pending go to the new address); returns their ids."""
        async with self.sessions() as s, s.begin():
            centre = await s.scalar(select(Unit.id).where(Unit.kind == "centre").limit(1))
            if centre is None and not self.receivers:
                return {}
            if centre is None:
                raise ConfigurationError("no centre unit: sync the catalogue's units first")
            rows = (
                await s.scalars(select(WebhookEndpoint).where(WebhookEndpoint.unit_id == centre))
            ).all()
            found: dict[str, WebhookEndpoint] = {}
            for ep in rows:
                types = ep.event_types or []
                if len(types) == 1 and types[0].startswith(EVENT_PREFIX):
                    found[types[0].removeprefix(EVENT_PREFIX)] = ep
            for service, receiver in self.receivers.items():
                old = found.get(service)
                if old is None:
                    new = WebhookEndpoint(
                        unit_id=centre,
                        url=receiver.url,
                        secret=receiver.secret,
                        event_types=[f"{EVENT_PREFIX}{service}"],
                        active=True,
                        created_at=self.clock(),
                    )
                    s.add(new)
                    found[service] = new
                else:
                    old.url, old.secret, old.active = receiver.url, receiver.secret, True
            for service, ep in found.items():
                if service not in self.receivers:
                    ep.active = False  # pending rows keep their last address
            await s.flush()
            self._endpoints = {svc: ep.id for svc, ep in found.items() if svc in self.receivers}
        return dict(self._endpoints)

    # -- hand-over -------------------------------------------------------------------------
    async def hand_over(self, report: EmergencyReport) -> EmergencyView:
        """Record the emergency and queue its signed push, in one transaction."""
        if report.service not in SERVICES:
            raise InvalidInput(f"unknown emergency service {report.service!r}")
        if report.service in self.receivers and not self._endpoints:
            await self.sync_receivers()
        try:
            return await self._create(report)
        except IntegrityError:
            existing = await self._by_key(report.idempotency_key)  # a retry: the same record
            if existing is None:
                raise
            return existing

    async def amend(
        self, report: EmergencyReport, within: timedelta = timedelta(hours=1)
    ) -> EmergencyView:
        """Add what a later message says to the conversation's latest record of the same
        service opened ``within`` before (trial12 P05: the place and phone sent after the
        numbers, 「拨不了号」): a phone, name, place or position it gives replaces the
        record's, its words are appended as 「（补充）」, the trail says what changed, and
        the desk gets the record again (a push of the same ``id``). Without such a record
        one is made (:meth:`hand_over`). A retried message (its words already on the
        record) changes nothing."""
        if report.service not in SERVICES:
            raise InvalidInput(f"unknown emergency service {report.service!r}")
        if report.service in self.receivers and not self._endpoints:
            await self.sync_receivers()
        now = self.clock()
        async with self.sessions() as s, s.begin():
            e = await s.scalar(
                select(Emergency)
                .where(
                    Emergency.conversation_key == report.conversation_key[:255],
                    Emergency.service == report.service,
                    Emergency.created_at >= now - within,
                )
                .order_by(Emergency.id.desc())
                .limit(1)
            )
            if e is not None:
                changed = _amend(e, report)
                if changed:
                    self._trail(s, e.id, now, "system", "amended", {"fields": changed})
                    endpoint = self._endpoints.get(report.service)
                    if endpoint is not None:
                        s.add(
                            outbox_message(
                                endpoint_id=endpoint,
                                order_id=None,
                                event_type=f"{EVENT_PREFIX}{report.service}",
                                payload=json.dumps(webhook_payload(e), ensure_ascii=False),
                                now=now,
                            )
                        )
                await s.flush()
                return _view(e, await _delivery(s, e), masked=True)
        return await self.hand_over(report)

    async def _create(self, r: EmergencyReport) -> EmergencyView:
        now = self.clock()
        async with self.sessions() as s, s.begin():
            e = Emergency(
                public_id="EM" + uuid.uuid4().hex[:20].upper(),
                idempotency_key=r.idempotency_key[:300],
                service=r.service,
                also=_also(r),
                reason=r.reason[:200],
                channel=r.channel,
                conversation_key=r.conversation_key[:255],
                sender=r.sender[:255],
                contact_name=(r.contact_name or None) and r.contact_name[:64],
                contact_phone=(r.contact_phone or None) and r.contact_phone[:32],
                text=r.text[:4000],
                place=(r.place or None) and r.place[:256],
                latitude=r.latitude,
                longitude=r.longitude,
                reported_at=r.reported_at,
                created_at=now,
                status="open",
            )
            s.add(e)
            await s.flush()
            endpoint = self._endpoints.get(r.service)
            if endpoint is not None:
                msg = outbox_message(
                    endpoint_id=endpoint,
                    order_id=None,
                    event_type=f"{EVENT_PREFIX}{r.service}",
                    payload=json.dumps(webhook_payload(e), ensure_ascii=False),
                    now=now,
                )
                s.add(msg)
                await s.flush()
                e.outbox_id = msg.id
            detail: dict[str, JsonValue] = {
                "service": r.service,
                "channel": r.channel,
                "pushed": endpoint is not None,
            }
            self._trail(s, e.id, now, "system", "created", detail)
            if endpoint is None:
                self._trail(s, e.id, now, "system", "no_receiver", {"service": r.service})
            status = "pending" if endpoint is not None else "no_receiver"
            return _view(e, status, masked=True)

    async def _by_key(self, key: str) -> EmergencyView | None:
        async with self.sessions() as s:
            e = await s.scalar(select(Emergency).where(Emergency.idempotency_key == key[:300]))
            return None if e is None else _view(e, await _delivery(s, e), masked=True)

    # -- the console -----------------------------------------------------------------------
    async def alerts(self, *, include_acknowledged: bool = False) -> list[EmergencyView]:
        """Records agents must acknowledge (newest first), masked."""
        async with self.sessions() as s:
            q = select(Emergency).order_by(Emergency.id.desc()).limit(200)
            if not include_acknowledged:
                q = q.where(Emergency.status == "open")
            rows = (await s.scalars(q)).all()
            return [_view(e, await _delivery(s, e), masked=True) for e in rows]

    async def acknowledge(self, public_id: str, actor: str) -> EmergencyView:
        """An agent has seen the alert and taken it on; recorded in the trail. A second
        acknowledgement changes nothing but is recorded too."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            e = await self._get(s, public_id)
            if e.status == "open":
                e.status, e.acknowledged_by, e.acknowledged_at = "acknowledged", actor, now
                self._trail(s, e.id, now, actor, "acknowledged", {})
            else:
                self._trail(s, e.id, now, actor, "acknowledged_again", {})
            return _view(e, await _delivery(s, e), masked=True)

    async def reveal(self, public_id: str, actor: str) -> EmergencyView:
        """The record in clear, for a role that needs it; the look is recorded."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            e = await self._get(s, public_id)
            self._trail(s, e.id, now, actor, "revealed", {})
            return _view(e, await _delivery(s, e), masked=False)

    async def trail(self, public_id: str) -> list[dict[str, JsonValue]]:
        """The record's audit trail, with every delivery attempt of its push."""
        async with self.sessions() as s:
            e = await self._get(s, public_id)
            events = (
                await s.scalars(
                    select(EmergencyEvent)
                    .where(EmergencyEvent.emergency_id == e.id)
                    .order_by(EmergencyEvent.id)
                )
            ).all()
            out: list[dict[str, JsonValue]] = [
                {"at": ev.at.isoformat(), "actor": ev.actor, "action": ev.action, **ev.detail}
                for ev in events
            ]
            if e.outbox_id is not None:
                attempts = (
                    await s.scalars(
                        select(DeliveryAttempt)
                        .where(DeliveryAttempt.outbox_id == e.outbox_id)
                        .order_by(DeliveryAttempt.id)
                    )
                ).all()
                out += [
                    {
                        "at": a.started_at.isoformat(),
                        "actor": "delivery",
                        "action": "push_ok" if a.ok else "push_failed",
                        "attempt": a.attempt,
                        "status_code": a.status_code,
                    }
                    for a in attempts
                ]
        return sorted(out, key=lambda x: str(x["at"]))

    async def _get(self, s: AsyncSession, public_id: str) -> Emergency:
        e = await s.scalar(select(Emergency).where(Emergency.public_id == public_id[:32]))
        if e is None:
            raise NotFound(f"no emergency record {public_id[:32]}")
        return e

    @staticmethod
    def _trail(
        s: AsyncSession,
        emergency_id: int,
        at: datetime,
        actor: str,
        action: str,
        detail: dict[str, JsonValue],
    ) -> None:
        s.add(
            EmergencyEvent(
                emergency_id=emergency_id, at=at, actor=actor[:64], action=action, detail=detail
            )
        )


def _amend(e: Emergency, r: EmergencyReport) -> list[JsonValue]:
    """Write ``r``'s facts over ``e``'s; the names of the fields changed."""
    changed: list[JsonValue] = []
    news: dict[str, str | float | None] = {
        "contact_phone": (r.contact_phone or None) and r.contact_phone[:32],
        "contact_name": (r.contact_name or None) and r.contact_name[:64],
        "place": (r.place or None) and r.place[:256],
        "latitude": r.latitude,
        "longitude": r.longitude,
    }
    for field, value in news.items():
        if value is not None and getattr(e, field) != value:
            setattr(e, field, value)
            changed.append(field)
    words = r.text.strip()
    if words and words not in e.text:
        e.text = f"{e.text}\n（补充）{words}"[:4000]
        changed.append("text")
    return changed


async def _delivery(s: AsyncSession, e: Emergency) -> str:
    if e.outbox_id is None:
        return "no_receiver"
    status = await s.scalar(select(OutboxMessage.status).where(OutboxMessage.id == e.outbox_id))
    return str(status or "pending")


def _mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = [c for c in phone if c.isdigit()]
    if len(digits) == 13 and digits[:2] == ["8", "6"]:
        digits = digits[2:]  # +86 mobile: shown as 139****1234
    if len(digits) < 7:
        return "*" * len(digits)
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


def _view(e: Emergency, delivery: str, *, masked: bool) -> EmergencyView:
    return EmergencyView(
        id=e.public_id,
        service=e.service,
        service_name=named(e.service, SERVICE_NAMES, e.reason),
        reason=e.reason,
        channel=e.channel,
        conversation_key=mask_numbers(e.conversation_key) if masked else e.conversation_key,
        text=mask_numbers(e.text) if masked else e.text,
        contact_phone=_mask_phone(e.contact_phone) if masked else e.contact_phone,
        contact_name=mask_name(e.contact_name) if masked else e.contact_name,
        place=e.place,
        latitude=e.latitude,
        longitude=e.longitude,
        reported_at=e.reported_at,
        status=e.status,
        acknowledged_by=e.acknowledged_by,
        acknowledged_at=e.acknowledged_at,
        delivery=delivery,
        masked=masked,
        services=services_of(e),
        services_name="、".join(named(s, SERVICE_NAMES, e.reason) for s in services_of(e)),
    )
