"""Webhook endpoint administration for units and the centre: register, list,
deactivate, and the delivery log (messages, attempts, redelivery of dead letters).

A unit's endpoint must pass :class:`casebridge.webhooks.urlpolicy.UrlPolicy` (public
https unless allow-listed); its ``whsec_`` secret is shown once, at registration.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.cases.core import CaseCore
from casebridge.errors import IllegalTransition, InvalidInput, NotFound
from casebridge.keys import new_webhook_secret
from casebridge.models import DeliveryAttempt, OutboxMessage, Unit, WebhookEndpoint, WorkOrder
from casebridge.schemas import EVENT_TYPES, AttemptView, DeliveryView, EndpointView


def _delivery_view(m: OutboxMessage, order_number: str | None) -> DeliveryView:
    return DeliveryView(
        id=m.id,
        msg_id=m.msg_id,
        endpoint_id=m.endpoint_id,
        order_number=order_number,
        event_type=m.event_type,
        status=m.status,
        attempts=m.attempts,
        next_attempt_at=m.next_attempt_at,
        created_at=m.created_at,
        delivered_at=m.delivered_at,
        last_error=m.last_error,
    )


def _endpoint_view(e: WebhookEndpoint, secret: str | None = None) -> EndpointView:
    return EndpointView(
        id=e.id,
        url=e.url,
        event_types=e.event_types,
        active=e.active,
        created_at=e.created_at,
        secret=secret,
    )


def _same_types(stored: Sequence[str] | None, wanted: Sequence[str] | None) -> bool:
    return (None if stored is None else sorted(set(stored))) == wanted


class Endpoints(CaseCore):
    """Endpoints and deliveries (a unit's own, or every unit's for the centre)."""

    async def register_endpoint(
        self, unit_code: str, url: str, event_types: Sequence[str] | None = None
    ) -> EndpointView:
        """A new endpoint for the unit; the response carries its ``whsec_`` secret.

        Idempotent: the same URL and event types (in any order) as an active endpoint of
        the unit answer that endpoint with its secret (a retry whose first answer was
        lost still learns the secret); registrations of one unit are serialised, so
        concurrent retries make one endpoint. ``[]`` for ``event_types`` is refused.

        Raises :class:`casebridge.webhooks.urlpolicy.UrlRefused` (an
        :class:`InvalidInput`) for a URL that is not public https and not allow-listed,
        :class:`InvalidInput` for an unknown event type.
        """
        target = await self.url_policy.check_now(url)
        if event_types is not None and not event_types:
            raise InvalidInput("event_types 不能为空列表（省略即订阅全部事件）")
        types = sorted(set(event_types)) if event_types else None
        for t in types or []:
            if t not in EVENT_TYPES:
                raise InvalidInput(f"未知的事件类型：{t}")
        secret = new_webhook_secret()

        async def work(s: AsyncSession) -> EndpointView:
            await self._index(s)
            uid = self._uid(unit_code)
            # one registration at a time per unit (a row lock on PostgreSQL, the write
            # lock on SQLite), so a concurrent retry finds the first one's endpoint
            await s.execute(update(Unit).where(Unit.id == uid).values(active=Unit.active))
            for same in (
                await s.execute(
                    select(WebhookEndpoint).where(
                        WebhookEndpoint.unit_id == uid,
                        WebhookEndpoint.url == target.url,
                        WebhookEndpoint.active.is_(True),
                    )
                )
            ).scalars():
                if _same_types(same.event_types, types):
                    return _endpoint_view(same, same.secret)  # a retry: the same answer
            ep = WebhookEndpoint(
                unit_id=uid,
                url=target.url,
                secret=secret,
                event_types=types,
                active=True,
                created_at=self.clock(),
            )
            s.add(ep)
            await s.flush()
            return _endpoint_view(ep, secret)

        return await self._run(work)

    async def list_endpoints(self, unit_code: str) -> list[EndpointView]:
        """The unit's endpoints (without secrets)."""
        async with self.readers() as s:
            await self._index(s)
            rows = (
                await s.execute(
                    select(WebhookEndpoint)
                    .where(WebhookEndpoint.unit_id == self._uid(unit_code))
                    .order_by(WebhookEndpoint.id)
                )
            ).scalars()
            return [_endpoint_view(e) for e in rows]

    async def deactivate_endpoint(self, unit_code: str, endpoint_id: int) -> None:
        """Stop sending to an endpoint; pending messages for it are dead-lettered."""

        async def work(s: AsyncSession) -> None:
            await self._index(s)
            ep = await s.get(WebhookEndpoint, endpoint_id)
            if ep is None or ep.unit_id != self._uid(unit_code):
                raise NotFound(f"未找到 webhook 端点 {endpoint_id}")
            ep.active = False
            await s.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.endpoint_id == ep.id,
                    OutboxMessage.status == "pending",
                )
                .values(status="dead", last_error="endpoint deactivated")
            )

        await self._run(work)

    async def list_deliveries(
        self,
        unit_code: str | None,
        *,
        status: str | None = None,
        limit: int = 50,
        before: int | None = None,
    ) -> list[DeliveryView]:
        """Outbox messages (a unit's own, or all for the centre), newest first."""
        limit = max(1, min(limit, 200))
        async with self.readers() as s:
            await self._index(s)
            q = (
                select(OutboxMessage, WorkOrder.number)
                .join(WebhookEndpoint, WebhookEndpoint.id == OutboxMessage.endpoint_id)
                .outerjoin(WorkOrder, WorkOrder.id == OutboxMessage.order_id)
            )
            if unit_code:
                q = q.where(WebhookEndpoint.unit_id == self._uid(unit_code))
            if status:
                q = q.where(OutboxMessage.status == status)
            if before:
                q = q.where(OutboxMessage.id < before)
            rows = (await s.execute(q.order_by(OutboxMessage.id.desc()).limit(limit))).all()
        return [_delivery_view(r[0], r[1]) for r in rows]

    async def delivery_attempts(self, unit_code: str | None, outbox_id: int) -> list[AttemptView]:
        """Every attempt made for one outbox message."""
        async with self.readers() as s:
            await self._index(s)
            await self._own_message(s, unit_code, outbox_id)
            rows = (
                await s.execute(
                    select(DeliveryAttempt)
                    .where(DeliveryAttempt.outbox_id == outbox_id)
                    .order_by(DeliveryAttempt.attempt)
                )
            ).scalars()
            return [
                AttemptView(
                    attempt=a.attempt,
                    started_at=a.started_at,
                    duration_ms=a.duration_ms,
                    status_code=a.status_code,
                    ok=a.ok,
                    error=a.error,
                )
                for a in rows
            ]

    async def _own_message(
        self, s: AsyncSession, unit_code: str | None, outbox_id: int
    ) -> OutboxMessage:
        m = await s.get(OutboxMessage, outbox_id)
        if m is None:
            raise NotFound(f"未找到投递记录 {outbox_id}")
        if unit_code is not None:
            ep = await s.get(WebhookEndpoint, m.endpoint_id)
            if ep is None or ep.unit_id != self._uid(unit_code):
                raise NotFound(f"未找到投递记录 {outbox_id}")
        return m

    async def redeliver(self, unit_code: str | None, outbox_id: int) -> DeliveryView:
        """Queue a message again (dead or delivered): same webhook-id, attempts go on."""

        async def work(s: AsyncSession) -> DeliveryView:
            await self._index(s)
            m = await self._own_message(s, unit_code, outbox_id)
            ep = await s.get(WebhookEndpoint, m.endpoint_id)
            if ep is None or not ep.active:
                raise IllegalTransition(
                    "该端点已停用，不能重新投递", action="redeliver", state=m.status
                )
            m.status, m.next_attempt_at, m.locked_until = "pending", self.clock(), None
            await s.flush()
            number = (
                await s.scalar(select(WorkOrder.number).where(WorkOrder.id == m.order_id))
                if m.order_id is not None
                else None
            )
            return _delivery_view(m, number)  # the same view as the deliveries list

        return await self._run(work)
