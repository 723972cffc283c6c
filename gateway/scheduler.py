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
import random
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from casebridge.db import utcnow
from gateway import metrics
from gateway.kv import KEYS, Store

log = logging.getLogger("hotline.scheduler")
LEADER_KEY = KEYS.scheduler_leader()


def _ident() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class Lease:
    """Leadership among processes: a key in the shared store, taken with ``set_if_absent``
    and a TTL, renewed by its holder. With Redis one process of many holds it; with the
    in-process store the single process always does. A holder that dies loses it after
    ``ttl`` seconds."""

    store: Store
    key: str
    ttl: float = 30.0
    ident: str = field(default_factory=_ident)

    async def held(self) -> bool:
        """Take the lease if free, or renew it if ours; False when another holds it."""
        if await self.store.set_if_absent(self.key, self.ident, self.ttl):
            log.info("leadership taken", extra={"lease": self.key, "ident": self.ident})
            return True
        if await self.store.get(self.key) == self.ident:
            await self.store.set(self.key, self.ident, self.ttl)
            return True
        return False

    async def resign(self) -> None:
        """Give the lease up (at shutdown) so another process takes over at once."""
        await self.store.compare_and_delete(self.key, self.ident)


async def every(
    interval: float,
    job: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    *,
    name: str,
    jitter: float = 0.1,
    lease: Lease | None = None,
    again: Callable[[object], bool] | None = None,
) -> None:
    """Run ``job`` every ``interval`` seconds until ``stop`` is set: the one polling loop of
    the gateway's background workers.

    - ``jitter``: each pause is ``interval`` times a random factor in ``[1 - jitter,
      1 + jitter]``, so N processes do not poll the database in step;
    - a round that raises is logged with its traceback and counted
      (``hotline_job_runs_total{job, outcome="failed"}``); the loop goes on;
    - ``lease``: only the process holding the lease runs the job (it is renewed each
      round and given up when the loop ends);
    - ``again``: given the job's result, True runs the next round at once (a full batch
      means more work is waiting);
    - ``stop`` ends the pause at once; a round under way is finished, not cancelled.
    """
    try:
        while not stop.is_set():
            result: object = None
            if lease is None or await _holds(lease, name):
                try:
                    result = await job()
                    metrics.JOB_RUNS.labels(name, "ok").inc()
                except Exception:
                    metrics.JOB_RUNS.labels(name, "failed").inc()
                    log.exception("periodic job failed", extra={"job": name})
                    result = None
                if again is not None and again(result) and not stop.is_set():
                    await asyncio.sleep(0)  # let the rest of the loop run between batches
                    continue
            pause = interval * (1 + random.uniform(-jitter, jitter)) if jitter else interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=max(pause, 0.0))
    finally:
        if lease is not None:
            with contextlib.suppress(Exception):
                await lease.resign()


async def _holds(lease: Lease, name: str) -> bool:
    try:
        return await lease.held()
    except Exception:  # the store down: nobody leads this round
        metrics.JOB_RUNS.labels(name, "failed").inc()
        log.exception("lease check failed", extra={"job": name})
        return False


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
    ident: str = field(default_factory=_ident)

    @property
    def lease(self) -> Lease:
        return Lease(self.store, LEADER_KEY, self.lease_ttl, self.ident)

    async def is_leader(self) -> bool:
        """Take the lease if free, or renew it if ours; False when another holds it."""
        return await self.lease.held()

    async def resign(self) -> None:
        """Give the lease up (at shutdown) so another worker takes over at once."""
        await self.lease.resign()

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
        """Loop until ``stop`` is set (each job's own lease check is in :meth:`run_due`)."""
        try:
            await every(self.tick, self.run_due, stop, name="scheduler", jitter=0.0)
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
