"""How the gateway wires the case store: the service, its FastAPI dependency, workers and
the OpenAPI webhook documentation.

- ``build_case_service(settings, sessions)``: the process's :class:`CaseService`, with unit
  demo keys derived from ``HOTLINE_SECRET_KEY`` and the webhook URL policy of
  ``HOTLINE_WEBHOOK_ALLOW_HOSTS``;
- ``Cases``: the prepared service as a route dependency (units, centre, Open311 ...);
- ``worker_factories(services)``: webhook delivery and deadline warnings;
- ``register_openapi_webhooks(app)``: each webhook payload documented in ``/docs``.

Errors are not translated here: routers let :mod:`casebridge.errors` propagate and
:mod:`gateway.errors` maps them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Protocol

from fastapi import Depends, FastAPI, HTTPException, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge import privacy
from casebridge.cases import CaseService
from casebridge.catalogue import load_catalogue
from casebridge.errors import CaseError
from casebridge.schemas import ORDER_EVENT_TYPES, OrderWebhook
from casebridge.webhooks.urlpolicy import UrlPolicy
from config.settings import Settings
from gateway import errors
from gateway.kv import KEYS, Store
from gateway.scheduler import Lease
from gateway.scheduler import every as run_every
from nlu.pii import mask_text

# every text a unit or the public sees is masked by THE masking function
privacy.install_masker(mask_text)

log = logging.getLogger("hotline.casebridge")


class CaseServices(Protocol):
    """What the wiring needs of :class:`gateway.services.Services`."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    cases: CaseService
    stop: asyncio.Event
    store: Store


def url_policy(settings: Settings) -> UrlPolicy:
    """Public https only, except the hosts of ``HOTLINE_WEBHOOK_ALLOW_HOSTS``."""
    return UrlPolicy.from_setting(settings.webhook_allow_hosts)


def build_case_service(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> CaseService:
    """The case service for this process, with demo unit keys from the secret key."""
    return CaseService(
        sessions,
        load_catalogue(settings.centre_config_dir),
        secret_key=settings.secret_key.get_secret_value(),
        url_policy=url_policy(settings),
    )


async def ready_cases(services: CaseServices) -> CaseService:
    """``services.cases``, prepared once (units synced, demo key hashes stored)."""
    cases = services.cases
    await cases.prepare(services.settings.secret_key.get_secret_value())
    return cases


async def get_cases(request: Request) -> CaseService:
    """The prepared case service of this process (a route dependency)."""
    services: CaseServices = request.app.state.services
    return await ready_cases(services)


Cases = Annotated[CaseService, Depends(get_cases)]


def http_error(exc: CaseError) -> HTTPException:
    """The HTTP form of a case-store error, as :mod:`gateway.errors` maps it (for the
    routers that answer in a format of their own, such as Open311's)."""
    detail = errors.body_of(exc).model_dump(exclude_none=True)
    return HTTPException(status_code=errors.status_of(exc), detail=detail)


def worker_factories(
    services: CaseServices, *, warn_within: timedelta = timedelta(hours=24), every: float = 300.0
) -> dict[str, Callable[[], Awaitable[None]]]:
    """Background jobs of the case store: webhook delivery and deadline warnings."""
    from casebridge.emergency import EVENT_PREFIX
    from casebridge.webhooks.delivery import DeliveryWorker

    # emergency pushes have their own worker (gateway.emergency): fast retries, no dead letter
    delivery = DeliveryWorker(
        services.sessions,
        url_policy=url_policy(services.settings),
        exclude_prefix=EVENT_PREFIX,
    )

    async def scan() -> None:
        cases = await ready_cases(services)
        n = await cases.emit_deadline_warnings(warn_within)
        if n:
            log.info("deadline warnings queued", extra={"count": n})

    async def deliver() -> None:
        # rows are claimed with a lease each, so every process may deliver; a busy round
        # (something was sent) is followed at once
        try:
            await run_every(
                1.0, delivery.run_once, services.stop, name="webhook-delivery", again=bool
            )
        finally:
            await delivery.aclose()

    async def deadlines() -> None:
        lease = Lease(services.store, KEYS.lease("deadline-warnings"))
        await run_every(every, scan, services.stop, name="deadline-warnings", lease=lease)

    return {"webhook-delivery": deliver, "deadline-warnings": deadlines}


def register_openapi_webhooks(app: FastAPI) -> None:
    """Document each webhook event type (Standard Webhooks signed) in the OpenAPI schema."""
    for event_type in ORDER_EVENT_TYPES:

        def doc(body: OrderWebhook) -> None:
            """Signed with Standard Webhooks headers webhook-id, webhook-timestamp and
            webhook-signature (``v1,<base64 HMAC-SHA256>`` with the endpoint's whsec_ secret).
            ``data.order`` is the full order record (schema_version 1) without the citizen's
            contact details; ``data.event`` names the order event that caused it."""

        app.webhooks.post(event_type, summary=f"{event_type} (承办单位 webhook)")(doc)
