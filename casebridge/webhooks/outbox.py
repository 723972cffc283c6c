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
from typing import Protocol, TypedDict

from sqlalchemy import Select, select, true
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
        **outbox_values(
            endpoint_id=endpoint_id,
            order_id=order_id,
            event_type=event_type,
            payload=payload,
            now=now,
        )
    )


class OutboxValues(TypedDict):
    """The columns of one pending :class:`OutboxMessage`."""

    msg_id: str
    endpoint_id: int
    order_id: int | None
    event_type: str
    payload: str
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime


def outbox_values(
    *, endpoint_id: int, order_id: int | None, event_type: str, payload: str, now: datetime
) -> OutboxValues:
    """The columns of one pending message (a fresh ``webhook-id``), due now: for an ORM
    row (:func:`outbox_message`) or a Core ``INSERT`` (:func:`outbox_rows`)."""
    return {
        "msg_id": "msg_" + uuid.uuid4().hex,
        "endpoint_id": endpoint_id,
        "order_id": order_id,
        "event_type": event_type,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


class EndpointRow(Protocol):
    """What the outbox needs of an endpoint (a :class:`WebhookEndpoint` or a row of
    :func:`endpoints_of`)."""

    @property
    def id(self) -> int: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def event_types(self) -> list[str] | None: ...


def recipients_of(emits: Sequence[Emit], co_units: set[int]) -> set[int]:
    """Every unit some emit is meant for, co-units included."""
    recipients: set[int] = set(co_units)
    for _, units in emits:
        recipients |= units
    return recipients


def endpoints_of(recipients: set[int]) -> Select[int, int, list[str] | None]:
    """The active endpoints of ``recipients``: their id, unit and event types."""
    ep = WebhookEndpoint
    return select(ep.id, ep.unit_id, ep.event_types).where(
        ep.unit_id.in_(recipients), ep.active == true()
    )


def outbox_rows(
    endpoints: Sequence[EndpointRow],
    *,
    order_id: int,
    emits: Sequence[Emit],
    co_units: set[int],
    data: WebhookData,
    now: datetime,
) -> list[OutboxValues]:
    """The outbox rows (:func:`outbox_values`) of ``emits`` for ``endpoints``: one per
    endpoint of each recipient unit subscribed to the event type; co-units receive every
    event except :data:`LEAD_ONLY`."""
    rows: list[OutboxValues] = []
    for event_type, units in emits:
        targets = units if event_type in LEAD_ONLY else units | co_units
        payload = OrderWebhook(type=event_type, timestamp=now, data=data).model_dump_json()
        rows.extend(
            outbox_values(
                endpoint_id=ep.id,
                order_id=order_id,
                event_type=event_type,
                payload=payload,
                now=now,
            )
            for ep in endpoints
            if ep.unit_id in targets and (not ep.event_types or event_type in ep.event_types)
        )
    return rows


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
    recipients = recipients_of(emits, co_units)
    if not recipients:
        return 0
    endpoints = (await s.execute(endpoints_of(recipients))).all()
    if not endpoints:
        return 0
    data = WebhookData(order=await record(), event={"seq": seq})
    rows = outbox_rows(
        endpoints, order_id=order_id, emits=emits, co_units=co_units, data=data, now=now
    )
    s.add_all(OutboxMessage(**row) for row in rows)
    return len(rows)
