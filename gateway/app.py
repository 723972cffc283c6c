"""The FastAPI application factory."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from config.settings import Settings, load_settings
from gateway import errors, metrics
from gateway.assist import router as assist
from gateway.casebridge_wiring import register_openapi_webhooks
from gateway.inspection import router as inspection
from gateway.logging import configure_logging
from gateway.pipeline.admission import ArrivalStamp
from gateway.routers import (
    agent,
    apidocs,
    calls,
    centre,
    chat,
    dashboard,
    feed,
    knowledge,
    media,
    open311,
    ops,
    units,
    webhooks,
)
from gateway.services import Services, build_services


class BodyLimitMiddleware:
    """Refuse request bodies over the limit with 413 before a handler reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        # Uploads from the agent console and the units API may carry attachments.
        for header, value in scope.get("headers", []):
            if header == b"content-length" and value.isdigit() and int(value) > limit:
                await _too_large(scope, send, limit)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(scope, send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    path: str = scope.get("path", "")
    if path.startswith(errors.PROVIDER_PREFIX):  # providers read the status only
        response = Response(f"request body larger than {limit} bytes", status_code=413)
    else:
        response = errors.error_response(
            path, 413, f"request body larger than {limit} bytes", code="BodyTooLarge"
        )
    await response(scope, _disconnected, send)


async def _disconnected() -> Message:
    return {"type": "http.disconnect"}


class MetricsMiddleware:
    """Count requests and time them per route template."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            metrics.HTTP_REQUESTS.labels(template, method, str(status)).inc()
            metrics.HTTP_LATENCY.labels(template).observe(time.perf_counter() - started)


#: The methods counted by name; any other token a client sends is counted as ``OTHER`` so
#: the metric's label set stays bounded (a client cannot grow /metrics without end).
_METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))


def create_app(
    settings: Settings | None = None,
    *,
    services: Services | None = None,
    channel_overrides: Mapping[str, Mapping[str, object]] | None = None,
) -> FastAPI:
    """Build the gateway. ``services`` may be injected (tests); else built at start-up."""
    settings = settings or (services.settings if services else load_settings())
    configure_logging(settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or await build_services(
            settings, channel_overrides=channel_overrides
        )
        chat.hub_for(app.state.services)  # web chat pushes work before the first visitor
        assist.events_for(app.state.services)  # other processes' assist events reach this one
        try:
            yield
        finally:
            if owned:
                await app.state.services.aclose()

    app = FastAPI(
        title="菏泽12345热线网关 Heze 12345 Hotline Gateway",
        version="0.1.0",
        description=(
            "Channels, bot, agent console and work orders for the Heze 12345 government "
            "service hotline (菏泽市12345政务服务便民热线条例).\n\n"
            "Errors are RFC 9457 problem details (`application/problem+json`: type, title, "
            "status, detail, instance; `errors` lists each invalid input of a 422), except "
            "Open311 GeoReport v2, which answers GeoReport's own error list "
            '(`[{"code": 400, "description": ...}]` or XML `<errors>`), and the provider '
            "webhooks under /webhooks/, which answer by status alone. See docs/security.md."
        ),
        lifespan=lifespan,
        docs_url=None,  # served offline by gateway.routers.apidocs
        redoc_url=None,
    )
    if services is not None:
        app.state.services = services
    # Routes are tried in this order for every request: the provider webhooks come first
    # (the hot path), the voice line's before the generic ``/webhooks/{channel}``
    # (POST /webhooks/voice is a call to people first).
    routers = (
        calls.router,
        webhooks.router,
        calls.console_router,
        ops.router,
        chat.router,
        agent.router,
        units.router,
        centre.router,
        open311.router,
        knowledge.router,
        dashboard.router,
        feed.router,
        media.router,
        assist.router,  # live assist: /webhooks/voice/stream, /api/assist
        inspection.router,  # 质检: /inspection, /api/inspection
    )
    for router in routers:
        app.include_router(router)
    register_openapi_webhooks(app)
    apidocs.mount(app)
    errors.install(app)  # the error map, and the input guard at the edge
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(ArrivalStamp)  # outermost: a provider's deadline counts from here
    return app
