"""What each assignment counts for in the assessment (第二十四条), and the sums per unit.

Every rate is ``hits / counted`` over a unit's assignments dispatched in the period, where
each metric classifies one assignment as a hit, a miss, or not counted (not yet
determinable at ``as_of``, or out of scope). The same classifier gives the drill-down
lists, so a figure and the orders behind it can never disagree; :class:`Tally` holds the
sums, which add up (a month is the sum of its days: the daily roll-up stores them).

Definitions (a common 12345 scheme; the weights live in ``config/data/supervision.yml``):

* 响应率 (response, 签收率): signed by the sign deadline. Counted once signed, or once the
  deadline passed unsigned. Returns approved before signing are not counted. A co-unit
  (协办) "responds" by reporting to the lead unit within its limit.
* 按时办结率 (on time): the lead unit replied by the deadline in force (after approved
  extensions). Counted once replied, or once the deadline passed. Returned, terminated
  and merged orders are not counted.
* 解决率 (resolution): the last callback says solved. Counted when a callback asked.
* 满意率 (satisfaction): the last callback is 满意 or (by default) 基本满意. Counted
  when the citizen evaluated.
* 退单 (returns): the unit's return requests (退单申请), and of those the ones the centre
  rejected (不合理退单); 重办 (reopens): the order went back to the unit after a
  reasonable unsatisfied callback (第十七条); 督办: supervisions of the unit on the order
  (第二十二条).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from casebridge.analytics.facts import AssignmentFacts, Satisfaction


class Metric(StrEnum):
    """The assessed rates."""

    RESPONSE = "response"
    ON_TIME = "on_time"
    RESOLUTION = "resolution"
    SATISFACTION = "satisfaction"


METRIC_LABELS_ZH: dict[Metric, str] = {
    Metric.RESPONSE: "响应率",
    Metric.ON_TIME: "按时办结率",
    Metric.RESOLUTION: "解决率",
    Metric.SATISFACTION: "满意率",
}

HIT, MISS = "hit", "miss"
Outcome = str | None


def _in_time(done: datetime | None, deadline: datetime | None, as_of: datetime) -> Outcome:
    """Done by the deadline (or without one): hit; done late, or not done and the deadline
    passed by ``as_of``: miss; not done and still in time: not counted yet."""
    if done is not None:
        return HIT if deadline is None or done <= deadline else MISS
    if deadline is not None and deadline <= as_of:
        return MISS
    return None


def _response(a: AssignmentFacts, as_of: datetime, _basic: bool) -> Outcome:
    if a.merged or (a.returned_at is not None and a.signed_at is None):
        return None
    return _in_time(a.signed_at, a.sign_deadline, as_of)


def _on_time(a: AssignmentFacts, as_of: datetime, _basic: bool) -> Outcome:
    if a.role != "lead" or a.merged or a.terminated or a.returned_at is not None:
        return None
    return _in_time(a.replied_at, a.deadline, as_of)


def _resolution(a: AssignmentFacts, _as_of: datetime, _basic: bool) -> Outcome:
    if a.role != "lead" or a.resolved is None:
        return None
    return HIT if a.resolved else MISS


def _satisfaction(a: AssignmentFacts, _as_of: datetime, basic: bool) -> Outcome:
    if a.role != "lead" or a.satisfaction is None:
        return None
    if a.satisfaction is Satisfaction.SATISFIED:
        return HIT
    if a.satisfaction is Satisfaction.BASIC and basic:
        return HIT
    return MISS


CLASSIFIERS: dict[Metric, Callable[[AssignmentFacts, datetime, bool], Outcome]] = {
    Metric.RESPONSE: _response,
    Metric.ON_TIME: _on_time,
    Metric.RESOLUTION: _resolution,
    Metric.SATISFACTION: _satisfaction,
}


def classify(metric: Metric, a: AssignmentFacts, as_of: datetime, basic: bool = True) -> Outcome:
    """``"hit"``, ``"miss"`` or ``None`` (not counted) for one assignment.

    ``basic``: whether 基本满意 counts as satisfied.
    """
    return CLASSIFIERS[metric](a, as_of, basic)


def next_change(a: AssignmentFacts, as_of: datetime) -> datetime | None:
    """The next instant after ``as_of`` at which a figure of ``a`` changes by time alone
    (a sign or reply deadline passing); ``None`` when only new data can change it."""
    moments = []
    sign, due = a.sign_deadline, a.deadline
    gone = a.merged or a.returned_at is not None
    if not gone and a.signed_at is None and sign is not None and sign > as_of:
        moments.append(sign)  # unsigned: a miss once the sign deadline passes
    closed = gone or a.terminated or a.role != "lead"
    if not closed and a.replied_at is None and due is not None and due > as_of:
        moments.append(due)  # no reply yet: a miss once the reply deadline passes
    return min(moments) if moments else None


@dataclass(frozen=True)
class Rate:
    """``hits`` out of ``counted``; ``value`` is ``None`` when nothing was counted."""

    hits: int
    counted: int

    @property
    def value(self) -> float | None:
        """The rate in [0, 1], or ``None`` with no denominator."""
        return self.hits / self.counted if self.counted else None

    def percent(self, digits: int = 1) -> str:
        """``"93.5%"`` or ``"—"``."""
        v = self.value
        return "—" if v is None else f"{v * 100:.{digits}f}%"

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.hits + other.hits, self.counted + other.counted)


def _no_rates() -> dict[Metric, Rate]:
    return {m: Rate(0, 0) for m in Metric}


@dataclass(frozen=True)
class Tally:
    """The additive figures of a set of assignments (one unit-day, a unit-month ...)."""

    orders: int = 0  # assignments (lead and co)
    lead_orders: int = 0
    rates: Mapping[Metric, Rate] = field(default_factory=_no_rates)
    returns: int = 0  # 退单申请
    returns_rejected: int = 0  # 退单申请被驳回 (不合理退单)
    reopens: int = 0  # 重办
    supervisions: int = 0  # 督办

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            orders=self.orders + other.orders,
            lead_orders=self.lead_orders + other.lead_orders,
            rates={m: self.rates[m] + other.rates[m] for m in Metric},
            returns=self.returns + other.returns,
            returns_rejected=self.returns_rejected + other.returns_rejected,
            reopens=self.reopens + other.reopens,
            supervisions=self.supervisions + other.supervisions,
        )


def tally(items: Iterable[AssignmentFacts], as_of: datetime, basic: bool = True) -> Tally:
    """Classify every assignment and add up (``basic``: 基本满意 counts as satisfied)."""
    hits = dict.fromkeys(Metric, 0)
    counted = dict.fromkeys(Metric, 0)
    orders = leads = returns = rejected = reopens = supervisions = 0
    for a in items:
        orders += 1
        leads += a.role == "lead"
        returns += max(a.return_requests, int(a.returned_at is not None))
        rejected += a.returns_rejected
        reopens += a.reopen_count
        supervisions += a.supervision_count
        for metric, fn in CLASSIFIERS.items():
            outcome = fn(a, as_of, basic)
            if outcome is not None:
                counted[metric] += 1
                hits[metric] += outcome == HIT
    return Tally(
        orders=orders,
        lead_orders=leads,
        rates={m: Rate(hits[m], counted[m]) for m in Metric},
        returns=returns,
        returns_rejected=rejected,
        reopens=reopens,
        supervisions=supervisions,
    )
