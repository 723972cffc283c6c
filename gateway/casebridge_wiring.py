"""How the gateway wires the case store: HTTP error mapping, readiness, workers, OpenAPI.

The lead calls (all optional; the routers also prepare the service lazily):
- ``build_case_service(settings, sessions)`` instead of ``CaseService(sessions, catalogue)``
  so unit demo keys are derived from ``HOTLINE_SECRET_KEY``;
- ``worker_factories(services)`` merged into ``gateway.workers.worker_factories``
  (webhook delivery + deadline warnings);
- ``register_openapi_webhooks(app)`` to document the webhook payloads in ``/docs``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from fastapi import FastAPI, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.catalogue import load_catalogue
from casebridge.errors import (
    CaseError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    VersionConflict,
)
from casebridge.schemas import ORDER_EVENT_TYPES, OrderWebhook
from casebridge.service import CaseService
from config.settings import Settings

log = logging.getLogger("hotline.casebridge")
T = TypeVar("T")


def build_case_service(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> CaseService:
    """The case service for this process, with demo unit keys from the secret key."""
    return CaseService(
        sessions,
        load_catalogue(settings.centre_config_dir),
        secret_key=settings.secret_key.get_secret_value(),
    )


async def ready_cases(services: Any) -> CaseService:
    """``services.cases``, prepared once (units synced, demo key hashes stored)."""
    cases: CaseService = services.cases
    await cases.prepare(services.settings.secret_key.get_secret_value())
    return cases


def http_error(exc: CaseError) -> HTTPException:
    """The HTTP form of a case-store error: 404, 403, 409 or 422 with a reason."""
    status = 400
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, Forbidden):
        status = 403
    elif isinstance(exc, IllegalTransition | VersionConflict):
        status = 409
    elif isinstance(exc, InvalidInput):
        status = 422
    detail: dict[str, Any] = {"error": type(exc).__name__, "reason": str(exc)}
    if isinstance(exc, IllegalTransition) and exc.state:
        detail["state"] = exc.state
    return HTTPException(status_code=status, detail=detail)


async def call(work: Awaitable[T]) -> T:
    """Await a case-service call, turning its errors into HTTP errors."""
    try:
        return await work
    except CaseError as exc:
        raise http_error(exc) from exc


def worker_factories(
    services: Any, *, warn_within: timedelta = timedelta(hours=24), every: float = 300.0
) -> dict[str, Callable[[], Awaitable[None]]]:
    """Background jobs of the case store: webhook delivery and deadline warnings."""
    from casebridge.emergency import EVENT_PREFIX
    from casebridge.outbox import DeliveryWorker

    # emergency pushes have their own worker (gateway.emergency): fast retries, no dead letter
    delivery = DeliveryWorker(services.sessions, exclude_prefix=EVENT_PREFIX)

    async def deadlines() -> None:
        cases = await ready_cases(services)
        stop: asyncio.Event = services.stop
        while not stop.is_set():
            try:
                n = await cases.emit_deadline_warnings(warn_within)
                if n:
                    log.info("deadline warnings queued", extra={"count": n})
            except Exception:
                log.exception("deadline warning scan failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    return {
        "webhook-delivery": lambda: delivery.run(services.stop),
        "deadline-warnings": deadlines,
    }


def register_openapi_webhooks(app: FastAPI) -> None:
    """Document each webhook event type (Standard Webhooks signed) in the OpenAPI schema."""
    for event_type in ORDER_EVENT_TYPES:

        def doc(body: OrderWebhook) -> None:
            """Signed with Standard Webhooks headers webhook-id, webhook-timestamp and
            webhook-signature (``v1,<base64 HMAC-SHA256>`` with the endpoint's whsec_ secret).
            ``data.order`` is the full order record (schema_version 1) without the citizen's
            contact details; ``data.event`` names the order event that caused it."""

        app.webhooks.post(event_type, summary=f"{event_type} (承办单位 webhook)")(doc)
