"""What the public report shows, computed from a period's figures: the report's figures,
already suppressed and formatted, and how they are built.

Every table applies the one small-count rule of :mod:`casebridge.reports.suppression`
(``<k`` counts, ``—`` rates and scores on too few cases, complementary suppression of
the parts of a published total); the dashboard uses the same functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from casebridge.analytics.assessment import AssessmentConfig, Metric, UnitAssessment
from casebridge.analytics.figures import PeriodFigures
from casebridge.analytics.periods import Period
from casebridge.reports.suppression import (
    WITHHELD,
    Cell,
    hidden,
    pct_change,
    pinned,
    protect,
    shown_rate,
    shown_score,
    suppress,
)

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
class SmallUnits:
    """Units with orders but fewer than the minimum count: one summary line, not ranked."""

    count: int  # how many such units
    orders: Cell  # their orders together
    min_orders: int


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
    units: list[UnitLine]  # the ranked units, best first
    unranked: list[UnitLine]  # units with orders but no rank (样本不足), shown apart
    idle_units: int  # units without orders in the period (not listed)
    trend: list[tuple[str, int]]  # month label -> appeals, oldest first
    daily: list[int]
    heat_columns: list[str]  # categories
    heat_rows: list[tuple[str, list[Cell]]]  # county -> counts per category
    formula: str = ""
    weights: dict[Metric, float] = field(default_factory=dict)
    running_days: int | None = None  # the period had not ended when the report was made
    compared_previous: Period | None = None  # what 环比 compares with
    compared_last_year: Period | None = None  # what 同比 compares with
    small_units: SmallUnits | None = None  # units below the minimum count (not ranked)

    @property
    def running(self) -> bool:
        """The period is still running: its figures are not final."""
        return self.running_days is not None

    @property
    def through(self) -> date | None:
        """The last local day counted of a running period."""
        if self.running_days is None:
            return None
        return self.period.start + timedelta(days=self.running_days - 1)

    @property
    def status_zh(self) -> str:
        """``进行中，截至11月30日`` for a running period, else ``""``."""
        t = self.through
        return "" if t is None else f"进行中，截至{t.month}月{t.day}日"

    @property
    def title_zh(self) -> str:
        """The period as titles name it, marked when it is still running."""
        status = self.status_zh
        return self.period.title_zh + (f"（{status}）" if status else "")

    @property
    def comparison_zh(self) -> str:
        """What 环比 and 同比 compare, in a sentence."""
        prev, year = self.compared_previous, self.compared_last_year
        if prev is None or year is None:
            return ""
        if self.running and self.through is not None:
            now = self.period.head(self.running_days or 1)
            return (
                f"本期尚未结束，数据截至{self.through.month}月{self.through.day}日；"
                f"环比、同比按相同天数比较：{now.span_zh()}分别与{prev.span_zh()}、"
                f"{year.span_zh()}相比。"
            )
        return f"环比与{prev.title_zh}相比，同比与{year.title_zh}相比。"

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
        return self.total.value == 0 and not self.units and not self.unranked

    @property
    def trend_shown(self) -> list[tuple[str, Cell]]:
        """The monthly trend as published: each month's count under the small-count rule
        (the trend's last month is the period's total, shown alike)."""
        return [(label, suppress(n, self.suppress_below)) for label, n in self.trend]

    @property
    def daily_shown(self) -> list[Cell]:
        """The daily counts as published: the parts of the period's total
        (:func:`protect`: no day can be worked out from the total and the other days)."""
        return protect(self.daily, self.total.value, self.suppress_below)

    @property
    def ranked(self) -> int:
        """How many units are ranked."""
        return len(self.units)

    @property
    def listed_unranked(self) -> list[UnitLine]:
        """Unranked units listed row by row: those with at least the minimum count of
        orders whose rates rest on too few cases (the smaller ones are one summary)."""
        least = self.small_units.min_orders if self.small_units else 0
        return [u for u in self.unranked if u.orders.value >= least]

    @property
    def busy_units(self) -> int:
        """How many units had orders in the period."""
        return len(self.units) + len(self.unranked)


def reveals_units(s: SmallUnits, k: int) -> bool:
    """Whether the small units' number and their orders together fix each unit's count
    to one below ``k`` (five units, five orders: each 1; trial8 F14). Each such unit has
    1 to ``min_orders - 1`` orders."""
    if s.count == 0:
        return False
    fixed = pinned(s.orders.value, [(1, s.min_orders - 1)] * s.count)
    return any(fixed) and s.orders.value // s.count < k


def units_summary_zh(r: PublicReport) -> str:
    """The sentence under the unit table: how many units are ranked, how many fell
    below the minimum count (with their orders), how many had no order."""
    s = r.small_units
    # n units with 1 order at least and "<5" orders together: their number bounds the
    # hidden total (4 units, <5 orders: 4 orders), so it is not published then, nor the
    # numbers it can be worked out from (busy and idle units; trial7 F07); nor when the
    # total fixes each unit's count below 5 (5 units, 5 orders: each 1; trial8 F14)
    veiled = (
        s is not None and s.count > 0 and (hidden(s.orders) or reveals_units(s, r.suppress_below))
    )
    if veiled:
        parts = [f"本期参与排名的承办单位{r.ranked}个"]
    else:
        parts = [f"本期有工单的承办单位{r.busy_units}个，其中参与排名{r.ranked}个"]
    listed = len(r.listed_unranked)
    if listed:
        parts.append(f"{listed}个样本不足、不参与排名（见上表）")
    if s is not None and s.count:
        many = "部分" if veiled else f"{s.count}个"
        parts.append(
            f"另有{many}承办单位工单少于{s.min_orders}件（合计{s.orders.shown}件），"
            "样本不足，不参与排名"
        )
    parts.append("其余承办单位本期无工单" if veiled else f"另有{r.idle_units}个承办单位本期无工单")
    return "；".join(parts) + "。"


def unit_line(row: UnitAssessment, k: int, cfg: AssessmentConfig) -> UnitLine:
    """One unit's published row."""
    return UnitLine(
        rank=row.rank,
        unit_id=row.unit_id,
        name=row.unit_name,
        orders=suppress(row.orders, k),
        rates={m: shown_rate(row.rates[m], k) for m in REPORT_METRICS},
        score=shown_score(row, k, cfg),
        returns=suppress(row.returns, k),
        reopens=suppress(row.reopens, k),
        supervisions=suppress(row.supervisions, k),
        note=row.unranked,
    )


def _protected(items: Sequence[tuple[str, int]], total: int, k: int) -> list[tuple[str, Cell]]:
    """Named parts of ``total``, published counts first (largest first), then the hidden
    ones by name: their order among themselves would rank the counts hidden."""
    cells = protect([n for _, n in items], total, k)
    named = [(name, cell) for (name, _), cell in zip(items, cells, strict=True)]
    return sorted(named, key=lambda p: (hidden(p[1]), 0 if hidden(p[1]) else -p[1].value, p[0]))


def _column(parts: Sequence[int], total: Cell, k: int) -> list[Cell]:
    """A heat-table column, the parts of its category's published total; when that
    total is withheld, its parts are too (one county would publish it)."""
    cells = protect(parts, total.value, k)
    if total.shown != WITHHELD:
        return cells
    return [Cell(c.value, WITHHELD) if c.value and not hidden(c) else c for c in cells]


def _unit_orders(
    lines: list[UnitLine], small: int, total: int, k: int, least: int
) -> tuple[list[UnitLine], Cell]:
    """The units' orders as parts of the published orders total (trial9 N09: 转办工单 36
    and the one listed unit's 32 gave the small units' ``<5`` back): each listed unit's
    count and the small units' sum (``least``: the minimum count of a listed unit),
    protected like any parts (:func:`protect`)."""
    listed = [i for i, u in enumerate(lines) if u.orders.value >= least]
    cells = protect([lines[i].orders.value for i in listed] + [small], total, k)
    out = list(lines)
    for i, cell in zip(listed, cells, strict=False):
        out[i] = replace(out[i], orders=cell)
    return out, cells[-1]


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
    small = [r for r in f.ranking if 0 < r.orders < cfg.min_orders]
    lines, small_orders = _unit_orders(
        [unit_line(r, k, cfg) for r in f.ranking if r.orders > 0],
        sum(r.orders for r in small),
        counts.with_order,
        k,
        cfg.min_orders,
    )
    counties = sorted(heat, key=lambda c: (-sum(heat[c].values()), c))
    # each column's cells are the parts of the category's total published above
    published = dict(_protected(counts.by_category.most_common(), counts.total, k))
    columns = [
        _column([heat[county][c] for county in counties], published[c], k) for c in top_categories
    ]
    heat_rows = [(county, [col[i] for col in columns]) for i, county in enumerate(counties)]
    return PublicReport(
        period=f.period,
        centre=centre,
        generated_at=f.as_of,
        suppress_below=k,
        total=suppress(counts.total, k),
        previous_total=f.previous_total,
        last_year_total=f.last_year_total,
        orders=suppress(counts.with_order, k),
        by_channel=_protected(channels.most_common(), counts.total, k),
        by_category=_protected(counts.by_category.most_common(), counts.total, k),
        overall_rates={m: shown_rate(f.overall.rates[m], k) for m in REPORT_METRICS},
        overall_score=shown_score(f.overall, k, cfg),
        units=[line for line in lines if line.rank is not None],
        unranked=[line for line in lines if line.rank is None],
        idle_units=f.idle_units,
        trend=list(f.trend),
        daily=list(counts.daily)[: f.running_days or None],
        heat_columns=top_categories,
        heat_rows=heat_rows,
        formula=cfg.formula_zh(),
        weights={m: float(w) for m, w in cfg.weights.items()},
        running_days=f.running_days,
        compared_previous=f.compared_previous,
        compared_last_year=f.compared_last_year,
        small_units=SmallUnits(
            count=len(small),
            orders=small_orders,
            min_orders=cfg.min_orders,
        ),
    )
