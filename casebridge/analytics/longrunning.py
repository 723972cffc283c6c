"""Long-running, hard issues for special study (第二十五条, 第二十六条).

A matter is a near-duplicate cluster when one is known, else the same second-level
category in the same township. It is listed when it keeps coming back over a long span,
when its orders are reopened again and again, or when an order stays open very long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from casebridge.analytics.facts import AppealFacts

CLOSED_STATES = frozenset({"closed", "terminated", "merged", ""})


@dataclass(frozen=True)
class Matter:
    """A matter's figures: where, what, how many appeals from how many citizens, how
    often reopened, the first and last appeal, the orders still open."""

    key: str
    category: str
    subcategory: str
    county: str
    township: str
    appeals: int
    citizens: int
    reopens: int
    first_at: datetime
    last_at: datetime
    open_orders: int


@dataclass(frozen=True)
class MatterStats(Matter):
    """One matter's figures (from snapshots, or grouped in SQL by
    :func:`casebridge.analytics.queries.matter_stats`)."""

    oldest_open_at: datetime | None


@dataclass(frozen=True)
class HardIssue(Matter):
    """A matter to study: its figures and why it is listed."""

    reasons_zh: tuple[str, ...]

    @classmethod
    def of(cls, matter: Matter, reasons_zh: tuple[str, ...]) -> HardIssue:
        """``matter`` (its :class:`Matter` figures only) listed for ``reasons_zh``."""
        figures: dict[str, Any] = {f.name: getattr(matter, f.name) for f in fields(Matter)}
        return cls(**figures, reasons_zh=reasons_zh)


def _matter(a: AppealFacts) -> str:
    if a.cluster_id:
        return f"cluster:{a.cluster_id}"
    return f"area:{a.county}:{a.township}:{a.category}:{a.subcategory}"


def matter_stats(appeals: Iterable[AppealFacts], now: datetime) -> list[MatterStats]:
    """Group snapshots (created by ``now``) into matters."""
    groups: dict[str, list[AppealFacts]] = defaultdict(list)
    for a in appeals:
        if a.created_at <= now:
            groups[_matter(a)].append(a)
    out = []
    for key, items in groups.items():
        items.sort(key=lambda a: a.created_at)
        head = items[0]
        open_items = [a for a in items if a.state not in CLOSED_STATES]
        out.append(
            MatterStats(
                key=key,
                category=head.category,
                subcategory=head.subcategory,
                county=head.county,
                township=head.township,
                appeals=len(items),
                citizens=len({a.citizen_key or a.number for a in items}),
                reopens=sum(a.reopen_count for a in items),
                first_at=head.created_at,
                last_at=items[-1].created_at,
                open_orders=len(open_items),
                oldest_open_at=open_items[0].created_at if open_items else None,
            )
        )
    return out


@dataclass(frozen=True)
class StudyRules:
    """When a matter is listed (the module text): ``min_appeals`` appeals over at least
    ``min_span``, ``min_reopens`` reopens, or an order open ``max_open`` or longer."""

    min_span: timedelta = timedelta(days=60)
    min_appeals: int = 3
    min_reopens: int = 2
    max_open: timedelta = timedelta(days=90)


STUDY = StudyRules()


def hard_issues(
    appeals: Iterable[AppealFacts], now: datetime, rules: StudyRules = STUDY
) -> list[HardIssue]:
    """Matters that qualify, the biggest first."""
    return select_hard_issues(matter_stats(appeals, now), now, rules)


def select_hard_issues(
    stats: Iterable[MatterStats], now: datetime, rules: StudyRules = STUDY
) -> list[HardIssue]:
    """The matters of ``stats`` that qualify (the rule of the module text)."""
    out = []
    for m in stats:
        reasons = []
        span = m.last_at - m.first_at
        if m.appeals >= rules.min_appeals and span >= rules.min_span:
            reasons.append(f"{span.days}天内反复反映{m.appeals}次")
        if m.reopens >= rules.min_reopens:
            reasons.append(f"重办{m.reopens}次")
        if m.oldest_open_at is not None and now - m.oldest_open_at >= rules.max_open:
            reasons.append(f"有工单超过{rules.max_open.days}天未办结")
        if not reasons:
            continue
        out.append(HardIssue.of(m, tuple(reasons)))
    out.sort(key=lambda h: (-h.appeals, -h.reopens, h.key))
    return out
