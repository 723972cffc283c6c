"""Automatic supervision (第二十二条) against the store: the jobs the scheduler runs.

* :func:`sweep` finds timer events and findings at ``now``; each new timer event is
  recorded once (``sla_events``) and sent to the unit; each new finding opens a
  supervision (through :meth:`CaseService.supervise` for an order, so the order's
  history shows who, when and why) and takes the first escalation step.
* :func:`escalate` takes the next step of the centre's ladder on open supervisions,
  and closes the ones whose orders the unit has since answered.
* :func:`raise_warnings` records new early-warning alerts and sends them to the centre.

Notices go out as webhooks through the case store's outbox (delivered after commit).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge import lifecycle
from casebridge.analytics.early_warning import Alert, WarningRules, early_warnings
from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.figures import PeriodFigures
from casebridge.analytics.load import load_appeals
from casebridge.analytics.models import (
    EarlyWarning,
    SlaEvent,
    SupervisionFinding,
    SupervisionStep,
)
from casebridge.analytics.snapshots import load_order_snapshots
from casebridge.errors import CaseError
from casebridge.models import Supervision, Unit, WebhookEndpoint, WorkOrder
from casebridge.schemas import JsonObject, WebhookPayload
from casebridge.service import Actor, CaseService
from casebridge.supervision_policy import Policy
from casebridge.supervision_rules import (
    Finding,
    KnowledgeSnapshot,
    TimerEvent,
    find_all,
    next_escalation,
)
from casebridge.supervision_terms import METHOD_LABELS_ZH, TRIGGER_LABELS_ZH, Timer
from casebridge.webhooks.outbox import outbox_message

log = logging.getLogger("hotline.supervision")
SYSTEM = Actor.centre("督办规则（自动）")
NOTICE = "supervision.notice"
TIMER = "order.sla_timer"
ALERT = "centre.early_warning"


@dataclass
class SweepResult:
    """What one sweep did."""

    timer_events: int = 0
    supervisions_opened: int = 0
    notices_queued: int = 0


async def enqueue(
    s: AsyncSession,
    unit_ids: Iterable[int],
    event_type: str,
    data: JsonObject,
    now: datetime,
    order_id: int | None = None,
) -> int:
    """One outbox message per active endpoint of the units that takes ``event_type``."""
    ids = list(set(unit_ids))
    if not ids:
        return 0
    endpoints = (
        await s.execute(
            select(WebhookEndpoint).where(
                WebhookEndpoint.unit_id.in_(ids), WebhookEndpoint.active.is_(True)
            )
        )
    ).scalars()
    body = WebhookPayload(type=event_type, timestamp=now, data=data).model_dump_json()
    n = 0
    for ep in endpoints:
        if ep.event_types and event_type not in ep.event_types:
            continue
        s.add(
            outbox_message(
                endpoint_id=ep.id,
                order_id=order_id,
                event_type=event_type,
                payload=body,
                now=now,
            )
        )
        n += 1
    return n


async def _new_timer_events(
    s: AsyncSession, events: Sequence[TimerEvent], now: datetime
) -> list[TimerEvent]:
    if not events:
        return []
    keys = [e.key for e in events]
    seen: set[str] = set()
    for i in range(0, len(keys), 1000):
        rows = await s.execute(select(SlaEvent.key).where(SlaEvent.key.in_(keys[i : i + 1000])))
        seen |= set(rows.scalars())
    fresh = [e for e in events if e.key not in seen]
    for e in fresh:
        s.add(
            SlaEvent(
                key=e.key,
                order_number=e.order_number,
                unit_id=int(e.unit_id),
                timer=e.timer.value,
                stage=e.stage,
                deadline=e.deadline,
                created_at=now,
            )
        )
    return fresh


async def sweep(
    sessions: async_sessionmaker[AsyncSession],
    cases: CaseService,
    now: datetime,
    policy: Policy,
    *,
    knowledge: Sequence[KnowledgeSnapshot] = (),
    centre: str = "default",
) -> SweepResult:
    """Raise the timer events and open the supervisions due at ``now`` (each once)."""
    result = SweepResult()
    async with sessions() as s, s.begin():
        snaps = await load_order_snapshots(s, now, policy, centre=centre)
        events, findings = find_all(snaps, knowledge, now, {centre: policy, "default": policy})
        for e in await _new_timer_events(s, events, now):
            result.timer_events += 1
            # the case store already warns before the reply deadline (order.deadline_near)
            if e.timer is Timer.REPLY and e.stage == "warning":
                continue
            result.notices_queued += await enqueue(
                s,
                [int(e.unit_id)],
                TIMER,
                {
                    "order_number": e.order_number,
                    "timer": e.timer.value,
                    "stage": e.stage,
                    "deadline": e.deadline.isoformat(),
                    "message": e.message_zh,
                },
                now,
            )
        keys = [f.key for f in findings]
        known: set[str] = set()
        for i in range(0, len(keys), 1000):
            rows = await s.execute(
                select(SupervisionFinding.key).where(SupervisionFinding.key.in_(keys[i : i + 1000]))
            )
            known |= set(rows.scalars())
    open_numbers = {o.number for o in snaps if o.is_open}
    for f in findings:
        if f.key in known:
            continue
        try:
            await _open(sessions, cases, f, now, policy, centre, result, open_numbers)
        except CaseError:
            # e.g. the order closed in between: the next sweep sees the new state
            log.warning("supervision not opened", extra={"key": f.key}, exc_info=True)
    return result


async def _open(
    sessions: async_sessionmaker[AsyncSession],
    cases: CaseService,
    f: Finding,
    now: datetime,
    policy: Policy,
    centre: str,
    result: SweepResult,
    open_numbers: set[str],
) -> None:
    first = policy.escalation[0] if policy.escalation else None
    method = first.method.value if first else "writing"
    note = f"{TRIGGER_LABELS_ZH[f.trigger]}：{f.reason_zh}"
    supervision_id: int | None = None
    still_open = [n for n in f.order_numbers if n in open_numbers]
    if still_open:
        # the newest open order of the finding carries the supervision in its history;
        # a finding whose orders are all closed (三: called back unsolved) is on the unit
        number = max(still_open)
        await cases.supervise(number, SYSTEM, ground=f.trigger.value, method=method, note=note)
        async with sessions() as s:
            supervision_id = (
                await s.execute(
                    select(Supervision.id)
                    .join(WorkOrder, WorkOrder.id == Supervision.order_id)
                    .where(WorkOrder.number == number)
                    .order_by(Supervision.id.desc())
                    .limit(1)
                )
            ).scalar_one()
    async with sessions() as s, s.begin():
        if supervision_id is None:  # about the unit, not one open order (四, or 三 closed)
            sup = Supervision(
                order_id=None,
                unit_id=int(f.unit_id),
                ground=f.trigger.value,
                method=method,
                note=note,
                opened_by=SYSTEM.name,
                opened_at=now,
            )
            s.add(sup)
            await s.flush()
            supervision_id = sup.id
        s.add(
            SupervisionFinding(
                key=f.key,
                supervision_id=supervision_id,
                trigger=f.trigger.value,
                centre=centre,
                order_numbers=list(f.order_numbers),
                entry_ids=list(f.entry_ids),
                reason=f.reason_zh,
                created_at=now,
            )
        )
        result.supervisions_opened += 1
        if first is not None and first.after_hours <= 0:
            result.notices_queued += await _take_step(
                s, supervision_id, int(f.unit_id), f, first, now
            )


async def _take_step(
    s: AsyncSession,
    supervision_id: int,
    unit_id: int,
    f: Finding | None,
    step: Any,
    now: datetime,
    reason: str | None = None,
) -> int:
    why = f.reason_zh if f is not None else (reason or "")
    how = METHOD_LABELS_ZH[step.method]
    notice = f"【{step.label}·{how}】{why}请于收到本通知后及时办理并反馈办理情况。"
    n = await enqueue(
        s,
        [unit_id],
        NOTICE,
        {
            "supervision_id": supervision_id,
            "step": step.step,
            "label": step.label,
            "method": step.method.value,
            "public": step.public,
            "notice": notice,
            "order_numbers": list(f.order_numbers) if f is not None else [],
        },
        now,
    )
    s.add(
        SupervisionStep(
            supervision_id=supervision_id,
            step=step.step,
            label=step.label,
            method=step.method.value,
            public=step.public,
            notice=notice,
            notified=n,
            actor=SYSTEM.name or "system",
            taken_at=now,
        )
    )
    return n


async def escalate(
    sessions: async_sessionmaker[AsyncSession], now: datetime, policy: Policy
) -> tuple[int, int]:
    """Next escalation steps due, and supervisions closed: ``(steps, closed)``."""
    steps = closed = 0
    open_states = {str(x) for x in lifecycle.OPEN} | {str(x) for x in lifecycle.PAUSING}
    async with sessions() as s, s.begin():
        rows = (
            await s.execute(
                select(Supervision, SupervisionFinding)
                .join(SupervisionFinding, SupervisionFinding.supervision_id == Supervision.id)
                .where(Supervision.closed_at.is_(None))
            )
        ).all()
        for sup, finding in rows:
            if finding.order_numbers:
                states = (
                    await s.execute(
                        select(WorkOrder.state).where(WorkOrder.number.in_(finding.order_numbers))
                    )
                ).scalars()
                if not any(st in open_states for st in states):
                    sup.closed_at = now  # the unit has answered: supervision ends
                    closed += 1
                    continue
            taken = (
                await s.execute(
                    select(SupervisionStep.step).where(SupervisionStep.supervision_id == sup.id)
                )
            ).scalars()
            step = next_escalation(sup.opened_at, list(taken), now, policy)
            if step is None:
                continue
            await _take_step(s, sup.id, sup.unit_id, None, step, now, finding.reason)
            steps += 1
    return steps, closed


Clusterer = Callable[[Sequence[AppealFacts]], Mapping[str, str]]


async def raise_warnings(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    rules: WarningRules,
    *,
    clusters: Clusterer | None = None,
    extra: Sequence[Alert] = (),
    appeals: Sequence[AppealFacts] | None = None,
) -> list[Alert]:
    """New early-warning alerts at ``now``, recorded and sent to the centre's endpoints.

    ``extra``: alerts found elsewhere, raised the same way (the month's hotspots that
    cross the warning rule, :func:`hotspot_alerts`).

    ``appeals``: the appeals already loaded (any superset of the window), so that a
    caller checking many days reads them once.

    ``clusters`` (appeal number -> cluster id) groups near-duplicate appeals that carry
    no cluster id yet; the gateway passes the NLU's near-duplicate search here, since
    the case store itself knows no text similarity.
    """
    since = now - rules.window * (rules.history + 1)
    async with sessions() as s, s.begin():
        if appeals is None:
            appeals = await load_appeals(s, since, now, with_text=True)
        else:  # loaded once for many ``now`` (settling seeded months): this window only
            appeals = [a for a in appeals if since <= a.created_at < now]
        if clusters is not None:
            found = await asyncio.to_thread(clusters, [a for a in appeals if not a.cluster_id])
            appeals = [
                replace(a, cluster_id=found[a.number]) if a.number in found else a for a in appeals
            ]
        alerts = early_warnings(appeals, now, rules) + list(extra)
        if not alerts:
            return []
        keys = [a.key for a in alerts]
        known = set(
            (await s.execute(select(EarlyWarning.key).where(EarlyWarning.key.in_(keys)))).scalars()
        )
        fresh = [a for a in alerts if a.key not in known]
        centre_ids = list((await s.execute(select(Unit.id).where(Unit.kind == "centre"))).scalars())
        for a in fresh:
            s.add(
                EarlyWarning(
                    key=a.key,
                    rule=a.rule,
                    subject="|".join(a.subject),
                    title=a.title_zh,
                    count=a.count,
                    baseline=a.baseline,
                    window_start=a.window_start,
                    window_end=a.window_end,
                    numbers=list(a.numbers),
                    data={},
                    created_at=now,
                    delivered_at=None,
                )
            )
            # delivery itself is the outbox worker's; delivered_at stays for the centre's
            # own acknowledgement
            await enqueue(
                s,
                centre_ids,
                ALERT,
                {
                    "rule": a.rule,
                    "subject": list(a.subject),
                    "title": a.title_zh,
                    "count": a.count,
                    "baseline": a.baseline,
                    "window_start": a.window_start.isoformat(),
                    "window_end": a.window_end.isoformat(),
                    "order_numbers": list(a.numbers),
                },
                now,
            )
    return fresh


def hotspot_alerts(f: PeriodFigures, now: datetime) -> list[Alert]:
    """An alert for each hotspot of ``f`` that crosses the warning rule (one per key and
    period: the key holds the period's label)."""
    out = []
    for h in f.hotspots:
        if h.key not in f.warned:
            continue
        reference = f.hotspot_rule.reference(h)
        subject = "|".join(h.key)
        place = "、".join(reversed(h.key))
        out.append(
            Alert(
                key=f"ew:hotspot:{subject}:{f.period.label}",
                rule="hotspot",
                subject=h.key,
                count=h.count,
                baseline=round(reference, 2),
                window_start=f.period.start_utc,
                window_end=min(now, f.period.end_utc),
                title_zh=f"{place}本期诉求量{h.count}件，达到热点预警（参照{reference:.1f}件）",
            )
        )
    return out
