"""What the public report shows, computed from snapshots, with small-cell suppression.

Counts from 1 to ``suppress_below - 1`` are shown as ``<k`` and rates whose
denominator is below ``suppress_below`` as ``—`` (样本不足), so that no figure can point
at a handful of identifiable citizens. Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from casebridge.analytics.assessment import (
    AssessmentConfig,
    Metric,
    Rate,
    UnitAssessment,
    assess_units,
    overall,
    rank,
)
from casebridge.analytics.counts import AppealCounts
from casebridge.analytics.facts import AssignmentFacts, UnitRef
from casebridge.analytics.hotspots import growth
from casebridge.analytics.periods import Period

CHANNEL_LABELS = {
    "voice": "12345电话",
    "phone": "12345电话",
    "sms": "短信",
    "wechat": "微信公众号",
    "weibo": "微博",
    "web": "网页在线",
    "telegram": "Telegram",
    "open311": "开放接口",
    "agent": "人工坐席",
}
REPORT_METRICS = (Metric.RESPONSE, Metric.ON_TIME, Metric.RESOLUTION, Metric.SATISFACTION)


class ReportError(Exception):
    """The report cannot be produced (bad arguments, unwritable folder)."""


@dataclass(frozen=True)
class Cell:
    """A count as published."""

    value: int
    shown: str


@dataclass(frozen=True)
class UnitLine:
    """One unit's row in the public table."""

    rank: int | None
    name: str
    orders: Cell
    rates: dict[Metric, str]
    score: str
    returns: Cell
    reopens: Cell
    supervisions: Cell


@dataclass(frozen=True)
class PublicReport:
    """Every figure of one periodic report, already suppressed and formatted."""

    period: Period
    centre: str
    generated_at: datetime
    suppress_below: int
    total: Cell
    previous_total: int
    last_year_total: int
    orders: Cell
    by_channel: list[tuple[str, Cell]]
    by_category: list[tuple[str, Cell]]
    overall_rates: dict[Metric, str]
    overall_score: str
    units: list[UnitLine]
    trend: list[tuple[str, int]]  # month label -> appeals, oldest first
    daily: list[int]
    heat_columns: list[str]  # categories
    heat_rows: list[tuple[str, list[Cell]]]  # county -> counts per category
    weights: dict[Metric, float] = field(default_factory=dict)

    @property
    def growth_previous(self) -> str:
        """环比 as text."""
        return _pct_change(growth(self.total.value, self.previous_total))

    @property
    def growth_last_year(self) -> str:
        """同比 as text."""
        return _pct_change(growth(self.total.value, self.last_year_total))


def _pct_change(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{value * 100:.1f}%"


def suppress(count: int, k: int) -> Cell:
    """A count as it may be published."""
    return Cell(count, f"<{k}" if 0 < count < k else str(count))


def _rate(rate: Rate, k: int) -> str:
    if rate.counted < k:
        return "—"
    return rate.percent()


def _unit_line(row: UnitAssessment, k: int) -> UnitLine:
    small = row.orders < k
    return UnitLine(
        rank=None if small else row.rank,
        name=row.unit_name,
        orders=suppress(row.orders, k),
        rates={m: _rate(row.rates[m], k) for m in REPORT_METRICS},
        score="—" if small or row.score is None else f"{row.score:.2f}",
        returns=suppress(row.returns, k),
        reopens=suppress(row.reopens, k),
        supervisions=suppress(row.supervisions, k),
    )


def _public_order(rows: list[UnitAssessment], k: int) -> list[UnitAssessment]:
    # Units below the publication threshold are listed but not ranked, and do not take
    # a place in the ranking of the others.
    ranked = rank([r for r in rows if r.orders >= k and r.score is not None])
    rest = [r for r in rows if r.orders < k or r.score is None]
    return ranked + sorted(rest, key=lambda r: (-r.orders, r.unit_name))


def build_report(
    period: Period,
    counts: AppealCounts,
    assignments: Iterable[AssignmentFacts],
    *,
    as_of: datetime,
    units: Iterable[UnitRef] = (),
    trend: Sequence[tuple[str, int]] = (),
    previous_total: int = 0,
    last_year_total: int = 0,
    centre: str = "菏泽市12345政务服务便民热线",
    suppress_below: int = 5,
    config: AssessmentConfig | None = None,
    heat_columns: int = 8,
) -> PublicReport:
    """The report for ``period`` from its appeal counts and unit assignments.

    Assignments outside the period are ignored. ``counts``, ``trend`` (monthly totals)
    and the comparison totals come from the caller, which can count them in the
    database (:func:`casebridge.analytics.load.load_appeal_counts`) or from snapshots
    (:meth:`AppealCounts.from_facts`).
    """
    if suppress_below < 1:
        raise ReportError("suppress_below must be at least 1")
    k = suppress_below
    cfg = config or AssessmentConfig()
    facts = [a for a in assignments if period.contains(a.dispatched_at)]
    channels: Counter[str] = Counter()
    for code, n in counts.by_channel.items():
        channels[CHANNEL_LABELS.get(code, code or "其他")] += n
    categories = counts.by_category
    ranked = assess_units(facts, period, as_of, units=units, config=cfg)
    total_row = overall(facts, period, as_of, cfg)
    top_categories = [c for c, _ in categories.most_common(heat_columns)]
    heat: dict[str, Counter[str]] = {}
    for (county, category), n in counts.by_county_category.items():
        heat.setdefault(county, Counter())[category] += n
    heat_rows = [
        (county, [suppress(heat[county][c], k) for c in top_categories])
        for county in sorted(heat, key=lambda c: (-sum(heat[c].values()), c))
    ]
    return PublicReport(
        period=period,
        centre=centre,
        generated_at=as_of,
        suppress_below=k,
        total=suppress(counts.total, k),
        previous_total=previous_total,
        last_year_total=last_year_total,
        orders=suppress(counts.with_order, k),
        by_channel=[(name, suppress(n, k)) for name, n in channels.most_common()],
        by_category=[(name, suppress(n, k)) for name, n in categories.most_common()],
        overall_rates={m: _rate(total_row.rates[m], k) for m in REPORT_METRICS},
        overall_score="—" if total_row.score is None else f"{total_row.score:.2f}",
        units=[_unit_line(r, k) for r in _public_order(ranked, k)],
        trend=list(trend),
        daily=list(counts.daily),
        heat_columns=top_categories,
        heat_rows=heat_rows,
        weights={m: float(w) for m, w in cfg.weights.items()},
    )
