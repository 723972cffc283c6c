"""The life of one synthetic order of the demo data, from dispatch to its state at the end.

Dispatch through the real catalogue, then what a unit of its quality
(:class:`~casebridge.analytics.demo_data.UnitProfile`) would do: 退单 asked and approved
or rejected, 延期, 签收 on time or late (or never), 答复, 终止 and 并单, the centre's
回访 (satisfied, basic, unsatisfied; 重办 when the complaint is reasonable), 协办 by the
county government and 督办 of late or refused orders. Every step is kept as an order
event; the rows go to :mod:`casebridge.analytics.demo_store`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from casebridge.analytics.demo_data import PlannedAppeal, SeedStats
from casebridge.analytics.demo_store import NextIds, Rows, assignment_row
from casebridge.catalogue import UnitDef
from casebridge.sla import Limit, local_day

if TYPE_CHECKING:
    from casebridge.analytics.demo import DemoSeeder


def play_order(
    seeder: DemoSeeder,
    item: PlannedAppeal,
    units: dict[str, int],
    ids: NextIds,
    seqs: dict[str, int],
    rows: Rows,
    stats: SeedStats,
) -> None:
    """Dispatch one planned appeal and play its order's life into ``rows``.

    ``units``: unit code -> id; ``ids`` are advanced for every row made; ``seqs``: local
    day (``YYYYMMDD``) -> last order number of that day, advanced too. The order ends in
    the state it would have at ``seeder.end`` (an aware datetime); ``stats.by_state``
    counts it. Nothing is written to the store here.
    """
    rng, now, policy = seeder.rng, seeder.end, seeder.policy
    entry = item["entry"]
    t = item["at"]
    d = seeder.catalogue.dispatch(
        level1=entry.level1,
        level2=entry.level2,
        level3=entry.level3,
        county=item["county"],
        township=item["township"],
        text=item["text"],
    )
    unit: UnitDef = d.unit
    prof = seeder.profile(unit.code)
    utility = unit.kind == "utility"
    aid, oid = ids.appeal, ids.order
    ids.appeal += 1
    ids.order += 1
    day = local_day(t).strftime("%Y%m%d")
    seqs[day] = seqs.get(day, 0) + 1
    number = f"HZ{day}-{seqs[day]:06d}"
    sender = f"demo-{seeder.seed}-{item['i'] % max(50, seeder.orders // 3)}"
    anonymous = rng.random() < 0.15
    extra: dict[str, Any] = {"demo": True}
    if item["cluster"]:
        extra["cluster_id"] = item["cluster"]
    rows["appeals"].append(
        {
            "id": aid,
            "idempotency_key": f"demo:{seeder.seed}:{t.timestamp():.6f}:{aid}",
            "channel": item["channel"],
            "sender": sender,
            "text": item["text"],
            "order_type": "appeal",
            "category_level1": entry.level1,
            "category_level2": entry.level2,
            "unit_type": entry.unit_type,
            "county": d.county,
            "township": item["township"],
            "anonymous": anonymous,
            "attachments": [],
            "extra": extra,
            "created_at": t,
        }
    )
    events: list[tuple[datetime, str, str | None, str | None, int | None, str]] = [
        (t, "dispatch", None, "dispatched", None, d.reason)
    ]
    limit: Limit = d.limit
    lead_uid = units[unit.code]
    assigned = t
    state = "dispatched"
    returned = 0
    # 退单: the unit asks to return it; the centre approves and re-dispatches to the
    # county government, or rejects it (不合理退单) and the unit keeps the order
    kept_after: datetime | None = None
    if rng.random() < prof.return_request and now - t > timedelta(days=2):
        back = t + timedelta(hours=rng.uniform(1, 20))
        asked = (back - timedelta(hours=1), "request_return", "dispatched", "returned",
                 lead_uid, "经核实不属于本单位职责范围")  # fmt: skip
        if rng.random() < prof.return_rejected:
            events += [asked, (back, "reject_return", "returned", "dispatched", None,
                               "属于本单位职责，退单理由不成立")]  # fmt: skip
            kept_after = back
        else:
            rows["assignments"].append(assignment_row(ids, oid, lead_uid, "lead", t, None, back))
            events += [asked, (back, "approve_return", "returned", "dispatched", None,
                               "退单审核通过，重新派单")]  # fmt: skip
            gov = seeder.catalogue.government(d.county)
            unit, lead_uid, assigned, returned = gov, units[gov.code], back, 1
            prof = seeder.profile(unit.code)
    deadline = seeder.due(limit, assigned)
    extension = 0
    if rng.random() < 0.02:
        extension = 1
        deadline = seeder.due(Limit(working_days=5), deadline)
        events.append((assigned + (deadline - assigned) / 3, "approve_extension",
                       "extension", "in_progress", None, "情况复杂，同意延期"))  # fmt: skip
    sign_within = policy.sign_within_utility if utility else policy.sign_within
    r = rng.random()
    if r < 0.004 and now - assigned < timedelta(days=20):
        signed = None  # never signed: (一) material for supervision
    elif r < prof.sign_on_time:
        signed = assigned + sign_within * rng.uniform(0.05, 0.95)
    else:
        signed = assigned + sign_within + timedelta(hours=rng.uniform(0.2, 30))
    if signed is not None and kept_after is not None and signed < kept_after:
        signed = kept_after + timedelta(minutes=rng.uniform(5, 90))  # after the rejection
    if signed is not None and signed > now:
        signed = None
    replied = closed = None
    satisfaction = None
    reopen = 0
    terminated = merged = False
    supervised_ground = None
    if signed is not None:
        state = "signed"
        events.append((signed, "sign", "dispatched", "signed", lead_uid, "签收"))
        span = deadline - assigned
        if rng.random() < prof.reply_on_time:
            replied = assigned + span * rng.uniform(0.15, 0.95)
        else:
            replied = deadline + timedelta(hours=rng.uniform(2, 24 * 8))
            supervised_ground = "overdue" if rng.random() < 0.55 else None
        if replied <= signed:
            replied = signed + timedelta(minutes=30)
        if rng.random() < 0.005:
            terminated = True
        elif rng.random() < 0.005:
            merged = True
        if replied > now:
            replied = None
            state = "in_progress"
            if deadline < now and rng.random() < 0.7:
                supervised_ground = "overdue"
    elif now - assigned > sign_within + policy.refuse_grace:
        supervised_ground = "refused" if rng.random() < 0.8 else None
    if terminated and replied is not None:
        state, closed = "terminated", replied
        events.append((replied, "approve_termination", "terminating", "terminated", None,
                       "诉求人拒不提供必要信息，终止办理"))  # fmt: skip
        replied = None
    elif merged and replied is not None:
        state, closed = "merged", replied
        events.append((replied, "merge", "in_progress", "merged", None, "与同一事项工单并单"))
        replied = None
    elif replied is not None:
        state = "replied"
        events.append((replied, "reply", "in_progress", "replied", lead_uid, "已办结并答复诉求人"))
        cb_at = replied + timedelta(hours=rng.uniform(2, 48))
        if cb_at < now:
            x = rng.random()
            ok = prof.callback_ok
            satisfaction = (
                "satisfied"
                if x < ok * prof.satisfied_share
                else ("basic" if x < ok else "unsatisfied")
            )
            reasonable = None if satisfaction != "unsatisfied" else rng.random() < 0.75
            rows["callbacks"].append(
                {"id": ids.callback, "order_id": oid, "source": "centre",
                 "satisfaction": satisfaction, "reasonable": reasonable,
                 "comment": None, "actor": "demo", "created_at": cb_at}
            )  # fmt: skip
            ids.callback += 1
            if reasonable:  # 重办, then replied again and called back again
                reopen = 1
                again = cb_at + timedelta(days=rng.uniform(1, 6))
                events.append(
                    (
                        cb_at,
                        "record_callback",
                        "callback",
                        "reopened",
                        None,
                        "不满意且诉求合理，重新办理",
                    )
                )
                if again < now:
                    events.append(
                        (again, "reply", "reopened", "replied", lead_uid, "重新办理后答复")
                    )
                    cb2 = again + timedelta(hours=rng.uniform(2, 48))
                    if cb2 < now:
                        satisfaction = "basic" if rng.random() < 0.55 else "unsatisfied"
                        reasonable2 = None if satisfaction == "basic" else rng.random() < 0.5
                        rows["callbacks"].append(
                            {"id": ids.callback, "order_id": oid, "source": "centre",
                             "satisfaction": satisfaction,
                             "reasonable": reasonable2,
                             "comment": None, "actor": "demo", "created_at": cb2}
                        )  # fmt: skip
                        ids.callback += 1
                        state, closed = "closed", cb2
                        events.append(
                            (cb2, "record_callback", "callback", "closed", None, "回访办结")
                        )
                    replied = again
                else:
                    state, replied = "reopened", None
            else:
                state, closed = "closed", cb_at
                events.append((cb_at, "record_callback", "callback", "closed", None, "回访办结"))
    contacted = signed + timedelta(hours=rng.uniform(0.5, 20)) if signed else None
    if contacted is not None and contacted > now:
        contacted = None
    rows["orders"].append(
        {
            "id": oid,
            "number": number,
            "appeal_id": aid,
            "state": state,
            "lead_unit_id": lead_uid,
            "entry_code": d.entry.code,
            "category_level1": entry.level1,
            "category_level2": entry.level2,
            "county": d.county,
            "utility": utility,
            "needs_contact": not anonymous,
            "limit_hours": limit.hours,
            "limit_working_days": limit.working_days,
            "deadline_at": deadline,
            "dispatched_at": assigned,
            "signed_at": signed,
            "contacted_at": contacted,
            "replied_at": replied,
            "closed_at": closed,
            "reply_text": "经核实，已按规定处理并答复诉求人。" if replied else None,
            "reply_attachments": [],
            "satisfaction": satisfaction,
            "reopen_count": reopen,
            "extension_count": extension,
            "return_count": returned,
            "created_at": t,
            "updated_at": max(e[0] for e in events),
            "version": 1,
        }
    )
    rows["assignments"].append(assignment_row(ids, oid, lead_uid, "lead", assigned, deadline, None))
    if rng.random() < 0.05 and d.county:
        co = seeder.catalogue.government(d.county)
        if units[co.code] != lead_uid:
            co_deadline = seeder.due(Limit(working_days=3), assigned)
            share = (
                rng.uniform(0.2, 0.95)
                if rng.random() < seeder.profile(co.code).reply_on_time
                else rng.uniform(1.02, 1.5)
            )
            reported = assigned + (co_deadline - assigned) * share
            row = assignment_row(ids, oid, units[co.code], "co", assigned, co_deadline, None)
            row["reported_at"] = reported if reported < now else None
            row["report_text"] = "协办意见已反馈主办单位。" if reported < now else None
            rows["assignments"].append(row)
    if supervised_ground:
        opened = (
            deadline if supervised_ground == "overdue" else assigned + sign_within
        ) + timedelta(hours=rng.uniform(1, 30))
        if opened < now:
            rows["supervisions"].append(
                {"id": ids.supervision, "order_id": oid, "unit_id": lead_uid,
                 "ground": supervised_ground, "method": rng.choice(["phone", "writing"]),
                 "note": "演示数据：督促尽快办理", "opened_by": "demo", "opened_at": opened,
                 "closed_at": replied if replied and replied > opened else None}
            )  # fmt: skip
            ids.supervision += 1
            events.append((opened, "supervise", state, state, None, "督办"))
    if seeder.with_events:
        events.sort(key=lambda e: e[0])
        for seq, (at, action, frm, to, actor_uid, reason) in enumerate(events, start=1):
            role = "unit_lead" if actor_uid else ("system" if action == "dispatch" else "centre")
            rows["events"].append(
                {"id": ids.event, "order_id": oid, "seq": seq, "action": action,
                 "actor_role": role,
                 "actor_unit_id": actor_uid, "actor": "demo", "from_state": frm,
                 "to_state": to, "reason": reason, "data": {}, "attachments": [],
                 "created_at": at}
            )  # fmt: skip
            ids.event += 1
    stats.by_state[state] = stats.by_state.get(state, 0) + 1
