"""SLA timers and the supervision (督办) triggers of 第二十二条, as pure functions.

Inputs are plain snapshots of orders and knowledge entries plus ``now`` (the caller's
clock, so tests move time by hand). Outputs are events and findings with stable ``key``
strings: the scheduler records each key once, so a finding is raised once however often
the rules run. Triggers (一)-(四) are found here; (五) and (六) are opened by hand.

The policy (warning lead times, grace periods, thresholds, escalation steps) comes per
hotline centre from ``config/data/supervision.yml``
(:func:`casebridge.supervision_policy.load_policies`); the vocabulary (triggers, methods,
timers) is :mod:`casebridge.supervision_terms`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from casebridge import lifecycle
from casebridge.supervision_policy import EscalationStep, Policy, policy_for
from casebridge.supervision_terms import TIMER_LABELS_ZH, Timer, Trigger

# states in which the unit is expected to act; review states (退单/终止/会商) pause its clock
OPEN_STATES: frozenset[str] = frozenset(lifecycle.OPEN)


@dataclass(frozen=True)
class OrderSnapshot:
    """What the rules need to know of one order and its unit, at one moment (UTC)."""

    number: str
    unit_id: str
    unit_name: str
    state: str  # dispatched | signed | in_progress | replied | callback | closed | ...
    dispatched_at: datetime
    category: str = ""
    township: str = ""
    county: str = ""
    citizen_key: str | None = None  # a hash of the citizen's contact, never the contact
    cluster_id: str | None = None  # near-duplicate group of the appeal text
    # deadline -> done-at, per timer; None deadline means the timer does not run
    deadlines: Mapping[Timer, datetime] = field(default_factory=dict)
    done: Mapping[Timer, datetime] = field(default_factory=dict)
    return_rejected_at: datetime | None = None  # centre refused the unit's 退单 request
    return_requests_after_rejection: int = 0
    resolved: bool | None = None  # the last callback's verdict
    centre: str = "default"

    @property
    def is_open(self) -> bool:
        """Still with the unit (not replied, closed, terminated or merged)."""
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class KnowledgeSnapshot:
    """A knowledge-base entry a unit is responsible for keeping current (第十八条)."""

    entry_id: str
    unit_id: str
    unit_name: str
    title: str
    updated_at: datetime
    review_due_at: datetime | None = None
    policy_changed_at: datetime | None = None  # a newer policy the entry must reflect
    flagged_noncompliant: bool = False  # an auditor marked its content as not acceptable
    centre: str = "default"


@dataclass(frozen=True)
class TimerEvent:
    """A timer nearing (``warning``) or past (``expired``) its deadline."""

    key: str
    order_number: str
    unit_id: str
    timer: Timer
    stage: str  # warning | expired
    deadline: datetime

    @property
    def message_zh(self) -> str:
        """A courteous notice for the unit."""
        what = TIMER_LABELS_ZH[self.timer]
        if self.stage == "warning":
            return f"工单{self.order_number}的{what}时限即将到期，请及时办理。"
        return f"工单{self.order_number}已超过{what}时限，请立即办理并说明情况。"


@dataclass(frozen=True)
class Finding:
    """A reason to open supervision over a unit (one or several orders)."""

    key: str
    trigger: Trigger
    unit_id: str
    unit_name: str
    order_numbers: tuple[str, ...]
    reason_zh: str
    detected_at: datetime
    entry_ids: tuple[str, ...] = ()


def timer_events(order: OrderSnapshot, now: datetime, policy: Policy) -> list[TimerEvent]:
    """The warnings and expiries due at ``now`` for the order's running timers."""
    if not order.is_open:
        return []
    events = []
    for timer, deadline in order.deadlines.items():
        if timer in order.done:
            continue
        if now >= deadline:
            stage = "expired"
        elif now >= deadline - policy.warn_before.get(timer, timedelta(0)):
            stage = "warning"
        else:
            continue
        events.append(
            TimerEvent(
                key=f"timer:{order.number}:{timer.value}:{stage}:{deadline.isoformat()}",
                order_number=order.number,
                unit_id=order.unit_id,
                timer=timer,
                stage=stage,
                deadline=deadline,
            )
        )
    return events


def refused(order: OrderSnapshot, now: datetime, policy: Policy) -> Finding | None:
    """(一) The unit will not take an order in its competence.

    Either the centre rejected its return request and it still has not signed after the
    grace period (or asked to return again), or it left the order unsigned for the grace
    period past the sign deadline.
    """
    if not order.is_open or Timer.SIGN in order.done:
        return None
    why = None
    if order.return_rejected_at is not None:
        if order.return_requests_after_rejection > 0:
            why = "退单申请经审核不予支持后再次申请退单，仍未签收"
        elif now >= order.return_rejected_at + policy.refuse_grace:
            why = "退单申请经审核不予支持后逾期仍未签收"
    sign_deadline = order.deadlines.get(Timer.SIGN)
    if why is None and sign_deadline is not None and now >= sign_deadline + policy.refuse_grace:
        why = "超过签收时限仍未签收"
    if why is None:
        return None
    return Finding(
        key=f"sv:refused:{order.number}:{order.unit_id}",
        trigger=Trigger.REFUSED,
        unit_id=order.unit_id,
        unit_name=order.unit_name,
        order_numbers=(order.number,),
        reason_zh=f"工单{order.number}{why}。",
        detected_at=now,
    )


def overdue(order: OrderSnapshot, now: datetime) -> Finding | None:
    """(二) Past the reply deadline in force and still not replied."""
    deadline = order.deadlines.get(Timer.REPLY)
    if not order.is_open or deadline is None or Timer.REPLY in order.done or now < deadline:
        return None
    return Finding(
        key=f"sv:overdue:{order.number}:{order.unit_id}:{deadline.isoformat()}",
        trigger=Trigger.OVERDUE,
        unit_id=order.unit_id,
        unit_name=order.unit_name,
        order_numbers=(order.number,),
        reason_zh=f"工单{order.number}超出办理时限未办结。",
        detected_at=now,
    )


def _should_be_solved(o: OrderSnapshot, now: datetime) -> bool:
    """应当解决未解决: called back as unsolved, or still open past its reply deadline."""
    if o.resolved is False:
        return True
    reply = o.deadlines.get(Timer.REPLY)
    return o.is_open and reply is not None and now >= reply and Timer.REPLY not in o.done


def _repeats_of_unsolved(group: list[OrderSnapshot], now: datetime) -> list[OrderSnapshot]:
    """The orders of one matter from its first 应当解决未解决 order on, in dispatch order.

    Orders raised while no earlier order of the matter was yet due are not repeats of an
    unsolved matter: a matter raised five times in a day, all within their limits, gives
    nothing; once the first order is past due (or called back unsolved), it and every
    later raising of the matter count.
    """
    ordered = sorted(group, key=lambda o: (o.dispatched_at, o.number))
    for i, o in enumerate(ordered):
        if _should_be_solved(o, now):
            return ordered[i:]
    return []


def repeated(orders: Iterable[OrderSnapshot], now: datetime, policy: Policy) -> list[Finding]:
    """(三) 多次反映或者多个诉求人集中反映、应当解决未解决的事项.

    Looks at orders dispatched within the repeat window that are not known to be solved
    (open, or called back as unsolved). Same matter = same citizen and category, or the
    same near-duplicate cluster (or, without a cluster, same category and township).
    Only orders with a citizen identity (``citizen_key``) are grouped as one 诉求人; an
    anonymous order is its own citizen. A matter counts only from its first order that
    should have been solved by now (:func:`_repeats_of_unsolved`): new orders within
    their limits are never a repeat of an unsolved matter.
    """
    since = now - policy.repeat_window
    recent = [
        o
        for o in orders
        if o.dispatched_at >= since
        and o.dispatched_at <= now
        and o.resolved is not True
        and (o.is_open or o.resolved is False)
    ]
    findings: list[Finding] = []
    by_citizen: dict[tuple[str, str], list[OrderSnapshot]] = defaultdict(list)
    for o in recent:
        if o.citizen_key:
            by_citizen[(o.citizen_key, o.category)].append(o)
    for (citizen, category), all_raised in sorted(by_citizen.items()):
        group = _repeats_of_unsolved(all_raised, now)
        if len(group) >= policy.same_citizen_min:
            findings.extend(
                _group_findings(
                    group,
                    f"sv:repeated:citizen:{citizen}:{category}",
                    f"同一诉求人{len(group)}次反映“{category or '同一'}”类事项，尚未解决。",
                    now,
                )
            )
    by_matter: dict[str, list[OrderSnapshot]] = defaultdict(list)
    for o in recent:
        key = f"cluster:{o.cluster_id}" if o.cluster_id else f"area:{o.category}:{o.township}"
        if o.cluster_id or (o.category and o.township):
            by_matter[key].append(o)
    for key, all_raised in sorted(by_matter.items()):
        group = _repeats_of_unsolved(all_raised, now)
        citizens = {o.citizen_key or o.number for o in group}
        if len(citizens) >= policy.many_citizens_min:
            place = group[0].township or group[0].county
            findings.extend(
                _group_findings(
                    group,
                    f"sv:repeated:many:{key}",
                    f"{len(citizens)}位诉求人集中反映{place}“{group[0].category}”类事项，尚未解决。",
                    now,
                )
            )
    return findings


def _group_findings(
    group: list[OrderSnapshot], key: str, reason: str, now: datetime
) -> list[Finding]:
    # One finding per responsible unit: each is supervised for its own orders.
    per_unit: dict[str, list[OrderSnapshot]] = defaultdict(list)
    for o in group:
        per_unit[o.unit_id].append(o)
    return [
        Finding(
            key=_fit(f"{key}:{unit_id}"),
            trigger=Trigger.REPEATED,
            unit_id=unit_id,
            unit_name=items[0].unit_name,
            order_numbers=tuple(sorted(o.number for o in items)),
            reason_zh=reason,
            detected_at=now,
        )
        for unit_id, items in sorted(per_unit.items())
    ]


KEY_LIMIT = 255  # supervision_findings.key is VARCHAR(255)


def bounded_key(prefix: str, parts: Iterable[str]) -> str:
    """``prefix`` and a digest of ``parts`` (order-insensitive): a finding key of bounded
    length, however many entries or orders it is about (at most :data:`KEY_LIMIT`)."""
    digest = hashlib.sha256("\x1f".join(sorted(parts)).encode()).hexdigest()[:32]
    return f"{prefix[: KEY_LIMIT - 33]}:{digest}"


def _fit(key: str) -> str:
    """``key`` itself when it fits the column, else its bounded form."""
    return key if len(key) <= KEY_LIMIT else bounded_key(key.split(":", 2)[0], [key])


def knowledge_stale(
    entries: Iterable[KnowledgeSnapshot], now: datetime, policy: Policy
) -> list[Finding]:
    """(四) Entries past their review date or maximum age, behind a newer policy, or flagged.

    One finding per unit lists all its stale entries.
    """
    per_unit: dict[str, list[tuple[KnowledgeSnapshot, str]]] = defaultdict(list)
    for e in entries:
        why = None
        if e.flagged_noncompliant:
            why = "内容不符合要求"
        elif (
            e.policy_changed_at is not None
            and e.updated_at < e.policy_changed_at
            and (now >= e.policy_changed_at + policy.kb_policy_grace)
        ):
            why = "政策调整后未及时更新"
        elif e.review_due_at is not None and now >= e.review_due_at:
            why = "超过复核期限未更新"
        elif now >= e.updated_at + policy.kb_max_age:
            why = "长期未更新"
        if why:
            per_unit[e.unit_id].append((e, why))
    findings = []
    for unit_id, items in sorted(per_unit.items()):
        ids = tuple(sorted(e.entry_id for e, _ in items))
        titles = "；".join(f"“{e.title}”{why}" for e, why in items[:3])
        more = f"等{len(items)}条" if len(items) > 3 else ""
        findings.append(
            Finding(
                key=bounded_key(f"sv:kb:{unit_id}", ids),
                trigger=Trigger.KB_STALE,
                unit_id=unit_id,
                unit_name=items[0][0].unit_name,
                order_numbers=(),
                reason_zh=f"知识库条目{titles}{more}。",
                detected_at=now,
                entry_ids=ids,
            )
        )
    return findings


def find_all(
    orders: Iterable[OrderSnapshot],
    entries: Iterable[KnowledgeSnapshot],
    now: datetime,
    policies: Mapping[str, Policy],
) -> tuple[list[TimerEvent], list[Finding]]:
    """Every timer event and automatic finding at ``now``, each order under its centre."""
    orders = list(orders)
    events: list[TimerEvent] = []
    findings: list[Finding] = []
    by_centre: dict[str, list[OrderSnapshot]] = defaultdict(list)
    for o in orders:
        policy = policy_for(policies, o.centre)
        events.extend(timer_events(o, now, policy))
        for f in (refused(o, now, policy), overdue(o, now)):
            if f is not None:
                findings.append(f)
        by_centre[o.centre].append(o)
    for centre, items in by_centre.items():
        findings.extend(repeated(items, now, policy_for(policies, centre)))
    kb_by_centre: dict[str, list[KnowledgeSnapshot]] = defaultdict(list)
    for e in entries:
        kb_by_centre[e.centre].append(e)
    for centre, kb_items in kb_by_centre.items():
        findings.extend(knowledge_stale(kb_items, now, policy_for(policies, centre)))
    return events, findings


def next_escalation(
    opened_at: datetime, steps_taken: Iterable[str], now: datetime, policy: Policy
) -> EscalationStep | None:
    """The first step of the ladder not yet taken whose time has come, if any.

    Steps are taken in order: a later rung is never reached before an earlier one.
    """
    taken = set(steps_taken)
    for step in policy.escalation:
        if step.step in taken:
            continue
        if now >= opened_at + timedelta(hours=step.after_hours):
            return step
        return None
    return None
