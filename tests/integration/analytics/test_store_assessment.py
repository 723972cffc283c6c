"""Orders driven through the real case service with a hand-moved clock, then assessed
and supervised from the store: every figure is worked out in the comments."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from casebridge.analytics import figures, rollup
from casebridge.analytics.assessment import AssessmentConfig, Metric, assess_units, drill_down
from casebridge.analytics.config import AnalyticsConfig
from casebridge.analytics.load import load_assignments, load_units
from casebridge.analytics.periods import parse_period
from casebridge.analytics.snapshots import load_order_snapshots
from casebridge.intake import AppealDraft
from casebridge.service import Actor
from casebridge.supervision_policy import Policy
from casebridge.supervision_rules import find_all
from casebridge.supervision_terms import Trigger

pytestmark = pytest.mark.integration

CENTRE = Actor.centre("值班员")
ZJ = Actor.unit("CX-ZJ")  # 曹县住房和城乡建设局
MARCH = parse_period("2025-03")
# the published three-rate formula with no deductions and no small-count rule: the
# hand computation below has four orders
HAND = AssessmentConfig(
    weights={Metric.RESPONSE: 30, Metric.RESOLUTION: 35, Metric.SATISFACTION: 35},
    deductions={},
    min_sample=1,
    min_orders=1,
)


def draft(key: str) -> AppealDraft:
    return AppealDraft(
        idempotency_key=key,
        channel="wechat",
        sender="openid-" + key,
        text="小区楼道灯坏了很久，请尽快处理。",
        category_level1="城乡建设",
        category_level2="住房保障与房地产",
        county="曹县",
        township="曹城街道",
        contact_phone="13800000000",
    )


async def build(env) -> dict[str, str]:  # type: ignore[no-untyped-def]
    cases, clock = env.cases, env.clock
    numbers = {}
    for key in "ABCD":
        numbers[key] = (await cases.open_work_order(draft(key))).number
    assert {(await cases.get_order(n, CENTRE)).lead_unit.code for n in numbers.values()} == {
        "CX-ZJ"
    }
    # A: signed after 30 minutes, replied the next day, called back satisfied
    clock.advance(minutes=30)
    await cases.sign(numbers["A"], ZJ)
    # C: the unit asks to return it; the centre approves and re-dispatches to 曹县 government
    await cases.request_return(
        numbers["C"], ZJ, reason="不属于本单位职责", materials=[{"name": "说明.pdf"}]
    )
    await cases.review_return(
        numbers["C"], CENTRE, approve=True, reason="同意退单", unit_code="CX-GOV"
    )
    # B: signed 3 hours after dispatch (limit 2 h): late
    clock.advance(hours=2, minutes=30)
    await cases.sign(numbers["B"], ZJ)
    clock.advance(days=1)
    await cases.reply(numbers["A"], ZJ, text="已修复楼道灯。")
    await cases.record_callback(numbers["A"], CENTRE, satisfaction="satisfied")
    # B replied after its 5-working-day deadline (due 24:00 10 March Shanghai)
    clock.now = datetime(2025, 3, 11, 2, tzinfo=UTC)
    await cases.reply(numbers["B"], ZJ, text="已协调处理。")
    # unsatisfied but unreasonable: closed; counts as resolved, not as satisfied
    await cases.record_callback(
        numbers["B"], CENTRE, satisfaction="unsatisfied", reasonable=False, comment="要求过高"
    )
    # D: never signed
    return numbers


async def test_rates_from_the_store_match_hand_computation(env) -> None:  # type: ignore[no-untyped-def]
    n = await build(env)
    as_of = env.clock.now
    async with env.sessions() as s:
        facts = await load_assignments(s, MARCH.start_utc, MARCH.end_utc, Policy())
        units = await load_units(s)
    rows = {r.unit_name: r for r in assess_units(facts, MARCH, as_of, units=units, config=HAND)}
    zj = rows["曹县住房和城乡建设局"]
    # CX-ZJ got A B C D; C was returned before signing (not counted for response)
    assert zj.orders == 4
    assert zj.returns == 1
    # response: A on time; B late; D unsigned past its deadline -> 1 of 3
    assert (zj.rates[Metric.RESPONSE].hits, zj.rates[Metric.RESPONSE].counted) == (1, 3)
    # on time: A yes; B late; D past deadline unreplied -> 1 of 3 (C returned)
    assert (zj.rates[Metric.ON_TIME].hits, zj.rates[Metric.ON_TIME].counted) == (1, 3)
    # resolution: A satisfied, B unsatisfied but unreasonable -> 2 of 2
    assert (zj.rates[Metric.RESOLUTION].hits, zj.rates[Metric.RESOLUTION].counted) == (2, 2)
    # satisfaction: A only -> 1 of 2
    assert (zj.rates[Metric.SATISFACTION].hits, zj.rates[Metric.SATISFACTION].counted) == (1, 2)
    # score = 30*(1/3) + 35*1 + 35*0.5 = 10 + 35 + 17.5 = 62.5
    assert zj.score == pytest.approx(62.5)
    gov = rows["曹县人民政府"]
    assert gov.orders == 1  # C, re-dispatched and never signed: a response miss
    assert (gov.rates[Metric.RESPONSE].hits, gov.rates[Metric.RESPONSE].counted) == (0, 1)
    unit_id = zj.unit_id
    d = drill_down(facts, unit_id, Metric.RESPONSE, MARCH, as_of)
    assert (d.hits, d.misses) == ([n["A"]], sorted([n["B"], n["D"]]))
    # a unit with no orders is listed with no score and no crash
    assert rows["单县人民政府"].orders == 0
    assert rows["单县人民政府"].score is None
    # April has nothing
    async with env.sessions() as s:
        april = parse_period("2025-04")
        assert await load_assignments(s, april.start_utc, april.end_utc) == []


async def test_deadlines_raise_supervision_by_themselves(env) -> None:  # type: ignore[no-untyped-def]
    n = await build(env)
    policy = Policy()
    async with env.sessions() as s:
        snaps = await load_order_snapshots(s, env.clock.now, policy)
    events, findings = find_all(snaps, [], env.clock.now, {"default": policy})
    got = {(f.trigger, f.order_numbers) for f in findings}
    # D: unsigned far past its sign deadline (一) and past its reply deadline (二)
    assert (Trigger.REFUSED, (n["D"],)) in got
    assert (Trigger.OVERDUE, (n["D"],)) in got
    # C: the re-dispatched order is unsigned at 曹县 government as well
    assert (Trigger.REFUSED, (n["C"],)) in got
    # A and B were replied: nothing about them
    assert not any(n["A"] in f.order_numbers or n["B"] in f.order_numbers for f in findings)
    expired = {(e.order_number, e.timer.value) for e in events if e.stage == "expired"}
    assert (n["D"], "sign") in expired
    assert (n["D"], "reply") in expired
    # an hour after dispatch nothing was due yet
    async with env.sessions() as s:
        early = datetime(2025, 3, 3, 2, 30, tzinfo=UTC)
        snaps = await load_order_snapshots(s, early, policy)
    _, findings = find_all([x for x in snaps if x.number == n["D"]], [], early, {"default": policy})
    assert findings == []
    assert timedelta(hours=2) == policy.sign_within


async def test_the_daily_roll_up_agrees_with_the_orders(env) -> None:  # type: ignore[no-untyped-def]
    await build(env)
    cfg = AnalyticsConfig(assessment=HAND)
    now = env.clock.now
    first = await rollup.refresh(env.sessions, now, cfg.policy)
    assert first.full
    async with env.sessions() as s:
        a = await figures.from_rollup(s, MARCH, cfg, now)
        b = await figures.from_store(s, MARCH, cfg, now)
    assert {r.unit_id: r.tally for r in a.ranking} == {r.unit_id: r.tally for r in b.ranking}
    assert [(r.unit_id, r.rank, r.score) for r in a.ranking] == [
        (r.unit_id, r.rank, r.score) for r in b.ranking
    ]
    assert a.counts == b.counts
    assert a.overall.tally == b.overall.tally
    # nothing changed: the next refresh recomputes no day (beyond the ids it re-reads in
    # case a transaction committed late, which overlap=0 turns off)
    again = await rollup.refresh(env.sessions, now, cfg.policy, overlap=0)
    assert (again.full, again.unit_days, again.appeal_days) == (False, 0, 0)
    # a new callback on an old order: only its day is recomputed, and the figure moves
    n = await env.cases.open_work_order(draft("E"))
    env.clock.advance(minutes=20)
    await env.cases.sign(n.number, ZJ)
    later = env.clock.now
    third = await rollup.refresh(env.sessions, later, cfg.policy, overlap=0)
    assert not third.full
    assert third.unit_days >= 1
    async with env.sessions() as s:
        c = await figures.from_rollup(s, MARCH, cfg, later)
        d = await figures.from_store(s, MARCH, cfg, later)
    assert {r.unit_id: r.tally for r in c.ranking} == {r.unit_id: r.tally for r in d.ranking}
    assert c.counts.total == a.counts.total + 1
    # time alone: E's reply deadline passes unreplied; the refresh picks its day up
    env.clock.advance(days=30)
    late = env.clock.now
    fourth = await rollup.refresh(env.sessions, late, cfg.policy, overlap=0)
    assert fourth.unit_days >= 1
    async with env.sessions() as s:
        e = await figures.from_rollup(s, MARCH, cfg, late)
        f = await figures.from_store(s, MARCH, cfg, late)
    assert {r.unit_id: r.tally for r in e.ranking} == {r.unit_id: r.tally for r in f.ranking}
    zj = next(r for r in e.ranking if r.unit_name == "曹县住房和城乡建设局")
    before = next(r for r in c.ranking if r.unit_name == "曹县住房和城乡建设局")
    assert zj.rates[Metric.ON_TIME].counted == before.rates[Metric.ON_TIME].counted + 1


async def test_a_catalogue_change_mid_month_gives_a_clear_report(env) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from casebridge.models import Appeal, Unit, WorkOrder
    from casebridge.reports import build_report, render_html

    n = await build(env)
    # mid-month the catalogue renames the category of later orders and 曹县住建局 is
    # merged away (deactivated): both names stay in the period's figures
    async with env.sessions() as s, s.begin():
        late = [n["C"], n["D"]]
        await s.execute(
            update(WorkOrder).where(WorkOrder.number.in_(late)).values(category_level1="住房城建")
        )
        ids = (
            await s.execute(select(WorkOrder.appeal_id).where(WorkOrder.number.in_(late)))
        ).scalars()
        await s.execute(
            update(Appeal).where(Appeal.id.in_(list(ids))).values(category_level1="住房城建")
        )
        await s.execute(update(Unit).where(Unit.code == "CX-ZJ").values(active=False))
    cfg = AnalyticsConfig()
    await rollup.refresh(env.sessions, env.clock.now, cfg.policy, full=True)
    async with env.sessions() as s:
        f = await figures.from_rollup(s, MARCH, cfg, env.clock.now)
    assert f.counts.by_category["城乡建设"] == 2
    assert f.counts.by_category["住房城建"] == 2
    names = {r.unit_name for r in f.ranking}
    assert "曹县住房和城乡建设局" in names  # a unit deactivated since keeps its orders
    r = build_report(f, config=cfg.assessment)
    html = render_html(r)
    assert "住房城建" in html
    assert "城乡建设" in html
    assert all(u.score == "—" for u in r.units)  # four orders: no score, never a 100


async def test_long_running_issues_in_sql_match_the_rule(env) -> None:  # type: ignore[no-untyped-def]
    from casebridge.analytics import queries
    from casebridge.analytics.load import load_appeals
    from casebridge.analytics.longrunning import hard_issues

    await build(env)  # four appeals of one matter on 3 March, four citizens
    env.clock.advance(days=70)
    await env.cases.open_work_order(draft("F"))
    await env.cases.open_work_order(draft("G"))
    now = env.clock.now
    start, end = MARCH.start_utc, now + timedelta(seconds=1)
    async with env.sessions() as s:
        sql = await queries.hard_issues(s, start, end, now)
        facts = await load_appeals(s, start, end)
    expected = hard_issues(facts, now)
    assert sql  # the matter came back after 70 days: listed
    assert [(h.key, h.appeals, h.citizens, h.reasons_zh) for h in sql] == [
        (h.key, h.appeals, h.citizens, h.reasons_zh) for h in expected
    ]
    assert sql[0].appeals == 6
    assert sql[0].citizens == 6


async def test_anonymous_appeals_are_each_their_own_citizen_in_sql_and_rule(env) -> None:  # type: ignore[no-untyped-def]
    """U5: appeals whose channel names nobody are never one 诉求人, in SQL as in Python."""
    from casebridge.analytics import queries
    from casebridge.analytics.load import load_appeals
    from casebridge.analytics.longrunning import hard_issues
    from casebridge.intake import ANONYMOUS_SENDER

    await build(env)  # four appeals of one matter on 3 March, four citizens
    env.clock.advance(days=70)
    for key in "FGH":
        anon = replace(draft(key), channel="open311", sender=ANONYMOUS_SENDER, contact_phone=None)
        await env.cases.open_work_order(anon)
    now = env.clock.now
    start, end = MARCH.start_utc, now + timedelta(seconds=1)
    async with env.sessions() as s:
        sql = await queries.hard_issues(s, start, end, now)
        facts = await load_appeals(s, start, end)
    expected = hard_issues(facts, now)
    assert [(h.key, h.appeals, h.citizens) for h in sql] == [
        (h.key, h.appeals, h.citizens) for h in expected
    ]
    assert (sql[0].appeals, sql[0].citizens) == (7, 7)
