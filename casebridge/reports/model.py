"""What the public report shows, computed from a period's figures, with one small-count
rule for every table.

Counts from 1 to ``suppress_below - 1`` are shown as ``<k``; rates, and growth figures,
whose denominator is below ``suppress_below`` as ``—`` (样本不足), so that no figure can
point at a handful of identifiable citizens and no rate rests on one or two orders. Zero
is shown: it identifies nobody. The dashboard uses the same functions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from casebridge.analytics.assessment import AssessmentConfig, Metric, Rate, UnitAssessment
from casebridge.analytics.figures import PeriodFigures
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
    """The report cannot be produced (bad arguments, unwritable folder, no CJK font)."""


@dataclass(frozen=True)
class Cell:
    """A count as published."""

    value: int
    shown: str


@dataclass(frozen=True)
class UnitLine:
    """One unit's row in the public table."""

    rank: int | None
    unit_id: str
    name: str
    orders: Cell
    rates: dict[Metric, str]
    score: str
    returns: Cell
    reopens: Cell
    supervisions: Cell
    note: str  # why it is not ranked ("" when ranked)


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
    units: list[UnitLine]  # units with orders in the period, ranked ones first
    idle_units: int  # units without orders in the period (not listed)
    trend: list[tuple[str, int]]  # month label -> appeals, oldest first
    daily: list[int]
    heat_columns: list[str]  # categories
    heat_rows: list[tuple[str, list[Cell]]]  # county -> counts per category
    formula: str = ""
    weights: dict[Metric, float] = field(default_factory=dict)

    @property
    def growth_previous(self) -> str:
        """环比 as text (``—`` when the previous period is below the small-count rule)."""
        return pct_change(self.total.value, self.previous_total, self.suppress_below)

    @property
    def growth_last_year(self) -> str:
        """同比 as text."""
        return pct_change(self.total.value, self.last_year_total, self.suppress_below)

    @property
    def empty(self) -> bool:
        """Nothing happened in the period."""
        return self.total.value == 0 and not self.units

    @property
    def ranked(self) -> int:
        """How many units are ranked."""
        return sum(1 for u in self.units if u.rank is not None)


def pct_change(current: float, reference: float | None, k: int) -> str:
    """Growth as ``+12.5%``; ``—`` when the reference is below ``k`` (a base too small
    to compare with: "+600%" on one appeal says nothing)."""
    if reference is None or reference < k:
        return "—"
    value = growth(current, reference)
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{value * 100:.1f}%"


def suppress(count: int, k: int) -> Cell:
    """A count as it may be published."""
    return Cell(count, f"<{k}" if 0 < count < k else str(count))


def shown_rate(rate: Rate, k: int) -> str:
    """A rate as published: ``—`` on fewer than ``k`` cases."""
    if rate.counted < k:
        return "—"
    return rate.percent()


def shown_score(row: UnitAssessment) -> str:
    """A score with two decimals, or ``—``."""
    return "—" if row.score is None else f"{row.score:.2f}"


def unit_line(row: UnitAssessment, k: int) -> UnitLine:
    """One unit's published row."""
    return UnitLine(
        rank=row.rank,
        unit_id=row.unit_id,
        name=row.unit_name,
        orders=suppress(row.orders, k),
        rates={m: shown_rate(row.rates[m], k) for m in REPORT_METRICS},
        score=shown_score(row),
        returns=suppress(row.returns, k),
        reopens=suppress(row.reopens, k),
        supervisions=suppress(row.supervisions, k),
        note=row.unranked,
    )


def build_report(
    f: PeriodFigures,
    *,
    centre: str = "菏泽市12345政务服务便民热线",
    suppress_below: int = 5,
    config: AssessmentConfig | None = None,
    heat_columns: int = 8,
) -> PublicReport:
    """The report of the figures ``f`` (see :mod:`casebridge.analytics.figures`)."""
    if suppress_below < 1:
        raise ReportError("suppress_below must be at least 1")
    k = suppress_below
    cfg = config or AssessmentConfig()
    counts = f.counts
    channels: Counter[str] = Counter()
    for code, n in counts.by_channel.items():
        channels[CHANNEL_LABELS.get(code, code or "其他")] += n
    top_categories = [c for c, _ in counts.by_category.most_common(heat_columns)]
    heat: dict[str, Counter[str]] = {}
    for (county, category), n in counts.by_county_category.items():
        heat.setdefault(county, Counter())[category] += n
    heat_rows = [
        (county, [suppress(heat[county][c], k) for c in top_categories])
        for county in sorted(heat, key=lambda c: (-sum(heat[c].values()), c))
    ]
    return PublicReport(
        period=f.period,
        centre=centre,
        generated_at=f.as_of,
        suppress_below=k,
        total=suppress(counts.total, k),
        previous_total=f.previous_total,
        last_year_total=f.last_year_total,
        orders=suppress(counts.with_order, k),
        by_channel=[(name, suppress(n, k)) for name, n in channels.most_common()],
        by_category=[(name, suppress(n, k)) for name, n in counts.by_category.most_common()],
        overall_rates={m: shown_rate(f.overall.rates[m], k) for m in REPORT_METRICS},
        overall_score=shown_score(f.overall),
        units=[unit_line(r, k) for r in f.ranking if r.orders > 0],
        idle_units=f.idle_units,
        trend=list(f.trend),
        daily=list(counts.daily),
        heat_columns=top_categories,
        heat_rows=heat_rows,
        formula=cfg.formula_zh(),
        weights={m: float(w) for m, w in cfg.weights.items()},
    )
