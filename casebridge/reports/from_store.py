"""Build the public report straight from the case store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.analytics import figures, rollup
from casebridge.analytics.config import AnalyticsConfig
from casebridge.analytics.periods import Period
from casebridge.reports.model import PublicReport, build_report


async def period_figures(
    sessions: async_sessionmaker[AsyncSession],
    period: Period,
    cfg: AnalyticsConfig,
    *,
    now: datetime,
    as_of: datetime | None = None,
) -> figures.PeriodFigures:
    """The period's figures: from the daily roll-up brought up to date at ``now``, or,
    with ``as_of``, from the case store's rows as they stood then."""
    if as_of is not None:
        async with sessions() as s:
            return await figures.from_store(s, period, cfg, as_of)
    await rollup.refresh(sessions, now, cfg.policy)
    async with sessions() as s:
        return await figures.from_rollup(s, period, cfg, now)


def report_of(f: figures.PeriodFigures, cfg: AnalyticsConfig) -> PublicReport:
    """The public report of ``f`` with the centre's name, small-count rule and weights."""
    return build_report(
        f, centre=cfg.centre_name, suppress_below=cfg.suppress_below, config=cfg.assessment
    )


async def report_from_store(
    sessions: async_sessionmaker[AsyncSession],
    period: Period,
    cfg: AnalyticsConfig,
    *,
    now: datetime,
    as_of: datetime | None = None,
) -> PublicReport:
    """The report of ``period`` (see :func:`period_figures`)."""
    return report_of(await period_figures(sessions, period, cfg, now=now, as_of=as_of), cfg)
