"""Case-store reads the gateway needs for analytics, so that it reads case-store tables
only through casebridge functions (issue 10): early warnings of a period, knowledge-base
entries for supervision (第十八条, 第二十二条(四)), and the matters behind long-running
issues (第二十五条), grouped in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.analytics.load import ANONYMOUS_SENDERS, CLUSTER
from casebridge.analytics.longrunning import (
    CLOSED_STATES,
    HardIssue,
    MatterStats,
    select_hard_issues,
)
from casebridge.analytics.models import EarlyWarning
from casebridge.analytics.periods import Period, local_midnight_utc
from casebridge.models import Appeal, Unit, WorkOrder
from casebridge.privacy import mask_name, mask_numbers
from casebridge.supervision_rules import KnowledgeSnapshot

# "one citizen" in SQL as citizen_key gives it in Python: channel and sender, and an
# appeal whose sender names nobody (ANONYMOUS_SENDERS) is its own citizen
_CITIZEN = case(
    (Appeal.sender.in_(ANONYMOUS_SENDERS), "appeal:" + cast(Appeal.id, String)),
    else_=Appeal.channel + ":" + Appeal.sender,
)


@dataclass(frozen=True)
class WarningRow:
    """An early warning as the dashboard lists it."""

    rule: str
    title: str
    count: int
    baseline: float
    window_end: datetime


async def warnings_in(session: AsyncSession, period: Period, limit: int = 20) -> list[WarningRow]:
    """Alerts whose window ended within ``period``, newest first."""
    q = (
        select(EarlyWarning)
        .where(
            EarlyWarning.window_end > period.start_utc,
            EarlyWarning.window_end <= period.end_utc,
        )
        .order_by(EarlyWarning.window_end.desc(), EarlyWarning.id.desc())
        .limit(limit)
    )
    return [
        WarningRow(w.rule, w.title, w.count, w.baseline, w.window_end)
        for w in (await session.execute(q)).scalars()
    ]


@dataclass(frozen=True)
class KnowledgeEntryRef:
    """The latest live version of a knowledge-base entry, as the gateway's knowledge
    base hands it over (``gateway.kb.store.live_entries``: the gateway owns that table)."""

    entry_id: str
    title: str
    source_unit: str  # a unit's name or code
    review_date: date | None
    updated_at: datetime


async def knowledge_snapshots(
    session: AsyncSession, entries: Iterable[KnowledgeEntryRef], centre: str = "default"
) -> list[KnowledgeSnapshot]:
    """The supervision view of ``entries``, each with its unit (第十八条).

    Entries name their unit by name or code; an entry whose unit is not a known unit
    cannot be supervised and is left out.
    """
    units: dict[str, tuple[int, str]] = {}
    for u in await session.execute(select(Unit.id, Unit.code, Unit.name)):
        units[u.code] = units[u.name] = (u.id, u.name)
    out = []
    for r in entries:
        unit = units.get(r.source_unit)
        if unit is None:
            continue
        review = r.review_date
        out.append(
            KnowledgeSnapshot(
                entry_id=r.entry_id,
                unit_id=str(unit[0]),
                unit_name=unit[1],
                title=r.title,
                updated_at=r.updated_at,
                # due at the end of the review day, Heze time
                review_due_at=local_midnight_utc(review + timedelta(days=1)) if review else None,
                centre=centre,
            )
        )
    return out


async def hard_issues(
    session: AsyncSession, start: datetime, end: datetime, now: datetime, top: int = 20
) -> list[HardIssue]:
    """The long-running issues among the appeals of ``[start, end)``: the matters are
    grouped in SQL, the rule applied, and the distinct citizens counted for the ``top``
    matters only (a distinct count over every group is the slow part)."""
    stats = await matter_stats(session, start, end, citizens=False)
    chosen = select_hard_issues(stats, now)[:top]
    if not chosen:
        return chosen
    counted = await _citizens(session, start, end, [h.key for h in chosen])
    return [replace(h, citizens=counted.get(h.key, h.citizens)) for h in chosen]


async def _citizens(
    session: AsyncSession, start: datetime, end: datetime, keys: list[str]
) -> dict[str, int]:
    category = func.coalesce(WorkOrder.category_level1, Appeal.category_level1, "")
    subcategory = func.coalesce(WorkOrder.category_level2, Appeal.category_level2, "")
    county = func.coalesce(Appeal.county, "")
    township = func.coalesce(Appeal.township, "")
    who = func.count(func.distinct(_CITIZEN)).label("n")
    base = (
        select()
        .select_from(Appeal)
        .outerjoin(WorkOrder, WorkOrder.appeal_id == Appeal.id)
        .where(Appeal.created_at >= start, Appeal.created_at < end)
    )
    areas = [tuple(k.split(":", 4)[1:]) for k in keys if k.startswith("area:")]
    clusters = [k.split(":", 1)[1] for k in keys if k.startswith("cluster:")]
    out: dict[str, int] = {}
    if areas:
        q = (
            base.add_columns(county, township, category, subcategory, who)
            .where(func.coalesce(CLUSTER, "") == "")
            .where(tuple_(county, township, category, subcategory).in_(areas))
            .group_by(county, township, category, subcategory)
        )
        for r in await session.execute(q):
            out[f"area:{r[0]}:{r[1]}:{r[2]}:{r[3]}"] = int(r.n)
    if clusters:
        q = base.add_columns(CLUSTER.label("c"), who).where(CLUSTER.in_(clusters))
        for r in await session.execute(q.group_by(CLUSTER)):
            out[f"cluster:{r.c}"] = int(r.n)
    return out


async def matter_stats(
    session: AsyncSession, start: datetime, end: datetime, *, citizens: bool = True
) -> list[MatterStats]:
    """Appeals of ``[start, end)`` grouped into matters in SQL (near-duplicate cluster when
    known, else county × township × category × subcategory), with the figures the
    long-running rule needs (:func:`casebridge.analytics.longrunning.select_hard_issues`);
    ``citizens=False`` leaves the distinct citizens out (0)."""
    category = func.coalesce(WorkOrder.category_level1, Appeal.category_level1, "")
    subcategory = func.coalesce(WorkOrder.category_level2, Appeal.category_level2, "")
    county = func.coalesce(Appeal.county, "")
    township = func.coalesce(Appeal.township, "")
    is_open = and_(WorkOrder.id.is_not(None), WorkOrder.state.not_in(sorted(CLOSED_STATES - {""})))
    figures: list[Any] = [
        func.count().label("appeals"),
        (func.count(func.distinct(_CITIZEN)) if citizens else literal(0)).label("citizens"),
        func.coalesce(func.sum(WorkOrder.reopen_count), 0).label("reopens"),
        func.min(Appeal.created_at).label("first_at"),
        func.max(Appeal.created_at).label("last_at"),
        func.sum(case((is_open, 1), else_=0)).label("open_orders"),
        func.min(case((is_open, Appeal.created_at))).label("oldest_open_at"),
    ]
    base = (
        select()
        .select_from(Appeal)
        .outerjoin(WorkOrder, WorkOrder.appeal_id == Appeal.id)
        .where(Appeal.created_at >= start, Appeal.created_at < end)
    )
    cluster = CLUSTER
    by_area = base.add_columns(county, township, category, subcategory, *figures).where(
        func.coalesce(cluster, "") == ""
    )
    by_area = by_area.group_by(county, township, category, subcategory)
    by_cluster = base.add_columns(
        cluster.label("cluster"),
        func.min(county),
        func.min(township),
        func.min(category),
        func.min(subcategory),
        *figures,
    ).where(func.coalesce(cluster, "") != "")
    by_cluster = by_cluster.group_by(cluster)
    out = []
    for r in await session.execute(by_area):
        out.append(_stats(f"area:{r[0]}:{r[1]}:{r[2]}:{r[3]}", r[0], r[1], r[2], r[3], r))
    for r in await session.execute(by_cluster):
        out.append(_stats(f"cluster:{r[0]}", r[1], r[2], r[3], r[4], r))
    return out


def _stats(key: str, county: str, township: str, cat: str, sub: str, r: Any) -> MatterStats:
    return MatterStats(
        key=key,
        category=cat or "",
        subcategory=sub or "",
        county=county or "",
        township=township or "",
        appeals=int(r.appeals),
        citizens=int(r.citizens),
        reopens=int(r.reopens or 0),
        first_at=r.first_at,
        last_at=r.last_at,
        open_orders=int(r.open_orders or 0),
        oldest_open_at=r.oldest_open_at,
    )


@dataclass(frozen=True)
class DrillOrder:
    """One order behind a figure, as a supervisor checking the figure sees it: what the
    matter is and where, never who (the summary masked by :func:`mask_numbers`, the
    contact's name reduced to its first character)."""

    number: str
    category: str
    county: str
    dispatched_at: datetime
    state: str
    summary: str  # the appeal's text, masked and cut to ``SUMMARY_CHARS``
    contact: str  # ``张**`` or ``匿名``


SUMMARY_CHARS = 60


async def drill_orders(session: AsyncSession, numbers: Sequence[str]) -> dict[str, DrillOrder]:
    """The orders ``numbers`` (one page of a drill-down), by number."""
    if not numbers:
        return {}
    q = (
        select(
            WorkOrder.number,
            WorkOrder.category_level1,
            WorkOrder.category_level2,
            WorkOrder.county,
            WorkOrder.dispatched_at,
            WorkOrder.state,
            Appeal.text,
            Appeal.contact_name,
            Appeal.anonymous,
        )
        .join(Appeal, Appeal.id == WorkOrder.appeal_id)
        .where(WorkOrder.number.in_(list(numbers)))
    )
    out: dict[str, DrillOrder] = {}
    for r in await session.execute(q):
        text = mask_numbers(" ".join((r.text or "").split()))
        if len(text) > SUMMARY_CHARS:
            text = text[: SUMMARY_CHARS - 1] + "…"
        out[r.number] = DrillOrder(
            number=r.number,
            category="/".join(c for c in (r.category_level1, r.category_level2) if c) or "未分类",
            county=r.county or "未注明",
            dispatched_at=r.dispatched_at,
            state=r.state,
            summary=text,
            contact=("匿名" if r.anonymous else mask_name(r.contact_name)) or "未留姓名",
        )
    return out
