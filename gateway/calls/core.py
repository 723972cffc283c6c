"""What every part of the call service stands on: its wiring and the call's row.

:class:`CallCore` holds the sessions, store, console, bridge and settings, and the
plumbing the queue (:mod:`gateway.calls.service`), the bot line
(:mod:`gateway.calls.bot`) and the callback list (:mod:`gateway.calls.callbacks`) share:
the conditional state change (:meth:`CallCore._set`), a missed call onto the callback
list, the end of a talk, the hand-back of a conversation, audit and the events to the
consoles, and the call as the console sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from twilio.twiml.voice_response import VoiceResponse

from casebridge.db import utcnow
from channels.voice.callers import withheld
from gateway.assist.events import SharedEvents
from gateway.calls import figures
from gateway.calls.afterwork import duration_zh
from gateway.calls.bridge import Bridge
from gateway.calls.models import AgentEndpoint, CallbackItem, VoiceCall
from gateway.calls.settings import CallSettings
from gateway.calls.views import CallView
from gateway.console.errors import NotFound
from gateway.console.models import ConsoleAudit
from gateway.console.service import ConsoleService, conversation_title
from gateway.kv import Store
from gateway.kv.store import MemoryStore

Greet = Callable[[VoiceResponse, str], None]


class CallCore:
    """The call service's wiring and shared internals (the base of
    :class:`gateway.calls.service.CallService`)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: Store,
        console: ConsoleService,
        bridge: Bridge,
        greet: Greet,
        public_base_url: str,
        settings: CallSettings | None = None,
        clock: Callable[[], datetime] | None = None,
        events: SharedEvents | None = None,
    ) -> None:
        self.sessions = sessions
        # offers and call states reach the consoles of every gateway process
        self.events = events or SharedEvents(MemoryStore(), console.hub)
        self.store = store
        self.console = console
        self.bridge = bridge
        self.greet = greet
        self.settings = settings or CallSettings()
        self.clock = clock or utcnow
        root = public_base_url.rstrip("/")
        self.base = f"{root}/webhooks/voice"
        ws = "wss://" + root.split("://", 1)[1] if root.startswith("https://") else None
        if ws is None and root.startswith("http://"):
            ws = "ws://" + root.split("://", 1)[1]
        self.stream_url = f"{ws}/webhooks/voice/stream" if ws else None

    async def _turn(self, conv: str, called: str, caller: str, text: str) -> None:
        await self.console.record_turn(
            conv, "voice", called, caller, "system", text, [], None, None
        )

    async def _release(self, call: VoiceCall, why: str) -> bool:
        """Hand the call's conversation back (from the agent who took the call only):
        the call is over and its after-call work done. Audited as ``call_release``, which
        is not an inspection trigger (the call's end is, ``call_ended``)."""
        if not call.agent:
            return False
        key = call.conversation_key
        if not await self.console.hand_back(
            key,
            held_by=call.agent,
            actor="system",
            action="call_release",
            detail={"call": call.call_sid, "agent": call.agent},
            note=why,
        ):
            return False
        await self.events.publish({"type": "queue", "key": key}, set(), everyone=True)
        return True

    def _bot(self, response: VoiceResponse) -> None:
        self.greet(response, self.base)

    async def _anyone_on_duty(self) -> bool:
        """An agent who can take a call is present: agents, and supervisors only when they
        take calls (their own endpoint set); issue 17 V12."""
        present = [a for a in await self.console.load() if a.online]
        if any(a.role != "supervisor" for a in present):
            return True
        bosses = [a.username for a in present]
        if not bosses:
            return False
        async with self.sessions() as s:
            rows = await s.scalars(
                select(AgentEndpoint.username).where(AgentEndpoint.username.in_(bosses))
            )
            return rows.first() is not None

    async def _call(self, sid: str) -> VoiceCall:
        async with self.sessions() as s:
            call = await s.get(VoiceCall, sid)
        if call is None:
            raise NotFound(f"unknown call {sid}")
        return call

    async def _set(
        self, sid: str, states: tuple[str, ...], *, only_unwrapped: bool = False, **values: Any
    ) -> bool:
        """Change the call only from one of ``states``; True when this call changed it."""
        cond = [VoiceCall.call_sid == sid, VoiceCall.status.in_(states)]
        if only_unwrapped:
            cond.append(VoiceCall.wrapped_at.is_(None))
        async with self.sessions() as s, s.begin():
            done = await s.execute(
                update(VoiceCall).where(*cond).values(updated_at=self.clock(), **values)
            )
            return bool(done.rowcount == 1)  # type: ignore[attr-defined]

    async def _missed(
        self, sid: str, states: tuple[str, ...], status: str, *, reason: str | None = None
    ) -> bool:
        """The call ends unanswered (callback item, ``reason`` defaulting to the status);
        True when this call changed it."""
        if not await self._set(sid, states, status=status, ended_at=self.clock()):
            return False
        figures.CALLS.labels(status.replace("-", "_")).inc()
        await self._callback(sid, reason or status)
        call = await self._call(sid)
        if call.agent:  # an agent took it and the endpoint never answered: hand it back
            await self._release(call, "来电未接通")
        return True

    async def _end(self, sid: str, duration: float | None) -> None:
        now = self.clock()
        call = await self._call(sid)
        talk = duration
        if talk is None and call.answered_at is not None:
            talk = (now - call.answered_at).total_seconds()
        answered_at = call.answered_at or now
        if call.answered_at is None and call.agent:  # the leg's "answered" never came
            figures.answered(
                (now - call.queued_at).total_seconds(), self.settings.answer_seconds, call.agent
            )
        if await self._set(
            sid,
            ("ringing", "in-progress"),
            status="completed",
            ended_at=now,
            talk_seconds=talk,
            answered_at=answered_at,
        ):
            figures.talked(call.agent or "", talk or 0.0)
            # the talk time as a system turn the agent and the inspection read (trial4 F52)
            spoken = f"通话结束，通话时长{duration_zh(talk or 0.0)}"
            await self._turn(call.conversation_key, call.called, call.caller, spoken)
            await self._publish("ended", sid, call.conversation_key, agent=call.agent)
            if self.settings.after_work_seconds <= 0:  # no after-call work: free at once
                await self._release(call, "通话已结束")
            if not self.settings.stream:
                # with live assist the stream's stop marks the end; without it, this does,
                # so that every finished call is inspected (质检, gateway.inspection)
                async with self.sessions() as s, s.begin():
                    s.add(
                        ConsoleAudit(
                            at=now,
                            actor="twilio",
                            action="call_ended",
                            conversation_key=call.conversation_key,
                            # the agent who took the call: the inspection record names them
                            # even with no agent turns (issue 17 V14)
                            detail={"call": sid[:64], "agent": call.agent or ""},
                        )
                    )

    async def _callback(
        self, sid: str, reason: str, *, recording: str | None = None, seconds: float | None = None
    ) -> None:
        """One item per call (a retry or a later message updates it)."""
        now = self.clock()
        call = await self._call(sid)
        hidden = withheld(call.caller)
        if hidden and not recording:
            return  # a withheld number: nothing to call back (issue 17 V22)
        async with self.sessions() as s, s.begin():
            item = await s.scalar(select(CallbackItem).where(CallbackItem.call_sid == sid))
            if item is None:
                s.add(
                    CallbackItem(
                        call_sid=sid,
                        conversation_key=call.conversation_key,
                        caller="" if hidden else call.caller,  # a message: listen only
                        reason=reason,
                        recording_url=recording,
                        recording_seconds=seconds,
                        status="open",
                        created_at=now,
                        updated_at=now,
                    )
                )
            elif recording:
                item.reason, item.recording_url, item.recording_seconds = reason, recording, seconds
                item.updated_at = now
            ConsoleService._audit(
                s, now, "system", "callback_add", call.conversation_key, {"call": sid}
            )
        await self._publish("gone", sid, call.conversation_key)
        await self._publish_callbacks()

    async def _audit(self, actor: str, action: str, key: str, detail: dict[str, Any]) -> None:
        async with self.sessions() as s, s.begin():
            ConsoleService._audit(s, self.clock(), actor, action, key, detail)

    async def _publish(self, event: str, sid: str, conversation: str, **data: Any) -> None:
        await self.events.publish(
            {"type": "call", "event": event, "sid": sid, "conversation": conversation, **data},
            set(),
            everyone=True,
        )

    async def _publish_callbacks(self) -> None:
        await self.events.publish({"type": "call", "event": "callbacks"}, set(), everyone=True)

    @staticmethod
    def _title(caller: str) -> str:
        return conversation_title("voice", caller)

    def _view(self, call: VoiceCall) -> CallView:
        return CallView(
            sid=call.call_sid,
            conversation=call.conversation_key,
            title=self._title(call.caller),
            status=call.status,
            agent=call.agent,
            queued_at=call.queued_at.isoformat(),
            waiting_seconds=max(0.0, (self.clock() - call.queued_at).total_seconds()),
        )
