"""Unit assessment (第二十四条): the rates per unit and period, a weighted score, ranks.

Every rate is ``hits / (hits + misses)`` over the unit's assignments dispatched in the
period, where each metric classifies one assignment as a hit, a miss, or not counted
(not yet determinable at ``as_of``, or out of scope). The same classifier gives the
drill-down lists, so a figure and the orders behind it can never disagree.

Definitions (a common 12345 scheme; the weights are configurable):

* response rate (响应率/签收率): signed by the sign deadline. Counted once signed, or once
  the deadline passed unsigned. Returns approved before signing are not counted.
* on-time rate (按时办结率): lead unit replied by the deadline in force. Counted once
  replied, or once the deadline passed. Returned, terminated and merged orders are not.
* resolution rate (解决率): the last callback says solved. Counted when a callback asked.
* satisfaction rate (满意率): the last callback is satisfied or (by default) basically
  satisfied. Counted when the citizen evaluated.

The score is ``100 × Σ wᵢ·rateᵢ / Σ wᵢ`` over the weighted rates that have data, so a
unit is not punished for a rate nobody could measure; with no data at all it is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AssignmentFacts, Satisfaction, UnitRef
from casebridge.analytics.periods import Period


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

DEFAULT_WEIGHTS: dict[Metric, float] = {
    Metric.RESPONSE: 30.0,
    Metric.RESOLUTION: 35.0,
    Metric.SATISFACTION: 35.0,
}


@dataclass(frozen=True)
class AssessmentConfig:
    """Weights per metric (any scale; only their ratio matters) and counting options."""

    weights: Mapping[Metric, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    basic_counts_as_satisfied: bool = True

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.weights.values()):
            raise ConfigurationError("assessment weights must not be negative")
        if not any(w > 0 for w in self.weights.values()):
            raise ConfigurationError("at least one assessment weight must be positive")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> AssessmentConfig:
        """From YAML-like data: ``{weights: {response: 30, ...}, basic_counts_as_satisfied}``."""
        raw = data.get("weights") or {}
        if not isinstance(raw, Mapping):
            raise ConfigurationError("assessment.weights must be a mapping")
        weights: dict[Metric, float] = {}
        for key, value in raw.items():
            try:
                weights[Metric(str(key))] = float(value)
            except ValueError as exc:
                raise ConfigurationError(f"bad assessment weight {key!r}: {value!r}") from exc
        basic = data.get("basic_counts_as_satisfied", True)
        return cls(weights=weights or dict(DEFAULT_WEIGHTS), basic_counts_as_satisfied=bool(basic))


HIT, MISS = "hit", "miss"
Outcome = str | None


def _response(a: AssignmentFacts, as_of: datetime, _cfg: AssessmentConfig) -> Outcome:
    if a.merged or (a.returned_at is not None and a.signed_at is None):
        return None
    if a.signed_at is not None:
        if a.sign_deadline is None or a.signed_at <= a.sign_deadline:
            return HIT
        return MISS
    if a.sign_deadline is not None and a.sign_deadline <= as_of:
        return MISS
    return None


def _on_time(a: AssignmentFacts, as_of: datetime, _cfg: AssessmentConfig) -> Outcome:
    if a.role != "lead" or a.merged or a.terminated or a.returned_at is not None:
        return None
    if a.replied_at is not None:
        if a.deadline is None or a.replied_at <= a.deadline:
            return HIT
        return MISS
    if a.deadline is not None and a.deadline <= as_of:
        return MISS
    return None


def _resolution(a: AssignmentFacts, _as_of: datetime, _cfg: AssessmentConfig) -> Outcome:
    if a.role != "lead" or a.resolved is None:
        return None
    return HIT if a.resolved else MISS


def _satisfaction(a: AssignmentFacts, _as_of: datetime, cfg: AssessmentConfig) -> Outcome:
    if a.role != "lead" or a.satisfaction is None:
        return None
    if a.satisfaction is Satisfaction.SATISFIED:
        return HIT
    if a.satisfaction is Satisfaction.BASIC and cfg.basic_counts_as_satisfied:
        return HIT
    return MISS


CLASSIFIERS: dict[Metric, Callable[[AssignmentFacts, datetime, AssessmentConfig], Outcome]] = {
    Metric.RESPONSE: _response,
    Metric.ON_TIME: _on_time,
    Metric.RESOLUTION: _resolution,
    Metric.SATISFACTION: _satisfaction,
}


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


@dataclass(frozen=True)
class UnitAssessment:
    """One unit's figures for one period."""

    unit_id: str
    unit_name: str
    orders: int  # assignments dispatched in the period (lead and co)
    rates: dict[Metric, Rate]
    returns: int
    reopens: int
    supervisions: int
    score: float | None
    rank: int | None = None  # 1 = best; None when there is no score


def _score(rates: Mapping[Metric, Rate], cfg: AssessmentConfig) -> float | None:
    num = den = 0.0
    for metric, weight in cfg.weights.items():
        value = rates[metric].value
        if weight > 0 and value is not None:
            num += weight * value
            den += weight
    return round(100.0 * num / den, 2) if den else None


def assess_units(
    facts: Iterable[AssignmentFacts],
    period: Period,
    as_of: datetime,
    *,
    units: Iterable[UnitRef] = (),
    config: AssessmentConfig | None = None,
) -> list[UnitAssessment]:
    """The ranked table: one row per unit with orders in ``period`` or listed in ``units``.

    Ranks are by score (best first); equal scores share a rank (1, 2, 2, 4). Units
    without a score come last, unranked.
    """
    cfg = config or AssessmentConfig()
    names: dict[str, str] = {u.unit_id: u.name for u in units}
    grouped: dict[str, list[AssignmentFacts]] = {uid: [] for uid in names}
    for a in facts:
        if period.contains(a.dispatched_at):
            grouped.setdefault(a.unit_id, []).append(a)
            names.setdefault(a.unit_id, a.unit_name)
    rows = [_assess_one(uid, names[uid], items, as_of, cfg) for uid, items in grouped.items()]
    return rank(rows)


def _assess_one(
    unit_id: str, name: str, items: list[AssignmentFacts], as_of: datetime, cfg: AssessmentConfig
) -> UnitAssessment:
    rates: dict[Metric, Rate] = {}
    for metric, classify in CLASSIFIERS.items():
        outcomes = [classify(a, as_of, cfg) for a in items]
        rates[metric] = Rate(
            hits=sum(o == HIT for o in outcomes), counted=sum(o is not None for o in outcomes)
        )
    return UnitAssessment(
        unit_id=unit_id,
        unit_name=name,
        orders=len(items),
        rates=rates,
        returns=sum(a.returned_at is not None for a in items),
        reopens=sum(a.reopen_count for a in items),
        supervisions=sum(a.supervision_count for a in items),
        score=_score(rates, cfg),
    )


def rank(rows: Iterable[UnitAssessment]) -> list[UnitAssessment]:
    """Sort by score (desc), then orders (desc), then name; competition ranking."""
    scored = sorted(
        (r for r in rows if r.score is not None),
        key=lambda r: (-(r.score or 0.0), -r.orders, r.unit_name),
    )
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: (-r.orders, r.unit_name))
    out: list[UnitAssessment] = []
    for i, row in enumerate(scored):
        prev = out[-1] if out else None
        same = prev is not None and prev.score == row.score
        out.append(_with_rank(row, prev.rank if same and prev else i + 1))
    out.extend(unscored)
    return out


def _with_rank(row: UnitAssessment, position: int | None) -> UnitAssessment:
    return UnitAssessment(
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        orders=row.orders,
        rates=row.rates,
        returns=row.returns,
        reopens=row.reopens,
        supervisions=row.supervisions,
        score=row.score,
        rank=position,
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
    return _assess_one("*", "全市", items, as_of, cfg)


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
    classify = CLASSIFIERS[metric]
    hits: list[str] = []
    misses: list[str] = []
    for a in facts:
        if a.unit_id != unit_id or not period.contains(a.dispatched_at):
            continue
        outcome = classify(a, as_of, cfg)
        if outcome == HIT:
            hits.append(a.order_number)
        elif outcome == MISS:
            misses.append(a.order_number)
    return DrillDown(unit_id, metric, sorted(hits), sorted(misses))
