"""The analytics side of the gateway: cached period figures for the dashboard (read from
the daily roll-up), the roll-up refresh, and the jobs of the scheduler.

Lives on ``services.extras["analytics"]`` (created on first use by :func:`analytics_of`).
All case-store reads go through casebridge functions (:mod:`casebridge.analytics`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.analytics import figures, queries, rollup
from casebridge.analytics.assessment import DrillDown, Metric, drill_down
from casebridge.analytics.config import AnalyticsConfig, load_config
from casebridge.analytics.figures import PeriodFigures
from casebridge.analytics.load import load_assignments
from casebridge.analytics.periods import Period, month_period
from casebridge.db import utcnow
from casebridge.reports.from_store import report_of
from casebridge.reports.model import PublicReport
from casebridge.reports.render import charts
from casebridge.sla import local_day
from casebridge.supervision_rules import KnowledgeSnapshot
from gateway.kb.store import live_entries

log = logging.getLogger("hotline.analytics")


@dataclass(frozen=True)
class PeriodData:
    """Everything the dashboard shows for one period, computed once."""

    figures: PeriodFigures
    report: PublicReport
    svgs: dict[str, str]  # the report's charts as inline SVG

    @property
    def period(self) -> Period:
        """The period shown."""
        return self.figures.period

    @property
    def as_of(self) -> datetime:
        """When the figures were current (the roll-up's refresh)."""
        return self.figures.as_of


class Analytics:
    """Period figures (cached for ``ttl`` seconds) over the daily roll-up, which this
    process brings up to date when it is older than ``refresh_after`` seconds."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        config: AnalyticsConfig,
        *,
        clock: Callable[[], datetime] = utcnow,
        ttl: float = 120.0,
        refresh_after: float = 60.0,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.clock = clock
        self.ttl = ttl
        self.refresh_after = refresh_after
        self._cache: dict[str, tuple[float, PeriodData]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refresh_lock = asyncio.Lock()

    async def ensure_fresh(self, *, force: bool = False) -> datetime:
        """Refresh the roll-up when it is older than ``refresh_after``; its time."""
        async with self._refresh_lock:
            now = self.clock()
            async with self.sessions() as s:
                at = await rollup.refreshed_at(s)
            if not force and at is not None and (now - at).total_seconds() < self.refresh_after:
                return at
            for attempt in range(3):
                try:
                    result = await rollup.refresh(self.sessions, now, self.config.policy)
                    break
                except (IntegrityError, OperationalError):  # another process refreshing too
                    if attempt == 2:
                        raise
                    await asyncio.sleep(0.5 * (attempt + 1))
            if result.unit_days or result.appeal_days:
                log.info(
                    "analytics roll-up refreshed",
                    extra={
                        "full": result.full,
                        "unit_days": result.unit_days,
                        "appeal_days": result.appeal_days,
                        "seconds": round(result.seconds, 2),
                    },
                )
            return now

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
        """Bring the roll-up up to date and recompute ``period`` now (the scheduler keeps
        the current month warm this way, so a viewer never waits for it)."""
        await self.ensure_fresh(force=True)
        lock = self._locks.setdefault(period.label, asyncio.Lock())
        async with lock:
            data = await self._compute(period, refresh=False)
            self._cache[period.label] = (time.monotonic(), data)
            return data

    async def _compute(self, period: Period, *, refresh: bool = True) -> PeriodData:
        as_of = await self.ensure_fresh() if refresh else self.clock()
        async with self.sessions() as s:
            f = await figures.from_rollup(s, period, self.config, as_of)
        report = report_of(f, self.config)
        svgs = await asyncio.to_thread(charts, report)  # CPU work off the event loop
        return PeriodData(figures=f, report=report, svgs=svgs)

    async def drill(self, unit_id: str, metric: Metric, period: Period) -> DrillDown:
        """The orders behind one unit's rate, classified as the figure was (at its time)."""
        data = await self.period_data(period)
        async with self.sessions() as s:
            facts = await load_assignments(
                s, period.start_utc, period.end_utc, self.config.policy, unit_id=int(unit_id)
            )
        return drill_down(facts, unit_id, metric, period, data.as_of, self.config.assessment)

    async def orders(self, numbers: list[str]) -> dict[str, queries.DrillOrder]:
        """One page of a drill-down's orders, masked for a supervisor's view."""
        async with self.sessions() as s:
            return await queries.drill_orders(s, numbers)

    async def default_period(self) -> Period:
        """The last complete month, or the current one once it has at least half as many
        appeals as the last (so the 1st of a month does not open on an empty page)."""
        await self.ensure_fresh()
        current = month_period(local_day(self.clock()))
        previous = current.previous()
        async with self.sessions() as s:
            now_n = await rollup.total(s, current)
            before = await rollup.total(s, previous)
        return current if now_n > 0 and now_n * 2 >= before else previous

    async def warnings(self, period: Period) -> list[queries.WarningRow]:
        """Early warnings raised within ``period``."""
        async with self.sessions() as s:
            return await queries.warnings_in(s, period)


async def load_knowledge(
    sessions: async_sessionmaker[AsyncSession], centre: str = "default"
) -> list[KnowledgeSnapshot]:
    """The knowledge entries the supervision rules look at (第十八条)."""
    async with sessions() as s:
        return await queries.knowledge_snapshots(s, await live_entries(s), centre)


def analytics_of(services: Any) -> Analytics:
    """The process's :class:`Analytics` (made on first use from the settings)."""
    found = services.extras.get("analytics")
    if isinstance(found, Analytics):
        return found
    made = Analytics(services.sessions, load_config(services.settings.centre_config_dir))
    services.extras["analytics"] = made
    return made
