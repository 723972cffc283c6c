"""Inspect every finished conversation, keep the findings, let agents contest them.

A stretch of human service ends with a console action named in the rules'
``trigger_actions`` (``release``: the agent handed the chat back; ``call_ended``: the
call's media stream stopped). The worker (:meth:`InspectionService.run`) picks up every
such action that has no record yet, so nothing is missed across a restart and nothing
runs on the reply path; a red-line finding alerts supervisors at once (console event
``inspection``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.models import Appeal, WorkOrder
from gateway.console import errors as console_errors
from gateway.console.hub import Hub
from gateway.console.models import ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.inspection.models import InspectionFinding, InspectionRecord
from gateway.inspection.rules import (
    Conversation,
    KbHit,
    OrderFacts,
    Result,
    RuleSet,
    Turn,
    inspect,
)
from nlu.knowledge import KnowledgeBase
from nlu.pii import mask_text

log = logging.getLogger("hotline.inspection")
STATES = ("open", "contested", "upheld", "withdrawn")
_CST = timezone(timedelta(hours=8))  # days as the centre counts them


class FindingNotFound(console_errors.NotFound):
    """No such finding (404)."""


class NotAllowed(console_errors.Forbidden):
    """Not the finding's agent (403)."""


class WrongState(console_errors.Conflict):
    """The finding is not open (to contest) or not contested (to decide) (409)."""


@dataclass(frozen=True)
class Inspected:
    """What one pass did."""

    record_id: int
    conversation_key: str
    result: Result


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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
    ) -> None:
        self.sessions = sessions
        self.rules = rules
        self.knowledge = knowledge
        self.hub = hub
        self.clock = clock or (lambda: datetime.now(UTC))
        self.poll_seconds = poll_seconds
        self._failed: set[int] = set()

    # ------------------------------------------------------------------ worker
    async def run(self, stop: asyncio.Event) -> None:
        """Inspect finished conversations until ``stop``."""
        while not stop.is_set():
            try:
                await self.inspect_pending()
            except Exception:
                log.exception("inspection pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.poll_seconds)

    async def inspect_pending(self, limit: int = 200) -> list[Inspected]:
        """Inspect every trigger action without a record yet (oldest first)."""
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
        done: list[Inspected] = []
        for audit in rows:
            if audit.id in self._failed:
                continue
            try:
                made = await self.inspect_audit(audit)
            except Exception:
                self._failed.add(audit.id)
                log.exception("could not inspect", extra={"audit": audit.id})
                continue
            if made is not None:
                done.append(made)
        return done

    async def inspect_audit(self, audit: ConsoleAudit) -> Inspected | None:
        """Inspect the stretch of service ended by ``audit`` and store the record."""
        key = str(audit.conversation_key)
        async with self.sessions() as s:
            conv = await s.get(ConsoleConversation, key)
            prev = await s.scalar(
                select(func.max(InspectionRecord.last_turn_id)).where(
                    InspectionRecord.conversation_key == key
                )
            )
            turns = (
                await s.scalars(
                    select(ConsoleTurn)
                    .where(
                        ConsoleTurn.conversation_key == key,
                        ConsoleTurn.id > int(prev or 0),
                        ConsoleTurn.at <= audit.at,
                    )
                    .order_by(ConsoleTurn.id)
                )
            ).all()
            claimed = await s.scalar(
                select(func.max(ConsoleAudit.at)).where(
                    ConsoleAudit.conversation_key == key,
                    ConsoleAudit.action == "claim",
                    ConsoleAudit.id < audit.id,
                )
            )
            order = await self._order(s, conv.work_order if conv else None)
        views = [Turn(t.id, _utc(t.at), t.direction, t.text, t.author) for t in turns]
        started = _utc(claimed) if claimed is not None else None
        if started is not None:
            views = [t for t in views if t.at >= started] or views
        conversation = Conversation(views, started, order, self._kb_hits(views))
        result = inspect(self.rules, conversation)
        authors = Counter(t.author for t in views if t.direction == "agent" and t.author)
        agent = authors.most_common(1)[0][0] if authors else None
        if agent is None and audit.actor not in ("twilio", "system"):
            agent = audit.actor
        record = await self._store(audit, key, conv, agent, views, result, order)
        if record is None:
            return None
        if result.red_line and self.hub is not None:
            self.hub.publish(
                {
                    "type": "inspection",
                    "key": key,
                    "record": record,
                    "agent": agent or "",
                    "score": result.score,
                    "red_line": True,
                    "summary": "；".join(f.label for f in result.findings if f.red_line),
                },
                agents=set(),  # supervisors only
            )
        return Inspected(record, key, result)

    async def _order(self, s: AsyncSession, number: str | None) -> OrderFacts | None:
        if not number:
            return None
        row = (
            await s.execute(
                select(
                    Appeal.county,
                    Appeal.township,
                    Appeal.address,
                    Appeal.contact_phone,
                    Appeal.phone_last4,
                    Appeal.anonymous,
                )
                .join(WorkOrder, WorkOrder.appeal_id == Appeal.id)
                .where(WorkOrder.number == number)
            )
        ).first()
        if row is None:
            return None
        county, township, address, phone, last4, anonymous = row
        return OrderFacts(
            number,
            has_place=bool(county and (township or address)),
            has_contact=bool(phone or last4),
            anonymous=bool(anonymous),
        )

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
        audit: ConsoleAudit,
        key: str,
        conv: ConsoleConversation | None,
        agent: str | None,
        turns: list[Turn],
        result: Result,
        order: OrderFacts | None,
    ) -> int | None:
        now = self.clock()
        async with self.sessions() as s, s.begin():
            if await s.scalar(
                select(InspectionRecord.id).where(InspectionRecord.audit_id == audit.id)
            ):
                return None  # another worker did it
            record = InspectionRecord(
                audit_id=audit.id,
                conversation_key=key,
                channel=conv.channel if conv else key.split(":", 1)[0],
                agent=agent,
                first_turn_id=turns[0].id if turns else 0,
                last_turn_id=max((t.id for t in turns), default=0),
                agent_turns=result.agent_turns,
                score=result.score,
                red_line=result.red_line,
                work_order=order.number if order else None,
                rules_version=self.rules.version,
                created_at=now,
            )
            s.add(record)
            await s.flush()
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
            return int(record.id)

    # --------------------------------------------------------- contest, decide
    async def contest(self, finding_id: int, agent: str, reason: str) -> dict[str, Any]:
        """The finding's agent disputes it (open -> contested), audited."""
        reason = reason.strip()
        if not reason:
            raise console_errors.InvalidInput("请说明申诉理由")
        now = self.clock()
        async with self.sessions() as s, s.begin():
            finding, record = await self._finding(s, finding_id)
            if record.agent != agent:
                raise NotAllowed("只能对本人的质检结果申诉")
            done = await s.execute(
                update(InspectionFinding)
                .where(InspectionFinding.id == finding_id, InspectionFinding.state == "open")
                .values(
                    state="contested",
                    contest_reason=reason[:1000],
                    contested_by=agent,
                    contested_at=now,
                )
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise WrongState("该质检结果不在可申诉状态")
            s.add(
                ConsoleAudit(
                    at=now,
                    actor=agent,
                    action="contest_finding",
                    conversation_key=record.conversation_key,
                    detail={"finding": finding_id, "rule": finding.rule},
                )
            )
        return await self.finding_json(finding_id)

    async def decide(self, finding_id: int, supervisor: str, uphold: bool) -> dict[str, Any]:
        """A supervisor settles a contest: upheld (deduction stays) or withdrawn."""
        now = self.clock()
        state = "upheld" if uphold else "withdrawn"
        async with self.sessions() as s, s.begin():
            finding, record = await self._finding(s, finding_id)
            done = await s.execute(
                update(InspectionFinding)
                .where(InspectionFinding.id == finding_id, InspectionFinding.state == "contested")
                .values(state=state, decided_by=supervisor, decided_at=now)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise WrongState("该质检结果没有待处理的申诉")
            if not uphold:  # the deduction is given back
                rec = await s.get(InspectionRecord, record.id)
                assert rec is not None
                rec.score = min(100, rec.score + finding.deduct)
                if finding.red_line:
                    rec.red_line = bool(
                        await s.scalar(
                            select(func.count()).where(
                                InspectionFinding.record_id == record.id,
                                InspectionFinding.red_line.is_(True),
                                InspectionFinding.state != "withdrawn",
                            )
                        )
                    )
            s.add(
                ConsoleAudit(
                    at=now,
                    actor=supervisor,
                    action="decide_finding",
                    conversation_key=record.conversation_key,
                    detail={"finding": finding_id, "state": state},
                )
            )
        return await self.finding_json(finding_id)

    @staticmethod
    async def _finding(
        s: AsyncSession, finding_id: int
    ) -> tuple[InspectionFinding, InspectionRecord]:
        finding = await s.get(InspectionFinding, finding_id)
        if finding is None:
            raise FindingNotFound(str(finding_id))
        record = await s.get(InspectionRecord, finding.record_id)
        if record is None:
            raise FindingNotFound(str(finding_id))
        return finding, record

    # ------------------------------------------------------------------- views
    async def finding_json(self, finding_id: int) -> dict[str, Any]:
        """One finding for the API."""
        async with self.sessions() as s:
            finding, _ = await self._finding(s, finding_id)
            return _finding_json(finding)

    async def records(
        self, *, agent: str | None = None, red_line: bool | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Recent records, newest first, with their findings and the turns behind them."""
        async with self.sessions() as s:
            q = select(InspectionRecord).order_by(InspectionRecord.id.desc()).limit(limit)
            if agent is not None:
                q = q.where(InspectionRecord.agent == agent)
            if red_line is not None:
                q = q.where(InspectionRecord.red_line.is_(red_line))
            recs = (await s.scalars(q)).all()
            ids = [r.id for r in recs]
            findings = (
                await s.scalars(
                    select(InspectionFinding)
                    .where(InspectionFinding.record_id.in_(ids))
                    .order_by(InspectionFinding.id)
                )
            ).all()
            turn_ids = {t for f in findings for t in f.turn_ids}
            turns = {
                t.id: t
                for t in (
                    await s.scalars(select(ConsoleTurn).where(ConsoleTurn.id.in_(turn_ids)))
                ).all()
            }
        by_record: dict[int, list[dict[str, Any]]] = {}
        for f in findings:
            data = _finding_json(f)
            data["turns"] = [
                {
                    "id": tid,
                    "direction": turns[tid].direction,
                    "author": turns[tid].author,
                    "at": _utc(turns[tid].at).isoformat(),
                    "text": mask_text(turns[tid].text),
                }
                for tid in f.turn_ids
                if tid in turns
            ]
            by_record.setdefault(f.record_id, []).append(data)
        return [
            {
                "id": r.id,
                "conversation": r.conversation_key,
                "channel": r.channel,
                "agent": r.agent,
                "score": r.score,
                "red_line": r.red_line,
                "agent_turns": r.agent_turns,
                "work_order": r.work_order,
                "at": _utc(r.created_at).isoformat(),
                "findings": by_record.get(r.id, []),
            }
            for r in recs
        ]

    async def scores(self, days: int = 30) -> list[dict[str, Any]]:
        """Each agent's inspections per day: count, average score, red lines."""
        since = self.clock().timestamp() - days * 86400
        async with self.sessions() as s:
            rows = (
                await s.execute(
                    select(
                        InspectionRecord.agent,
                        InspectionRecord.created_at,
                        InspectionRecord.score,
                        InspectionRecord.red_line,
                    ).where(
                        InspectionRecord.agent.is_not(None),
                        InspectionRecord.created_at >= datetime.fromtimestamp(since, UTC),
                    )
                )
            ).all()
        buckets: dict[tuple[str, str], list[tuple[int, bool]]] = {}
        for agent, at, score, red in rows:
            day = _utc(at).astimezone(_CST).date().isoformat()
            buckets.setdefault((str(agent), day), []).append((int(score), bool(red)))
        out = []
        for (agent, day), items in sorted(buckets.items()):
            out.append(
                {
                    "agent": agent,
                    "day": day,
                    "inspected": len(items),
                    "average": round(sum(x for x, _ in items) / len(items), 1),
                    "red_lines": sum(1 for _, red in items if red),
                    "passed": sum(1 for x, _ in items if x >= self.rules.pass_score),
                }
            )
        return out


def _finding_json(f: InspectionFinding) -> dict[str, Any]:
    return {
        "id": f.id,
        "record": f.record_id,
        "rule": f.rule,
        "label": f.label,
        "deduct": f.deduct,
        "red_line": f.red_line,
        "turn_ids": list(f.turn_ids),
        "excerpt": f.excerpt,
        "state": f.state,
        "contest_reason": f.contest_reason,
        "contested_by": f.contested_by,
        "decided_by": f.decided_by,
    }
