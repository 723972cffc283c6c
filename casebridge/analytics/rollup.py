"""The daily roll-up: keep it current (:func:`refresh`), read periods from it.

A refresh recomputes only the local days that changed since the last one: days with
assignments of orders that have new events, callbacks, supervisions or assignments
(high-water marks on those append-only tables, re-read with a small overlap so a
transaction that committed late is not missed), days with new appeals, and days whose
figures change by time alone (``next_change_at``: a sign or reply deadline passed). The
first refresh, or one after the sign limits of the policy changed, rebuilds every day.
Each day's figures come from :func:`casebridge.analytics.load.load_assignments` and the
classifier of :mod:`casebridge.analytics.tally`, the same code as the drill-down, so the
roll-up and the orders behind a figure agree.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.analytics.counts import UNCATEGORIZED, UNSET, AppealCounts
from casebridge.analytics.facts import AssignmentFacts, Satisfaction
from casebridge.analytics.load import load_assignments
from casebridge.analytics.models import DailyAppealCount, DailyUnitFigures, RollupState
from casebridge.analytics.periods import Period, local_midnight_utc
from casebridge.analytics.tally import Metric, Rate, Tally, next_change, tally
from casebridge.models import Appeal, Assignment, Callback, OrderEvent, Supervision, Unit, WorkOrder
from casebridge.sla import local_day
from casebridge.supervision_policy import Policy

STATE = "daily"
OVERLAP = 200  # ids re-read below each high-water mark (transactions that commit late)
CHUNK_DAYS = 31


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh recomputed."""

    full: bool
    unit_days: int
    appeal_days: int
    seconds: float


def policy_fingerprint(policy: Policy) -> str:
    """The policy settings the figures depend on (the sign limits)."""
    a, b = policy.sign_within.total_seconds(), policy.sign_within_utility.total_seconds()
    return f"sign:{a:g}:{b:g}"


async def _marks(s: AsyncSession) -> dict[str, int]:
    out = {}
    for name, col in (
        ("appeal_id", Appeal.id),
        ("order_id", WorkOrder.id),
        ("event_id", OrderEvent.id),
        ("callback_id", Callback.id),
        ("supervision_id", Supervision.id),
        ("assignment_id", Assignment.id),
    ):
        out[name] = int((await s.execute(select(func.coalesce(func.max(col), 0)))).scalar_one())
    return out


async def _first_day(s: AsyncSession) -> date | None:
    firsts = [
        (await s.execute(select(func.min(Assignment.assigned_at)))).scalar_one(),
        (await s.execute(select(func.min(Appeal.created_at)))).scalar_one(),
    ]
    moments = [m for m in firsts if m is not None]
    return local_day(min(moments)) if moments else None


def _days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


async def _dirty(
    s: AsyncSession, st: RollupState, now: datetime, overlap: int
) -> tuple[set[date], set[date]]:
    """The unit days and appeal days to recompute since ``st`` (each read is an index
    range: ids above a mark, or the rows of the orders found)."""
    changed: set[int] = set()
    for q in (
        select(OrderEvent.order_id).where(OrderEvent.id > st.event_id - overlap),
        select(Callback.order_id).where(Callback.id > st.callback_id - overlap),
        select(Supervision.order_id).where(
            Supervision.id > st.supervision_id - overlap, Supervision.order_id.is_not(None)
        ),
        select(WorkOrder.id).where(WorkOrder.id > st.order_id - overlap),
        select(Assignment.order_id).where(Assignment.id > st.assignment_id - overlap),
    ):
        changed.update(int(i) for (i,) in await s.execute(q) if i is not None)
    unit_days: set[date] = set()
    appeal_ids: set[int] = set()
    ordered = sorted(changed)
    for chunk in (ordered[i : i + 5000] for i in range(0, len(ordered), 5000)):
        moments = await s.execute(
            select(Assignment.assigned_at).where(Assignment.order_id.in_(chunk))
        )
        unit_days.update(local_day(m) for (m,) in moments)
        appeal_ids.update(
            (await s.execute(select(WorkOrder.appeal_id).where(WorkOrder.id.in_(chunk))))
            .scalars()
            .all()
        )
    due = await s.execute(
        select(DailyUnitFigures.day)
        .where(DailyUnitFigures.next_change_at <= now)
        .group_by(DailyUnitFigures.day)
    )
    unit_days.update(d for (d,) in due)
    appeal_days: set[date] = set()
    fresh = await s.execute(select(Appeal.created_at).where(Appeal.id > st.appeal_id - overlap))
    appeal_days.update(local_day(m) for (m,) in fresh)
    ids = sorted(appeal_ids)
    for chunk in (ids[i : i + 5000] for i in range(0, len(ids), 5000)):
        rows = await s.execute(select(Appeal.created_at).where(Appeal.id.in_(chunk)))
        appeal_days.update(local_day(m) for (m,) in rows)
    return unit_days, appeal_days


def _ranges(days: Iterable[date], longest: int = CHUNK_DAYS) -> list[tuple[date, date]]:
    """Contiguous runs of days as inclusive ``(first, last)``, each at most ``longest``."""
    out: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if out and d - out[-1][1] == timedelta(days=1) and (d - out[-1][0]).days < longest:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def _unit_row(
    day: date, unit_id: int, items: list[AssignmentFacts], now: datetime
) -> dict[str, Any]:
    t = tally(items, now, basic=False)
    basic = sum(1 for a in items if a.role == "lead" and a.satisfaction is Satisfaction.BASIC)
    changes = [m for m in (next_change(a, now) for a in items) if m is not None]
    row: dict[str, Any] = {
        "day": day,
        "unit_id": unit_id,
        "orders": t.orders,
        "lead_orders": t.lead_orders,
        "satisfaction_basic": basic,
        "returns": t.returns,
        "returns_rejected": t.returns_rejected,
        "reopens": t.reopens,
        "supervisions": t.supervisions,
        "next_change_at": min(changes) if changes else None,
        "computed_at": now,
    }
    for m in Metric:
        row[f"{m.value}_hits"] = t.rates[m].hits
        row[f"{m.value}_counted"] = t.rates[m].counted
    return row


def _unit_rows(facts: list[AssignmentFacts], now: datetime) -> list[dict[str, Any]]:
    groups: dict[tuple[date, int], list[AssignmentFacts]] = defaultdict(list)
    for a in facts:
        groups[(local_day(a.dispatched_at), int(a.unit_id))].append(a)
    return [_unit_row(d, uid, items, now) for (d, uid), items in groups.items()]


async def _units_range(
    sessions: async_sessionmaker[AsyncSession],
    first: date,
    last: date,
    now: datetime,
    policy: Policy,
) -> int:
    start, end = local_midnight_utc(first), local_midnight_utc(last + timedelta(days=1))
    async with sessions() as s:
        facts = await load_assignments(s, start, end, policy)
    rows = await asyncio.to_thread(_unit_rows, facts, now)  # CPU work off the event loop
    return await _replace_days(sessions, DailyUnitFigures, first, last, rows)


async def _replace_days(
    sessions: async_sessionmaker[AsyncSession],
    table: type[DailyUnitFigures] | type[DailyAppealCount],
    first: date,
    last: date,
    rows: list[dict[str, Any]],
) -> int:
    """Replace ``table``'s rows of the days ``first``..``last`` by ``rows`` (one
    transaction); the number of days."""
    async with sessions() as s, s.begin():
        await s.execute(delete(table).where(table.day >= first, table.day <= last))
        if rows:
            await s.execute(insert(table), rows)
    return (last - first).days + 1


async def _appeals_range(
    sessions: async_sessionmaker[AsyncSession], first: date, last: date
) -> int:
    start, end = local_midnight_utc(first), local_midnight_utc(last + timedelta(days=1))
    category = func.coalesce(WorkOrder.category_level1, Appeal.category_level1, "")
    q = (
        select(
            Appeal.created_at,
            Appeal.channel,
            category.label("category"),
            func.coalesce(Appeal.county, "").label("county"),
            WorkOrder.id.label("order_id"),
        )
        .outerjoin(WorkOrder, WorkOrder.appeal_id == Appeal.id)
        .where(Appeal.created_at >= start, Appeal.created_at < end)
    )
    appeals: Counter[tuple[date, str, str, str]] = Counter()
    orders: Counter[tuple[date, str, str, str]] = Counter()
    async with sessions() as s:
        for r in await s.execute(q):
            key = (local_day(r.created_at), r.channel or "", r.category or "", r.county or "")
            appeals[key] += 1
            orders[key] += r.order_id is not None
    rows = [
        {"day": k[0], "channel": k[1], "category": k[2], "county": k[3], "appeals": n,
         "orders": orders[k]}
        for k, n in appeals.items()
    ]  # fmt: skip
    return await _replace_days(sessions, DailyAppealCount, first, last, rows)


async def refresh(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    policy: Policy | None = None,
    *,
    full: bool = False,
    overlap: int = OVERLAP,
) -> RefreshResult:
    """Bring the roll-up up to date as of ``now`` (see the module text)."""
    started = time.perf_counter()
    policy = policy or Policy()
    fingerprint = policy_fingerprint(policy)
    async with sessions() as s:
        marks = await _marks(s)
        st = await s.get(RollupState, STATE)
        rebuild = full or st is None or st.policy != fingerprint
        if rebuild:
            first = await _first_day(s)
            last = local_day(now)
            days = set(_days_between(first, max(first, last))) if first else set()
            unit_days, appeal_days = days, days
        else:
            assert st is not None
            unit_days, appeal_days = await _dirty(s, st, now, overlap)
    n_units = n_appeals = 0
    if rebuild:  # rows of days no longer in the data (a wiped store) must go too
        async with sessions() as s, s.begin():
            await s.execute(delete(DailyUnitFigures))
            await s.execute(delete(DailyAppealCount))
    for first, last in _ranges(unit_days):
        n_units += await _units_range(sessions, first, last, now, policy)
    for first, last in _ranges(appeal_days):
        n_appeals += await _appeals_range(sessions, first, last)
    async with sessions() as s, s.begin():
        row = await s.get(RollupState, STATE)
        if row is None:
            row = RollupState(name=STATE, policy=fingerprint, refreshed_at=now, **marks)
            s.add(row)
        else:
            row.policy = fingerprint
            row.refreshed_at = now
            for key, value in marks.items():
                setattr(row, key, value)
    return RefreshResult(rebuild, n_units, n_appeals, time.perf_counter() - started)


async def refreshed_at(session: AsyncSession) -> datetime | None:
    """When the roll-up was last brought up to date (``None``: never built)."""
    st = await session.get(RollupState, STATE)
    return st.refreshed_at if st is not None else None


# -- reading ------------------------------------------------------------------------
_SUMS = (
    "orders", "lead_orders", "response_hits", "response_counted", "on_time_hits",
    "on_time_counted", "resolution_hits", "resolution_counted", "satisfaction_hits",
    "satisfaction_basic", "satisfaction_counted", "returns", "returns_rejected", "reopens",
    "supervisions",
)  # fmt: skip


def _tally_of(r: Any, basic: bool) -> Tally:
    rates = {
        m: Rate(int(getattr(r, f"{m.value}_hits")), int(getattr(r, f"{m.value}_counted")))
        for m in Metric
    }
    if basic:
        sat = rates[Metric.SATISFACTION]
        rates[Metric.SATISFACTION] = Rate(sat.hits + int(r.satisfaction_basic), sat.counted)
    return Tally(
        orders=int(r.orders),
        lead_orders=int(r.lead_orders),
        rates=rates,
        returns=int(r.returns),
        returns_rejected=int(r.returns_rejected),
        reopens=int(r.reopens),
        supervisions=int(r.supervisions),
    )


async def unit_tallies(
    session: AsyncSession, period: Period, *, basic: bool = True
) -> dict[str, tuple[str, Tally]]:
    """Each unit with orders in ``period``: ``unit_id -> (name, tally)`` (names of
    units deactivated since are kept)."""
    cols = [func.sum(getattr(DailyUnitFigures, c)).label(c) for c in _SUMS]
    q = (
        select(DailyUnitFigures.unit_id, Unit.name, *cols)
        .join(Unit, Unit.id == DailyUnitFigures.unit_id)
        .where(DailyUnitFigures.day >= period.start, DailyUnitFigures.day < period.end)
        .group_by(DailyUnitFigures.unit_id, Unit.name)
    )
    return {str(r.unit_id): (r.name, _tally_of(r, basic)) for r in await session.execute(q)}


async def appeal_counts(session: AsyncSession, period: Period) -> AppealCounts:
    """The period's appeal counts from the daily rows (three small grouped reads)."""
    in_period = (DailyAppealCount.day >= period.start, DailyAppealCount.day < period.end)
    n = func.sum(DailyAppealCount.appeals).label("n")
    days = {d: i for i, d in enumerate(period.local_days())}
    daily = [0] * len(days)
    with_order = 0
    per_day = select(DailyAppealCount.day, n, func.sum(DailyAppealCount.orders).label("o"))
    for r in await session.execute(per_day.where(*in_period).group_by(DailyAppealCount.day)):
        daily[days[r.day]] += int(r.n)
        with_order += int(r.o)
    by_channel: Counter[str] = Counter()
    per_channel = select(DailyAppealCount.channel, n).where(*in_period)
    for c in await session.execute(per_channel.group_by(DailyAppealCount.channel)):
        by_channel[c.channel] += int(c.n)
    by_category: Counter[str] = Counter()
    by_county_category: Counter[tuple[str, str]] = Counter()
    cells = select(DailyAppealCount.county, DailyAppealCount.category, n).where(*in_period)
    grouped = cells.group_by(DailyAppealCount.county, DailyAppealCount.category)
    for cell in await session.execute(grouped):
        category = cell.category or UNCATEGORIZED
        by_category[category] += int(cell.n)
        by_county_category[(cell.county or UNSET, category)] += int(cell.n)
    return AppealCounts(
        total=sum(daily),
        with_order=with_order,
        by_channel=by_channel,
        by_category=by_category,
        by_county_category=by_county_category,
        daily=daily,
    )


async def category_county(session: AsyncSession, period: Period) -> Counter[tuple[str, ...]]:
    """Appeals per (category, county) of ``period`` (hotspots and their baselines)."""
    q = (
        select(
            DailyAppealCount.category,
            DailyAppealCount.county,
            func.sum(DailyAppealCount.appeals).label("n"),
        )
        .where(DailyAppealCount.day >= period.start, DailyAppealCount.day < period.end)
        .group_by(DailyAppealCount.category, DailyAppealCount.county)
    )
    out: Counter[tuple[str, ...]] = Counter()
    for r in await session.execute(q):
        out[(r.category or UNSET, r.county or UNSET)] += int(r.n)
    return out


async def monthly_totals(session: AsyncSession, months: Sequence[Period]) -> list[tuple[str, int]]:
    """Appeals per month (one grouped read over the months' days)."""
    if not months:
        return []
    q = (
        select(DailyAppealCount.day, func.sum(DailyAppealCount.appeals).label("n"))
        .where(DailyAppealCount.day >= months[0].start, DailyAppealCount.day < months[-1].end)
        .group_by(DailyAppealCount.day)
    )
    per_day = {r.day: int(r.n) for r in await session.execute(q)}
    return [(m.label, sum(n for d, n in per_day.items() if m.start <= d < m.end)) for m in months]


async def total(session: AsyncSession, period: Period) -> int:
    """Appeals of ``period``."""
    q = select(func.coalesce(func.sum(DailyAppealCount.appeals), 0)).where(
        DailyAppealCount.day >= period.start, DailyAppealCount.day < period.end
    )
    return int((await session.execute(q)).scalar_one())
