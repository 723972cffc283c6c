"""Everything the dashboard and the public report show for one period, computed once.

:func:`from_rollup` reads the daily roll-up (fast: a month is a few thousand rows);
:func:`from_store` computes the same figures from the case store's rows, at any
``as_of`` (a report "as it stood" on a past date, and the check that both agree).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.analytics import queries, rollup
from casebridge.analytics.assessment import (
    UnitAssessment,
    assess,
    assess_units,
    overall,
    overall_of,
)
from casebridge.analytics.config import AnalyticsConfig
from casebridge.analytics.counts import AppealCounts
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, UnitRef
from casebridge.analytics.hotspots import HotspotRow, HotspotRule, counts, hotspot_rows
from casebridge.analytics.load import (
    count_appeals,
    count_by_category_county,
    load_appeal_counts,
    load_assignments,
    load_units,
    monthly_trend,
    trend_months,
)
from casebridge.analytics.longrunning import HardIssue, hard_issues
from casebridge.analytics.periods import Period
from casebridge.analytics.tally import Tally, tally

TOP_HOTSPOTS = 20
TOP_HARD = 20
TREND_MONTHS = 13  # a year back and this month: the same month a year earlier is on it


@dataclass(frozen=True)
class PeriodFigures:
    """One period's figures: counts, the ranked units, hotspots, long-running issues."""

    period: Period
    as_of: datetime
    counts: AppealCounts
    ranking: list[UnitAssessment]  # units with orders in the period
    overall: UnitAssessment
    idle_units: int  # active units without any order in the period
    trend: list[tuple[str, int]]  # month label -> appeals, oldest first
    previous_total: int
    last_year_total: int
    hotspots: list[HotspotRow]
    warned: frozenset[tuple[str, ...]]  # hotspot keys that cross the warning rule
    hotspot_rule: HotspotRule
    hard_issues: list[HardIssue]
    # a running period (进行中) is compared like with like: the same number of days
    running_days: int | None = None  # days begun at ``as_of``; None when the period is over
    compared_previous: Period | None = None  # what 环比 compares with
    compared_last_year: Period | None = None  # what 同比 compares with

    @property
    def running(self) -> bool:
        """The period had not ended at ``as_of`` (its figures are not final)."""
        return self.running_days is not None

    @property
    def empty(self) -> bool:
        """No appeal and no order in the period."""
        return self.counts.total == 0 and not self.ranking


def hotspot_rule(cfg: AnalyticsConfig) -> HotspotRule:
    """The period form of the spike rule of ``cfg``."""
    return HotspotRule(min_count=cfg.warnings.spike_min_count, ratio=cfg.warnings.spike_ratio)


def _hot(
    current: Counter[tuple[str, ...]],
    previous: Counter[tuple[str, ...]],
    years: list[Counter[tuple[str, ...]]],
    rule: HotspotRule,
) -> tuple[list[HotspotRow], frozenset[tuple[str, ...]]]:
    rows = hotspot_rows(current, previous, years)
    warned = frozenset(r.key for r in rows if rule.crossed(r))
    return rows[:TOP_HOTSPOTS], warned


def comparisons(period: Period, as_of: datetime) -> tuple[int | None, Period, list[Period]]:
    """What ``period`` is compared with at ``as_of``: the previous period (环比) and the
    same period of the 3 earlier years (同比, seasonal baseline). While the period runs,
    each is cut to the days that have begun in it, so that a partial month is never
    set against whole ones."""
    n = period.elapsed_days(as_of)
    previous = period.previous()
    years = [period.shift_years(-y) for y in (1, 2, 3)]
    if n is None:
        return None, previous, years
    return n, previous.head(n), [p.head(n) for p in years]


async def _idle(session: AsyncSession, ranking: list[UnitAssessment]) -> int:
    busy = {r.unit_id for r in ranking}
    return sum(1 for u in await load_units(session) if u.unit_id not in busy)


@dataclass(frozen=True)
class _Reads:
    """Where the period's counts are read: the daily roll-up or the case store's rows."""

    counts: Callable[[AsyncSession, Period], Awaitable[AppealCounts]]
    category_county: Callable[[AsyncSession, Period], Awaitable[Counter[tuple[str, ...]]]]
    trend: Callable[[AsyncSession, Sequence[Period]], Awaitable[list[tuple[str, int]]]]
    total: Callable[[AsyncSession, Period], Awaitable[int]]


ROLLUP_READS = _Reads(
    rollup.appeal_counts, rollup.category_county, rollup.monthly_totals, rollup.total
)
STORE_READS = _Reads(
    load_appeal_counts,
    lambda s, p: count_by_category_county(s, p.start_utc, p.end_utc),
    monthly_trend,
    lambda s, p: count_appeals(s, p.start_utc, p.end_utc),
)


async def _figures(
    session: AsyncSession,
    period: Period,
    cfg: AnalyticsConfig,
    as_of: datetime,
    reads: _Reads,
    ranking: list[UnitAssessment],
    whole: UnitAssessment,
) -> PeriodFigures:
    """The figures around the units' ``ranking`` and the ``whole`` centre's assessment,
    the counts read by ``reads``."""
    running, previous, years = comparisons(period, as_of)
    rule = hotspot_rule(cfg)
    cc = reads.category_county
    hot, warned = _hot(
        await cc(session, period),
        await cc(session, previous),
        [await cc(session, p) for p in years],
        rule,
    )
    return PeriodFigures(
        period=period,
        as_of=as_of,
        counts=await reads.counts(session, period),
        ranking=ranking,
        overall=whole,
        idle_units=await _idle(session, ranking),
        trend=await reads.trend(session, trend_months(period, TREND_MONTHS)),
        previous_total=await reads.total(session, previous),
        last_year_total=await reads.total(session, years[0]),
        hotspots=hot,
        warned=warned,
        hotspot_rule=rule,
        hard_issues=await queries.hard_issues(
            session, period.start_utc, period.end_utc, as_of, TOP_HARD
        ),
        running_days=running,
        compared_previous=previous,
        compared_last_year=years[0],
    )


async def from_rollup(
    session: AsyncSession, period: Period, cfg: AnalyticsConfig, as_of: datetime
) -> PeriodFigures:
    """The figures from the daily roll-up (refreshed by the caller or the scheduler;
    ``as_of`` is when it was refreshed)."""
    basic = cfg.assessment.basic_counts_as_satisfied
    tallies = await rollup.unit_tallies(session, period, basic=basic)
    total = sum((t for _, t in tallies.values()), Tally())
    ranking = assess(tallies, cfg.assessment)
    return await _figures(
        session, period, cfg, as_of, ROLLUP_READS, ranking, overall_of(total, cfg.assessment)
    )


async def from_store(
    session: AsyncSession, period: Period, cfg: AnalyticsConfig, as_of: datetime
) -> PeriodFigures:
    """The same figures computed from the case store's rows, as they stood at ``as_of``."""
    facts = await load_assignments(session, period.start_utc, period.end_utc, cfg.policy)
    basic = cfg.assessment.basic_counts_as_satisfied
    grouped: dict[str, list[AssignmentFacts]] = {}
    names: dict[str, str] = {}
    for a in facts:
        grouped.setdefault(a.unit_id, []).append(a)
        names[a.unit_id] = a.unit_name
    tallies = {uid: (names[uid], tally(items, as_of, basic)) for uid, items in grouped.items()}
    ranking = assess(tallies, cfg.assessment)
    whole = overall_of(tally(facts, as_of, basic), cfg.assessment)
    return await _figures(session, period, cfg, as_of, STORE_READS, ranking, whole)


def from_facts(
    appeals: Sequence[AppealFacts],
    assignments: Sequence[AssignmentFacts],
    period: Period,
    cfg: AnalyticsConfig,
    as_of: datetime,
    *,
    units: Sequence[UnitRef] = (),
    trend: Sequence[tuple[str, int]] = (),
    previous_total: int | None = None,
    last_year_total: int | None = None,
) -> PeriodFigures:
    """The figures from plain snapshots (tests, and callers without a store); the
    totals compared with are counted from ``appeals`` unless given."""
    rows = assess_units(assignments, period, as_of, units=units, config=cfg.assessment)
    ranking = [r for r in rows if r.orders > 0]
    rule = hotspot_rule(cfg)
    running, previous, years = comparisons(period, as_of)
    dims = ("category", "county")
    hot, warned = _hot(
        counts(appeals, period, dims),
        counts(appeals, previous, dims),
        [counts(appeals, p, dims) for p in years],
        rule,
    )
    return PeriodFigures(
        period=period,
        as_of=as_of,
        counts=AppealCounts.from_facts(appeals, period),
        ranking=ranking,
        overall=overall(assignments, period, as_of, cfg.assessment),
        idle_units=len(rows) - len(ranking),
        trend=list(trend),
        previous_total=(
            previous_total
            if previous_total is not None
            else sum(1 for a in appeals if previous.contains(a.created_at))
        ),
        last_year_total=(
            last_year_total
            if last_year_total is not None
            else sum(1 for a in appeals if years[0].contains(a.created_at))
        ),
        hotspots=hot,
        warned=warned,
        hotspot_rule=rule,
        hard_issues=hard_issues([a for a in appeals if period.contains(a.created_at)], as_of)[
            :TOP_HARD
        ],
        running_days=running,
        compared_previous=previous,
        compared_last_year=years[0],
    )
