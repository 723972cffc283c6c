"""Background workers: webhook delivery to handling units, and room-specific jobs.

Every polling loop is :func:`gateway.scheduler.every` (jitter, stop event, failures logged
and counted, optional lease so one process of many runs it); :func:`_supervised` restarts a
worker that crashed outright."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from channels.messages import InboundMessage
from gateway.kv import KEYS
from gateway.pipeline.notices import ReplyNotifier
from gateway.pipeline.repeats import RepeatDetector
from gateway.scheduler import Lease, every, scheduler_worker
from gateway.services import Services

log = logging.getLogger("hotline.workers")


async def _supervised(name: str, run: Callable[[], Awaitable[None]], stop: asyncio.Event) -> None:
    """Run a worker, restarting it after a crash (with a pause) until ``stop``."""
    while not stop.is_set():
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker crashed; restarting", extra={"worker": name})
            await asyncio.sleep(2.0)


def worker_factories(services: Services) -> dict[str, Callable[[], Awaitable[None]]]:
    """Every background job this process should run."""
    from gateway.casebridge_wiring import worker_factories as case_workers
    from gateway.emergency import emergency_worker
    from gateway.inspection.router import inspection_for
    from gateway.routers.calls import calls_of

    async def recover_and_push() -> None:
        async def handle(msg: InboundMessage) -> None:
            services.pipeline.delivery.push_later(await services.pipeline.handle(msg))

        # one process of many re-runs them (the pipeline's dedup would make a second
        # harmless, but it would count the attempts twice)
        lease = Lease(services.store, KEYS.lease("inbox-recovery"))
        await services.inbox.recover(handle, services.stop, lease=lease)

    notifier = ReplyNotifier(services.sessions, services.store, services.pipeline)

    async def repeats_refresh() -> None:
        repeats = services.pipeline.repeats
        if isinstance(repeats, RepeatDetector):
            await every(
                5.0, lambda: repeats.refresh(services.sessions), services.stop, name="repeats"
            )

    return {
        **case_workers(services),  # webhook delivery, deadline warnings
        # emergency records to the 110/119/120/122 dispatch desks: fast, never dropped
        "emergency-delivery": emergency_worker(services.sessions, services.stop),
        # a unit's reply reaches the citizen, who is asked to rate it
        "reply-notices": lambda: notifier.run(services.stop),
        # SLA timers, automatic supervision, early warnings (one leader with Redis)
        "analytics-scheduler": scheduler_worker(services),
        # messages acknowledged before they were answered, re-run after a crash
        "inbox-recovery": recover_and_push,
        # lapsed agents hand chats back, long waits raise alerts, even with no console open
        "console-sweeper": lambda: services.console.run(services.stop),
        # orders opened by the other processes join this one's repeat index (第十三条(三))
        "repeats-refresh": repeats_refresh,
        # 质检: every finished conversation (released chat, ended call) inspected
        "inspection": lambda: inspection_for(services).run(services.stop),
        # calls the provider never reported finished, after-call work left open
        "calls-sweep": lambda: calls_of(services).run(services.stop),
    }


def start_workers(services: Services) -> None:
    """Start the workers as tasks of the running loop (``hotline serve`` in one process)."""
    for name, run in worker_factories(services).items():
        services.tasks.append(asyncio.create_task(_supervised(name, run, services.stop)))


async def run_workers(services: Services) -> None:
    """Run the workers until cancelled (``hotline worker``)."""
    await asyncio.gather(
        *(_supervised(name, run, services.stop) for name, run in worker_factories(services).items())
    )
