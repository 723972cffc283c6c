"""Early-warning rules (第二十七条 风险预警): spikes, fast-growing clusters, keyword surges.

Each rule compares the latest window (``now - window`` to ``now``) with the
``history`` windows just before it. Alerts carry a stable ``key`` (rule, subject and
window start) so a scheduler that runs the rules every few minutes raises each alert once.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AppealFacts

DEFAULT_KEYWORDS = (
    "群体", "集体", "上访", "讨薪", "欠薪", "中毒", "爆炸", "坍塌", "火灾", "跳楼",
    "自杀", "堵路", "聚集", "拉横幅", "疫情", "污染", "停水", "停电", "断供",
)  # fmt: skip


@dataclass(frozen=True)
class WarningRules:
    """Thresholds of the early-warning rules (a centre can change each one)."""

    window: timedelta = timedelta(days=1)
    history: int = 28  # how many earlier windows make the baseline
    spike_sigma: float = 3.0
    spike_ratio: float = 2.0
    spike_min_count: int = 10
    cluster_min_size: int = 5
    cluster_growth_ratio: float = 2.0
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    keyword_min_count: int = 3
    keyword_ratio: float = 3.0
    dims: tuple[str, ...] = ("category", "county")

    def __post_init__(self) -> None:
        if self.window <= timedelta(0) or self.history < 1:
            raise ConfigurationError("window must be positive and history at least 1")
        if min(self.spike_min_count, self.cluster_min_size, self.keyword_min_count) < 1:
            raise ConfigurationError("minimum counts must be at least 1")


@dataclass(frozen=True)
class Alert:
    """An early warning for the centre."""

    key: str
    rule: str  # spike | cluster | keyword
    subject: tuple[str, ...]
    count: int
    baseline: float
    window_start: datetime
    window_end: datetime
    title_zh: str
    numbers: tuple[str, ...] = field(default=())  # the appeals in the window


def _windows(now: datetime, rules: WarningRules) -> list[tuple[datetime, datetime]]:
    """Newest first: index 0 is the current window."""
    return [
        (now - (i + 1) * rules.window, now - i * rules.window) for i in range(rules.history + 1)
    ]


def _bucket(moment: datetime, now: datetime, rules: WarningRules) -> int | None:
    if moment >= now:
        return None
    i = int((now - moment) / rules.window)
    return i if i <= rules.history else None


def early_warnings(
    appeals: Iterable[AppealFacts], now: datetime, rules: WarningRules | None = None
) -> list[Alert]:
    """All alerts for the window ending at ``now`` (spikes, clusters, keyword surges)."""
    rules = rules or WarningRules()
    wins = _windows(now, rules)
    start, end = wins[0]
    by_key: dict[tuple[str, ...], list[int]] = {}
    by_cluster: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    numbers: dict[tuple[str, str], list[str]] = {}
    size = rules.history + 1
    for a in appeals:
        i = _bucket(a.created_at, now, rules)
        if i is None:
            continue
        key = tuple(getattr(a, d) or "未注明" for d in rules.dims)
        by_key.setdefault(key, [0] * size)[i] += 1
        if i == 0:
            numbers.setdefault(("spike", "|".join(key)), []).append(a.number)
        if a.cluster_id:
            by_cluster.setdefault(a.cluster_id, [0] * size)[i] += 1
            if i == 0:
                numbers.setdefault(("cluster", a.cluster_id), []).append(a.number)
        for word in {w for w in rules.keywords if w in a.text}:
            by_word.setdefault(word, [0] * size)[i] += 1
            if i == 0:
                numbers.setdefault(("keyword", word), []).append(a.number)
    alerts: list[Alert] = []

    def add(rule: str, subject: tuple[str, ...], count: int, base: float, title: str) -> None:
        nums = tuple(sorted(numbers.get((rule, "|".join(subject)), [])))
        alerts.append(
            Alert(
                key=f"ew:{rule}:{'|'.join(subject)}:{start.isoformat()}",
                rule=rule,
                subject=subject,
                count=count,
                baseline=round(base, 2),
                window_start=start,
                window_end=end,
                title_zh=title,
                numbers=nums,
            )
        )

    for key, series in sorted(by_key.items()):
        count, hist = series[0], series[1:]
        mean = statistics.fmean(hist)
        sd = statistics.pstdev(hist)
        if (
            count >= rules.spike_min_count
            and count >= mean + rules.spike_sigma * sd
            and count >= rules.spike_ratio * mean
        ):
            place = "、".join(reversed(key))
            add("spike", key, count, mean, f"{place}诉求量激增：本时段{count}件，基线{mean:.1f}件")
    for cid, series in sorted(by_cluster.items()):
        count, prev = series[0], series[1]
        if count >= rules.cluster_min_size and (
            prev == 0 or count >= rules.cluster_growth_ratio * prev
        ):
            new = "新出现" if sum(series[1:]) == 0 else "快速增长"
            add(
                "cluster",
                (cid,),
                count,
                float(prev),
                f"相似诉求{new}：本时段{count}件，上一时段{prev}件",
            )
    for word, series in sorted(by_word.items()):
        count, hist = series[0], series[1:]
        mean = statistics.fmean(hist)
        if count >= rules.keyword_min_count and count >= rules.keyword_ratio * mean:
            title = f"敏感词“{word}”激增：本时段{count}件，基线{mean:.1f}件"
            add("keyword", (word,), count, mean, title)
    return alerts
