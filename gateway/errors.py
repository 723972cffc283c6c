"""Every room's errors mapped to HTTP in one place.

Routers raise the room's own errors (``casebridge.errors``, ``gateway.console.errors``,
``gateway.pipeline.UnknownConversation`` ...) and never translate them by hand; the table
below gives each error class its status, and :func:`install` registers one handler for
all of them on the application. The most specific class in the table wins.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from casebridge import errors as case_errors
from casebridge.analytics.errors import PeriodError
from casebridge.open311 import GeoReportError
from casebridge.open311.render import Format, errors_document, media_type
from gateway.console import errors as console_errors
from gateway.pipeline import UnknownConversation

# (error class, HTTP status): subclasses before their bases.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (case_errors.Unauthorized, 401),
    (case_errors.TooManyRequests, 429),
    (case_errors.NotFound, 404),
    (case_errors.Forbidden, 403),
    (case_errors.IllegalTransition, 409),
    (case_errors.VersionConflict, 409),
    (case_errors.InvalidInput, 422),
    (case_errors.CaseError, 400),
    (console_errors.NotFound, 404),
    (console_errors.Forbidden, 403),
    (console_errors.Conflict, 409),
    (console_errors.InvalidInput, 422),
    (console_errors.Unavailable, 503),
    (console_errors.ConsoleError, 400),
    (UnknownConversation, 404),
)


def status_of(exc: Exception) -> int:
    """The HTTP status of a room's error (400 for an unlisted subclass of a listed base)."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def body_of(exc: Exception) -> dict[str, Any]:
    """The JSON body: ``{"detail": {"error": <class>, "reason": <message>[, "state"]}}``;
    the console's errors carry the message an agent reads as ``{"detail": <message>}``."""
    if isinstance(exc, console_errors.ConsoleError):
        return {"detail": str(exc)}
    detail: dict[str, Any] = {"error": type(exc).__name__, "reason": str(exc)}
    state = getattr(exc, "state", "")
    if isinstance(exc, case_errors.IllegalTransition) and state:
        detail["state"] = state
    return {"detail": detail}


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    status = status_of(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(status_code=status, content=body_of(exc), headers=headers)


async def _georeport(request: Request, exc: Exception) -> Response:
    """Open311 errors in GeoReport's own form (JSON array or ``<errors>``), 400/403/404."""
    assert isinstance(exc, GeoReportError)
    fmt: Format = "xml" if exc.fmt == "xml" else "json"
    return Response(
        errors_document(exc.errors, fmt), status_code=exc.status, media_type=media_type(fmt)
    )


async def _period(request: Request, exc: Exception) -> Response:
    """A period the dashboard cannot read: 422, a page for a browser, JSON otherwise."""
    from gateway.dashboard.render import period_problem

    return period_problem(request.headers.get("accept", ""), request.query_params.get("period"))


def install(app: FastAPI) -> None:
    """Register the one handler for every error class of :data:`STATUS`, and GeoReport's."""
    for cls, _status in STATUS:
        app.add_exception_handler(cls, _handle)
    app.add_exception_handler(GeoReportError, _georeport)
    app.add_exception_handler(PeriodError, _period)
