"""The analytics side of the gateway: cached period snapshots for the dashboard,
and the jobs of the scheduler (automatic supervision, escalation, early warnings).

Lives on ``services.extras["analytics"]`` (created on first use by :func:`analytics_of`).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, and_, column, func, select, table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.analytics.assessment import UnitAssessment, assess_units, overall
from casebridge.analytics.config import AnalyticsConfig, load_config
from casebridge.analytics.counts import AppealCounts
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, UnitRef
from casebridge.analytics.hotspots import HotspotRow, counts, hotspot_rows
from casebridge.analytics.load import (
    count_by_category_county,
    load_appeals,
    load_assignments,
    load_units,
    monthly_trend,
    trend_months,
)
from casebridge.analytics.longrunning import HardIssue, hard_issues
from casebridge.analytics.periods import Period, local_midnight_utc
from casebridge.db import UTCDateTime, utcnow
from casebridge.models import Unit
from casebridge.reports.model import PublicReport, build_report
from casebridge.supervision_rules import KnowledgeSnapshot


@dataclass(frozen=True)
class PeriodData:
    """Everything the dashboard shows for one period, computed once."""

    period: Period
    as_of: datetime
    appeals: list[AppealFacts]
    assignments: list[AssignmentFacts]
    report: PublicReport
    ranking: list[UnitAssessment]
    overall: UnitAssessment
    hotspots: list[HotspotRow]
    hard_issues: list[HardIssue]


class Analytics:
    """Period snapshots (cached for ``ttl`` seconds) over the case store."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        config: AnalyticsConfig,
        *,
        clock: Callable[[], datetime] = utcnow,
        ttl: float = 120.0,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.clock = clock
        self.ttl = ttl
        self._cache: dict[str, tuple[float, PeriodData]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def period_data(self, period: Period) -> PeriodData:
        """The period's figures, from cache when younger than ``ttl``."""
        key = period.label
        hit = self._cache.get(key)
        if hit and time.monotonic() - hit[0] < self.ttl:
            return hit[1]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one computation per period at a time
            hit = self._cache.get(key)
            if hit and time.monotonic() - hit[0] < self.ttl:
                return hit[1]
            data = await self._compute(period)
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = (time.monotonic(), data)
            return data

    async def refresh(self, period: Period) -> PeriodData:
        """Recompute ``period`` now and cache it (the scheduler keeps the current month
        warm this way, so a viewer never waits for the cold computation)."""
        lock = self._locks.setdefault(period.label, asyncio.Lock())
        async with lock:
            data = await self._compute(period)
            self._cache[period.label] = (time.monotonic(), data)
            return data

    async def _compute(self, period: Period) -> PeriodData:
        cfg = self.config
        as_of = self.clock()
        async with self.sessions() as s:
            appeals = await load_appeals(s, period.start_utc, period.end_utc)
            assignments = await load_assignments(s, period.start_utc, period.end_utc, cfg.policy)
            units = await load_units(s)
            trend = await monthly_trend(s, trend_months(period, 12))
            previous = period.previous()
            years = [period.shift_years(-y) for y in (1, 2, 3)]
            # growth and the seasonal baseline are counted in SQL, not loaded row by row
            prev_counts = await count_by_category_county(s, previous.start_utc, previous.end_utc)
            year_counts = [await count_by_category_county(s, p.start_utc, p.end_utc) for p in years]
        return await asyncio.to_thread(
            self._pure, period, as_of, appeals, assignments, units, trend, prev_counts,
            year_counts,
        )  # fmt: skip

    def _pure(
        self,
        period: Period,
        as_of: datetime,
        appeals: list[AppealFacts],
        assignments: list[AssignmentFacts],
        units: list[UnitRef],
        trend: list[tuple[str, int]],
        prev_counts: Counter[tuple[str, ...]],
        year_counts: list[Counter[tuple[str, ...]]],
    ) -> PeriodData:
        # CPU work, run in a thread: the event loop keeps serving
        cfg = self.config
        report = build_report(
            period,
            AppealCounts.from_facts(appeals, period),
            assignments,
            as_of=as_of,
            units=units,
            trend=trend,
            previous_total=sum(prev_counts.values()),
            last_year_total=sum(year_counts[0].values()),
            centre=cfg.centre_name,
            suppress_below=cfg.suppress_below,
            config=cfg.assessment,
        )
        return PeriodData(
            period=period,
            as_of=as_of,
            appeals=appeals,
            assignments=assignments,
            report=report,
            ranking=assess_units(assignments, period, as_of, units=units, config=cfg.assessment),
            overall=overall(assignments, period, as_of, cfg.assessment),
            hotspots=hotspot_rows(
                counts(appeals, period, ("category", "county")), prev_counts, year_counts, top=20
            ),
            hard_issues=hard_issues(appeals, as_of)[:20],
        )


# The knowledge base's versions table (migration 0003, owned by the NLU side); read here
# as plain columns so that casebridge needs no model of it.
KB_VERSIONS = table(
    "kb_entry_versions",
    column("entry_id", String),
    column("version", Integer),
    column("title", String),
    column("source_unit", String),
    column("review_date", Date),
    column("retired", Boolean),
    column("created_at", UTCDateTime()),
)


async def load_knowledge(
    sessions: async_sessionmaker[AsyncSession], centre: str = "default"
) -> list[KnowledgeSnapshot]:
    """The latest version of every live knowledge entry, with its unit (第十八条).

    Entries name their unit by name or code; an entry whose unit is not a known unit
    cannot be supervised and is left out.
    """
    latest = (
        select(KB_VERSIONS.c.entry_id, func.max(KB_VERSIONS.c.version).label("v"))
        .group_by(KB_VERSIONS.c.entry_id)
        .subquery()
    )
    q = select(
        KB_VERSIONS.c.entry_id,
        KB_VERSIONS.c.title,
        KB_VERSIONS.c.source_unit,
        KB_VERSIONS.c.review_date,
        KB_VERSIONS.c.retired,
        KB_VERSIONS.c.created_at,
    ).join(
        latest,
        and_(latest.c.entry_id == KB_VERSIONS.c.entry_id, latest.c.v == KB_VERSIONS.c.version),
    )
    async with sessions() as s:
        units = {}
        for u in await s.execute(select(Unit.id, Unit.code, Unit.name)):
            units[u.code] = units[u.name] = (u.id, u.name)
        rows = (await s.execute(q)).all()
    out = []
    for r in rows:
        unit = units.get(r.source_unit)
        if unit is None or r.retired:
            continue
        review = r.review_date
        out.append(
            KnowledgeSnapshot(
                entry_id=str(r.entry_id),
                unit_id=str(unit[0]),
                unit_name=unit[1],
                title=r.title,
                updated_at=r.created_at,
                # due at the end of the review day, Heze time
                review_due_at=local_midnight_utc(review + timedelta(days=1)) if review else None,
                centre=centre,
            )
        )
    return out


def analytics_of(services: Any) -> Analytics:
    """The process's :class:`Analytics` (made on first use from the settings)."""
    found = services.extras.get("analytics")
    if isinstance(found, Analytics):
        return found
    made = Analytics(services.sessions, load_config(services.settings.centre_config_dir))
    services.extras["analytics"] = made
    return made
