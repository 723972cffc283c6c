"""Hotspots (第二十七条, 第二十八条): counts by category × territory × time, with growth.

Growth is given against the previous period (环比), the same period a year earlier (同比)
and a seasonal baseline: the mean of the same period in earlier years that have data at
all (so a store that starts in 2024 is not compared with empty 2022 and 2023).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.periods import Period

DIMENSIONS = ("category", "subcategory", "county", "township", "channel", "unit_name")


_PREFIXES = ("山东省", "菏泽市")


def normal_name(text: str | None) -> str:
    """A category or place as one hotspot: width-folded (NFKC), without spaces, without
    the province/city prefix before a county (``菏泽市 牡丹区`` = ``牡丹区``); ``未注明``
    when empty. Two spellings of one place never make two rows."""
    t = "".join(unicodedata.normalize("NFKC", text or "").split())
    for prefix in _PREFIXES:
        rest = t.removeprefix(prefix)
        if rest != t and rest.endswith(("区", "县", "市")):
            t = rest
    return t if t and t not in ("未分类", "未注明") else "未注明"


def normal_key(key: Sequence[str]) -> tuple[str, ...]:
    """:func:`normal_name` of each part of a hotspot key."""
    return tuple(normal_name(part) for part in key)


def merged(counts: Counter[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """``counts`` with keys that name the same hotspot added together."""
    out: Counter[tuple[str, ...]] = Counter()
    for key, n in counts.items():
        out[normal_key(key)] += n
    return out


def _key(a: AppealFacts, dims: Sequence[str]) -> tuple[str, ...]:
    return normal_key([getattr(a, d) or "" for d in dims])


def _check_dims(dims: Sequence[str]) -> None:
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or not dims:
        raise ConfigurationError(f"unknown hotspot dimension(s) {bad}; use {DIMENSIONS}")


def counts(
    appeals: Iterable[AppealFacts], period: Period, dims: Sequence[str]
) -> Counter[tuple[str, ...]]:
    """Appeals per key within ``period``."""
    _check_dims(dims)
    return Counter(_key(a, dims) for a in appeals if period.contains(a.created_at))


def growth(current: float, reference: float | None) -> float | None:
    """``current / reference - 1``; ``None`` when there is nothing to compare with."""
    if reference is None or reference <= 0:
        return None
    return current / reference - 1.0


@dataclass(frozen=True)
class HotspotRow:
    """One key's figures: count now, previous period, a year earlier, seasonal baseline."""

    key: tuple[str, ...]
    count: int
    previous: int
    last_year: int
    baseline: float | None

    @property
    def growth_previous(self) -> float | None:
        """环比 growth."""
        return growth(self.count, self.previous)

    @property
    def growth_last_year(self) -> float | None:
        """同比 growth."""
        return growth(self.count, self.last_year)

    @property
    def vs_baseline(self) -> float | None:
        """Growth against the seasonal baseline."""
        return growth(self.count, self.baseline)


def hotspots(
    appeals: Iterable[AppealFacts],
    period: Period,
    dims: Sequence[str] = ("category", "county"),
    *,
    baseline_years: int = 3,
    top: int | None = None,
) -> list[HotspotRow]:
    """Keys of ``period`` sorted by count (desc), each with its comparisons."""
    items = list(appeals)
    earlier = [period.shift_years(-y) for y in range(1, baseline_years + 1)]
    return hotspot_rows(
        counts(items, period, dims),
        counts(items, period.previous(), dims),
        [counts(items, p, dims) for p in earlier],
        top=top,
    )


def hotspot_rows(
    current: Counter[tuple[str, ...]],
    previous: Counter[tuple[str, ...]],
    per_year: Sequence[Counter[tuple[str, ...]]],
    *,
    top: int | None = None,
) -> list[HotspotRow]:
    """Rows from counts already made (e.g. by SQL): ``per_year[0]`` is a year earlier.

    Years without any appeal are left out of the baseline. Keys are normalised first
    (:func:`merged`): one row per hotspot however its name was written.
    """
    current, previous = merged(current), merged(previous)
    per_year = [merged(c) for c in per_year]
    with_data = [c for c in per_year if c]
    rows = []
    for key, n in current.items():
        baseline = sum(c[key] for c in with_data) / len(with_data) if with_data else None
        rows.append(
            HotspotRow(
                key=key,
                count=n,
                previous=previous[key],
                last_year=per_year[0][key] if per_year else 0,
                baseline=baseline,
            )
        )
    rows.sort(key=lambda r: (-r.count, r.key))
    return rows[:top] if top is not None else rows


@dataclass(frozen=True)
class HotspotRule:
    """When a hotspot raises a warning (第二十七条): the same thresholds as the 24-hour
    spike rule (``early_warning.spike_min_count`` and ``spike_ratio``), applied to the
    period: at least ``min_count`` appeals and at least ``ratio`` times the reference,
    which is the seasonal baseline, or the previous period when earlier years have no
    data. A key that had nothing before and reaches ``min_count`` is new, and warned."""

    min_count: int = 10
    ratio: float = 2.0

    def reference(self, row: HotspotRow) -> float:
        """What the count is compared with."""
        return row.baseline if row.baseline is not None else float(row.previous)

    def crossed(self, row: HotspotRow) -> bool:
        """True when ``row`` crosses the rule."""
        return row.count >= self.min_count and row.count >= self.ratio * self.reference(row)

    def describe_zh(self) -> str:
        """The rule as the page states it."""
        return (
            f"热点预警规则：本期某一类别在某一县区的诉求量不少于{self.min_count}件，且达到参照值"
            f"（往年同期平均值；无往年数据时为上期）的{self.ratio:g}倍及以上。"
        )
