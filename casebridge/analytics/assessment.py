"""Unit assessment (第二十四条): the rates per unit and period, a score with deductions, ranks.

The rates and what counts for them are defined in :mod:`casebridge.analytics.tally`. The
score of a unit is

    score = 100 × Σ wᵢ·rateᵢ / Σ wᵢ  −  min(max_deduction, Σ pⱼ × (rate of 扣分项 j in %))

over the four rates (响应率, 按时办结率, 解决率, 满意率) with the weights wᵢ, and the
deductions (扣分项) 退单率, 不合理退单率, 重办率 and 督办率 with pⱼ points per percentage
point: a rate rather than a count, so that a large unit is not punished for its size.
Weights and deductions come from ``config/data/supervision.yml`` (``assessment:``); the
defaults and their source are documented there.

A unit gets a score only when every positively weighted rate has at least ``min_sample``
cases behind it (the same small-count rule as the public report), so a unit is never
shown a "100" made of one or two orders; it is ranked only with at least ``min_orders``
orders. Ranks are by score, then by 满意率, 解决率, 按时办结率, 响应率 and fewer deduction
points: units share a rank only when all of these are equal (competition ranking, 1, 2,
2, 4). Units without a score or below the minimum are listed, unranked, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AssignmentFacts, UnitRef
from casebridge.analytics.periods import Period
from casebridge.analytics.tally import (
    HIT,
    METRIC_LABELS_ZH,
    MISS,
    Metric,
    Rate,
    Tally,
    classify,
    tally,
)

__all__ = [
    "DEFAULT_DEDUCTIONS",
    "DEFAULT_WEIGHTS",
    "METRIC_LABELS_ZH",
    "AssessmentConfig",
    "Deduction",
    "DrillDown",
    "Metric",
    "Rate",
    "Tally",
    "UnitAssessment",
    "assess",
    "assess_units",
    "drill_down",
    "overall",
    "score",
]


K = TypeVar("K", bound=StrEnum)


class Deduction(StrEnum):
    """The 扣分项: each a rate over the unit's orders, in percent."""

    RETURNS = "returns"  # 退单率: return requests / orders
    RETURNS_REJECTED = "returns_rejected"  # 不合理退单率: rejected requests / orders
    REOPENS = "reopens"  # 重办率: reopens / lead orders
    SUPERVISIONS = "supervisions"  # 督办率: supervisions / orders


DEDUCTION_LABELS_ZH: dict[Deduction, str] = {
    Deduction.RETURNS: "退单率",
    Deduction.RETURNS_REJECTED: "不合理退单率",
    Deduction.REOPENS: "重办率",
    Deduction.SUPERVISIONS: "督办率",
}

# The shipped defaults: the same values as config/data/supervision.yml, which documents
# their source (the 三率 centres assess, 按时办结率 and the 退单/重办/督办 deductions).
DEFAULT_WEIGHTS: dict[Metric, float] = {
    Metric.RESPONSE: 20.0,
    Metric.ON_TIME: 20.0,
    Metric.RESOLUTION: 30.0,
    Metric.SATISFACTION: 30.0,
}
DEFAULT_DEDUCTIONS: dict[Deduction, float] = {
    Deduction.RETURNS: 0.2,
    Deduction.RETURNS_REJECTED: 0.5,
    Deduction.REOPENS: 0.5,
    Deduction.SUPERVISIONS: 1.0,
}


@dataclass(frozen=True)
class AssessmentConfig:
    """Weights per rate (any scale; only their ratio matters), deduction points per
    percentage point of each 扣分项, their cap, and the small-count rules."""

    weights: Mapping[Metric, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    deductions: Mapping[Deduction, float] = field(default_factory=lambda: dict(DEFAULT_DEDUCTIONS))
    max_deduction: float = 20.0
    basic_counts_as_satisfied: bool = True
    min_orders: int = 10  # fewer orders: listed, not ranked
    min_sample: int = 5  # a rate on fewer cases is "样本不足" (report.suppress_below)

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.weights.values()):
            raise ConfigurationError("assessment weights must not be negative")
        if not any(w > 0 for w in self.weights.values()):
            raise ConfigurationError("at least one assessment weight must be positive")
        if any(p < 0 for p in self.deductions.values()) or self.max_deduction < 0:
            raise ConfigurationError("assessment deductions must not be negative")
        if self.min_orders < 1 or self.min_sample < 1:
            raise ConfigurationError("assessment minimum counts must be at least 1")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, min_sample: int = 5) -> AssessmentConfig:
        """From YAML-like data (see ``config/data/supervision.yml``, ``assessment:``)."""
        weights = _floats(data.get("weights"), Metric, "weights") or dict(DEFAULT_WEIGHTS)
        raw_d = data.get("deductions")
        deductions = (
            dict(DEFAULT_DEDUCTIONS) if raw_d is None else _floats(raw_d, Deduction, "deductions")
        )
        try:
            return cls(
                weights=weights,
                deductions=deductions,
                max_deduction=float(str(data.get("max_deduction", 20.0))),
                basic_counts_as_satisfied=bool(data.get("basic_counts_as_satisfied", True)),
                min_orders=int(str(data.get("min_orders", 10))),
                min_sample=min_sample,
            )
        except ValueError as exc:
            if isinstance(exc, ConfigurationError):
                raise
            raise ConfigurationError(f"assessment: {exc}") from exc

    def formula_zh(self) -> str:
        """The score formula as a sentence for the page and the report."""
        total = sum(w for w in self.weights.values() if w > 0)
        parts = [
            f"{METRIC_LABELS_ZH[m]}×{w / total * 100:g}%" for m, w in self.weights.items() if w > 0
        ]
        minus = [
            f"{DEDUCTION_LABELS_ZH[d]}每1个百分点扣{p:g}分"
            for d, p in self.deductions.items()
            if p > 0
        ]
        text = "综合得分 = 100 ×（" + " + ".join(parts) + "）"
        if minus:
            text += f" − 扣分（{'，'.join(minus)}；合计最多扣{self.max_deduction:g}分）"
        return (
            text + f"。各项比率样本少于{self.min_sample}件的单位不计分；"
            f"工单少于{self.min_orders}件的单位列出但不参与排名；"
            "得分相同时依次比较满意率、解决率、按时办结率、响应率和扣分。"
        )


def _floats(raw: object, kind: type[K], name: str) -> dict[K, float]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"assessment.{name} must be a mapping")
    out: dict[K, float] = {}
    for key, value in raw.items():
        try:
            out[kind(str(key))] = float(value)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"bad assessment {name} entry {key!r}: {value!r}") from exc
    return out


@dataclass(frozen=True)
class UnitAssessment:
    """One unit's figures for one period."""

    unit_id: str
    unit_name: str
    tally: Tally
    base: float | None  # the weighted rates, 0-100
    deduction: float  # points taken off
    score: float | None  # base - deduction (>= 0); None: not enough cases
    rank: int | None = None  # 1 = best; None when unranked (see ``unranked``)
    unranked: str = ""  # why there is no rank, in Chinese ("" when ranked)

    @property
    def orders(self) -> int:
        """Assignments dispatched in the period (lead and co)."""
        return self.tally.orders

    @property
    def rates(self) -> Mapping[Metric, Rate]:
        """The four rates."""
        return self.tally.rates

    @property
    def returns(self) -> int:
        """退单申请."""
        return self.tally.returns

    @property
    def reopens(self) -> int:
        """重办."""
        return self.tally.reopens

    @property
    def supervisions(self) -> int:
        """督办."""
        return self.tally.supervisions

    def deduction_rate(self, d: Deduction) -> float | None:
        """The 扣分项 ``d`` as a fraction of its base, or ``None`` without orders."""
        return deduction_rates(self.tally).get(d)

    def sort_key(self) -> tuple[float, ...]:
        """Best first; equal keys (and only they) share a rank."""
        r = self.tally.rates
        return (
            -round(self.score or 0.0, 9),
            *(-round(r[m].value or 0.0, 9) for m in _TIE_ORDER),
            round(self.deduction, 9),
        )


_TIE_ORDER = (Metric.SATISFACTION, Metric.RESOLUTION, Metric.ON_TIME, Metric.RESPONSE)


def deduction_rates(t: Tally) -> dict[Deduction, float]:
    """Each 扣分项 as a fraction (reopens over lead orders, the rest over all orders)."""
    out: dict[Deduction, float] = {}
    if t.orders:
        out[Deduction.RETURNS] = t.returns / t.orders
        out[Deduction.RETURNS_REJECTED] = t.returns_rejected / t.orders
        out[Deduction.SUPERVISIONS] = t.supervisions / t.orders
    if t.lead_orders:
        out[Deduction.REOPENS] = t.reopens / t.lead_orders
    return out


def score(t: Tally, cfg: AssessmentConfig) -> tuple[float | None, float, float | None]:
    """``(base, deduction, score)`` of one tally; base and score ``None`` when a weighted
    rate has fewer than ``min_sample`` cases (or there are no orders)."""
    rates = deduction_rates(t)
    points = sum(p * rates.get(d, 0.0) * 100 for d, p in cfg.deductions.items())
    deduction = min(cfg.max_deduction, points)
    num = den = 0.0
    for metric, weight in cfg.weights.items():
        if weight <= 0:
            continue
        rate = t.rates[metric]
        if rate.counted < cfg.min_sample or rate.value is None:
            return None, deduction, None
        num += weight * rate.value
        den += weight
    base = 100.0 * num / den
    return base, deduction, max(0.0, base - deduction)


def assess(
    tallies: Mapping[str, tuple[str, Tally]], cfg: AssessmentConfig | None = None
) -> list[UnitAssessment]:
    """The ranked table from per-unit tallies (``unit_id -> (name, tally)``)."""
    cfg = cfg or AssessmentConfig()
    rows = [_one(uid, name, t, cfg) for uid, (name, t) in tallies.items()]
    return rank(rows, cfg)


def _one(unit_id: str, name: str, t: Tally, cfg: AssessmentConfig) -> UnitAssessment:
    base, deduction, total = score(t, cfg)
    return UnitAssessment(unit_id, name, t, base, deduction, total)


def rank(rows: Iterable[UnitAssessment], cfg: AssessmentConfig) -> list[UnitAssessment]:
    """Ranked units first (see the module text), then the others by orders and name."""
    ranked: list[UnitAssessment] = []
    rest: list[UnitAssessment] = []
    for r in rows:
        if r.orders == 0:
            rest.append(replace(r, rank=None, unranked="本期无工单"))
        elif r.orders < cfg.min_orders:
            rest.append(replace(r, rank=None, unranked=f"工单少于{cfg.min_orders}件"))
        elif r.score is None:
            rest.append(replace(r, rank=None, unranked="样本不足"))
        else:
            ranked.append(r)
    ranked.sort(key=lambda r: (r.sort_key(), r.unit_name, r.unit_id))
    out: list[UnitAssessment] = []
    for i, row in enumerate(ranked):
        prev = out[-1] if out else None
        same = prev is not None and prev.sort_key() == row.sort_key()
        out.append(replace(row, rank=prev.rank if same and prev else i + 1, unranked=""))
    rest.sort(key=lambda r: (-r.orders, r.unit_name, r.unit_id))
    return out + rest


def assess_units(
    facts: Iterable[AssignmentFacts],
    period: Period,
    as_of: datetime,
    *,
    units: Iterable[UnitRef] = (),
    config: AssessmentConfig | None = None,
) -> list[UnitAssessment]:
    """The ranked table over ``facts`` dispatched in ``period``: one row per unit with
    orders in the period or listed in ``units``."""
    cfg = config or AssessmentConfig()
    names: dict[str, str] = {u.unit_id: u.name for u in units}
    grouped: dict[str, list[AssignmentFacts]] = {uid: [] for uid in names}
    for a in facts:
        if period.contains(a.dispatched_at):
            grouped.setdefault(a.unit_id, []).append(a)
            names.setdefault(a.unit_id, a.unit_name)
    basic = cfg.basic_counts_as_satisfied
    return assess(
        {uid: (names[uid], tally(items, as_of, basic)) for uid, items in grouped.items()}, cfg
    )


def overall(
    facts: Iterable[AssignmentFacts],
    period: Period,
    as_of: datetime,
    config: AssessmentConfig | None = None,
) -> UnitAssessment:
    """The centre-wide figures for ``period`` (every unit together)."""
    cfg = config or AssessmentConfig()
    items = [a for a in facts if period.contains(a.dispatched_at)]
    return overall_of(tally(items, as_of, cfg.basic_counts_as_satisfied), cfg)


def overall_of(t: Tally, cfg: AssessmentConfig | None = None) -> UnitAssessment:
    """The centre-wide row from the sum of every unit's tally."""
    return _one("*", "全市", t, cfg or AssessmentConfig())


@dataclass(frozen=True)
class DrillDown:
    """The orders behind one figure: those counted as hits and as misses."""

    unit_id: str
    metric: Metric
    hits: list[str]
    misses: list[str]


def drill_down(
    facts: Iterable[AssignmentFacts],
    unit_id: str,
    metric: Metric,
    period: Period,
    as_of: datetime,
    config: AssessmentConfig | None = None,
) -> DrillDown:
    """The order numbers behind ``metric`` for ``unit_id`` in ``period`` (sorted)."""
    cfg = config or AssessmentConfig()
    hits: list[str] = []
    misses: list[str] = []
    for a in facts:
        if a.unit_id != unit_id or not period.contains(a.dispatched_at):
            continue
        outcome = classify(metric, a, as_of, cfg.basic_counts_as_satisfied)
        if outcome == HIT:
            hits.append(a.order_number)
        elif outcome == MISS:
            misses.append(a.order_number)
    return DrillDown(unit_id, metric, sorted(hits), sorted(misses))
