"""Build the public report straight from the case store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.analytics.assessment import AssessmentConfig
from casebridge.analytics.load import (
    count_appeals,
    load_appeal_counts,
    load_assignments,
    load_units,
    monthly_trend,
    trend_months,
)
from casebridge.analytics.periods import Period
from casebridge.reports.model import PublicReport, build_report
from casebridge.supervision_rules import Policy


async def report_from_store(
    session: AsyncSession,
    period: Period,
    *,
    as_of: datetime,
    policy: Policy | None = None,
    config: AssessmentConfig | None = None,
    suppress_below: int = 5,
    trend_length: int = 12,
    centre: str = "菏泽市12345政务服务便民热线",
) -> PublicReport:
    """Load the period's appeals and assignments, count the trend, build the report."""
    counts = await load_appeal_counts(session, period)
    assignments = await load_assignments(session, period.start_utc, period.end_utc, policy)
    previous = period.previous()
    last_year = period.shift_years(-1)
    return build_report(
        period,
        counts,
        assignments,
        as_of=as_of,
        units=await load_units(session),
        trend=await monthly_trend(session, trend_months(period, trend_length)),
        previous_total=await count_appeals(session, previous.start_utc, previous.end_utc),
        last_year_total=await count_appeals(session, last_year.start_utc, last_year.end_utc),
        suppress_below=suppress_below,
        config=config,
        centre=centre,
    )
