"""Each rate on hand-built scenarios whose answers are worked out in the comments."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from casebridge.analytics.assessment import (
    AssessmentConfig,
    Metric,
    assess_units,
    drill_down,
    overall,
)
from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AssignmentFacts, Satisfaction, UnitRef
from casebridge.analytics.periods import parse_period
from casebridge.sla import Limit

MARCH = parse_period("2025-03")
AS_OF = datetime(2025, 4, 20, tzinfo=UTC)


def t(day: int, hour: int = 2, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


def order(n: str, unit: str = "u1", **kw: object) -> AssignmentFacts:
    base = AssignmentFacts(
        order_number=n,
        unit_id=unit,
        unit_name={"u1": "市住建局", "u2": "牡丹区自来水公司", "u3": "曹县人社局"}.get(unit, unit),
        dispatched_at=t(3),
        sign_deadline=t(3, 6),
        deadline=t(10),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def scenario() -> list[AssignmentFacts]:
    return [
        # A: signed on time, replied on time, callback satisfied + resolved
        order(
            "A",
            signed_at=t(3, 3),
            replied_at=t(8),
            satisfaction=Satisfaction.SATISFIED,
            resolved=True,
        ),
        # B: signed late, replied late, basic satisfied, not resolved, reopened once
        order(
            "B",
            signed_at=t(3, 9),
            replied_at=t(12),
            satisfaction=Satisfaction.BASIC,
            resolved=False,
            reopen_count=1,
        ),
        # C: signed on time, never replied, deadline passed -> on-time miss; supervised twice
        order("C", signed_at=t(3, 4), supervision_count=2),
        # D: returned before signing (approved) -> counted only as a return
        order("D", returned_at=t(3, 5)),
        # E: unsigned, sign deadline passed -> response miss; deadline passed -> on-time miss
        order("E"),
        # F: co-unit assignment: counts for response only
        order(
            "F",
            role="co",
            signed_at=t(3, 5),
            replied_at=t(20),
            satisfaction=Satisfaction.UNSATISFIED,
        ),
        # G: signed on time, replied on time, unsatisfied, unresolved
        order(
            "G",
            signed_at=t(3, 5),
            replied_at=t(9),
            satisfaction=Satisfaction.UNSATISFIED,
            resolved=False,
        ),
        # H: dispatched in February (Shanghai): outside the period
        order("H", dispatched_at=datetime(2025, 2, 28, 15, 59, tzinfo=UTC), signed_at=t(3)),
        # I: dispatched 00:30 on 1 March Shanghai time: inside; still running, not late yet
        order(
            "I",
            dispatched_at=datetime(2025, 2, 28, 16, 30, tzinfo=UTC),
            sign_deadline=datetime(2025, 4, 30, tzinfo=UTC),
            deadline=datetime(2025, 5, 30, tzinfo=UTC),
        ),
        # unit u2: one terminated order, signed on time
        order("J", unit="u2", signed_at=t(3, 3), terminated=True),
    ]


# the published formula of the hand computation below: three rates, no deductions, and
# no small-count rule (the scenario has only a handful of orders)
HAND = AssessmentConfig(
    weights={Metric.RESPONSE: 30, Metric.RESOLUTION: 35, Metric.SATISFACTION: 35},
    deductions={},
    min_sample=1,
    min_orders=1,
)


def test_rates_match_hand_computation() -> None:
    rows = {r.unit_id: r for r in assess_units(scenario(), MARCH, AS_OF, config=HAND)}
    u1 = rows["u1"]
    assert u1.orders == 8  # A B C D E F G I (H is February)
    # response: hits A C F G = 4; misses B (late) E (unsigned past deadline) = 2; D, I not counted
    assert (u1.rates[Metric.RESPONSE].hits, u1.rates[Metric.RESPONSE].counted) == (4, 6)
    # on time (lead only): hits A G; misses B (late) C E (past deadline, no reply); D returned
    assert (u1.rates[Metric.ON_TIME].hits, u1.rates[Metric.ON_TIME].counted) == (2, 5)
    # resolution: A yes; B G no
    assert (u1.rates[Metric.RESOLUTION].hits, u1.rates[Metric.RESOLUTION].counted) == (1, 3)
    # satisfaction: A satisfied + B basic = 2 of A B G (F is a co-unit)
    assert (u1.rates[Metric.SATISFACTION].hits, u1.rates[Metric.SATISFACTION].counted) == (2, 3)
    assert (u1.returns, u1.reopens, u1.supervisions) == (1, 1, 2)
    # score = (30*4/6 + 35*1/3 + 35*2/3) / 100 * 100 = 20 + 11.667 + 23.333 = 55.0
    assert u1.score == pytest.approx(55.0)
    assert u1.rates[Metric.RESPONSE].percent() == "66.7%"


def test_default_scheme_has_no_score_on_a_handful_of_orders() -> None:
    # The shipped scheme: 8 orders are below the ranking minimum (10), and resolution and
    # satisfaction rest on 3 callbacks (< 5): no score, listed with the reason, never 100.
    rows = {r.unit_id: r for r in assess_units(scenario(), MARCH, AS_OF)}
    assert rows["u1"].score is None
    assert rows["u1"].rank is None
    assert rows["u1"].unranked == "工单少于10件"
    assert rows["u2"].score is None  # one terminated order


def test_weights_are_configurable_and_rates_without_data_are_left_out() -> None:
    cfg = AssessmentConfig(
        weights={Metric.RESPONSE: 1, Metric.ON_TIME: 1}, deductions={}, min_sample=1, min_orders=1
    )
    rows = {r.unit_id: r for r in assess_units(scenario(), MARCH, AS_OF, config=cfg)}
    # (4/6 + 2/5) / 2 * 100 = 53.33
    assert rows["u1"].score == pytest.approx(53.33, abs=0.01)
    # u2 has a response figure (1/1) but no on-time figure (terminated): no score
    assert rows["u2"].score is None
    assert rows["u2"].unranked == "样本不足"
    strict = replace(HAND, basic_counts_as_satisfied=False)
    u1 = {r.unit_id: r for r in assess_units(scenario(), MARCH, AS_OF, config=strict)}["u1"]
    assert (u1.rates[Metric.SATISFACTION].hits, u1.rates[Metric.SATISFACTION].counted) == (1, 3)


def test_units_without_orders_are_listed_unranked() -> None:
    rows = assess_units(scenario(), MARCH, AS_OF, units=[UnitRef("u3", "曹县人社局")], config=HAND)
    by_id = {r.unit_id: r for r in rows}
    assert by_id["u1"].rank == 1
    u3 = by_id["u3"]
    assert (u3.orders, u3.score, u3.rank, u3.unranked) == (0, None, None, "本期无工单")
    assert all(rate.value is None and rate.percent() == "—" for rate in u3.rates.values())
    assert rows[-1].unit_id in {"u2", "u3"}  # unranked rows come after the ranked


def test_empty_period_gives_no_rows_and_no_crash() -> None:
    assert assess_units(scenario(), parse_period("2024-07"), AS_OF) == []
    assert overall([], MARCH, AS_OF).score is None
    total = overall([], MARCH, AS_OF)
    assert total.orders == 0
    assert total.score is None


def test_pending_orders_are_not_counted_until_due() -> None:
    # As of 3 March 03:00 UTC, E's sign deadline (06:00) has not passed: not counted yet.
    early = datetime(2025, 3, 3, 3, tzinfo=UTC)
    u1 = {r.unit_id: r for r in assess_units([order("E")], MARCH, early)}["u1"]
    assert u1.rates[Metric.RESPONSE].counted == 0
    later = datetime(2025, 3, 3, 7, tzinfo=UTC)
    u1 = {r.unit_id: r for r in assess_units([order("E")], MARCH, later)}["u1"]
    assert (u1.rates[Metric.RESPONSE].hits, u1.rates[Metric.RESPONSE].counted) == (0, 1)


def test_drill_down_lists_the_orders_behind_each_figure() -> None:
    d = drill_down(scenario(), "u1", Metric.ON_TIME, MARCH, AS_OF)
    assert (d.hits, d.misses) == (["A", "G"], ["B", "C", "E"])
    d = drill_down(scenario(), "u1", Metric.RESPONSE, MARCH, AS_OF)
    assert (d.hits, d.misses) == (["A", "C", "F", "G"], ["B", "E"])


def test_working_day_deadline_over_spring_festival_and_adjusted_sunday() -> None:
    # Dispatched Friday 24 Jan 2025 10:00 in Heze; 3 working days: Sun 26 Jan (an
    # adjusted working day), Mon 27 Jan, then the holiday 28 Jan - 4 Feb, then Wed 5 Feb.
    # The deadline is 24:00 of 5 Feb Shanghai = 16:00 UTC.
    dispatched = datetime(2025, 1, 24, 2, tzinfo=UTC)
    deadline = Limit(working_days=3).due(dispatched)
    assert deadline == datetime(2025, 2, 5, 16, tzinfo=UTC)
    on_time = order(
        "X", dispatched_at=dispatched, deadline=deadline, replied_at=deadline - timedelta(minutes=1)
    )
    late = order(
        "Y", dispatched_at=dispatched, deadline=deadline, replied_at=deadline + timedelta(minutes=1)
    )
    d = drill_down([on_time, late], "u1", Metric.ON_TIME, parse_period("2025-01"), AS_OF)
    assert (d.hits, d.misses) == (["X"], ["Y"])


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        AssessmentConfig(weights={Metric.RESPONSE: -1})
    with pytest.raises(ConfigurationError):
        AssessmentConfig(weights={Metric.RESPONSE: 0})
    with pytest.raises(ConfigurationError):
        AssessmentConfig.from_mapping({"weights": {"speed": 10}})
    cfg = AssessmentConfig.from_mapping({"weights": {"response": 50, "satisfaction": 50}})
    assert cfg.weights == {Metric.RESPONSE: 50.0, Metric.SATISFACTION: 50.0}
    with pytest.raises(ConfigurationError):
        AssessmentConfig.from_mapping({"deductions": {"returns": -1}})
    with pytest.raises(ConfigurationError):
        AssessmentConfig.from_mapping({"deductions": {"lateness": 1}})
    with pytest.raises(ConfigurationError):
        AssessmentConfig.from_mapping({"min_orders": 0})
