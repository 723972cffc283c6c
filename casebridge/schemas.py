"""Pydantic records the case store hands out: API bodies and webhook payloads.

The webhook payload (``WebhookPayload``, schema version 1) is the full order record of
第三十条 minus the citizen's contact details, which units fetch through the audited API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, JsonValue, TypeAdapter
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

SCHEMA_VERSION = "1"

JsonObject = dict[str, JsonValue]
"""Free JSON by design: an event's data, a pending request, a webhook's data."""


class Attachment(TypedDict, total=False):
    """An attachment or supporting material, as stored on the appeal, the unit's reply and
    an event, and as units and webhooks read it: the keys given are the keys kept.

    Two sources write it. The citizen's media (:class:`casebridge.intake.DraftAttachment`,
    every field of it, ``None`` where unknown): ``kind`` (image | audio | video | file),
    ``mime``, ``size`` (bytes), ``sha256`` (hex), ``blob_key`` (the gateway's blob store),
    ``source_url``, ``transcript`` (speech) and ``ocr_text`` (text in a picture). A unit's
    material (:class:`casebridge.cases.requests.Material`, only the fields it sent):
    ``name``, ``url``, ``blob_key``, ``mime`` and ``text``; at least one of ``url``,
    ``blob_key``, ``name`` or ``text`` (第十四条, 第十五条: 证明材料).
    """

    kind: str | None
    name: str | None
    url: str | None
    blob_key: str | None
    mime: str | None
    size: int | None
    sha256: str | None
    source_url: str | None
    transcript: str | None
    ocr_text: str | None
    text: str | None


ATTACHMENT_KEYS = frozenset(Attachment.__annotations__)
ATTACHMENT: TypeAdapter[Attachment] = TypeAdapter(Attachment)
"""Checks a mapping is an :class:`Attachment` (types of the keys given; others dropped)."""

ORDER_EVENT_TYPES = (
    "order.dispatched",
    "order.updated",
    "order.reopened",
    "order.callback_recorded",
    "order.supervision_opened",
    "order.deadline_near",
)
# Sent by supervision and early warning (casebridge.analytics); not order records.
OVERSIGHT_EVENT_TYPES = (
    "order.sla_timer",
    "supervision.notice",
    "centre.early_warning",
)
EVENT_TYPES = ORDER_EVENT_TYPES + OVERSIGHT_EVENT_TYPES


class UnitRef(BaseModel):
    """A unit by code and name."""

    code: str
    name: str


class CoUnitView(BaseModel):
    """A co-handling unit (协办) and its report to the lead."""

    code: str
    name: str
    assigned_at: datetime
    deadline_at: datetime | None = None
    reported_at: datetime | None = None
    report_text: str | None = None
    active: bool = True


class AppealView(BaseModel):
    """The appeal as a unit sees it (numbers in free text masked)."""

    channel: str
    order_type: str
    text: str
    category_level1: str | None = None
    category_level2: str | None = None
    county: str | None = None
    township: str | None = None
    village: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    since: str | None = None
    anonymous: bool = False
    attachments: list[Attachment] = Field(default_factory=list)


class ContactView(BaseModel):
    """The citizen's contact details; shown only when the order needs contact."""

    name: str | None = None
    phone: str | None = None


class OrderRecord(BaseModel):
    """The full work-order record."""

    number: str
    state: str
    state_label: str
    version: int
    service_code: str
    utility: bool
    needs_contact: bool
    lead_unit: UnitRef
    co_units: list[CoUnitView] = Field(default_factory=list)
    county: str | None = None
    limit: str
    deadline_at: datetime | None = None
    paused: bool = False
    overdue: bool = False
    dispatched_at: datetime
    signed_at: datetime | None = None
    contacted_at: datetime | None = None
    replied_at: datetime | None = None
    closed_at: datetime | None = None
    reply_text: str | None = None
    reply_attachments: list[Attachment] = Field(default_factory=list)
    pending: JsonObject | None = None
    satisfaction: str | None = None
    reopen_count: int = 0
    extension_count: int = 0
    merged_into: str | None = None
    created_at: datetime
    updated_at: datetime
    appeal: AppealView
    contact: ContactView | None = None


class EventView(BaseModel):
    """One event of an order's history."""

    seq: int
    action: str
    actor_role: str
    actor_unit: str | None = None
    actor: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    data: JsonObject = Field(default_factory=dict)
    attachments: list[Attachment] = Field(default_factory=list)
    created_at: datetime


class OrderSummary(BaseModel):
    """A row of an inbox list."""

    number: str
    state: str
    state_label: str
    role: Literal["lead", "co"]
    service_code: str
    category_level1: str | None = None
    category_level2: str | None = None
    county: str | None = None
    utility: bool = False
    deadline_at: datetime | None = None
    overdue: bool = False
    created_at: datetime
    updated_at: datetime
    version: int


class OrderPage(BaseModel):
    """A page of orders; pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[OrderSummary]
    next_cursor: str | None = None


class WebhookData(BaseModel):
    """The order after the change, and which of its events caused the message."""

    order: OrderRecord
    event: JsonObject = Field(default_factory=dict)  # {"seq": n} of order_events


class WebhookPayload(BaseModel):
    """The body of every webhook (Standard Webhooks ``type``/``timestamp``/``data``)."""

    type: str
    timestamp: datetime
    schema_version: str = SCHEMA_VERSION
    data: JsonObject


class OrderWebhook(BaseModel):
    """The body of the ``order.*`` webhooks: a :class:`WebhookPayload` whose data is typed."""

    type: str
    timestamp: datetime
    schema_version: str = SCHEMA_VERSION
    data: WebhookData


class EndpointView(BaseModel):
    """A registered webhook endpoint (secret shown only when created)."""

    id: int
    url: str
    event_types: list[str] | None = None
    active: bool
    created_at: datetime
    secret: str | None = None


class DeliveryView(BaseModel):
    """An outbox message and its delivery state."""

    id: int
    msg_id: str
    endpoint_id: int
    order_number: str | None = None
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    delivered_at: datetime | None = None
    last_error: str | None = None


class AttemptView(BaseModel):
    """One delivery attempt."""

    attempt: int
    started_at: datetime
    duration_ms: int
    status_code: int | None = None
    ok: bool
    error: str | None = None
