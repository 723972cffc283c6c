"""The score moves the right way with every input, ties only when the figures tie, and
small units are listed but not ranked (第二十四条 assessment, the shipped scheme)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from casebridge.analytics.assessment import (
    AssessmentConfig,
    Metric,
    Tally,
    assess,
    assess_units,
    score,
)
from casebridge.analytics.config import load_config
from casebridge.analytics.facts import AssignmentFacts, Satisfaction
from casebridge.analytics.periods import parse_period
from casebridge.analytics.tally import Rate, tally
from config.settings import DATA_DIR

MARCH = parse_period("2025-03")
AS_OF = datetime(2025, 4, 20, tzinfo=UTC)
T0 = datetime(2025, 3, 3, 2, tzinfo=UTC)
CFG = load_config(DATA_DIR).assessment  # the shipped scheme of config/data/supervision.yml


def good(i: int, unit: str = "u1") -> AssignmentFacts:
    """An order handled well: signed and replied in time, solved, satisfied."""
    return AssignmentFacts(
        order_number=f"{unit}-{i:03d}",
        unit_id=unit,
        unit_name=f"单位{unit}",
        dispatched_at=T0,
        sign_deadline=T0 + timedelta(hours=2),
        signed_at=T0 + timedelta(hours=1),
        deadline=T0 + timedelta(days=5),
        replied_at=T0 + timedelta(days=3),
        satisfaction=Satisfaction.SATISFIED,
        resolved=True,
    )


def base() -> list[AssignmentFacts]:
    """20 orders with some of everything, so that each input can move either way."""
    items = [good(i) for i in range(20)]
    items[0] = replace(items[0], signed_at=T0 + timedelta(hours=3))  # signed late
    items[1] = replace(items[1], replied_at=T0 + timedelta(days=6))  # replied late
    items[2] = replace(items[2], resolved=False, satisfaction=Satisfaction.UNSATISFIED)
    items[3] = replace(items[3], satisfaction=Satisfaction.BASIC)
    items[4] = replace(items[4], return_requests=1, returns_rejected=1)
    items[5] = replace(items[5], reopen_count=1)
    items[6] = replace(items[6], supervision_count=1)
    return items


def one(items: list[AssignmentFacts]) -> float:
    (row,) = assess_units(items, MARCH, AS_OF, config=CFG)
    assert row.score is not None, row.unranked
    return row.score


def change(i: int, **kw: object) -> Callable[[list[AssignmentFacts]], list[AssignmentFacts]]:
    def apply(items: list[AssignmentFacts]) -> list[AssignmentFacts]:
        out = list(items)
        out[i] = replace(out[i], **kw)  # type: ignore[arg-type]
        return out

    return apply


WORSE = {
    "响应率: an order signed late": change(10, signed_at=T0 + timedelta(hours=5)),
    "响应率: an order never signed, deadline passed": change(10, signed_at=None),
    "按时办结率: a reply after the deadline": change(10, replied_at=T0 + timedelta(days=7)),
    "按时办结率: no reply, deadline passed": change(10, replied_at=None),
    "解决率: the callback says not solved": change(10, resolved=False),
    "满意率: the citizen is unsatisfied": change(10, satisfaction=Satisfaction.UNSATISFIED),
    "退单: one more return request": change(10, return_requests=1),
    "不合理退单: a return request rejected": change(4, returns_rejected=2, return_requests=2),
    "重办: one more reopen": change(10, reopen_count=1),
    "督办: one more supervision": change(10, supervision_count=1),
}
BETTER = {
    "响应率: the late sign-in was on time": change(0, signed_at=T0 + timedelta(hours=1)),
    "按时办结率: the late reply was on time": change(1, replied_at=T0 + timedelta(days=2)),
    "解决率: the unsolved order was solved": change(2, resolved=True),
    "满意率: the unsatisfied citizen was satisfied": change(2, satisfaction=Satisfaction.BASIC),
    "退单: no return request": change(4, return_requests=0, returns_rejected=0),
    "不合理退单: the return request was not rejected": change(4, returns_rejected=0),
    "重办: no reopen": change(5, reopen_count=0),
    "督办: no supervision": change(6, supervision_count=0),
}


@pytest.mark.parametrize("name", sorted(WORSE))
def test_each_input_lowers_the_score_when_it_gets_worse(name: str) -> None:
    assert one(WORSE[name](base())) < one(base())


@pytest.mark.parametrize("name", sorted(BETTER))
def test_each_input_raises_the_score_when_it_gets_better(name: str) -> None:
    assert one(BETTER[name](base())) > one(base())


def test_the_shipped_scheme_by_hand() -> None:
    # response 19/20, on time 19/20, resolution 19/20, satisfaction 19/20 (basic counts)
    # base = 100 * (20*.95 + 20*.95 + 30*.95 + 30*.95) / 100 = 95
    # deductions: 退单 1/20 = 5 % x 0.2 = 1.0; 不合理 5 % x 0.5 = 2.5; 重办 5 % x 0.5 = 2.5;
    # 督办 5 % x 1.0 = 5.0; total 11.0 -> 84.0
    t = tally(base(), AS_OF)
    assert [t.rates[m].hits for m in Metric] == [19, 19, 19, 19]
    b, d, s = score(t, CFG)
    assert b == pytest.approx(95.0)
    assert d == pytest.approx(11.0)
    assert s == pytest.approx(84.0)


def test_a_late_unit_with_supervisions_does_not_score_100() -> None:
    # The case of the issue: 按时办结率 0 % and two 督办 once scored 100.00.
    items = [replace(good(i), replied_at=T0 + timedelta(days=9)) for i in range(12)]
    items[0] = replace(items[0], supervision_count=1)
    items[1] = replace(items[1], supervision_count=1)
    (row,) = assess_units(items, MARCH, AS_OF, config=CFG)
    assert row.rates[Metric.ON_TIME].value == 0.0
    assert row.score is not None
    assert row.score < 70  # 80 for the other rates, minus 督办 2/12 -> 16.7 points
    half = [replace(good(i), replied_at=T0 + timedelta(days=9)) if i % 2 else good(i)
            for i in range(12)]  # fmt: skip
    assert one(half) < one([good(i) for i in range(12)])


def rates(response: tuple[int, int], satisfaction: tuple[int, int]) -> Tally:
    return Tally(
        orders=20,
        lead_orders=20,
        rates={
            Metric.RESPONSE: Rate(*response),
            Metric.ON_TIME: Rate(20, 20),
            Metric.RESOLUTION: Rate(20, 20),
            Metric.SATISFACTION: Rate(*satisfaction),
        },
    )


def test_ties_only_when_the_figures_tie() -> None:
    cfg = AssessmentConfig(weights={Metric.RESPONSE: 1, Metric.SATISFACTION: 1})
    rows = assess(
        {
            "a": ("甲局", rates((20, 20), (16, 20))),  # (100 + 80) / 2 = 90
            "b": ("乙局", rates((16, 20), (20, 20))),  # (80 + 100) / 2 = 90, more satisfied
            "c": ("丙局", rates((20, 20), (16, 20))),  # the same figures as a
            "d": ("丁局", rates((10, 10), (8, 10))),  # the same rates as a, fewer orders
        },
        cfg,
    )
    by_id = {r.unit_id: r for r in rows}
    assert by_id["a"].score == by_id["b"].score == pytest.approx(90.0)
    assert by_id["b"].rank == 1  # equal scores: 满意率 decides
    assert by_id["a"].rank == by_id["c"].rank == by_id["d"].rank == 2  # same figures: tie
    assert [r.rank for r in rows] == [1, 2, 2, 2]


def test_small_units_are_listed_not_ranked_and_take_no_place() -> None:
    cfg = replace(CFG, min_orders=10)
    small = Tally(
        orders=6,
        lead_orders=6,
        rates={m: Rate(6, 6) for m in Metric},
    )
    rows = assess({"big": ("大局", rates((18, 20), (19, 20))), "small": ("小局", small)}, cfg)
    assert [(r.unit_id, r.rank, r.unranked) for r in rows] == [
        ("big", 1, ""),
        ("small", None, "工单少于10件"),
    ]
    assert rows[1].score == pytest.approx(100.0)  # shown, but not ranked above anyone
