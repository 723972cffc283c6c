"""Read analytics snapshots from the case store (async SQLAlchemy, SQLite or PostgreSQL).

Queries select only the rows of the asked period (indexed on the period columns) and
only the columns the analytics need; no personal data leaves this module except the
appeal text, loaded only for keyword rules and never shown. The orders as the 督办
rules see them: :mod:`casebridge.analytics.snapshots`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Subquery, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from casebridge import lifecycle
from casebridge.analytics.counts import UNCATEGORIZED, UNSET, AppealCounts
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, Satisfaction, UnitRef
from casebridge.analytics.periods import Period
from casebridge.intake import ANONYMOUS_SENDER
from casebridge.models import (
    Appeal,
    Assignment,
    Callback,
    OrderEvent,
    Supervision,
    Unit,
    WorkOrder,
)
from casebridge.sla import local_day
from casebridge.supervision_policy import Policy

# the near-duplicate group the NLU side may put in the appeal's extra data; read as one
# JSON field in SQL rather than decoding every row's whole document
CLUSTER = Appeal.extra["cluster_id"].as_string()


# what Open311 wrote for anonymous requests before ANONYMOUS_SENDER: the hash of "anonymous"
_OLD_ANONYMOUS = "open311:" + hashlib.sha256(ANONYMOUS_SENDER.encode()).hexdigest()[:24]


ANONYMOUS_SENDERS = (ANONYMOUS_SENDER, _OLD_ANONYMOUS)
"""Senders that name nobody: appeals with them have no citizen identity."""


def citizen_key(channel: str, sender: str | None) -> str | None:
    """A short one-way key for "the same citizen" (never the contact itself), or None.

    The channel's sender identifies the citizen, unless the channel could not name
    anyone (:data:`casebridge.intake.ANONYMOUS_SENDER`, or the form Open311 stored before
    it): None then, and such appeals are never one 诉求人 (each counts as its own).
    """
    if not sender or sender in ANONYMOUS_SENDERS:
        return None
    return hashlib.sha256(f"{channel}:{sender}".encode()).hexdigest()[:16]


def _satisfaction(value: str | None) -> Satisfaction | None:
    try:
        return Satisfaction(value) if value else None
    except ValueError:
        return None


def resolved_from_callback(satisfaction: str | None, reasonable: bool | None) -> bool | None:
    """The callback's verdict on resolution.

    Satisfied or basically satisfied: solved. Unsatisfied: not solved, unless the centre
    judged the citizen's demand unreasonable (第十七条: only a reasonable dissatisfaction
    sends the order back), in which case the matter counts as handled.
    """
    if satisfaction is None:
        return None
    if satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASIC):
        return True
    return reasonable is False


def last_callback(order_ids: Select[int]) -> Subquery:
    """The last callback of each order in ``order_ids`` (a subquery of order ids).

    Restricting to those orders keeps the aggregate to the period's rows instead of the
    whole callbacks table.
    """
    last = (
        select(Callback.order_id, func.max(Callback.id).label("cid"))
        .where(Callback.order_id.in_(order_ids))
        .group_by(Callback.order_id)
        .subquery()
    )
    return (
        select(Callback.order_id, Callback.satisfaction, Callback.reasonable)
        .join(last, last.c.cid == Callback.id)
        .subquery()
    )


async def load_units(session: AsyncSession) -> list[UnitRef]:
    """Active handling units (the centre itself is not assessed)."""
    rows = await session.execute(
        select(Unit.id, Unit.name, Unit.county, Unit.kind).where(
            Unit.active.is_(True), Unit.kind != "centre"
        )
    )
    return [UnitRef(str(r.id), r.name, r.county or "", r.kind) for r in rows]


async def load_assignments(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    policy: Policy | None = None,
    *,
    unit_id: int | None = None,
) -> list[AssignmentFacts]:
    """Every unit's share of the orders assigned in ``[start, end)`` (of one unit only
    when ``unit_id`` is given: the drill-down behind its figures)."""
    policy = policy or Policy()
    in_range = [Assignment.assigned_at >= start, Assignment.assigned_at < end]
    if unit_id is not None:
        in_range.append(Assignment.unit_id == unit_id)
    cb = last_callback(select(Assignment.order_id).where(*in_range))
    q = (
        select(
            Assignment.order_id,
            Assignment.unit_id,
            Unit.name.label("unit_name"),
            Assignment.role,
            Assignment.active,
            Assignment.assigned_at,
            Assignment.deadline_at.label("co_deadline"),
            Assignment.reported_at,
            Assignment.released_at,
            WorkOrder.number,
            WorkOrder.state,
            WorkOrder.utility,
            WorkOrder.signed_at,
            WorkOrder.deadline_at,
            WorkOrder.replied_at,
            WorkOrder.reopen_count,
            WorkOrder.merged_into_id,
            WorkOrder.satisfaction,
            cb.c.satisfaction.label("cb_satisfaction"),
            cb.c.reasonable,
        )
        .join(WorkOrder, WorkOrder.id == Assignment.order_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .outerjoin(cb, cb.c.order_id == WorkOrder.id)
        .where(*in_range)
    )
    rows = (await session.execute(q)).all()
    # The first sign-in by each unit (a reopened order is signed again later, and the
    # order row keeps only the latest time), and its return requests (退单申请).
    signer = aliased(Assignment)
    first_sign: dict[tuple[int, int], datetime] = {}
    requests: dict[tuple[int, int], int] = {}
    in_signer = [signer.assigned_at >= start, signer.assigned_at < end]
    if unit_id is not None:
        in_signer.append(signer.unit_id == unit_id)
    for r in await session.execute(
        select(
            OrderEvent.order_id,
            OrderEvent.actor_unit_id,
            func.min(case((OrderEvent.action == "sign", OrderEvent.created_at))).label("at"),
            func.sum(case((OrderEvent.action == "request_return", 1), else_=0)).label("req"),
        )
        .join(
            signer,
            and_(
                signer.order_id == OrderEvent.order_id,
                signer.unit_id == OrderEvent.actor_unit_id,
            ),
        )
        .where(OrderEvent.action.in_(["sign", "request_return"]), *in_signer)
        .group_by(OrderEvent.order_id, OrderEvent.actor_unit_id)
    ):
        if r.at is not None:
            first_sign[(r.order_id, r.actor_unit_id)] = r.at
        if r.req:
            requests[(r.order_id, r.actor_unit_id)] = int(r.req)
    sup = aliased(Assignment)
    sq = (
        select(Supervision.order_id, Supervision.unit_id, func.count().label("n"))
        .join(
            sup,
            and_(sup.order_id == Supervision.order_id, sup.unit_id == Supervision.unit_id),
        )
        .where(sup.assigned_at >= start, sup.assigned_at < end)
        .group_by(Supervision.order_id, Supervision.unit_id)
    )
    if unit_id is not None:
        sq = sq.where(sup.unit_id == unit_id)
    supervised = {(r.order_id, r.unit_id): int(r.n) for r in await session.execute(sq)}
    out = []
    for r in rows:
        current_lead = r.role == "lead" and r.active
        released = r.released_at if not r.active else None
        if r.role == "lead":
            sign_within = policy.sign_within_utility if r.utility else policy.sign_within
            sign_deadline: datetime | None = r.assigned_at + sign_within
            signed = first_sign.get((r.order_id, r.unit_id), r.signed_at)
            if signed is not None and (
                signed < r.assigned_at or (released is not None and signed > released)
            ):
                signed = None
        else:  # a co-unit's "response" is its report to the lead unit within its limit
            sign_deadline, signed = r.co_deadline, r.reported_at
        sat = _satisfaction(r.cb_satisfaction or r.satisfaction) if current_lead else None
        asked = requests.get((r.order_id, r.unit_id), 0)
        approved = int(r.role == "lead" and released is not None)
        pending = int(current_lead and r.state == lifecycle.State.RETURNED)
        out.append(
            AssignmentFacts(
                order_number=r.number,
                unit_id=str(r.unit_id),
                unit_name=r.unit_name,
                dispatched_at=r.assigned_at,
                role=r.role,
                sign_deadline=sign_deadline,
                signed_at=signed,
                returned_at=released if r.role == "lead" else None,
                deadline=r.deadline_at if current_lead else None,
                replied_at=r.replied_at if current_lead else None,
                terminated=r.state == lifecycle.State.TERMINATED,
                merged=r.merged_into_id is not None or r.state == lifecycle.State.MERGED,
                satisfaction=sat,
                resolved=resolved_from_callback(r.cb_satisfaction, r.reasonable)
                if current_lead
                else None,
                reopen_count=r.reopen_count if current_lead else 0,
                supervision_count=supervised.get((r.order_id, r.unit_id), 0),
                return_requests=max(asked, approved),
                returns_rejected=max(0, asked - approved - pending),
            )
        )
    return out


async def load_appeals(
    session: AsyncSession, start: datetime, end: datetime, *, with_text: bool = False
) -> list[AppealFacts]:
    """Appeals created in ``[start, end)`` with their order (if any) and lead unit."""
    cols: list[Any] = [
        Appeal.id,
        Appeal.created_at,
        Appeal.channel,
        Appeal.sender,
        Appeal.category_level1,
        Appeal.category_level2,
        Appeal.county,
        Appeal.township,
        CLUSTER.label("cluster_id"),
        WorkOrder.number,
        WorkOrder.state,
        WorkOrder.reopen_count,
        WorkOrder.closed_at,
        WorkOrder.category_level1.label("o_cat1"),
        WorkOrder.category_level2.label("o_cat2"),
        Unit.name.label("unit_name"),
    ]
    if with_text:
        cols.append(Appeal.text)
    q = (
        select(*cols)
        .outerjoin(WorkOrder, WorkOrder.appeal_id == Appeal.id)
        .outerjoin(Unit, Unit.id == WorkOrder.lead_unit_id)
        .where(Appeal.created_at >= start, Appeal.created_at < end)
    )
    out = []
    for r in await session.execute(q):
        out.append(
            AppealFacts(
                number=r.number or f"A{r.id}",
                created_at=r.created_at,
                channel=r.channel,
                category=r.o_cat1 or r.category_level1 or "",
                subcategory=r.o_cat2 or r.category_level2 or "",
                county=r.county or "",
                township=r.township or "",
                text=r.text if with_text else "",
                cluster_id=r.cluster_id or None,
                citizen_key=citizen_key(r.channel, r.sender),
                unit_name=r.unit_name or "",
                state=r.state or "",
                reopen_count=r.reopen_count or 0,
                closed_at=r.closed_at,
            )
        )
    return out


async def count_appeals(session: AsyncSession, start: datetime, end: datetime) -> int:
    """How many appeals were created in ``[start, end)``."""
    q = select(func.count()).where(Appeal.created_at >= start, Appeal.created_at < end)
    return int((await session.execute(q)).scalar_one())


async def load_appeal_counts(session: AsyncSession, period: Period) -> AppealCounts:
    """The period's appeal counts, grouped in SQL (no appeal row is loaded).

    An order is created with its appeal in one transaction (same time), so the orders
    created in the period are the period's appeals that became orders.
    """
    start, end = period.start_utc, period.end_utc
    in_period = (Appeal.created_at >= start, Appeal.created_at < end)
    cat = func.coalesce(Appeal.category_level1, "")
    county = func.coalesce(Appeal.county, "")

    async def grouped(*cols: Any) -> list[Any]:
        q = select(*cols, func.count().label("n")).where(*in_period).group_by(*cols)
        return list((await session.execute(q)).all())

    by_channel: Counter[str] = Counter()
    for r in await grouped(Appeal.channel):
        by_channel[r[0]] += int(r.n)
    by_category: Counter[str] = Counter()
    by_county_category: Counter[tuple[str, str]] = Counter()
    for r in await grouped(county, cat):
        category = r[1] or UNCATEGORIZED
        by_category[category] += int(r.n)
        by_county_category[(r[0] or UNSET, category)] += int(r.n)
    days = {d: i for i, d in enumerate(period.local_days())}
    daily = [0] * len(days)
    for (moment,) in await session.execute(select(Appeal.created_at).where(*in_period)):
        daily[days[local_day(moment)]] += 1
    orders = await session.execute(
        select(func.count()).where(WorkOrder.created_at >= start, WorkOrder.created_at < end)
    )
    return AppealCounts(
        total=sum(daily),
        with_order=int(orders.scalar_one()),
        by_channel=by_channel,
        by_category=by_category,
        by_county_category=by_county_category,
        daily=daily,
    )


async def count_by_category_county(
    session: AsyncSession, start: datetime, end: datetime
) -> Counter[tuple[str, ...]]:
    """Appeals per (first-level category, county) in ``[start, end)``, counted in SQL."""
    cat = func.coalesce(Appeal.category_level1, "")
    county = func.coalesce(Appeal.county, "")
    q = (
        select(cat.label("c"), county.label("k"), func.count().label("n"))
        .where(Appeal.created_at >= start, Appeal.created_at < end)
        .group_by(cat, county)
    )
    out: Counter[tuple[str, ...]] = Counter()
    for r in await session.execute(q):
        out[(r.c or "未注明", r.k or "未注明")] += int(r.n)
    return out


async def monthly_trend(session: AsyncSession, months: Sequence[Period]) -> list[tuple[str, int]]:
    """Appeal counts per month (one indexed count per month)."""
    return [(m.label, await count_appeals(session, m.start_utc, m.end_utc)) for m in months]


def trend_months(period: Period, count: int = 12) -> list[Period]:
    """The ``count`` months ending with the last month of ``period``."""
    last = period.months()[-1]
    months = [last]
    while len(months) < count:
        months.append(months[-1].previous())
    return list(reversed(months))
