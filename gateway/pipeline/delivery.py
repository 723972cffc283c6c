"""The one path for everything the gateway sends outside a webhook's inline answer.

Replies that missed the provider's inline deadline, the parts of a long reply an adapter
could not fit inline (``InlineResponse.continuations``), an agent's words, a unit's result:
all go through :meth:`Delivery.push`. It pushes through the channel's API with retries; if
the channel cannot push now (no push API, the 48-hour window closed, the provider down),
the message is kept in the store and sent with the citizen's next message
(:meth:`Delivery.with_pending`). Background pushes are tracked so that shutdown waits for
them (:meth:`Delivery.drain`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from channels.base import ChannelAdapter
from channels.errors import SendError
from channels.messages import OutboundMessage
from channels.sms.adapter import SmsAdapter, one_turn
from gateway import metrics
from gateway.kv import KEYS, Store

log = logging.getLogger("hotline.delivery")

Pusher = Callable[[OutboundMessage], Awaitable[None]]


@dataclass(frozen=True)
class DeliveryConfig:
    """Retries of a push (attempts, first pause in seconds, doubled each time) and how long
    an unsent message waits for the citizen's next message (seconds)."""

    send_attempts: int = 3
    first_retry_delay: float = 0.5
    pending_ttl: float = 7 * 24 * 3600


class Delivery:
    """Pushes outbound messages through their channel, keeps what cannot go now."""

    def __init__(
        self,
        store: Store,
        adapters: dict[str, ChannelAdapter],
        config: DeliveryConfig | None = None,
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.config = config or DeliveryConfig()
        # Channels whose pushes do not go through an adapter's API (the web chat's hub).
        self.pushers: dict[str, Pusher] = {}
        self._background: set[asyncio.Future[Any]] = set()

    async def push(self, out: OutboundMessage) -> None:
        """Deliver now through the channel's push path, else keep it for the next message."""
        pusher = self.pushers.get(out.channel)
        adapter = self.adapters.get(out.channel)
        if pusher is None and adapter is not None and adapter.capabilities.push:
            pusher = self._adapter_pusher(adapter)
        if pusher is not None:
            try:
                await pusher(out)
                metrics.OUTBOUND.labels(out.channel, "push").inc()
                return
            except (SendError, NotImplementedError) as exc:
                log.warning("push failed, kept for the next message", extra={"error": str(exc)})
        conversation = KEYS.conversation(out.channel, out.account, out.recipient)
        kept = out.model_copy(update={"kept": True})
        await self.store.rpush(
            KEYS.pending(conversation), kept.model_dump_json(), ttl=self.config.pending_ttl
        )
        metrics.OUTBOUND.labels(out.channel, "pending").inc()

    def push_later(self, replies: Sequence[OutboundMessage]) -> None:
        """Push replies in the background, in order (the inline deadline has passed). A
        turn's replies to one SMS recipient go as ONE message, as inline (trial5 F14)."""
        if not replies:
            return
        replies = self._one_sms(replies)

        async def run() -> None:
            for reply in replies:
                await self.push(reply)

        self.track(run())

    def _one_sms(self, replies: Sequence[OutboundMessage]) -> Sequence[OutboundMessage]:
        first = replies[0]
        same = all((r.channel, r.recipient) == (first.channel, first.recipient) for r in replies)
        if (
            len(replies) < 2
            or not same
            or not isinstance(self.adapters.get(first.channel), SmsAdapter)
        ):
            return replies
        turn = one_turn(replies)
        return [turn] if turn is not None else []

    async def with_pending(
        self, conversation: str, replies: list[OutboundMessage]
    ) -> list[OutboundMessage]:
        """Messages that could not be pushed earlier go out first, with this answer."""
        key = KEYS.pending(conversation)
        pending = await self.store.lrange(key)
        if not pending:
            return replies
        await self.store.delete(key)
        return [OutboundMessage.model_validate_json(p) for p in pending] + replies

    def track(self, work: Coroutine[Any, Any, Any] | asyncio.Future[Any]) -> None:
        """Run ``work`` in the background until it ends (``drain`` waits for it)."""
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._finished)

    async def drain(self) -> None:
        """Wait for background work (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    def _finished(self, task: asyncio.Future[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work failed", exc_info=task.exception())

    def _adapter_pusher(self, adapter: ChannelAdapter) -> Pusher:
        async def send(out: OutboundMessage) -> None:
            delay = self.config.first_retry_delay
            for attempt in range(1, self.config.send_attempts + 1):
                try:
                    await adapter.send(out)
                    return
                except SendError as exc:
                    if not exc.retryable or attempt == self.config.send_attempts:
                        raise
                    await asyncio.sleep(delay)
                    delay *= 2

        return send
