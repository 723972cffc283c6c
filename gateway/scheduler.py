"""In-process scheduler: periodic jobs, run by one leader among several workers.

Leadership is a lease in the shared :class:`gateway.kv.store.Store` (``set_if_absent`` with
a TTL, renewed by the holder): with Redis, one process of many runs the jobs; with the
in-process store, the single process always leads. A leader that dies loses the lease
after ``lease_ttl`` seconds and another takes over. Jobs are idempotent (every event,
finding and alert has a stable key in the database), so a brief overlap at a hand-over
repeats no side effect.

Jobs (see :func:`supervision_jobs`): SLA timers and automatic supervision every minute,
escalation every five minutes, early warnings every fifteen (with the hotspots of the
month that cross the warning rule), the analytics daily roll-up every minute (leader
only); and, in every process, a refresh of the current month's dashboard figures so no
viewer waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from casebridge.db import utcnow
from gateway.kv import KEYS, Store

log = logging.getLogger("hotline.scheduler")
LEADER_KEY = KEYS.scheduler_leader()


@dataclass
class Job:
    """A named coroutine run every ``every`` (first run at start)."""

    name: str
    every: timedelta
    run: Callable[[datetime], Awaitable[Any]]
    leader_only: bool = True  # False: every process runs it (e.g. its own cache)
    next_at: datetime | None = None
    runs: int = 0
    failures: int = 0


@dataclass
class Scheduler:
    """Runs due jobs while this process holds the leader lease."""

    store: Store
    jobs: list[Job]
    clock: Callable[[], datetime] = utcnow
    lease_ttl: float = 30.0
    tick: float = 1.0
    ident: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    )

    async def is_leader(self) -> bool:
        """Take the lease if free, or renew it if ours; False when another holds it."""
        if await self.store.set_if_absent(LEADER_KEY, self.ident, self.lease_ttl):
            log.info("scheduler leadership taken", extra={"ident": self.ident})
            return True
        if await self.store.get(LEADER_KEY) == self.ident:
            await self.store.set(LEADER_KEY, self.ident, self.lease_ttl)
            return True
        return False

    async def resign(self) -> None:
        """Give the lease up (at shutdown) so another worker takes over at once."""
        await self.store.compare_and_delete(LEADER_KEY, self.ident)

    async def run_due(self) -> list[str]:
        """Run every job that is due now (leader-only jobs only if leader); their names."""
        leader = await self.is_leader()
        ran = []
        for job in self.jobs:
            if job.leader_only and not leader:
                continue
            now = self.clock()
            if job.next_at is not None and now < job.next_at:
                continue
            job.next_at = now + job.every
            try:
                await job.run(now)
                job.runs += 1
            except Exception:  # one failing job must not stop the others
                job.failures += 1
                log.exception("scheduled job failed", extra={"job": job.name})
            ran.append(job.name)
        return ran

    async def run(self, stop: asyncio.Event) -> None:
        """Loop until ``stop`` is set."""
        try:
            while not stop.is_set():
                await self.run_due()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.tick)
        finally:
            await self.resign()


def supervision_jobs(services: Any) -> list[Job]:
    """The analytics jobs over the services' case store."""
    from casebridge.analytics import supervise
    from casebridge.analytics.periods import month_period
    from casebridge.analytics.supervise import hotspot_alerts
    from casebridge.sla import local_day
    from gateway.analytics import analytics_of, load_knowledge
    from gateway.casebridge_wiring import ready_cases
    from gateway.clusters import AppealClusterer

    analytics = analytics_of(services)
    cfg = analytics.config

    async def sweep(now: datetime) -> None:
        cases = await ready_cases(services)
        knowledge = await load_knowledge(services.sessions)
        r = await supervise.sweep(services.sessions, cases, now, cfg.policy, knowledge=knowledge)
        if r.timer_events or r.supervisions_opened:
            log.info(
                "supervision sweep",
                extra={"timer_events": r.timer_events, "opened": r.supervisions_opened},
            )

    async def escalate(now: datetime) -> None:
        await supervise.escalate(services.sessions, now, cfg.policy)

    clusterer = AppealClusterer()

    async def warn(now: datetime) -> None:
        data = await analytics.period_data(month_period(local_day(now)))
        alerts = await supervise.raise_warnings(
            services.sessions,
            now,
            cfg.warnings,
            clusters=clusterer,
            extra=hotspot_alerts(data.figures, now),
        )
        if alerts:
            log.warning("early warnings raised", extra={"alerts": len(alerts)})

    async def warm_dashboard(now: datetime) -> None:
        await analytics.refresh(month_period(local_day(now)))

    async def roll_up(now: datetime) -> None:
        await analytics.ensure_fresh(force=True)

    return [
        # every process serves the dashboard from its own cache, so each keeps it warm
        Job(
            "dashboard-refresh",
            timedelta(seconds=max(15.0, analytics.ttl / 2)),
            warm_dashboard,
            leader_only=False,
        ),
        Job("analytics-rollup", timedelta(minutes=1), roll_up),
        Job("supervision-sweep", timedelta(minutes=1), sweep),
        Job("supervision-escalation", timedelta(minutes=5), escalate),
        Job("early-warning", timedelta(minutes=15), warn),
    ]


def scheduler_worker(services: Any) -> Callable[[], Awaitable[None]]:
    """A worker factory for ``gateway.workers.worker_factories``."""
    from gateway.nlu_retrain import nlu_jobs

    jobs = supervision_jobs(services) + nlu_jobs(services, utcnow())
    scheduler = Scheduler(services.store, jobs)
    return lambda: scheduler.run(services.stop)
