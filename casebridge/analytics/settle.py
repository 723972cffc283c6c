"""Settle freshly seeded data (``hotline demo seed``): what the scheduler would have done
while those months went by, run once at the seed's own clock, so that the 督办 counts,
the early warnings and the dashboard agree with the orders from the first page view.

1. the daily roll-up;
2. the supervision sweep at ``end`` (timer events, 督办 from the rules of 第二十二条);
3. the early warnings: the 24-hour rules at the end of every seeded day, and the
   hotspot rule for every seeded month (as the scheduler's ``early-warning`` job);
4. the roll-up again (the sweep added 督办).

Every step keys its records (a finding, an alert) so settling twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.analytics import figures, rollup, supervise
from casebridge.analytics.config import AnalyticsConfig
from casebridge.analytics.load import load_appeals
from casebridge.analytics.periods import Period, local_midnight_utc, month_period
from casebridge.service import CaseService
from casebridge.sla import local_day
from casebridge.supervision_rules import KnowledgeSnapshot


@dataclass(frozen=True)
class SettleResult:
    """What settling did."""

    supervisions_opened: int
    timer_events: int
    warnings_raised: int
    days_checked: int


def seeded_months(end: datetime, months: int) -> list[Period]:
    """The ``months`` calendar months up to the one holding ``end``, oldest first."""
    last = month_period(local_day(end))
    out = [last]
    while len(out) < months:
        out.insert(0, out[0].previous())
    return out


async def settle(
    sessions: async_sessionmaker[AsyncSession],
    cases: CaseService,
    cfg: AnalyticsConfig,
    end: datetime,
    months: Sequence[Period],
    *,
    knowledge: Sequence[KnowledgeSnapshot] = (),
) -> SettleResult:
    """Run the roll-up, the sweep and the warnings over ``months`` as of ``end``."""
    await rollup.refresh(sessions, end, cfg.policy)
    swept = await supervise.sweep(sessions, cases, end, cfg.policy, knowledge=knowledge)
    raised = days = 0
    for month in months:
        month_end = min(end, month.end_utc)
        async with sessions() as s:
            f = await figures.from_rollup(s, month, cfg, month_end)
        extra = supervise.hotspot_alerts(f, month_end)
        margin = cfg.warnings.window * (cfg.warnings.history + 1)
        async with sessions() as s:  # the month's appeals and the history before: once
            loaded = await load_appeals(s, month.start_utc - margin, month_end, with_text=True)
        day = month.start
        while local_midnight_utc(day) < month_end:
            at = min(local_midnight_utc(day + timedelta(days=1)), end)
            last = at == month_end
            alerts = await supervise.raise_warnings(
                sessions, at, cfg.warnings, extra=extra if last else (), appeals=loaded
            )
            raised += len(alerts)
            days += 1
            day += timedelta(days=1)
    await rollup.refresh(sessions, end, cfg.policy)
    return SettleResult(
        supervisions_opened=swept.supervisions_opened,
        timer_events=swept.timer_events,
        warnings_raised=raised,
        days_checked=days,
    )
