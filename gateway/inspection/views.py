"""Inspection results as the console shows them: findings, records with their turns, and
each agent's daily scores. Turn texts are masked (:func:`nlu.pii.mask_text`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select

from gateway.console.models import ConsoleTurn
from gateway.inspection.contests import Sessions, load_finding
from gateway.inspection.models import InspectionFinding, InspectionRecord, as_utc
from gateway.inspection.rules import STATUS_LABELS
from nlu.pii import mask_text

_CST = timezone(timedelta(hours=8))  # days as the centre counts them


def finding_json(f: InspectionFinding) -> dict[str, Any]:
    """One finding as the API shows it (without its turns)."""
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


async def finding_view(sessions: Sessions, finding_id: int) -> dict[str, Any]:
    """One finding for the API (:class:`FindingNotFound` when there is none)."""
    async with sessions() as s:
        finding, _ = await load_finding(s, finding_id)
        return finding_json(finding)


async def records(
    sessions: Sessions, *, agent: str | None = None, red_line: bool | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Recent records, newest first, with their findings and the turns behind them."""
    async with sessions() as s:
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
        data = finding_json(f)
        data["turns"] = [
            {
                "id": tid,
                "direction": turns[tid].direction,
                "author": turns[tid].author,
                "at": as_utc(turns[tid].at).isoformat(),
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
            "score": r.score,  # None: nothing to inspect (status)
            "status": r.status,
            "status_label": STATUS_LABELS.get(r.status, r.status),
            "red_line": r.red_line,
            "agent_turns": r.agent_turns,
            "work_order": r.work_order,
            "at": as_utc(r.created_at).isoformat(),
            "findings": by_record.get(r.id, []),
        }
        for r in recs
    ]


async def scores(
    sessions: Sessions, now: datetime, pass_score: int, days: int = 30
) -> list[dict[str, Any]]:
    """Each agent's inspections per centre day (UTC+8) of the last ``days`` before ``now``:
    count, average score, red lines, and how many reached ``pass_score``."""
    since = now.timestamp() - days * 86400
    async with sessions() as s:
        rows = (
            await s.execute(
                select(
                    InspectionRecord.agent,
                    InspectionRecord.created_at,
                    InspectionRecord.score,
                    InspectionRecord.red_line,
                ).where(
                    InspectionRecord.agent.is_not(None),
                    InspectionRecord.score.is_not(None),  # nothing inspected: no score
                    InspectionRecord.created_at >= datetime.fromtimestamp(since, UTC),
                )
            )
        ).all()
    buckets: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    for agent, at, score, red in rows:
        if score is None:
            continue
        day = as_utc(at).astimezone(_CST).date().isoformat()
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
                "passed": sum(1 for x, _ in items if x >= pass_score),
            }
        )
    return out
