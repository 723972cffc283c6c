"""Inspect every finished conversation, keep the findings, let agents contest them.

A stretch of human service ends with a console action named in the rules'
``trigger_actions`` (``release``: the agent handed the chat back; ``call_ended``: the
call's media stream stopped). The worker (:meth:`InspectionService.run`) picks up every
such action that has no record yet, so nothing is missed across a restart and nothing
runs on the reply path; a red-line finding alerts supervisors at once (console event
``inspection``). Contests and decisions: :mod:`gateway.inspection.contests`; what the
console shows: :mod:`gateway.inspection.views`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.models import Appeal, WorkOrder
from gateway.assist.events import SharedEvents
from gateway.console.hub import Hub
from gateway.console.models import ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.inspection import contests, views
from gateway.inspection.models import InspectionFinding, InspectionRecord, as_utc
from gateway.inspection.rules import (
    Conversation,
    KbHit,
    OrderFacts,
    Result,
    RuleSet,
    Turn,
    agent_turns,
    inspect,
)
from gateway.kv import KEYS, Store
from nlu.knowledge import KnowledgeBase
from nlu.pii import mask_text

log = logging.getLogger("hotline.inspection")


@dataclass(frozen=True)
class Inspected:
    """What one pass did."""

    record_id: int
    conversation_key: str
    result: Result


def _notice(actions: list[dict[str, Any]] | None) -> str | None:
    """The console notice a turn records (``gateway.pipeline.handler.send_to_citizen``)."""
    for a in actions or ():
        if a.get("type") == "console_notice" and isinstance(a.get("notice"), str):
            return str(a["notice"])
    return None


class InspectionService:
    """Inspection records over the gateway's database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        rules: RuleSet,
        *,
        knowledge: KnowledgeBase | None = None,
        hub: Hub | None = None,
        clock: Callable[[], datetime] | None = None,
        poll_seconds: float = 2.0,
        store: Store | None = None,
        events: SharedEvents | None = None,
    ) -> None:
        self.sessions = sessions
        self.rules = rules
        self.knowledge = knowledge
        self.hub = hub
        self.clock = clock or (lambda: datetime.now(UTC))
        self.poll_seconds = poll_seconds
        self.store = store
        # red-line alerts reach supervisors on every process (inspection runs in one)
        self.events = events
        self._failed: set[int] = set()

    # ------------------------------------------------------------------ worker
    async def run(self, stop: asyncio.Event) -> None:
        """Inspect finished conversations until ``stop`` (a full batch: again at once), in
        one process of many: the one holding the ``inspection`` lease in the shared store
        (Redis when configured; the single process otherwise)."""
        from gateway.scheduler import Lease, every

        lease = Lease(self.store, KEYS.lease("inspection")) if self.store is not None else None
        await every(
            self.poll_seconds,
            self.inspect_pending,
            stop,
            name="inspection",
            lease=lease,
            again=lambda done: isinstance(done, list) and len(done) >= 200,
        )

    async def inspect_pending(self, limit: int = 200) -> list[Inspected]:
        """Inspect every trigger action without a record yet (oldest first), a batch at a
        time; a batch that fails is retried one by one, and one that fails alone is set
        aside (logged) so the others go on."""
        async with self.sessions() as s:
            rows = (
                await s.scalars(
                    select(ConsoleAudit)
                    .outerjoin(InspectionRecord, InspectionRecord.audit_id == ConsoleAudit.id)
                    .where(
                        ConsoleAudit.action.in_(self.rules.trigger_actions),
                        ConsoleAudit.conversation_key.is_not(None),
                        InspectionRecord.id.is_(None),
                    )
                    .order_by(ConsoleAudit.id)
                    .limit(limit + len(self._failed))
                )
            ).all()
        audits = [a for a in rows if a.id not in self._failed][:limit]
        if not audits:
            return []
        try:
            return await self._inspect_batch(audits)
        except Exception:
            log.exception("inspection batch failed; inspecting one by one")
        done: list[Inspected] = []
        for audit in audits:
            try:
                done += await self._inspect_batch([audit])
            except Exception:
                self._failed.add(audit.id)
                log.exception("could not inspect", extra={"audit": audit.id})
        return done

    async def _inspect_batch(self, audits: list[ConsoleAudit]) -> list[Inspected]:
        keys = sorted({str(a.conversation_key) for a in audits})
        async with self.sessions() as s:
            convs = {
                c.key: c
                for c in (
                    await s.scalars(
                        select(ConsoleConversation).where(ConsoleConversation.key.in_(keys))
                    )
                ).all()
            }
            prev: dict[str, int] = {
                str(k): int(v or 0)
                for k, v in (
                    await s.execute(
                        select(
                            InspectionRecord.conversation_key,
                            func.max(InspectionRecord.last_turn_id),
                        )
                        .where(InspectionRecord.conversation_key.in_(keys))
                        .group_by(InspectionRecord.conversation_key)
                    )
                ).all()
            }
            low = min(prev.values()) if len(prev) == len(keys) else 0
            turns: dict[str, list[Turn]] = {}
            for t in (
                await s.scalars(
                    select(ConsoleTurn)
                    .where(ConsoleTurn.conversation_key.in_(keys), ConsoleTurn.id > low)
                    .order_by(ConsoleTurn.id)
                )
            ).all():
                turns.setdefault(t.conversation_key, []).append(
                    Turn(t.id, as_utc(t.at), t.direction, t.text, t.author, _notice(t.actions))
                )
            marks: dict[str, list[tuple[int, str, datetime, str]]] = {}
            for mid, key, action, at, detail in (
                await s.execute(
                    select(
                        ConsoleAudit.id,
                        ConsoleAudit.conversation_key,
                        ConsoleAudit.action,
                        ConsoleAudit.at,
                        ConsoleAudit.detail,
                    )
                    .where(
                        ConsoleAudit.conversation_key.in_(keys),
                        ConsoleAudit.action.in_(("claim", "open_order")),
                    )
                    .order_by(ConsoleAudit.id)
                )
            ).all():
                number = str((detail or {}).get("number", "")) if action == "open_order" else ""
                marks.setdefault(str(key), []).append((int(mid), str(action), as_utc(at), number))
            numbers = {m[3] for ms in marks.values() for m in ms if m[3]}
            orders = await self._orders(s, numbers)
        evaluated = []
        for audit in sorted(audits, key=lambda a: a.id):
            key = str(audit.conversation_key)
            ended = as_utc(audit.at)
            before = prev.get(key, 0)
            views = [t for t in turns.get(key, []) if t.id > before and t.at <= ended]
            mine = [m for m in marks.get(key, []) if m[0] < audit.id]
            claim = next((m for m in reversed(mine) if m[1] == "claim"), None)
            started = claim[2] if claim is not None else None
            opened = next(
                (
                    m[3]
                    for m in reversed(mine)
                    if m[1] == "open_order" and (claim is None or m[0] > claim[0])
                ),
                "",
            )
            if started is not None:
                views = [t for t in views if t.at >= started] or views
            order = orders.get(opened)
            result = inspect(self.rules, Conversation(views, started, order, self._kb_hits(views)))
            authors = Counter(t.author for t in agent_turns(views) if t.author)
            agent = authors.most_common(1)[0][0] if authors else None
            if agent is None and audit.actor not in ("twilio", "system"):
                agent = audit.actor
            if agent is None and isinstance(audit.detail, dict):
                taker = audit.detail.get("agent")  # a call's end names who took it
                agent = taker if isinstance(taker, str) and taker else None
            if views:
                prev[key] = max(before, views[-1].id)
            evaluated.append((audit, key, agent, views, result, order))
        stored = await self._store(evaluated, convs)
        for made, agent in stored:
            if made.result.red_line:
                alert = {
                    "type": "inspection",
                    "key": made.conversation_key,
                    "record": made.record_id,
                    "agent": agent or "",
                    "score": made.result.score,
                    "red_line": True,
                    "summary": "；".join(f.label for f in made.result.findings if f.red_line),
                }
                if self.events is not None:
                    await self.events.publish(alert, set())  # supervisors only
                elif self.hub is not None:
                    self.hub.publish(alert, agents=set())
        return [made for made, _ in stored]

    async def _orders(self, s: AsyncSession, numbers: set[str]) -> dict[str, OrderFacts]:
        if not numbers:
            return {}
        rows = (
            await s.execute(
                select(
                    WorkOrder.number,
                    Appeal.county,
                    Appeal.township,
                    Appeal.address,
                    Appeal.contact_phone,
                    Appeal.phone_last4,
                    Appeal.anonymous,
                )
                .select_from(Appeal)
                .join(WorkOrder, WorkOrder.appeal_id == Appeal.id)
                .where(WorkOrder.number.in_(sorted(numbers)))
            )
        ).all()
        return {
            str(number): OrderFacts(
                str(number),
                has_place=bool(county and (township or address)),
                has_contact=bool(phone or last4),
                anonymous=bool(anonymous),
            )
            for number, county, township, address, phone, last4, anonymous in rows
        }

    def _kb_hits(self, turns: list[Turn]) -> list[KbHit]:
        rule = next((r for r in self.rules.rules if r.kind == "kb_offered"), None)
        if rule is None or self.knowledge is None:
            return []
        hits = []
        for t in turns:
            if t.direction != "in" or len(t.text) < 4:
                continue
            if rule.phrases and not any(p in t.text for p in rule.phrases):
                continue
            found = self.knowledge.search(t.text, k=1)
            if found and found[0].score >= rule.min_score:
                hits.append(KbHit(t.id, found[0].entry_id, found[0].answer, found[0].score))
        return hits

    async def _store(
        self,
        evaluated: list[
            tuple[ConsoleAudit, str, str | None, list[Turn], Result, OrderFacts | None]
        ],
        convs: dict[str, ConsoleConversation],
    ) -> list[tuple[Inspected, str | None]]:
        now = self.clock()
        out: list[tuple[Inspected, str | None]] = []
        async with self.sessions() as s, s.begin():
            ids = [e[0].id for e in evaluated]
            taken = set(
                (
                    await s.scalars(
                        select(InspectionRecord.audit_id).where(InspectionRecord.audit_id.in_(ids))
                    )
                ).all()
            )  # another worker did these
            made: list[tuple[InspectionRecord, str, str | None, Result]] = []
            for audit, key, agent, turns, result, order in evaluated:
                if audit.id in taken:
                    continue
                conv = convs.get(key)
                record = InspectionRecord(
                    audit_id=audit.id,
                    conversation_key=key,
                    channel=conv.channel if conv else key.split(":", 1)[0],
                    agent=agent,
                    first_turn_id=turns[0].id if turns else 0,
                    last_turn_id=max((t.id for t in turns), default=0),
                    agent_turns=result.agent_turns,
                    score=result.score,
                    status=result.status,
                    red_line=result.red_line,
                    work_order=order.number if order else None,
                    rules_version=self.rules.version,
                    created_at=now,
                )
                s.add(record)
                made.append((record, key, agent, result))
            await s.flush()
            for record, key, agent, result in made:
                for f in result.findings:
                    s.add(
                        InspectionFinding(
                            record_id=record.id,
                            rule=f.rule,
                            label=f.label,
                            deduct=f.deduct,
                            red_line=f.red_line,
                            turn_ids=list(f.turn_ids),
                            excerpt=mask_text(f.excerpt),
                            state="open",
                        )
                    )
                out.append((Inspected(int(record.id), key, result), agent))
        return out

    # --------------------------------------------------------- contest, decide
    # --------------------------------------------------------- contest, decide
    async def contest(self, finding_id: int, agent: str, reason: str) -> dict[str, Any]:
        """The finding's agent disputes it (open -> contested), audited; the finding after
        (:func:`gateway.inspection.contests.contest`)."""
        await contests.contest(self.sessions, self.clock(), finding_id, agent, reason)
        return await self.finding_json(finding_id)

    async def decide(self, finding_id: int, supervisor: str, uphold: bool) -> dict[str, Any]:
        """A supervisor settles a contest: upheld (deduction stays) or withdrawn; the finding
        after (:func:`gateway.inspection.contests.decide`)."""
        await contests.decide(self.sessions, self.clock(), finding_id, supervisor, uphold)
        return await self.finding_json(finding_id)

    # ------------------------------------------------------------------- views
    async def finding_json(self, finding_id: int) -> dict[str, Any]:
        """One finding for the API."""
        return await views.finding_view(self.sessions, finding_id)

    async def records(
        self, *, agent: str | None = None, red_line: bool | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Recent records, newest first, with their findings and the turns behind them."""
        return await views.records(self.sessions, agent=agent, red_line=red_line, limit=limit)

    async def scores(self, days: int = 30) -> list[dict[str, Any]]:
        """Each agent's inspections per day: count, average score, red lines."""
        return await views.scores(self.sessions, self.clock(), self.rules.pass_score, days)
