"""What the conversation side hands to the case store, and what it gets back.

The gateway builds an :class:`AppealDraft` when a dialogue confirms an appeal and calls
:meth:`IntakePort.open_work_order`; citizen-side progress goes through
:meth:`IntakePort.progress`. Plain dataclasses: no web or channel types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Protocol

from pydantic import JsonValue

from casebridge.schemas import Attachment


@dataclass(frozen=True)
class DraftAttachment:
    """A media item already stored by the gateway (blob key + metadata).

    Stored on the appeal as :meth:`stored`, the case store's one
    :class:`~casebridge.schemas.Attachment` shape that units and webhooks read.
    """

    kind: str  # image | audio | video | file
    mime: str | None = None
    size: int | None = None  # bytes
    sha256: str | None = None  # hex digest of the content
    blob_key: str | None = None
    source_url: str | None = None
    transcript: str | None = None
    ocr_text: str | None = None

    def stored(self) -> Attachment:
        """The attachment as the appeal keeps it: every field, ``None`` where unknown."""
        return Attachment(
            kind=self.kind,
            mime=self.mime,
            size=self.size,
            sha256=self.sha256,
            blob_key=self.blob_key,
            source_url=self.source_url,
            transcript=self.transcript,
            ocr_text=self.ocr_text,
        )


ANONYMOUS_SENDER = "anonymous"
"""The ``sender`` of an appeal whose channel does not identify the citizen (an Open311
request without ``account_id``, ``device_id`` or ``email``). Such appeals have no citizen
identity: they are never counted as one 诉求人 (第二十二条(三), supervision and analytics).
"""


@dataclass(frozen=True, kw_only=True)
class AppealFacts:
    """What the citizen told about the appeal: the one shape from the dialogue to the
    store (``dialogs.model.WorkOrderDraft`` is this, read from the dialogue's slots)."""

    text: str
    order_type: str = "appeal"  # appeal | staff_complaint (第九条)
    category_level1: str | None = None
    category_level2: str | None = None
    unit_type: str | None = None
    county: str | None = None
    township: str | None = None
    village: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    since: str | None = None  # when the problem started, as the citizen said it
    contact_name: str | None = None
    contact_phone: str | None = None
    anonymous: bool = False
    attachments: tuple[DraftAttachment, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AppealDraft(AppealFacts):
    """A confirmed appeal to be written and dispatched as a work order: the citizen's
    :class:`AppealFacts` and where they came from."""

    idempotency_key: str  # e.g. the dedup key of the confirming message: retries reuse it
    channel: str
    sender: str  # the citizen's id on that channel
    conversation_id: str | None = None
    extra: dict[str, JsonValue] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        facts: AppealFacts,
        *,
        idempotency_key: str,
        channel: str,
        sender: str,
        conversation_id: str | None = None,
        extra: dict[str, JsonValue] | None = None,
    ) -> AppealDraft:
        """The draft of ``facts`` (only the :class:`AppealFacts` fields of a subclass
        such as the dialogue's draft are read) from ``channel``/``sender``."""
        told = {f.name: getattr(facts, f.name) for f in fields(AppealFacts)}
        return cls(
            **told,
            idempotency_key=idempotency_key,
            channel=channel,
            sender=sender,
            conversation_id=conversation_id,
            extra=dict(extra or {}),
        )


@dataclass(frozen=True)
class OrderReceipt:
    """The work order created (or found again, for a retried confirmation)."""

    number: str  # e.g. HZ20250101-000123
    unit_name: str
    deadline: datetime | None  # aware UTC
    created: bool  # False when the idempotency key already had an order


@dataclass(frozen=True)
class ProgressView:
    """What a citizen may see of an order (第九条 知情权): nothing about other people."""

    number: str
    state: str  # dispatched | signed | in_progress | replied | callback | closed ...
    state_label: str  # 已派单, 已签收 ... (Chinese, for the citizen)
    unit_name: str
    created_at: datetime
    deadline: datetime | None
    result: str | None = None  # the unit's reply to the citizen once replied
    updated_at: datetime | None = None
    can_evaluate: bool = False  # replied and not yet evaluated


class CaseError(Exception):
    """Base of the case store's errors."""


class IntakePort(Protocol):
    """The case-store operations the conversation pipeline needs."""

    async def open_work_order(self, draft: AppealDraft) -> OrderReceipt:
        """Write the appeal and its work order, dispatch it, queue its webhook; idempotent."""
        ...

    async def progress(
        self,
        number: str,
        phone_last4: str | None,
        *,
        channel: str | None = None,
        sender: str | None = None,
    ) -> ProgressView | None:
        """The order if ``number`` exists and the citizen proves it is theirs.

        Proof: the last four digits of the contact phone on the order, or (for orders
        without a phone) the same channel and sender that filed it.
        """
        ...

    async def record_urging(self, number: str, text: str, channel: str, sender: str) -> bool:
        """催办: the citizen's urging recorded on an open order (an ``urge`` event)."""
        ...

    async def record_evaluation(
        self, number: str, satisfaction: str, reason: str | None, channel: str, sender: str
    ) -> bool:
        """The citizen's evaluation (satisfied | basic | unsatisfied) as a callback (回访)."""
        ...
