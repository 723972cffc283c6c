"""Deadlines raise supervision by themselves: the sweep, escalation and early warnings
against the real store, with a hand-moved clock; every side effect happens once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casebridge.analytics import supervise
from casebridge.analytics.early_warning import WarningRules
from casebridge.analytics.models import EarlyWarning, SlaEvent, SupervisionFinding, SupervisionStep
from casebridge.intake import AppealDraft
from casebridge.models import OrderEvent, OutboxMessage, Supervision, WorkOrder
from casebridge.service import Actor
from casebridge.supervision_policy import Policy
from tests.integration.casebridge.conftest import draft as casebridge_draft

pytestmark = pytest.mark.integration

ZJ = Actor.unit("CX-ZJ")


def draft(key: str, **kw: object) -> AppealDraft:
    """The casebridge room's draft: a plainer text, another phone, no address or name."""
    plain: dict[str, object] = {
        "text": "小区楼道灯坏了很久，请尽快处理。",
        "contact_phone": "13800000000",
        "address": None,
        "contact_name": None,
    }
    return casebridge_draft(key, **(plain | kw))


async def count(env, model) -> int:  # type: ignore[no-untyped-def]
    async with env.sessions() as s:
        return int((await s.execute(select(func.count()).select_from(model))).scalar_one())


async def test_sweep_opens_supervision_once_and_escalates(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock, policy = env.cases, env.clock, Policy()
    await cases.register_endpoint("CX-ZJ", "https://unit.example.test/hook")
    number = (await cases.open_work_order(draft("late"))).number
    outbox_before = await count(env, OutboxMessage)

    # 1 h 10 min after dispatch: the sign timer warns (2 h limit, warned 1 h before)
    clock.advance(hours=1, minutes=10)
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert (r.timer_events, r.supervisions_opened, r.notices_queued) == (1, 0, 1)
    async with env.sessions() as s:
        msg = (
            (await s.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc())))
            .scalars()
            .first()
        )
    assert msg is not None
    assert msg.event_type == "order.sla_timer"
    assert json.loads(msg.payload)["data"]["stage"] == "warning"
    # the same moment again: nothing new
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert (r.timer_events, r.supervisions_opened) == (0, 0)

    # 26 h after dispatch: unsigned 24 h past the sign deadline -> (一) refused
    clock.advance(hours=25)
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 1
    async with env.sessions() as s:
        finding = (await s.execute(select(SupervisionFinding))).scalar_one()
        sup = await s.get(Supervision, finding.supervision_id)
        steps = list((await s.execute(select(SupervisionStep))).scalars())
        events = list(
            (
                await s.execute(select(OrderEvent.action).where(OrderEvent.action == "supervise"))
            ).scalars()
        )
    assert finding.trigger == "refused"
    assert finding.order_numbers == [number]
    assert sup is not None
    assert sup.ground == "refused"
    assert sup.method == "writing"
    assert [x.step for x in steps] == ["urge_notice"]
    assert steps[0].notified == 1
    assert events == ["supervise"]  # on the order's own record
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 0
    assert await count(env, Supervision) == 1

    # a day later the phone step is due; not the on-site step yet
    clock.advance(hours=24)
    assert await supervise.escalate(env.sessions, clock.now, policy) == (1, 0)
    assert await supervise.escalate(env.sessions, clock.now, policy) == (0, 0)
    # the unit signs and replies: the next escalation pass closes the supervision
    await cases.sign(number, ZJ)
    await cases.reply(number, ZJ, text="已处理完毕。")
    assert await supervise.escalate(env.sessions, clock.now, policy) == (0, 1)
    async with env.sessions() as s:
        steps = [
            x.step
            for x in (
                await s.execute(select(SupervisionStep).order_by(SupervisionStep.id))
            ).scalars()
        ]
        closed = (await s.execute(select(Supervision.closed_at))).scalar_one()
    assert steps == ["urge_notice", "phone_urge"]
    assert closed is not None
    assert await count(env, OutboxMessage) > outbox_before
    # every timer event is kept once
    keys = await count(env, SlaEvent)
    await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert await count(env, SlaEvent) == keys


async def test_overdue_after_working_days_over_a_weekend(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock, policy = env.cases, env.clock, Policy()
    number = (await cases.open_work_order(draft("slow"))).number
    await cases.sign(number, ZJ)
    # 5 working days from Monday 3 March: due 24:00 Monday 10 March (Shanghai)
    clock.now = datetime(2025, 3, 10, 15, 59, tzinfo=UTC)
    await supervise.sweep(env.sessions, cases, clock.now, policy)
    async with env.sessions() as s:
        assert (
            await s.execute(select(func.count()).select_from(SupervisionFinding))
        ).scalar_one() == 0
    clock.now = datetime(2025, 3, 10, 16, 0, tzinfo=UTC)
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 1
    async with env.sessions() as s:
        f = (await s.execute(select(SupervisionFinding))).scalar_one()
    assert f.trigger == "overdue"


async def test_early_warning_fires_on_a_seeded_surge_once(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock = env.cases, env.clock
    await cases.register_endpoint("HZ-RX", "https://centre.example.test/alerts")
    start = clock.now
    # a quiet fortnight: one appeal a day
    for d in range(14):
        clock.now = start + timedelta(days=d, hours=1)
        await cases.open_work_order(draft(f"quiet{d}"))
    # then twelve in two hours
    for i in range(12):
        clock.now = start + timedelta(days=14, minutes=10 * i)
        await cases.open_work_order(draft(f"surge{i}", sender=f"citizen{i}"))
    now = start + timedelta(days=14, hours=3)
    rules = WarningRules(history=14)
    alerts = await supervise.raise_warnings(env.sessions, now, rules)
    assert [(a.rule, a.subject, a.count) for a in alerts] == [("spike", ("城乡建设", "曹县"), 12)]
    assert await supervise.raise_warnings(env.sessions, now, rules) == []
    async with env.sessions() as s:
        row = (await s.execute(select(EarlyWarning))).scalar_one()
        msgs = list(
            (
                await s.execute(
                    select(OutboxMessage).where(OutboxMessage.event_type == "centre.early_warning")
                )
            ).scalars()
        )
    assert row.count == 12
    assert "激增" in row.title
    assert len(msgs) == 1
    assert len(json.loads(msgs[0].payload)["data"]["order_numbers"]) == 12
    # the gateway's near-duplicate grouping turns the same appeals into a new cluster
    surge_start = start + timedelta(days=14)

    def group(appeals):  # type: ignore[no-untyped-def]
        return {a.number: "same-lamp" for a in appeals if a.created_at >= surge_start}

    alerts = await supervise.raise_warnings(env.sessions, now, rules, clusters=group)
    assert [(a.rule, a.subject, a.count) for a in alerts] == [("cluster", ("same-lamp",), 12)]


async def test_one_citizen_raising_the_same_matter_three_times(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock, policy = env.cases, env.clock, Policy()
    numbers = []
    for i in range(3):
        numbers.append(
            (await cases.open_work_order(draft(f"again{i}", sender="openid-same"))).number
        )
        await cases.sign(numbers[-1], ZJ)
        clock.advance(days=2)
    # three raisings, each within its limit: not yet a repeat of an unsolved matter
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 0
    # the first is replied and called back as unsolved: now it is (应当解决未解决)
    await cases.reply(numbers[0], ZJ, text="已处理")
    assert await cases.record_evaluation(
        numbers[0], "unsatisfied", "没修好", "wechat", "openid-same"
    )
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 1
    async with env.sessions() as s:
        f = (await s.execute(select(SupervisionFinding))).scalar_one()
        sup = await s.get(Supervision, f.supervision_id)
        on = (
            await s.execute(select(WorkOrder.number).where(WorkOrder.id == sup.order_id))
        ).scalar_one()
    assert f.trigger == "repeated"
    assert sorted(f.order_numbers) == sorted(numbers)
    assert on == max(numbers)
    assert "同一诉求人3次" in f.reason


async def test_stale_knowledge_base_entries_raise_supervision(env) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from sqlalchemy import text

    from gateway.analytics import load_knowledge

    insert = text(
        "INSERT INTO kb_entry_versions (entry_id, version, domain, title, questions, answer, "
        "source_unit, effective_date, review_date, retired, author, created_at) VALUES "
        "(:e, :v, 'yibao', :t, '[]', '答复', :u, :eff, :rev, :ret, 'test', :at)"
    )
    rows = [
        # reviewed in time, then a newer version whose review date has passed
        {"e": "yb-1", "v": 1, "t": "异地就医备案", "u": "菏泽市医疗保障局",
         "rev": date(2025, 1, 1), "ret": False},
        {"e": "yb-1", "v": 2, "t": "异地就医备案", "u": "菏泽市医疗保障局",
         "rev": date(2025, 3, 1), "ret": False},
        # still within its review date
        {"e": "yb-2", "v": 1, "t": "门诊慢特病", "u": "菏泽市医疗保障局",
         "rev": date(2025, 12, 31), "ret": False, "at": datetime(2025, 2, 1, tzinfo=UTC)},
        # retired entries and unknown units are not supervised
        {"e": "yb-3", "v": 1, "t": "旧政策", "u": "菏泽市医疗保障局",
         "rev": date(2024, 1, 1), "ret": True},
        {"e": "xx-1", "v": 1, "t": "不明单位", "u": "某某公司",
         "rev": date(2024, 1, 1), "ret": False},
    ]  # fmt: skip
    async with env.sessions() as s, s.begin():
        for r in rows:
            await s.execute(
                insert, {"eff": date(2024, 6, 1), "at": datetime(2024, 6, 1, tzinfo=UTC), **r}
            )
    entries = await load_knowledge(env.sessions)
    assert sorted((e.entry_id, e.title) for e in entries) == [
        ("yb-1", "异地就医备案"),
        ("yb-2", "门诊慢特病"),
    ]
    # 3 March 2025 in Heze: yb-1's review date (1 March) has passed
    swept = await supervise.sweep(
        env.sessions, env.cases, env.clock.now, Policy(), knowledge=entries
    )
    assert swept.supervisions_opened == 1
    async with env.sessions() as s:
        f = (await s.execute(select(SupervisionFinding))).scalar_one()
        sup = await s.get(Supervision, f.supervision_id)
    assert f.trigger == "kb_stale"
    assert f.entry_ids == ["yb-1"]
    assert sup is not None
    assert sup.order_id is None
    assert sup.ground == "kb_stale"
    assert "超过复核期限未更新" in f.reason


async def test_anonymous_and_new_orders_raise_no_repeat_supervision(env) -> None:  # type: ignore[no-untyped-def]
    """U5: anonymous Open311 requests minutes apart were grouped as "同一诉求人5次反映"
    and a written 督办 went to the unit on the day of dispatch."""
    from casebridge.intake import ANONYMOUS_SENDER
    from casebridge.supervision_terms import Trigger

    cases, clock, policy = env.cases, env.clock, Policy()
    texts = ["路灯坏了", "井盖没了", "路面有坑", "垃圾没人清", "树倒了"]
    for i, text in enumerate(texts):
        anon = draft(
            f"anon{i}", channel="open311", sender=ANONYMOUS_SENDER, contact_phone=None, text=text
        )
        await cases.open_work_order(anon)
    # one citizen raising a matter five times, all new
    same = [
        (await cases.open_work_order(draft(f"same{i}", sender="openid-five"))).number
        for i in range(5)
    ]
    clock.advance(minutes=20)
    r = await supervise.sweep(env.sessions, cases, clock.now, policy)
    assert r.supervisions_opened == 0
    # days later, past the reply limit: that citizen's five raisings are one 诉求人; the
    # anonymous five never are
    clock.advance(days=12)
    await supervise.sweep(env.sessions, cases, clock.now, policy)
    async with env.sessions() as s:
        rows = (
            await s.execute(
                select(SupervisionFinding.reason, SupervisionFinding.order_numbers).where(
                    SupervisionFinding.trigger == Trigger.REPEATED.value
                )
            )
        ).all()
    one_citizen = [sorted(nums) for reason, nums in rows if "同一诉求人" in reason]
    assert one_citizen == [sorted(same)]
