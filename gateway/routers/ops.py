"""Operations: health and Prometheus metrics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from gateway.deps import get_services
from gateway.metrics import exposition
from gateway.services import Services

router = APIRouter(tags=["ops"])


@router.get("/healthz", summary="Liveness and dependencies")
async def healthz(
    services: Annotated[Services, Depends(get_services)], response: Response
) -> dict[str, Any]:
    """``ok`` when the database and the session store answer; 503 otherwise."""
    checks: dict[str, str] = {}
    try:
        async with services.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    checks["store"] = "ok" if await services.store.ping() else "error"
    healthy = all(v == "ok" for v in checks.values())
    if not healthy:
        response.status_code = 503
    return {
        "status": "ok" if healthy else "degraded",
        "checks": checks,
        "channels": sorted(services.adapters),
        "store": type(services.store).__name__,
    }


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def prometheus_metrics() -> Response:
    """Requests, latency per channel and stage, rejections, work orders (summed over the
    processes of ``hotline serve --workers N``: ``gateway.metrics.exposition``)."""
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
