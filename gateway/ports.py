"""What the pipeline needs from the rooms it ties together, as protocols.

The concrete classes live in their rooms (``nlu.engine``, ``casebridge.service``,
``gateway.console``, ``gateway.media.service``); the pipeline depends only on these shapes.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from casebridge.emergency import EmergencyReport
from channels.base import ChannelAdapter
from channels.messages import Attachment, Location
from nlu.types import KnowledgeAnswer, NluResult


class NluPort(Protocol):
    """Parse one text (sync, fast, never raises)."""

    def parse(self, text: str) -> NluResult: ...


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
        attachments: list[dict[str, Any]],
        nlu: dict[str, Any] | None,
        actions: list[dict[str, Any]] | None,
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
        self, conversation_key: str, text: str, attachments: list[dict[str, Any]]
    ) -> None: ...


class MediaPort(Protocol):
    """Fetch, check and keep media."""

    async def ingest(
        self, adapter: ChannelAdapter, att: Attachment
    ) -> tuple[Attachment, Location | None]: ...

    async def store_upload(
        self, data: bytes, filename: str | None, claimed_mime: str | None
    ) -> tuple[Attachment, Location | None]: ...


class RepeatPort(Protocol):
    """A citizen's recent orders about the same matter (see :mod:`gateway.pipeline.repeats`)."""

    def find(
        self, text: str, conversation: str, *, category: str | None = None, cued: bool = False
    ) -> str | None: ...

    def remember(
        self,
        number: str,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        county: str | None = None,
    ) -> None: ...


class EmergencyPort(Protocol):
    """Hand an emergency over to its dispatch desk (第十三条(一)): record, push, alert."""

    async def hand_over(self, report: EmergencyReport) -> None: ...
