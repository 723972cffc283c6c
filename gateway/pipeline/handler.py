"""The path every citizen message takes.

inbound → deduplicate on (channel, account, sender, external id) before any side effect →
session (one message at a time per citizen) → media → NLU → dialogue step → actions → replies and
work orders. Effectful actions (open an order, look one up, search the knowledge base,
queue for an agent) run here, at the edge, and their results go back into the pure
dialogue engine as events.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol, runtime_checkable

from casebridge.intake import IntakePort
from channels.base import ChannelAdapter
from channels.messages import Attachment, InboundMessage, OutboundMessage
from dialogs import model as dm
from dialogs.context import DialogContext
from dialogs.state import appeal_facts
from gateway import metrics
from gateway.kv import KEYS, Store
from gateway.kv.store import TurnOpened, lock_key
from gateway.pipeline.actions import ActionRunner, Conversation
from gateway.pipeline.admission import Gate
from gateway.pipeline.delivery import Delivery, DeliveryConfig
from gateway.pipeline.reading import MessageReading, event_label, message_text, provider_event
from gateway.pipeline.repeats import mark_repeat, mark_repeat_by_phone
from gateway.pipeline.summary import (
    load_replies,
    nlu_summary,
    open_to_repeat,
    read_state,
    reply_items,
)
from gateway.ports import (
    ActionRecord,
    ConsolePort,
    EmergencyPort,
    KnowledgePort,
    MediaPort,
    NluPort,
    NluSummary,
    PicturePort,
    RepeatPort,
    TurnAttachment,
    turn_attachment,
)
from nlu.types import NluResult

log = logging.getLogger("hotline.pipeline")

_PENDING = "__pending__"
_MAX_ROUNDS = 8
_LOCK_TTL = 60.0  # a conversation's lock, in case its holder dies (seconds)
_LOCK_WAIT = 30.0  # how long a citizen's next message waits for the previous one
_SMALL_TALK = ("greet", "thank", "affirm", "deny", "rate", "ask_human")

# record_turn's positional arguments: key, channel, account, sender, direction, text,
# attachments, NLU summary, actions
_Turn = tuple[
    str,
    str,
    str,
    str,
    Literal["in", "out", "agent", "system"],
    str,
    list[TurnAttachment],
    NluSummary | None,
    list[ActionRecord] | None,
]
StepFn = Callable[[dm.DialogState, dm.Event, DialogContext], tuple[dm.DialogState, list[dm.Action]]]
ContextFn = Callable[[str], DialogContext]
# Telegram-style bot commands ("/start", "/help@hotline_bot")


@runtime_checkable
class ClaimMarked(Protocol):
    """A console whose claims leave a marker in the store (``ConsoleService``)."""

    def claim_marker(self, conversation_key: str) -> str:
        """The key whose absence means that no agent holds the conversation."""
        ...


class PipelineError(Exception):
    """Base of the pipeline's errors."""


class UnknownConversation(PipelineError):
    """No citizen is known under that conversation key."""


@dataclass(frozen=True)
class PipelineConfig:
    """Limits of the pipeline (from settings)."""

    dedup_ttl: float = 2 * 24 * 3600
    processing_ttl: float = 120.0  # a crashed worker's claim expires; the retry reprocesses
    session_ttl: float = 3600.0
    rate_limit_per_minute: int = 30
    pending_ttl: float = 7 * 24 * 3600
    # who is behind a conversation: kept past the longest work order, for its result
    conversation_ttl: float = 180 * 24 * 3600
    duplicate_wait: float = 30.0
    send_attempts: int = 3
    # messages worked on at once; the rest wait in arrival order (HOTLINE_PIPELINE_CONCURRENCY)
    concurrency: int = 64


class Pipeline(MessageReading):
    """Carries inbound messages to replies; owns dedup, sessions and action execution."""

    def __init__(
        self,
        *,
        store: Store,
        nlu: NluPort,
        knowledge: KnowledgePort | None,
        cases: IntakePort,
        console: ConsolePort | None,
        media: MediaPort | None,
        adapters: dict[str, ChannelAdapter],
        step: StepFn,
        repeats: RepeatPort | None = None,
        emergencies: EmergencyPort | None = None,
        pictures: PicturePort | None = None,
        context_for: ContextFn,
        config: PipelineConfig | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.nlu = nlu
        self.knowledge = knowledge
        self.cases = cases
        self.console = console
        # the console whose claim marker _marker last looked up, and that lookup
        self._marked: tuple[object, Callable[[str], str] | None] = (object(), None)
        self.media = media
        self.adapters = adapters
        self.repeats = repeats
        self.step = step
        self.context_for = context_for
        # one context per channel: a DialogContext is read-only and the wording is loaded
        # once at start (building it for every message was 3 % of the WeChat profile)
        self._contexts: dict[str, DialogContext] = {}
        self.config = config or PipelineConfig()
        self.clock = clock
        self.gate = Gate(self.config.concurrency)
        self.delivery = Delivery(
            store,
            adapters,
            DeliveryConfig(
                send_attempts=self.config.send_attempts, pending_ttl=self.config.pending_ttl
            ),
        )
        self.actions = ActionRunner(
            cases=cases,
            knowledge=knowledge,
            console=console,
            repeats=repeats,
            emergencies=emergencies,
            pictures=pictures,
            store=store,
            gate=self.gate,
            classify=self.category_of,
        )

    # ------------------------------------------------------------------ entry points
    async def handle(
        self, msg: InboundMessage, upload: bytes | None = None
    ) -> list[OutboundMessage]:
        """Process one inbound message exactly once; a repeat gets the first answer.

        At most ``config.concurrency`` messages are worked on at once (:attr:`gate`, FIFO);
        the store work of a message is two round trips on Redis when its citizen is not
        writing twice at once: :meth:`Store.open_turn` (dedup claim, conversation record,
        lock, rate counter, the agent marker and the dialogue state) and
        :meth:`Store.end_turn` (state saved, pending replies taken, lock released, the
        answer kept for repeats).
        """
        started = time.perf_counter()
        conv = Conversation(msg.channel, msg.account, msg.sender)
        key = KEYS.dedup(msg.dedup_key)
        token = secrets.token_hex(8)
        lock = KEYS.conversation_lock(conv.key)
        async with self.gate.slot(msg.channel):
            opened = await self.store.open_turn(
                claim=key,
                claim_value=_PENDING,
                claim_ttl=self.config.processing_ttl,
                meta=KEYS.conversation_meta(conv.key),
                meta_value=json.dumps(
                    {"channel": conv.channel, "account": conv.account, "sender": conv.sender}
                ),
                meta_ttl=self.config.conversation_ttl,
                lock=lock,
                token=token,
                lock_ttl=_LOCK_TTL,
                rate=KEYS.rate(conv.key, int(time.time() // 60)),
                rate_ttl=90.0,
                reads=(KEYS.session(conv.key), *self._marker(conv.key)),
            )
            if opened.claimed:
                replies = await self._claimed(msg, upload, conv, key, token, opened, started)
        if not opened.claimed:
            metrics.MESSAGES.labels(msg.channel, "duplicate").inc()
            return await self._await_first_answer(key, KEYS.deferred(msg.dedup_key))
        metrics.MESSAGES.labels(msg.channel, "processed").inc()
        metrics.STAGE_LATENCY.labels(msg.channel, "total").observe(time.perf_counter() - started)
        return replies

    async def _claimed(
        self,
        msg: InboundMessage,
        upload: bytes | None,
        conv: Conversation,
        key: str,
        token: str,
        opened: TurnOpened,
        started: float,
    ) -> list[OutboundMessage]:
        """The turn of a claimed message: lock (if another message of the citizen held
        it), process, answer kept for repeats; on failure the claim is released so the
        provider's retry (or the inbox recovery) runs again."""
        metrics.STAGE_LATENCY.labels(msg.channel, "dedup").observe(time.perf_counter() - started)
        lock = KEYS.conversation_lock(conv.key)
        locked = opened.locked
        try:
            count, values = opened.count, opened.values
            if not locked:
                t0 = time.perf_counter()
                await self.store.acquire(lock, token, _LOCK_TTL, _LOCK_WAIT)
                locked = True
                metrics.STAGE_LATENCY.labels(msg.channel, "session").observe(
                    time.perf_counter() - t0
                )
                count, values = await self.store.locked_reads(
                    KEYS.rate(conv.key, int(time.time() // 60)),
                    90.0,
                    (KEYS.session(conv.key), *self._marker(conv.key)),
                )
            if upload is not None:
                msg = await self._store_upload(msg, upload)
            marked = values[1] is not None if len(values) > 1 else True
            state, replies = await self._process(msg, conv, count, marked, values[0])
            pending = await self.store.end_turn(
                session=KEYS.session(conv.key),
                state=state,
                state_ttl=self.config.session_ttl,
                pending=KEYS.pending(conv.key),
                lock=lock,
                token=token,
                answer=key,
                replies=reply_items(replies),
                answer_ttl=self.config.dedup_ttl,
            )
        except BaseException:
            if locked:
                await self.store.compare_and_delete(lock_key(lock), token)
            await self.store.delete(key)
            metrics.MESSAGES.labels(msg.channel, "failed").inc()
            raise
        # replies that could not be pushed earlier go out first, with this answer
        return [OutboundMessage.model_validate_json(p) for p in pending] + replies

    async def defer(self, messages: Sequence[InboundMessage]) -> None:
        """Note that ``messages`` were acknowledged without their answer (the answer is
        pushed when ready): a provider's retry of one then gets no answer of its own."""
        for msg in messages:
            await self.store.set(KEYS.deferred(msg.dedup_key), "1", self.config.dedup_ttl)

    async def send_to_citizen(
        self,
        conversation_key: str,
        text: str,
        *,
        author: str,
        attachments: tuple[Attachment, ...] = (),
        notice: str | None = None,
    ) -> None:
        """An agent's message (and pictures) to the citizen, on the citizen's own channel;
        a channel that cannot show a picture gets its link. ``notice`` names a console
        action's automatic text (``handover``, ``joined`` …): recorded as such, it is not
        the agent's own wording (service inspection skips it)."""
        conv = await self.conversation(conversation_key)
        if conv is None:
            raise UnknownConversation(conversation_key)
        out = OutboundMessage(
            channel=conv.channel,
            account=conv.account,
            recipient=conv.sender,
            text=text,
            attachments=attachments,
        )
        if self.console is not None:
            await self.console.record_turn(
                conv.key,
                conv.channel,
                conv.account,
                conv.sender,
                "agent",
                text,
                [turn_attachment(a) for a in attachments],
                None,
                [{"type": "console_notice", "notice": notice}] if notice else None,
                author=author,
            )
        await self.delivery.push(out)

    async def release(self, conversation_key: str, agent: str) -> None:
        """An agent hands the conversation back to the bot."""
        await self.notify(conversation_key, dm.AgentReleased(agent=agent, at=self.clock()))

    async def notify(self, conversation_key: str, event: dm.Event) -> None:
        """Run an event that did not come from the citizen (a hand-back, a unit's reply)
        through the conversation, and push what the bot says.

        Who holds the chat is asked first (:meth:`holder`): while an agent holds it, the
        engine keeps a unit's reply for later and tells the agent instead of the citizen.
        """
        conv = await self.conversation(conversation_key)
        if conv is None:
            raise UnknownConversation(conversation_key)
        async with self.store.lock(KEYS.conversation_lock(conv.key)):
            state = await self._load_state(conv.key)
            state.agent = await self.holder(conv.key)
            key = f"{event.type}:{conversation_key}"
            state, replies, _ = await self._run(conv, state, event, message_key=key)
            await self._save_state(conv.key, state)
        await self._record_replies(conv, replies)
        for reply in replies:
            await self.delivery.push(reply)

    async def holder(self, conversation_key: str) -> str | None:
        """The agent holding the conversation: the one source of truth is the console's
        claim (``ConsolePort.holder``); ``None`` without a console."""
        return await self.console.holder(conversation_key) if self.console else None

    def _context(self, channel: str) -> DialogContext:
        """``context_for(channel)``, built once per channel."""
        ctx = self._contexts.get(channel)
        if ctx is None:
            ctx = self._contexts[channel] = self.context_for(channel)
        return ctx

    def _marker(self, conversation_key: str) -> tuple[str, ...]:
        """The console's claim-marker key, read with the session (empty without one).
        The protocol check (slow on a runtime-checkable protocol) runs once per console."""
        console = self.console
        if console is not self._marked[0]:
            marker = console.claim_marker if isinstance(console, ClaimMarked) else None
            self._marked = (console, marker)
        marker = self._marked[1]
        return (marker(conversation_key),) if marker is not None else ()

    async def conversation(self, conversation_key: str) -> Conversation | None:
        """The channel, account and sender behind a conversation key: as recorded with the
        session, else read from the key itself (``channel:account:sender``, as
        :meth:`KEYS.conversation` builds it; accounts hold no separator), so a unit's reply
        still reaches a citizen whose session the store lost (a restart with the
        in-process store, or the session's time to live past)."""
        raw = await self.store.get(KEYS.conversation_meta(conversation_key))
        if raw is None:
            parts = conversation_key.split(KEYS.separator, 2)
            if len(parts) != 3 or not all(parts):
                return None
            return Conversation(*parts)
        data = json.loads(raw)
        return Conversation(data["channel"], data["account"], data["sender"])

    # ------------------------------------------------------------------ internals
    async def _await_first_answer(self, key: str, deferred: str) -> list[OutboundMessage]:
        """The answer of the message's first copy once it is there; nothing when that
        first copy failed, or was acknowledged without its answer (``deferred``: the
        answer went, or goes, by push, never a second time inline)."""
        deadline = time.monotonic() + self.config.duplicate_wait
        delay = 0.005
        while time.monotonic() < deadline:
            value, pushed = await self.store.get_many((key, deferred))
            if value is None:
                return []  # the first attempt failed and released its claim
            if value != _PENDING:
                return [] if pushed is not None else load_replies(value)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)
        return []

    async def _process(
        self,
        msg: InboundMessage,
        conv: Conversation,
        count: int,
        marked: bool,
        raw_state: str | None,
    ) -> tuple[str, list[OutboundMessage]]:
        """One message under its conversation's lock: ``count`` is the citizen's rate
        counter, ``marked`` False when the console's claim marker is absent (no agent
        ever claimed the chat, so none holds it), ``raw_state`` the stored dialogue state.
        Returns the new state (JSON, saved by :meth:`Store.end_turn`) and the replies
        (without the pending ones, which :meth:`Store.end_turn` takes)."""
        msg, notices = await self._ingest_media(msg)
        attachments = [turn_attachment(a) for a in msg.attachments]
        text = message_text(msg)
        t1 = time.perf_counter()
        event_kind = provider_event(msg)
        result = await self._parse(text) if text and event_kind is None else None
        if result is not None:
            result = await self._classify_without_identity(result, text)
        metrics.STAGE_LATENCY.labels(msg.channel, "nlu").observe(time.perf_counter() - t1)
        holder = await self.holder(conv.key) if marked else None
        state = read_state(raw_state, conv.key)
        state.agent = holder
        last = state.memory.last_order
        if last and self.repeats is not None and not self.repeats.knows(last):
            # opened through another process since this one last refreshed (issue 16)
            await self.repeats.catch_up(last)
        if result is not None and holder is None and open_to_repeat(state):
            result = self._mark_repeat(result, text, conv, msg.contact_phone)
        elif result is not None and holder is None:
            result = self._mark_repeat_by_phone(result, state, conv)
        if result is None and not text and event_kind is None:
            # a picture alone: its words inform the category, never the triage (F47)
            result = await self._read_picture(msg)
        event: dm.UserMessage | dm.ProviderEvent
        if event_kind is not None:
            event = dm.ProviderEvent(
                kind=event_kind[0],
                key=event_kind[1],
                location=msg.location,
                channel=msg.channel,
                sender=msg.sender,
                at=msg.received_at,
            )
        else:
            shared, msg = await self._locate(msg, notices)
            event = dm.UserMessage(
                shared_place=shared,
                channel=msg.channel,
                sender=msg.sender,
                text=text,
                nlu=None if count > self.config.rate_limit_per_minute else result,
                attachments=msg.attachments,
                location=msg.location,
                contact_phone=msg.contact_phone,
                transcript_confidence=msg.transcript_confidence,
                message_key=msg.dedup_key,
                at=msg.received_at,
            )
        t2 = time.perf_counter()
        state, replies, actions = await self._run(conv, state, event, msg.dedup_key)
        metrics.STAGE_LATENCY.labels(msg.channel, "dialog").observe(time.perf_counter() - t2)
        stamped = state.model_copy(update={"updated_at": self.clock()})
        replies = [
            OutboundMessage(
                channel=conv.channel, account=conv.account, recipient=conv.sender, text=n
            )
            for n in notices
        ] + replies
        if self.console is not None:
            turn: _Turn = (
                conv.key,
                conv.channel,
                conv.account,
                conv.sender,
                "in",
                text or event_label(msg),
                attachments,
                nlu_summary(result),
                actions,
            )
            if holder is not None:
                # the agent holding the chat sees the message at once, already recorded
                await self.console.record_turn(*turn)
                await self.console.notify_inbound(conv.key, text, attachments)
            else:
                # The conversation record is written behind the reply: queued for the
                # console's write-behind group commits, not awaited (the appeal itself
                # is already durable, the dialogue state is in the store).
                await self.console.record_turn(*turn, wait=False)
            await self._record_replies(conv, replies, wait=False)
        return stamped.model_dump_json(), replies

    def _mark_repeat(
        self, result: NluResult, text: str, conv: Conversation, vouched: str | None
    ) -> NluResult:
        """第十三条(三): the same matter as one of the citizen's recent orders (``vouched``:
        the channel's own number of the sender, whose orders are theirs on every channel)."""
        if self.repeats is None or (result.intent.name in _SMALL_TALK and len(text) < 12):
            return result
        cues = self._context(conv.channel).wording.words("repeat_cue")
        return mark_repeat(self.repeats, result, text, conv.key, cues, vouched)

    def _mark_repeat_by_phone(
        self, result: NluResult, state: dm.DialogState, conv: Conversation
    ) -> NluResult:
        """第十三条(三) for a citizen known by the phone they give now (a web citizen's
        earlier session has another token)."""
        if self.repeats is None or state.flow.name != "intake":
            return result
        cues = self._context(conv.channel).wording.words("repeat_cue")
        return mark_repeat_by_phone(self.repeats, result, appeal_facts(state), conv.key, cues)

    async def _record_replies(
        self, conv: Conversation, replies: list[OutboundMessage], *, wait: bool = True
    ) -> None:
        if self.console is None:
            return
        for reply in replies:
            text = reply.text or f"[转接 {reply.transfer_to}]"
            await self.console.record_turn(
                conv.key,
                conv.channel,
                conv.account,
                conv.sender,
                "out",
                text,
                [turn_attachment(a) for a in reply.attachments],
                None,
                None,
                wait=wait,
            )

    async def _load_state(self, key: str) -> dm.DialogState:
        return read_state(await self.store.get(KEYS.session(key)), key)

    async def _save_state(self, key: str, state: dm.DialogState) -> None:
        state = state.model_copy(update={"updated_at": self.clock()})
        await self.store.set(KEYS.session(key), state.model_dump_json(), self.config.session_ttl)

    async def _run(
        self,
        conv: Conversation,
        state: dm.DialogState,
        event: dm.Event,
        message_key: str,
    ) -> tuple[dm.DialogState, list[OutboundMessage], list[ActionRecord]]:
        """Step the engine until no action yields a new event."""
        ctx = self._context(conv.channel)
        replies: list[OutboundMessage] = []
        record: list[ActionRecord] = []
        queue: list[dm.Event] = [event]
        rounds = 0
        while queue and rounds < _MAX_ROUNDS:
            rounds += 1
            agent = state.agent
            current = queue.pop(0)
            state, actions = self.step(state, current, ctx)
            state.agent = agent  # not stored: asked again from the console next time
            for action in actions:
                record.append(action.model_dump(mode="json", exclude={"draft"}))
                follow = await self.actions.execute(
                    conv, action, message_key, replies, origin=current
                )
                if follow is not None:
                    queue.append(follow)
        return state, replies, record
