"""Assist state per conversation: transcript, draft order, suggestions, alerts, console events.

Calls: segments from the recognizer come in through :meth:`AssistService.segment`; the
draft is rebuilt from the citizen's finals and partial and pushed to the holding agent as
an ``assist`` console event (then the final is kept as a console turn: citizen ``in``,
agent ``agent``, so the call is recorded and inspected like a chat). Chats: the same draft
and suggestions from the conversation's turns, on request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client import Counter, Histogram
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.cases.feeds import recent_orders
from dialogs.wording import Wording
from gateway.assist.asr import AsrEngine
from gateway.assist.draft import DraftOrder, build_draft
from gateway.assist.events import AssistEvents
from gateway.calls.models import VoiceCall
from gateway.console.models import ConsoleAudit, ConsoleTurn
from gateway.console.service import ConsoleService
from gateway.kv.store import MemoryStore
from gateway.metrics import REGISTRY
from nlu.dedup import NearDupIndex
from nlu.engine import NluEngine
from nlu.knowledge import KnowledgeBase
from nlu.pii import mask_text

log = logging.getLogger("hotline.assist")

STREAM_FRAMES = Counter(
    "hotline_assist_stream_frames_total",
    "Media Streams frames by outcome (ok, malformed, late, skipped).",
    ["outcome"],
    registry=REGISTRY,
)
ASSIST_LATENCY = Histogram(
    "hotline_assist_draft_seconds",
    "From a transcript segment to the updated draft pushed to the console.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0),
    registry=REGISTRY,
)
ASR_DOWN = Counter(
    "hotline_assist_asr_unavailable_total",
    "Calls whose speech recognition failed (the call went on without assist).",
    registry=REGISTRY,
)

ASR_DOWN_NOTICE = "语音转写服务暂不可用，本通电话暂无实时辅助，请人工记录诉求要素。"
STREAM_DROPPED_NOTICE = "通话音频流中断，实时转写已停止，请人工核对工单要素。"
# HOTLINE_VOICE_STREAM off: the call's audio never reaches the gateway
STREAM_OFF_NOTICE = "本通电话未开启实时辅助（通话音频未接入），请人工记录诉求要素。"
SIMILAR_WINDOW = timedelta(days=30)
SIMILAR_REFRESH_SECONDS = 300.0


@dataclass
class CallState:
    """What assist knows about one conversation's call."""

    key: str
    call_sid: str = ""
    citizen: list[str] = field(default_factory=list)  # final segments, in order
    agent: list[str] = field(default_factory=list)
    partial: str = ""
    draft: DraftOrder = field(default_factory=DraftOrder)
    assist_on: bool = True
    notice: str | None = None  # why assist stopped, when it did
    ended: bool = False
    holder: str | None = None
    holder_checked: float = 0.0


def split_key(key: str) -> tuple[str, str, str] | None:
    """``channel:account:sender`` or ``None``."""
    parts = key.split(":", 2)
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


class SimilarOrders:
    """Recent orders (并单 candidates), indexed by near-duplicate text, refreshed now and then."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.index = NearDupIndex(threshold=0.25)
        self.loaded_at = -1e9
        self._lock = asyncio.Lock()
        self._known: set[str] = set()

    async def refresh(self, force: bool = False) -> None:
        """Index orders opened since the last refresh (every few minutes)."""
        if not force and time.monotonic() - self.loaded_at < SIMILAR_REFRESH_SECONDS:
            return
        async with self._lock:
            self.loaded_at = time.monotonic()
            try:
                rows = await recent_orders(self.sessions, datetime.now(UTC) - SIMILAR_WINDOW)
            except Exception:
                log.exception("similar orders: could not load recent orders")
                return
            batch = [
                (o.number, o.text, o.category_level1, o.county, o.conversation_id, o.created_at)
                for o in rows
                if o.number not in self._known
            ]
            self._known.update(b[0] for b in batch)
            if batch:
                await asyncio.to_thread(self.index.add_many, batch)

    def find(
        self, text: str, county: str | None, exclude_conversation: str, k: int = 3
    ) -> list[dict[str, Any]]:
        """The most similar recent orders in the county (not this conversation's own)."""
        if len(text) < 6:
            return []
        hits = self.index.similar(text, county=county, k=k + 3)
        return [
            {
                "number": h.order_id,
                "similarity": round(h.similarity, 2),
                "county": h.county,
                "category": h.category,
            }
            for h in hits
            if h.sender != exclude_conversation
        ][:k]


class AssistService:
    """Transcripts to drafts and suggestions for the agent; one per process."""

    def __init__(
        self,
        *,
        nlu: NluEngine,
        knowledge: KnowledgeBase | None,
        console: ConsoleService,
        sessions: async_sessionmaker[AsyncSession],
        engine: AsrEngine | None,
        wording: Wording | None = None,
        stream_on: Callable[[], bool] = lambda: False,
        events: AssistEvents | None = None,
    ) -> None:
        self.nlu = nlu
        self.stream_on = stream_on  # HOTLINE_VOICE_STREAM, read when a call is shown
        # live events reach the agent's page on whichever process serves it
        self.events = events or AssistEvents(MemoryStore(), console.hub)
        self.knowledge = knowledge
        self.console = console
        self.sessions = sessions
        self.engine = engine
        self.wording = wording
        self.calls: dict[str, CallState] = {}
        self.similar = SimilarOrders(sessions)

    # ------------------------------------------------------------------ calls
    def call(self, key: str) -> CallState:
        """The call state of ``key`` (made on first use)."""
        state = self.calls.get(key)
        if state is None:
            state = self.calls[key] = CallState(key)
            if len(self.calls) > 5000:  # ended calls go first
                for old in [k for k, v in self.calls.items() if v.ended][:1000]:
                    del self.calls[old]
        return state

    async def _holder(self, state: CallState, refresh: bool) -> str | None:
        now = time.monotonic()
        if refresh or now - state.holder_checked > 2.0:
            state.holder = await self.console.holder(state.key)
            state.holder_checked = now
        return state.holder

    async def segment(self, key: str, track: str, text: str, final: bool) -> DraftOrder:
        """A recognised segment: update the draft, push it, keep finals as turns."""
        started = time.perf_counter()
        state = self.call(key)
        text = text.strip()
        if track == "outbound":
            if final and text:
                state.agent.append(text)
        elif final:
            if text:
                state.citizen.append(text)
            state.partial = ""
        else:
            state.partial = text
        if track != "outbound":
            segments = [*state.citizen, state.partial] if state.partial else state.citizen
            state.draft = await self._draft(segments)
        holder = await self._holder(state, refresh=final)
        await self.events.publish(self.call_event(state), {holder} if holder else set())
        ASSIST_LATENCY.observe(time.perf_counter() - started)
        if final and text:
            await self._keep_turn(key, "agent" if track == "outbound" else "in", text, holder)
        return state.draft

    async def _draft(self, segments: Sequence[str]) -> DraftOrder:
        # as the pipeline does: short texts inline, long ones off the event loop
        if sum(len(s) for s in segments) <= 200:
            return build_draft(self.nlu, segments)
        return await asyncio.to_thread(build_draft, self.nlu, segments)

    def call_event(self, state: CallState) -> dict[str, Any]:
        """The ``assist`` console event of a call (masked except the draft's phone)."""
        transcript = [
            {"who": "citizen", "text": mask_text(t), "final": True} for t in state.citizen
        ]
        if state.partial:
            transcript.append({"who": "citizen", "text": mask_text(state.partial), "final": False})
        matter = state.draft.matter
        return {
            "type": "assist",
            "key": state.key,
            "source": "call",
            "assist_on": state.assist_on,
            "notice": None if state.assist_on else state.notice,
            "transcript": transcript[-40:],
            "draft": state.draft.as_json(),
            "knowledge": self.knowledge_for(matter),
            "similar": self.similar.find(matter, state.draft.county, state.key),
        }

    async def _keep_turn(self, key: str, direction: str, text: str, holder: str | None) -> None:
        parts = split_key(key)
        if parts is None:
            return
        channel, account, sender = parts
        try:
            await self.console.record_turn(
                key,
                channel,
                account,
                sender,
                "agent" if direction == "agent" else "in",
                text,
                [],
                None,
                None,
                author=holder if direction == "agent" else None,
            )
        except Exception:
            log.exception("assist: could not keep a transcript turn")

    async def notice(self, key: str, text: str) -> None:
        """Tell the agent (a system turn, pushed live) that assist stopped."""
        state = self.call(key)
        state.assist_on = False
        state.notice = text
        holder = await self._holder(state, refresh=True)
        await self.events.publish(
            {"type": "assist_notice", "key": key, "text": text}, {holder} if holder else set()
        )
        parts = split_key(key)
        if parts is None:
            return
        try:
            await self.console.record_turn(key, *parts, "system", text, [], None, None)
        except Exception:
            log.exception("assist: could not record the notice")

    async def call_ended(self, key: str, call_sid: str) -> None:
        """The call's stream stopped: the conversation is finished, inspect it."""
        state = self.call(key)
        state.ended = True
        async with self.sessions() as s, s.begin():
            call = await s.get(VoiceCall, call_sid[:64])
            agent = call.agent if call is not None and call.agent else ""
            s.add(
                ConsoleAudit(
                    at=datetime.now(UTC),
                    actor="twilio",
                    action="call_ended",
                    conversation_key=key,
                    # who took the call, for the inspection record (issue 17 V14)
                    detail={"call": call_sid[:64], "agent": agent},
                )
            )

    # ------------------------------------------------------------ suggestions
    def knowledge_for(self, text: str, k: int = 3) -> list[dict[str, Any]]:
        """Knowledge-base answers for the matter (with their source unit, 第十八条)."""
        if self.knowledge is None or len(text.strip()) < 4:
            return []
        return [
            {
                "id": a.entry_id,
                "title": a.title,
                "answer": a.answer,
                "source_unit": a.source_unit,
                "updated": a.updated,
                "score": round(a.score, 3),
            }
            for a in self.knowledge.search(text, k=k)
        ]

    def suggested_replies(
        self, draft: DraftOrder, answers: Sequence[dict[str, Any]], anonymous: bool = False
    ) -> list[str]:
        """Replies from the wording table for what the order still lacks, and KB answers;
        a citizen who chose 匿名 is not asked for a phone again (trial4 F11)."""
        out: list[str] = []
        if answers:
            top = answers[0]
            out.append(f"{top['answer']}（信息来源：{top['source_unit']}）")
        if self.wording is not None:
            for key, missing in (
                ("ask_what", not draft.matter),
                ("ask_where", draft.matter and not draft.county),
                ("ask_since", draft.matter and not draft.since),
                ("ask_contact", draft.matter and not draft.phone and not anonymous),
            ):
                if missing:
                    out.append(self.wording.say(key, "rich"))
        return out[:4]

    def heard(self, key: str) -> dict[str, str | None] | None:
        """The order form's fields as live assist drafted them from the call ``key``
        (in clear: the agent heard them), for the console's prefill; None when the call
        has no transcript here."""
        state = self.calls.get(key)
        if state is None or not (state.citizen or state.partial):
            return None
        d = state.draft
        return {
            "text": d.matter or None,
            "county": d.county,
            "township": d.township,
            "address": d.address,
            "since": d.since,
            "contact_name": d.name,
        }

    def call_assist_off(self, key: str) -> str | None:
        """Why a call has no live assist (the notice the agent sees), or ``None`` when it
        has: the media stream is off, no recognizer is configured, or it stopped."""
        state = self.calls.get(key)
        if state is not None:
            return None if state.assist_on else (state.notice or ASR_DOWN_NOTICE)
        if not self.stream_on():
            return STREAM_OFF_NOTICE
        if self.engine is None:
            return ASR_DOWN_NOTICE
        return None

    async def chat_assist(self, key: str) -> dict[str, Any]:
        """Draft, suggestions and similar orders from the conversation so far.

        A call (``voice:`` key) is always shown as a call (``source: "call"``), with
        ``assist_on`` and, when live assist is off, the ``notice`` saying why; a chat as a
        chat.
        """
        await self.similar.refresh()
        state = self.calls.get(key)
        is_call = key.startswith("voice:")
        if state is not None and (state.citizen or state.partial):
            event = self.call_event(state)
            event["replies"] = self.suggested_replies(state.draft, event["knowledge"])
            event["notice"] = self.call_assist_off(key)
            return event
        async with self.sessions() as s:
            rows = (
                await s.scalars(
                    select(ConsoleTurn.text)
                    .where(
                        ConsoleTurn.conversation_key == key,
                        ConsoleTurn.direction == "in",
                        ConsoleTurn.text != "",
                    )
                    .order_by(ConsoleTurn.id.desc())
                    .limit(30)
                )
            ).all()
        texts = [t for t in reversed(rows) if t.strip()]
        draft = await self._draft(texts)
        facts = await self.console.dialogue_facts(key)
        anonymous = bool(facts is not None and facts.anonymous)
        answers = self.knowledge_for(draft.matter or (texts[-1] if texts else ""))
        off = self.call_assist_off(key) if is_call else None
        return {
            "type": "assist",
            "key": key,
            "source": "call" if is_call else "chat",
            "assist_on": off is None,
            "notice": off,
            "transcript": [],
            # chat turns stay masked; anonymous: the citizen chose 匿名 with the bot
            "draft": {**draft.as_json(reveal_phone=False), "anonymous": anonymous},
            "knowledge": answers,
            "similar": self.similar.find(draft.matter, draft.county, key),
            "replies": self.suggested_replies(draft, answers, anonymous),
        }
