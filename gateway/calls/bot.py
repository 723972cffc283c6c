"""The bot as the phone line's overflow, kept to calls (issue 17, trial 2: V7, V18, V23, V24).

* A new call starts a new dialogue (:meth:`BotLine.new_dialogue`): the caller's previous
  unfinished bot turn is dropped (what the dialogue remembers across flows, such as the
  last order filed, stays), and a chat-queue item left by an earlier call is withdrawn.
* A caller who asks the bot for a person, or whom the bot hands over, goes back into the
  call queue (:meth:`BotLine.after_bot`): ``<Enqueue>`` with the wait URL, offered to the
  agents again; never a chat-queue item for a call. With nobody on duty the caller is
  asked for a message instead (the callback list).
* A caller who hangs up in the overflow without a message or an order lands on the
  callback list (``overflow``, 「智能助手登记中挂机」) with what the bot heard so far as a
  system turn of the conversation, and counts as abandoned (:meth:`BotLine.lost_in_bot`).

Mixed into :class:`gateway.calls.service.CallService`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from channels.voice.wording import CONTINUE
from dialogs.state import DialogState, IdleFlow, appeal_facts
from gateway.calls import figures, twiml
from gateway.calls.models import VoiceCall
from gateway.calls.settings import CallSettings
from gateway.console.errors import NotFound
from gateway.console.models import ConsoleConversation
from gateway.console.service import ConsoleService, conversation_title
from gateway.kv import KEYS, Store

SESSION_TTL = 7 * 24 * 3600  # as long as the pipeline keeps a dialogue (an upper bound)
MARK_TTL = 2 * 24 * 3600
NOBODY_TURN = "来电：要求人工，无坐席在岗，转留言"


class BotLine:
    """The bot's calls (needs the call service's sessions, store, console, settings, base
    URL, clock and its state and callback helpers)."""

    sessions: async_sessionmaker[AsyncSession]
    store: Store
    console: ConsoleService
    settings: CallSettings
    base: str
    clock: Callable[[], datetime]

    async def _set(
        self, sid: str, states: tuple[str, ...], *, only_unwrapped: bool = False, **values: Any
    ) -> bool:
        raise NotImplementedError

    async def _call(self, sid: str) -> VoiceCall:
        raise NotImplementedError

    async def _callback(
        self, sid: str, reason: str, *, recording: str | None = None, seconds: float | None = None
    ) -> None:
        raise NotImplementedError

    async def _publish(self, event: str, sid: str, conversation: str, **data: Any) -> None:
        raise NotImplementedError

    async def _anyone_on_duty(self) -> bool:
        raise NotImplementedError

    async def _turn(self, conv: str, called: str, caller: str, text: str) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ a new call
    async def new_dialogue(self, sid: str, conv: str) -> None:
        """A new call: the bot starts afresh (the caller hung up on the last one) and a
        chat-queue item of the conversation is withdrawn (a call is never a chat)."""
        state = await self._dialogue(conv)
        if state is not None:
            fresh = state.model_copy(update={"flow": IdleFlow()})
            await self.store.set(KEYS.session(conv), fresh.model_dump_json(), SESSION_TTL)
        last = state.memory.last_order if state is not None else None
        await self.store.set(KEYS.build("voice", "order-before", sid), last or "-", MARK_TTL)
        await self._unqueue_chat(conv)

    # ------------------------------------------------------------ the bot's turn
    async def after_bot(self, sid: str, document: str) -> str:
        """The bot's TwiML for one turn of call ``sid``, unless the bot handed the caller
        over to a person: then back into the call queue (or a message with nobody on duty)."""
        try:
            call = await self._call(sid)
        except NotFound:
            return document  # not a call of the queue (no row): the bot's answer as is
        if "<Dial" in document or CONTINUE in document:
            # served: an answer the caller is told they may hang up after, or an emergency
            # put through to 110/119/120/122 (trial5 F09): hanging up then is no lost call
            await self.store.set(KEYS.build("voice", "served", sid), "1", MARK_TTL)
        if not await self._unqueue_chat(call.conversation_key):
            return document
        if self.settings.night_mode or not await self._anyone_on_duty():
            await self._turn(
                call.conversation_key,
                call.called,
                call.caller,
                NOBODY_TURN,
            )
            return twiml.overflow(
                self.base,
                "message",
                _nothing,
                reason="nobody_now",
                max_seconds=self.settings.max_message_seconds,
            )
        now = self.clock()
        # queued_at anew: the sweep's and the wait URL's clock start with this queueing
        if await self._set(sid, ("overflow",), status="queued", queued_at=now):
            await self.store.set(KEYS.build("voice", "requeued", sid), "1", MARK_TTL)
            await self._publish(
                "offer",
                sid,
                call.conversation_key,
                title=conversation_title("voice", call.caller),
                queued_at=now.isoformat(),
            )
            await self._turn(call.conversation_key, call.called, call.caller, "来电：转回人工排队")
        return twiml.requeue(self.base, self.settings.queue_name)

    async def recorded(self, sid: str, url: str, seconds: float, document: str) -> str:
        """The bot's ``<Record>`` (speech not heard) ended: a recording of a call of the
        queue goes to the callback list (a person listens and calls back) and the caller
        is told so; without a recording, or without a call row, the bot's own answer."""
        try:
            await self._call(sid)
        except NotFound:
            return document
        if not url or seconds <= 0:
            return document
        return await self.voicemail(sid, url, seconds)

    async def voicemail(self, sid: str, url: str, seconds: float) -> str:
        raise NotImplementedError

    async def requeued(self, sid: str) -> bool:
        """Whether the call went back into the queue from the bot (its next overflow is a
        message, not the bot again)."""
        return await self.store.get(KEYS.build("voice", "requeued", sid)) is not None

    # ------------------------------------------------------------ hung up in the bot
    async def lost_in_bot(self, sid: str) -> bool:
        """The caller hung up in the overflow: on the callback list (and abandoned) unless
        the bot filed an order in this call, answered the caller (a turn that ends with
        :data:`channels.voice.wording.CONTINUE`) or put an emergency through. True when
        this call changed it."""
        call = await self._call(sid)
        state = await self._dialogue(call.conversation_key)
        before = await self.store.get(KEYS.build("voice", "order-before", sid))
        last = (state.memory.last_order if state is not None else None) or "-"
        filed = before is not None and last != before
        served = await self.store.get(KEYS.build("voice", "served", sid)) is not None
        if filed or served:
            return await self._set(sid, ("overflow",), status="completed", ended_at=self.clock())
        if not await self._set(sid, ("overflow",), status="abandoned", ended_at=self.clock()):
            return False
        figures.CALLS.labels("abandoned").inc()
        facts = appeal_facts(state) if state is not None else None
        heard = []
        if facts is not None:
            if facts.matter:
                heard.append(f"诉求：{facts.matter}")
            where = facts.place
            parts = (where.county, where.township, where.village, where.detail or where.label)
            place = "".join(p for p in parts if p)
            if place:
                heard.append(f"地点：{place}")
        text = "来电在智能助手登记中挂机，未形成工单" + (
            "；已听到的内容：" + "；".join(heard) if heard else ""
        )
        await self._turn(call.conversation_key, call.called, call.caller, text)
        await self._callback(sid, "overflow")
        return True

    # ------------------------------------------------------------ internals
    async def _dialogue(self, conv: str) -> DialogState | None:
        raw = await self.store.get(KEYS.session(conv))
        if raw is None:
            return None
        try:
            return DialogState.model_validate_json(raw)
        except ValidationError:
            return None

    async def _unqueue_chat(self, conv: str) -> bool:
        """Withdraw the conversation from the chat queue; True when it was there."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            done = await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key == conv, ConsoleConversation.status == "queued")
                .values(status="bot", queued_at=None, alerted_at=None, updated_at=now)
            )
            changed = bool(done.rowcount == 1)  # type: ignore[attr-defined]
        if changed:
            self.console.hub.publish({"type": "queue", "key": conv}, everyone=True)
        return changed


def _nothing(response: Any) -> None:
    return None
