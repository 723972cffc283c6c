"""The appeal counts of one period that the public report shows (channel, category,
county × category, per day), from loaded snapshots or counted in SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.periods import Period
from casebridge.sla import local_day

UNSET = "未注明"
UNCATEGORIZED = "未分类"


@dataclass(frozen=True)
class AppealCounts:
    """How many appeals a period had, and how they divide."""

    total: int
    with_order: int  # became work orders (the rest were answered or closed directly)
    by_channel: Counter[str]
    by_category: Counter[str]
    by_county_category: Counter[tuple[str, str]]
    daily: list[int]  # per local (Asia/Shanghai) day of the period

    @classmethod
    def from_facts(cls, appeals: Iterable[AppealFacts], period: Period) -> AppealCounts:
        """Count the snapshots that fall in ``period``."""
        days = {d: i for i, d in enumerate(period.local_days())}
        daily = [0] * len(days)
        items = [a for a in appeals if period.contains(a.created_at)]
        for a in items:
            daily[days[local_day(a.created_at)]] += 1
        return cls(
            total=len(items),
            with_order=sum(1 for a in items if a.state),
            by_channel=Counter(a.channel for a in items),
            by_category=Counter(a.category or UNCATEGORIZED for a in items),
            by_county_category=Counter(
                (a.county or UNSET, a.category or UNCATEGORIZED) for a in items
            ),
            daily=daily,
        )
