"""Delivery of outbox rows as Standard Webhooks (第三十条: timely, full, verifiable).

Rows are written by :func:`casebridge.webhooks.outbox.write_outbox` in the same
transaction as the change; this worker delivers them after commit. Per endpoint and order only the
oldest pending row is eligible, so a unit receives an order's events in order even
across retries and restarts. Each attempt is a ``delivery_attempts`` row; failures back
off exponentially (with jitter) and the message is dead-lettered after ``max_attempts``
(redeliverable from the API). Claims are leased (``locked_until``) so that a crashed
worker's rows come back, and PostgreSQL workers skip each other's locked rows.

The units' worker (``url_policy`` given, as the gateway does) resolves the endpoint's
host before each attempt and checks every address against the
:class:`casebridge.webhooks.urlpolicy.UrlPolicy` (DNS rebinding: the name may point
inside since it was registered); the request then goes to the checked address, with the
host name kept for ``Host`` and for TLS (SNI and certificate). A refused address is a
failed attempt that nothing was sent for. A worker without a policy sends to the
destinations the operator configured as they are (the emergency desks).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased
from standardwebhooks import Webhook

from casebridge.db import utcnow
from casebridge.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint
from casebridge.webhooks.urlpolicy import Target, UrlPolicy, UrlRefused

log = logging.getLogger("hotline.outbox")
USER_AGENT = "Heze12345-Hotline-Webhooks/1"


@dataclass(frozen=True)
class _Job:
    id: int
    msg_id: str
    url: str
    secret: str
    payload: str
    attempts: int
    event_type: str


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    status: int | None
    error: str | None
    excerpt: str | None
    started: datetime
    ms: int
    gone: bool = False


def backoff(attempt: int, base: float = 5.0, cap: float = 6 * 3600.0) -> float:
    """Seconds before retry number ``attempt`` (1-based): 5 s, 10 s, 20 s ... capped."""
    return float(min(cap, base * (2 ** max(0, attempt - 1))))


class DeliveryWorker:
    """Deliver due outbox rows, signed per endpoint with its ``whsec_`` secret."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 100,
        max_attempts: int = 15,
        base_delay: float = 5.0,
        max_delay: float = 6 * 3600.0,
        timeout: float = 10.0,
        concurrency: int = 16,
        lease: float = 120.0,
        url_policy: UrlPolicy | None = None,
        event_prefix: str | None = None,
        exclude_prefix: str | None = None,
    ) -> None:
        self.sessions = sessions
        # unit-given endpoints are checked before each attempt (the gateway passes the
        # policy of HOTLINE_WEBHOOK_ALLOW_HOSTS); None: destinations the operator
        # configured, sent to as they are (e.g. the emergency desks)
        self.url_policy = url_policy
        self._http = http
        self._own_http = http is None
        self.clock = clock
        self.batch = batch
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.timeout = timeout
        self.concurrency = concurrency
        self.lease = lease
        # which rows this worker takes: e.g. the emergency worker takes "emergency." rows
        # with its own short backoff, and the units' worker leaves them alone
        self.event_prefix = event_prefix
        self.exclude_prefix = exclude_prefix

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client (created on first use when none was given)."""
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        return self._http

    async def aclose(self) -> None:
        """Close the HTTP client if this worker created it."""
        if self._own_http and self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _claim(self) -> list[_Job]:
        now = self.clock()
        earlier = aliased(OutboxMessage)
        blocked = exists().where(
            and_(
                earlier.endpoint_id == OutboxMessage.endpoint_id,
                earlier.order_id == OutboxMessage.order_id,
                earlier.status == "pending",
                earlier.id < OutboxMessage.id,
            )
        )
        async with self.sessions() as s, s.begin():
            q = (
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.next_attempt_at <= now,
                    or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
                    ~blocked,
                    *self._type_filter(),
                )
                .order_by(OutboxMessage.id)
                .limit(self.batch)
            )
            if s.get_bind().dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True, of=OutboxMessage)
            ids = list((await s.execute(q)).scalars())
            if not ids:
                return []
            await s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(locked_until=now + timedelta(seconds=self.lease))
            )
            rows = (
                await s.execute(
                    select(OutboxMessage, WebhookEndpoint)
                    .join(WebhookEndpoint, WebhookEndpoint.id == OutboxMessage.endpoint_id)
                    .where(OutboxMessage.id.in_(ids))
                    .order_by(OutboxMessage.id)
                )
            ).all()
        return [
            _Job(m.id, m.msg_id, ep.url, ep.secret, m.payload, m.attempts, m.event_type)
            for m, ep in ((r[0], r[1]) for r in rows)
        ]

    def _type_filter(self) -> list[ColumnElement[bool]]:
        out = []
        if self.event_prefix:
            out.append(OutboxMessage.event_type.startswith(self.event_prefix, autoescape=True))
        if self.exclude_prefix:
            out.append(~OutboxMessage.event_type.startswith(self.exclude_prefix, autoescape=True))
        return out

    async def _target(self, url: str) -> tuple[str, dict[str, str], dict[str, object]]:
        """The URL to connect to (the checked address), extra headers and extensions."""
        if self.url_policy is None:
            return url, {}, {}
        target: Target = await self.url_policy.resolve(self.url_policy.check_url(url))
        if target.address is None:
            return url, {}, {}
        pinned = httpx.URL(url).copy_with(host=target.address)
        name = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
        extensions: dict[str, object] = {}
        if target.scheme == "https":
            extensions["sni_hostname"] = target.host
        return str(pinned), {"host": name}, extensions

    async def _send(self, job: _Job) -> _Outcome:
        started = self.clock()
        t0 = time.perf_counter()
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": job.msg_id,
            "webhook-timestamp": str(int(started.timestamp())),
            "webhook-signature": Webhook(job.secret).sign(job.msg_id, started, job.payload),
        }
        try:
            url, extra, extensions = await self._target(job.url)
            resp = await self.http.post(
                url,
                content=job.payload.encode(),
                headers=headers | extra,
                timeout=self.timeout,
                extensions=extensions,
            )
        except UrlRefused as exc:
            ms = int((time.perf_counter() - t0) * 1000)
            return _Outcome(False, None, f"refused: {exc}"[:500], None, started, ms)
        except httpx.HTTPError as exc:
            ms = int((time.perf_counter() - t0) * 1000)
            return _Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500], None, started, ms)
        ms = int((time.perf_counter() - t0) * 1000)
        ok = 200 <= resp.status_code < 300
        return _Outcome(
            ok,
            resp.status_code,
            None if ok else f"HTTP {resp.status_code}",
            resp.text[:200],
            started,
            ms,
            gone=resp.status_code == 410,
        )

    def _values(self, job: _Job, out: _Outcome, now: datetime) -> dict[str, object]:
        attempt = job.attempts + 1
        values: dict[str, object] = {"attempts": attempt, "locked_until": None}
        if out.ok:
            values.update(status="delivered", delivered_at=now, last_error=None)
        elif out.gone or attempt >= self.max_attempts:
            values.update(status="dead", last_error=out.error)
            log.warning("webhook dead-lettered", extra={"outbox_id": job.id, "attempts": attempt})
        else:
            delay = backoff(attempt, self.base_delay, self.max_delay)
            delay *= 1 + random.random() * 0.2  # jitter spreads retries of many units
            values.update(next_attempt_at=now + timedelta(seconds=delay), last_error=out.error)
        return values

    async def _settle(self, results: list[tuple[_Job, _Outcome]]) -> None:
        """Record every attempt and the new state of each row in one transaction."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            s.add_all(
                DeliveryAttempt(
                    outbox_id=job.id,
                    attempt=job.attempts + 1,
                    started_at=out.started,
                    duration_ms=out.ms,
                    status_code=out.status,
                    ok=out.ok,
                    error=out.error,
                    response_excerpt=out.excerpt,
                )
                for job, out in results
            )
            ok = [job for job, out in results if out.ok]
            by_attempts: dict[int, list[int]] = {}
            for job in ok:
                by_attempts.setdefault(job.attempts + 1, []).append(job.id)
            for attempts, ids in by_attempts.items():
                await s.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids))
                    .values(
                        status="delivered",
                        delivered_at=now,
                        attempts=attempts,
                        locked_until=None,
                        last_error=None,
                    )
                )
            for job, out in results:
                if not out.ok:
                    await s.execute(
                        update(OutboxMessage)
                        .where(OutboxMessage.id == job.id)
                        .values(**self._values(job, out, now))
                    )

    async def run_once(self) -> int:
        """Deliver the due rows once; returns how many were attempted.

        Delivery is at least once: a crash after sending and before recording means the
        message goes again after its lease, with the same ``webhook-id``.
        """
        jobs = await self._claim()
        if not jobs:
            return 0
        sem = asyncio.Semaphore(self.concurrency)

        async def one(job: _Job) -> tuple[_Job, _Outcome]:
            async with sem:
                return job, await self._send(job)

        results = await asyncio.gather(*(one(j) for j in jobs))
        await self._settle(list(results))
        return len(jobs)
