"""Long-running, hard issues for special study (第二十五条, 第二十六条).

A matter is a near-duplicate cluster when one is known, else the same second-level
category in the same township. It is listed when it keeps coming back over a long span,
when its orders are reopened again and again, or when an order stays open very long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from casebridge.analytics.facts import AppealFacts

CLOSED_STATES = frozenset({"closed", "terminated", "merged", ""})


@dataclass(frozen=True)
class HardIssue:
    """A matter to study: where, what, how many, since when, and why it is listed."""

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
    reasons_zh: tuple[str, ...]
    numbers: tuple[str, ...]


def _matter(a: AppealFacts) -> str:
    if a.cluster_id:
        return f"cluster:{a.cluster_id}"
    return f"area:{a.county}:{a.township}:{a.category}:{a.subcategory}"


def hard_issues(
    appeals: Iterable[AppealFacts],
    now: datetime,
    *,
    min_span: timedelta = timedelta(days=60),
    min_appeals: int = 3,
    min_reopens: int = 2,
    max_open: timedelta = timedelta(days=90),
) -> list[HardIssue]:
    """Matters that qualify, the biggest first."""
    groups: dict[str, list[AppealFacts]] = defaultdict(list)
    for a in appeals:
        if a.created_at <= now:
            groups[_matter(a)].append(a)
    out = []
    for key, items in groups.items():
        items.sort(key=lambda a: a.created_at)
        first, last = items[0].created_at, items[-1].created_at
        reopens = sum(a.reopen_count for a in items)
        open_items = [a for a in items if a.state not in CLOSED_STATES]
        reasons = []
        if len(items) >= min_appeals and last - first >= min_span:
            reasons.append(f"{(last - first).days}天内反复反映{len(items)}次")
        if reopens >= min_reopens:
            reasons.append(f"重办{reopens}次")
        if any(now - a.created_at >= max_open for a in open_items):
            reasons.append(f"有工单超过{max_open.days}天未办结")
        if not reasons:
            continue
        head = items[0]
        out.append(
            HardIssue(
                key=key,
                category=head.category,
                subcategory=head.subcategory,
                county=head.county,
                township=head.township,
                appeals=len(items),
                citizens=len({a.citizen_key or a.number for a in items}),
                reopens=reopens,
                first_at=first,
                last_at=last,
                open_orders=len(open_items),
                reasons_zh=tuple(reasons),
                numbers=tuple(a.number for a in items),
            )
        )
    out.sort(key=lambda h: (-h.appeals, -h.reopens, h.key))
    return out
