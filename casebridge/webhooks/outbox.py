"""The one outbox writer: a change's webhook messages, in the change's own transaction.

第三十条 wants units informed in time and in full: every emit of a lifecycle action
becomes one ``outbox`` row per active, subscribed endpoint of each recipient unit, with
the exact JSON body that :class:`casebridge.webhooks.delivery.DeliveryWorker` signs and
sends after commit. Co-units receive every order event except a supervision of the lead.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy import select, true
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.models import OutboxMessage, WebhookEndpoint
from casebridge.schemas import OrderRecord, OrderWebhook, WebhookData

# (event type, the unit ids it is meant for)
Emit = tuple[str, set[int]]
LEAD_ONLY = frozenset({"order.supervision_opened"})


def outbox_message(
    *, endpoint_id: int, order_id: int | None, event_type: str, payload: str, now: datetime
) -> OutboxMessage:
    """One pending message (a fresh ``webhook-id``), due now; the caller adds it to the
    session of the change it reports."""
    return OutboxMessage(
        msg_id="msg_" + uuid.uuid4().hex,
        endpoint_id=endpoint_id,
        order_id=order_id,
        event_type=event_type,
        payload=payload,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def write_outbox(
    s: AsyncSession,
    *,
    order_id: int,
    emits: Sequence[Emit],
    co_units: set[int],
    record: Callable[[], Awaitable[OrderRecord]],
    now: datetime,
    seq: int,
) -> int:
    """Add the outbox rows of ``emits`` to the session; returns how many.

    ``record`` builds the order record for the payload (read only when some endpoint
    wants it); ``seq`` is the order's last event, named in ``data.event``.
    """
    recipients: set[int] = set(co_units)
    for _, units in emits:
        recipients |= units
    if not recipients:
        return 0
    endpoints = (
        (
            await s.execute(
                select(WebhookEndpoint).where(
                    WebhookEndpoint.unit_id.in_(recipients), WebhookEndpoint.active == true()
                )
            )
        )
        .scalars()
        .all()
    )
    if not endpoints:
        return 0
    data = WebhookData(order=await record(), event={"seq": seq})
    rows: list[OutboxMessage] = []
    for event_type, units in emits:
        targets = units if event_type in LEAD_ONLY else units | co_units
        payload = OrderWebhook(type=event_type, timestamp=now, data=data).model_dump_json()
        rows.extend(
            outbox_message(
                endpoint_id=ep.id,
                order_id=order_id,
                event_type=event_type,
                payload=payload,
                now=now,
            )
            for ep in endpoints
            if ep.unit_id in targets and (not ep.event_types or event_type in ep.event_types)
        )
    s.add_all(rows)
    return len(rows)
