"""Calls to people first: queue, offer, the exactly-one accept, bridge, callbacks.

A call's row moves by conditional ``UPDATE ... WHERE status = ...`` only, so of two agents
accepting at once exactly one changes it, and the queue's overflow and an agent's accept
cannot both win. Twilio's callbacks (verified and refused when replayed by the router)
drive the states; every TwiML answer is built in :mod:`gateway.calls.twiml`.

This module holds :class:`CallService`'s public operations (the Twilio side, the agent
side, the sweep); its wiring and the shared internals (state changes, missed calls, the
end of a talk, events) are :class:`gateway.calls.core.CallCore`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from twilio.twiml.voice_response import VoiceResponse

from channels.voice.callers import caller_key
from gateway.assist.service import STREAM_OFF_NOTICE
from gateway.calls import figures, twiml
from gateway.calls.afterwork import AfterWork, open_after_work
from gateway.calls.bot import BotLine
from gateway.calls.bridge import BridgeError
from gateway.calls.callbacks import CallbackList
from gateway.calls.core import CallCore
from gateway.calls.models import AgentEndpoint, VoiceCall
from gateway.calls.views import CallView, SweepDone
from gateway.console.errors import Conflict, Forbidden, InvalidInput, Unavailable
from gateway.console.service import AgentView
from gateway.kv import KEYS

log = logging.getLogger("hotline.calls")

TERMINAL = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


class CallService(CallCore, CallbackList, BotLine):
    """The phone line's queue over the database; offers and call states go to every
    process's consoles (:class:`gateway.assist.events.SharedEvents`)."""

    # ------------------------------------------------------------ Twilio side
    async def incoming(self, sid: str, caller: str, called: str) -> str:
        """A new call: into the queue and offered to the agents on duty (no menu)."""
        now = self.clock()
        caller = caller_key(sid, caller)  # a withheld number: its own conversation
        conv = KEYS.conversation("voice", called, caller)
        async with self.sessions() as s, s.begin():
            call = await s.get(VoiceCall, sid)
            if call is not None:  # Twilio asked again (its fallback, another body):
                # the answer of the call's state, nothing new; a call in the overflow is
                # never put into a queue no agent is offered (trial5 F26)
                if call.status == "overflow":
                    return self._overflow()
                return twiml.enqueue(self.base, self.settings.queue_name)
            s.add(
                VoiceCall(
                    call_sid=sid,
                    conversation_key=conv,
                    caller=caller[:64],
                    called=called[:64],
                    status="queued",
                    queued_at=now,
                    updated_at=now,
                )
            )
        await self.new_dialogue(sid, conv)
        figures.CALLS.labels("offered").inc()
        if self.settings.night_mode or not await self._anyone_on_duty():
            await self._set(sid, ("queued",), status="overflow")
            figures.CALLS.labels("overflow").inc()
            await self._turn(conv, called, caller, "来电：无坐席在岗，转留言或智能助手")
            return self._overflow()
        # the offer first: the conversation's turn is written while the agents see it
        await self._publish(
            "offer", sid, conv, title=self._title(caller), queued_at=now.isoformat()
        )
        await self._turn(conv, called, caller, "来电：进入人工排队")
        return twiml.enqueue(self.base, self.settings.queue_name)

    def _overflow(self) -> str:
        """The overflow at the first request (nobody on duty or night mode)."""
        return twiml.overflow(
            self.base,
            self.settings.overflow,
            self._bot,
            reason="night" if self.settings.night_mode else "nobody",
            max_seconds=self.settings.max_message_seconds,
        )

    async def wait(self, sid: str, position: int, queue_seconds: float) -> str:
        """The wait URL: the caller's place and hold audio; the overflow when time is up."""
        call = await self._call(sid)
        if call.status not in ("queued", "ringing"):
            # not in the agents' queue (the overflow, ended): never hold the caller in it
            return twiml.leave()
        left = self.settings.answer_seconds - queue_seconds
        late = call.status == "queued" and left <= 0
        if late and await self._set(sid, ("queued",), status="overflow"):
            figures.CALLS.labels("overflow").inc()
            await self._publish("gone", sid, call.conversation_key)
            return twiml.leave()
        pause = self.settings.hold_pause_seconds
        if call.status == "queued":  # the next wait request comes when the answer time ends
            pause = max(1, min(pause, math.ceil(left)))
        ahead = max(0, position - 1)
        key = KEYS.build("voice", "place", sid)
        said = await self.store.get(key)
        await self.store.set(key, str(ahead), ttl=3600)
        return twiml.waiting(
            None if said == str(ahead) else ahead,
            self.settings.hold_music_url,
            pause,
        )

    async def dequeued(self, sid: str, result: str) -> str:
        """The ``<Enqueue>`` action: the caller left the queue (hung up, overflow, bridged)."""
        if result == "hangup":
            await self._missed(sid, ("queued", "ringing"), "abandoned")
            return twiml.empty()
        if result in ("leave", "error", "system-error"):
            if await self._set(sid, ("queued",), status="overflow"):
                figures.CALLS.labels("overflow").inc()  # (a timed-out leave counted in wait)
            # back from the bot and still nobody free: a message, not the bot again
            again = await self.requeued(sid)
            return twiml.overflow(
                self.base,
                "message" if again else self.settings.overflow,
                self._bot,
                max_seconds=self.settings.max_message_seconds,
            )
        return twiml.empty()  # bridged / redirected: the bridge's TwiML runs

    def overflow_choice(self, digits: str) -> str:
        """The overflow's one key: 1 leaves a message; anything else (or none) is the bot."""
        if digits.strip().rstrip("#") == "1":
            return twiml.record_message(self.base, self.settings.max_message_seconds)
        response = VoiceResponse()
        self._bot(response)
        return str(response)

    async def voicemail(self, sid: str, url: str, seconds: float) -> str:
        """A message left after the overflow: on the callback list with its recording."""
        recorded = bool(url) and seconds > 0
        await self._set(sid, ("overflow", "no-answer", "queued"), status="voicemail")
        await self._callback(
            sid,
            "voicemail" if recorded else "abandoned",
            recording=url if recorded else None,
            seconds=seconds if recorded else None,
        )
        return twiml.message_thanks()

    async def status_event(self, sid: str, status: str, leg: str) -> None:
        """A status callback of the caller's call or (``leg=agent``) of the agent's leg."""
        now = self.clock()
        if leg == "agent":
            if status == "in-progress" and await self._set(
                sid, ("ringing",), status="in-progress", answered_at=now
            ):
                call = await self._call(sid)
                wait = (now - call.queued_at).total_seconds()
                figures.answered(wait, self.settings.answer_seconds, call.agent or "")
                await self._publish("answered", sid, call.conversation_key, agent=call.agent)
            return
        if status not in TERMINAL:
            return
        call = await self._call(sid)
        if call.status in ("queued", "ringing"):
            # hung up while the agent's phone rang: labelled so (issue 17 V16)
            why = "ringing" if call.status == "ringing" else "abandoned"
            await self._missed(sid, (call.status,), "abandoned", reason=why)
        elif call.status == "in-progress":
            await self._end(sid, None)
        elif call.status == "overflow":
            await self.lost_in_bot(sid)

    async def dialed(self, sid: str, dial_status: str, duration: float | None) -> str:
        """The ``<Dial>`` action: the talk ended, or the agent's endpoint never answered."""
        call = await self._call(sid)
        if dial_status == "completed" or call.status == "in-progress":
            await self._end(sid, duration)
            return twiml.after_agent(True, self.base, self.settings.overflow, self._bot)
        if await self._missed(sid, ("ringing",), "no-answer"):
            # offered, accepted, never answered: the caller goes to the overflow as well
            figures.CALLS.labels("overflow").inc()
        return twiml.after_agent(
            False,
            self.base,
            self.settings.overflow,
            self._bot,
            max_seconds=self.settings.max_message_seconds,
        )

    # -------------------------------------------------------------- agent side
    async def accept(self, sid: str, agent: AgentView) -> CallView:
        """Take the call; exactly one of several agents accepting at once gets it, and the
        call is bridged to that agent's endpoint through the REST API."""
        now = self.clock()
        if not await self._set(
            sid, ("queued",), status="ringing", agent=agent.username, accepted_at=now
        ):
            raise Conflict("该来电已由其他坐席接听或已结束")
        call = await self._call(sid)
        endpoint = await self.endpoint(agent.username)
        document = twiml.bridge(
            self.base,
            sid,
            endpoint,
            self.settings.ring_seconds,
            stream_url=self.stream_url if self.settings.stream else None,
            conversation=call.conversation_key,
        )
        try:
            await self.bridge.redirect(sid, document)
        except BridgeError as exc:
            # back in the queue for someone else (unless the caller left meanwhile)
            if await self._set(sid, ("ringing",), status="queued", agent=None, accepted_at=None):
                await self._publish(
                    "offer", sid, call.conversation_key, title=self._title(call.caller)
                )
            log.warning("bridge failed", extra={"call": sid, "reason": str(exc)})
            raise Unavailable("接通失败，来电已回到排队") from exc
        await self.console.claim(call.conversation_key, agent.username)
        await self._audit(agent.username, "call_accept", call.conversation_key, {"call": sid})
        if not self.settings.stream:  # a call is a call: the agent knows assist is off
            await self._turn(call.conversation_key, call.called, call.caller, STREAM_OFF_NOTICE)
            await self.events.publish(
                {"type": "assist_notice", "key": call.conversation_key, "text": STREAM_OFF_NOTICE},
                {agent.username},
            )
        await self._publish("taken", sid, call.conversation_key, agent=agent.username)
        return self._view(call)

    async def wrapped(self, sid: str, agent: AgentView) -> float:
        """After-call work done: the agent is ready again; its length in seconds."""
        now = self.clock()
        call = await self._call(sid)
        if call.agent != agent.username or call.ended_at is None:
            raise Forbidden("只有接听该来电的坐席可以在通话结束后完成整理")
        if call.status != "completed":
            # never connected (no answer, hung up while ringing): no after-call work
            raise Conflict("该来电未接通，无需话后整理")
        if not await self._set(sid, (call.status,), wrapped_at=now, only_unwrapped=True):
            raise Conflict("已完成整理")
        acw = max(0.0, (now - call.ended_at).total_seconds())
        figures.wrapped_up(agent.username, acw)
        await self._release(call, "话后整理完毕")
        return acw

    # ------------------------------------------------------------ the sweep
    async def run(self, stop: asyncio.Event) -> None:
        """Sweep every ``sweep_seconds`` until ``stop``, in one process of many (lease)."""
        from gateway.scheduler import Lease, every

        lease = Lease(self.store, KEYS.lease("calls-sweep"))
        await every(self.settings.sweep_seconds, self.sweep, stop, name="calls-sweep", lease=lease)

    async def sweep(self) -> SweepDone:
        """Calls the provider never reported finished, and after-call work left open.

        * ``queued`` longer than the answer time plus ``stale_seconds`` (the wait URL
          stopped asking), or ``ringing`` longer than the ring time plus ``stale_seconds``
          (no ``dialed`` or status callback came): the call is ``abandoned`` and lands on
          the callback list, the agent's hold on its conversation is released.
        * ``completed`` and not wrapped ``after_work_seconds`` after its end: the after-call
          work closes at that window (the figures' ACW is the window) and the agent's
          hold on the conversation is released.
        """
        now = self.clock()
        grace = timedelta(seconds=self.settings.stale_seconds)
        queued_before = now - timedelta(seconds=self.settings.answer_seconds) - grace
        ringing_before = now - timedelta(seconds=self.settings.ring_seconds) - grace
        window = timedelta(seconds=self.settings.after_work_seconds)
        async with self.sessions() as s:
            stale = (
                await s.scalars(
                    select(VoiceCall.call_sid).where(
                        or_(
                            and_(VoiceCall.status == "queued", VoiceCall.queued_at < queued_before),
                            and_(
                                VoiceCall.status == "ringing",
                                func.coalesce(VoiceCall.accepted_at, VoiceCall.queued_at)
                                < ringing_before,
                            ),
                        )
                    )
                )
            ).all()
            open_work = (
                await s.scalars(
                    select(VoiceCall).where(
                        VoiceCall.status == "completed",
                        VoiceCall.wrapped_at.is_(None),
                        VoiceCall.ended_at < now - window,
                    )
                )
            ).all()
        abandoned = 0
        for sid in stale:
            if await self._missed(sid, ("queued", "ringing"), "abandoned"):
                abandoned += 1
        wrapped = 0
        for call in open_work:
            assert call.ended_at is not None
            if await self._set(
                call.call_sid,
                ("completed",),
                only_unwrapped=True,
                wrapped_at=call.ended_at + window,
            ):
                wrapped += 1
                acw = self.settings.after_work_seconds
                figures.wrapped_up(call.agent or "", acw)
                await self._release(call, "话后整理时限已到，已自动结束")
        return SweepDone(abandoned, wrapped)

    async def waiting(self) -> list[CallView]:
        """Calls in the queue or ringing an agent, oldest first."""
        async with self.sessions() as s:
            rows = (
                await s.scalars(
                    select(VoiceCall)
                    .where(VoiceCall.status.in_(("queued", "ringing", "in-progress")))
                    .order_by(VoiceCall.queued_at)
                )
            ).all()
        return [self._view(c) for c in rows]

    async def endpoint(self, username: str) -> twiml.Endpoint:
        """The agent's own endpoint, else the configured kind for the username."""
        async with self.sessions() as s:
            row = await s.get(AgentEndpoint, username)
        if row is not None:
            return twiml.Endpoint(row.kind, row.address)  # type: ignore[arg-type]
        kind = self.settings.endpoint_kind
        if kind == "sip" and self.settings.sip_domain:
            return twiml.Endpoint("sip", f"sip:{username}@{self.settings.sip_domain}")
        return twiml.Endpoint("client", username)

    async def set_endpoint(self, username: str, kind: str, address: str) -> twiml.Endpoint:
        """An agent chooses where calls ring: ``client`` name, ``sip:`` URI or a number."""
        address = address.strip()
        ok = {
            "client": address.replace("_", "").replace("-", "").replace(".", "").isalnum(),
            "sip": address.startswith("sip:") and "@" in address,
            "number": address.lstrip("+").isdigit() and 3 <= len(address) <= 20,
        }
        if kind not in ok or not ok[kind] or len(address) > 255:
            raise InvalidInput("endpoint: client name, sip:user@host or a phone number")
        now = self.clock()
        async with self.sessions() as s, s.begin():
            row = await s.get(AgentEndpoint, username)
            if row is None:
                s.add(AgentEndpoint(username=username, kind=kind, address=address, updated_at=now))
            else:
                row.kind, row.address, row.updated_at = kind, address, now
        return twiml.Endpoint(kind, address)  # type: ignore[arg-type]

    # ------------------------------------------------------------ after-call work
    async def after_work(self, agent: str) -> list[AfterWork]:
        """This agent's after-call work still open, with the time left (trial4 F52)."""
        return await open_after_work(
            self.sessions, self.clock(), agent, self.settings.after_work_seconds
        )
