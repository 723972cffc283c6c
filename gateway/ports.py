"""What the pipeline needs from the rooms it ties together, as protocols.

The concrete classes live in their rooms (``nlu.engine``, ``casebridge.service``,
``gateway.console``, ``gateway.media.service``); the pipeline depends only on these shapes.
"""

from __future__ import annotations

from typing import Literal, Protocol, TypedDict, cast, runtime_checkable

from pydantic import BaseModel, JsonValue

from casebridge.emergency import EmergencyReport
from channels.base import ChannelAdapter
from channels.messages import Attachment, Location
from dialogs.model import OwnOrder
from nlu.types import KnowledgeAnswer, NluResult


class TurnAttachment(TypedDict, total=False):
    """An attachment as a conversation record keeps it: the fields of an inbound
    :class:`channels.messages.Attachment` or an outbound
    :class:`dialogs.model.ReplyAttachment`, the ``None`` ones left out. The console shows
    ``kind``, ``mime``, ``size``, ``blob_key``, ``filename``, ``duration_seconds`` and the
    masked ``transcript`` / ``ocr_text``."""

    kind: str
    mime: str
    size: int
    sha256: str
    blob_key: str
    source_id: str
    source_url: str
    filename: str
    transcript: str
    transcript_confidence: float
    ocr_text: str
    duration_seconds: float
    url: str
    caption: str


NluSummary = dict[str, JsonValue]
"""The NLU result of a turn as JSON (``gateway.pipeline.handler.nlu_summary``)."""

ActionRecord = dict[str, JsonValue]
"""One dialogue action of a turn, as JSON (``Action.model_dump(mode="json")``)."""


def turn_attachment(attachment: BaseModel) -> TurnAttachment:
    """The record of an inbound or outbound attachment (its set fields, as they are)."""
    return cast(TurnAttachment, attachment.model_dump(exclude_none=True))


class NluPort(Protocol):
    """Parse one text (sync, fast, never raises)."""

    def parse(self, text: str) -> NluResult: ...


@runtime_checkable
class HeavyAware(Protocol):
    """An NLU that tells which texts take long enough to parse off the event loop
    (``nlu.engine.EmbeddedEngine.is_heavy``: long and not cached)."""

    def is_heavy(self, text: str) -> bool: ...


class KnowledgePort(Protocol):
    """Search the knowledge base."""

    def search(self, query: str, k: int = 3) -> list[KnowledgeAnswer]: ...


class ConsolePort(Protocol):
    """The agent console: conversation records, the queue, live push to agents."""

    async def record_turn(
        self,
        conversation_key: str,
        channel: str,
        account: str,
        sender: str,
        direction: Literal["in", "out", "agent", "system"],
        text: str,
        attachments: list[TurnAttachment],
        nlu: NluSummary | None,
        actions: list[ActionRecord] | None,
        *,
        author: str | None = None,
        wait: bool = True,
    ) -> None:
        """Keep a turn; ``wait=False`` returns once it is queued for a group commit."""
        ...

    async def enqueue(
        self,
        conversation_key: str,
        channel: str,
        account: str,
        sender: str,
        reason: str,
        summary: str,
    ) -> int: ...

    async def holder(self, conversation_key: str) -> str | None: ...

    async def notify_inbound(
        self, conversation_key: str, text: str, attachments: list[TurnAttachment]
    ) -> None: ...


class MediaPort(Protocol):
    """Fetch, check and keep media."""

    async def ingest(
        self, adapter: ChannelAdapter, att: Attachment
    ) -> tuple[Attachment, Location | None]: ...

    async def store_upload(
        self, data: bytes, filename: str | None, claimed_mime: str | None
    ) -> tuple[Attachment, Location | None]: ...


class PicturePort(Protocol):
    """Makes the pictures of knowledge-base answers sendable (``gateway.kb.media``)."""

    async def resolve(
        self, answers: tuple[KnowledgeAnswer, ...]
    ) -> tuple[KnowledgeAnswer, ...]: ...


class RepeatPort(Protocol):
    """A citizen's recent orders about the same matter (see :mod:`gateway.pipeline.repeats`)."""

    def find(
        self,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        cued: bool = False,
        phone: str | None = None,
        county: str | None = None,
        place: str | None = None,
    ) -> str | None: ...

    def remember(
        self,
        number: str,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        county: str | None = None,
        phone: str | None = None,
        place: str | None = None,
    ) -> None: ...

    def theirs(self, conversation: str) -> list[OwnOrder]: ...

    def knows(self, number: str) -> bool:
        """Whether the order ``number`` is indexed here (cheap: no I/O)."""
        ...

    async def catch_up(self, number: str) -> bool:
        """Index the orders other processes opened since the last refresh (read when a
        conversation names an order not known here); True when ``number`` is known."""
        ...

    def owns(self, conversation: str, number: str) -> tuple[bool, str | None]: ...


class EmergencyPort(Protocol):
    """Hand an emergency over to its dispatch desk (第十三条(一)): record, push, alert."""

    async def hand_over(self, report: EmergencyReport) -> None: ...

    async def amend(self, report: EmergencyReport) -> None:
        """Add ``report``'s place, phone, name and words to the conversation's latest
        record of its service (one is made when there is none)."""
        ...
