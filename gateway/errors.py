"""Every room's errors mapped to HTTP in one place, answered as RFC 9457 problem details.

Routers raise the room's own errors (``casebridge.errors``, ``gateway.console.errors``,
``gateway.pipeline.UnknownConversation`` ...) and never translate them by hand; the table
below gives each error class its status, and :func:`install` registers one handler for
all of them on the application. The most specific class in the table wins.

Every error of the API is ``application/problem+json`` (:class:`Problem`): ``type``,
``title``, ``status``, ``detail``, ``instance``, plus ``code`` (the error class),
``state`` (an order's state, for 409 on a lifecycle action) and ``errors`` (one item per
invalid field, for 422). Two surfaces keep the form their clients expect: Open311
answers GeoReport's own errors (``[{"code": 400, "description": ...}]`` or XML
``<errors>``), and the provider webhooks (``/webhooks/*``) answer by status alone.
:mod:`gateway.openapi` documents which statuses each operation can return.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from casebridge import errors as case_errors
from casebridge.analytics.errors import PeriodError
from casebridge.open311 import GeoReportError
from casebridge.open311.render import Format, errors_document, media_type
from gateway.console import errors as console_errors
from gateway.pipeline import UnknownConversation

log = logging.getLogger("hotline.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:heze-12345:problem:"
GEOREPORT_PREFIX = "/open311/"
PROVIDER_PREFIX = "/webhooks/"

# (error class, HTTP status): subclasses before their bases.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (case_errors.Unauthorized, 401),
    (case_errors.TooManyRequests, 429),
    (case_errors.NotFound, 404),
    (case_errors.Forbidden, 403),
    (case_errors.IllegalTransition, 409),
    (case_errors.VersionConflict, 409),
    (case_errors.IdempotencyConflict, 409),
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


class FieldError(BaseModel):
    """One invalid input: where (``["body", "number"]``, ``["query", "cursor"]``), why."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, the body of every error of the API."""

    type: str = Field(
        default="about:blank",
        description="A URI naming the kind of problem (``urn:heze-12345:problem:<kind>``).",
    )
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str | None = Field(default=None, description="What went wrong, for a person.")
    instance: str | None = Field(default=None, description="The request path.")
    code: str | None = Field(default=None, description="The error class, e.g. NotFound.")
    state: str | None = Field(default=None, description="The order's state (409 only).")
    errors: list[FieldError] | None = Field(
        default=None, description="Each invalid input (422 only)."
    )


def status_of(exc: Exception) -> int:
    """The HTTP status of a room's error (400 for an unlisted subclass of a listed base)."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    instance: str | None = None,
    state: str | None = None,
    errors: Sequence[FieldError] | None = None,
) -> Problem:
    """The problem document of one error."""
    return Problem(
        type=TYPE_BASE + _kebab(code) if code else "about:blank",
        title=_title(status),
        status=status,
        detail=detail,
        instance=instance,
        code=code,
        state=state or None,
        errors=list(errors) if errors is not None else None,
    )


def body_of(exc: Exception, instance: str | None = None) -> Problem:
    """The problem document of a room's error."""
    state = getattr(exc, "state", "") if isinstance(exc, case_errors.IllegalTransition) else ""
    return problem(
        status_of(exc), str(exc), code=type(exc).__name__, instance=instance, state=state
    )


def problem_response(
    doc: Problem, headers: dict[str, str] | None = None
) -> Response:  # the one place problem bodies are written
    """``doc`` as ``application/problem+json`` (401 adds ``WWW-Authenticate``)."""
    extra = dict(headers or {})
    if doc.status == 401:
        extra.setdefault("WWW-Authenticate", "Bearer")
    return Response(
        doc.model_dump_json(exclude_none=True).encode("utf-8"),
        status_code=doc.status,
        media_type=PROBLEM_JSON,
        headers=extra,
    )


def georeport_format(path: str) -> Format:
    """The format an Open311 path asks for (``.xml`` or else JSON)."""
    return "xml" if path.endswith(".xml") else "json"


def georeport_response(path: str, status: int, description: str) -> Response:
    """One error in GeoReport's own form, in the format the path asks for."""
    fmt = georeport_format(path)
    code = status  # the body's code is the HTTP status (413 says 413, not 400)
    return Response(
        errors_document([(code, description)], fmt), status_code=status, media_type=media_type(fmt)
    )


def error_response(
    path: str,
    status: int,
    detail: str,
    *,
    code: str | None = None,
    errors: Sequence[FieldError] = (),
) -> Response:
    """An error outside any handler (middleware): GeoReport's form under ``/open311/``,
    problem+json elsewhere."""
    if path.startswith(GEOREPORT_PREFIX):  # GeoReport knows 400, not 422
        text = detail + "".join(f"; {'.'.join(map(str, e.loc))}: {e.msg}" for e in errors)
        return georeport_response(path, 400 if status == 422 else status, text)
    return problem_response(
        problem(status, detail, code=code, instance=path, errors=list(errors) or None)
    )


def field_errors(raw: Sequence[Any]) -> list[FieldError]:
    """Pydantic's error list without the input and context (which may hold values that do
    not serialise, e.g. NaN, or personal data)."""
    out: list[FieldError] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        loc = [p if isinstance(p, int) else str(p) for p in item.get("loc", ())]
        out.append(
            FieldError(loc=loc, msg=str(item.get("msg", "")), type=str(item.get("type", "")))
        )
    return out


async def _room_error(request: Request, exc: Exception) -> Response:
    return problem_response(body_of(exc, request.url.path))


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the application answers at ``request``'s path: the
    ``Allow`` header of a 405 (RFC 9110 §15.5.6). Starlette names only the first route
    whose path matched, so ``/webhooks/sms`` (one route per method) said ``GET`` alone."""
    allowed: list[str] = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        for route in request.app.router.routes:
            if isinstance(route, Mount):  # static files answer their own methods
                continue
            if route.matches(scope)[0] == Match.FULL:
                allowed.append(method)
                break
    return allowed


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    path = request.url.path
    if exc.status_code == 405:  # every method of the path, on every surface
        allow = ", ".join(allowed_methods(request))
        headers = {**(exc.headers or {}), "Allow": allow}
        exc = StarletteHTTPException(405, exc.detail, headers=headers)
    if path.startswith(PROVIDER_PREFIX):  # providers read the status only
        return await http_exception_handler(request, exc)
    detail: str | None
    code: str | None = None
    if isinstance(exc.detail, dict):  # {"error": ..., "reason": ...} of older routers
        detail = str(exc.detail.get("reason", "")) or None
        code = str(exc.detail.get("error", "")) or None
    else:
        detail = str(exc.detail) if exc.detail else None
    # a plain HTTP error gets the code of its status (NotFound, Unauthorized, Forbidden,
    # Conflict, MethodNotAllowed ...), so every problem document names its kind
    code = code or _title(exc.status_code).replace(" ", "").replace("-", "")
    if path.startswith(GEOREPORT_PREFIX):
        answer = georeport_response(path, exc.status_code, detail or _title(exc.status_code))
        answer.headers.update(exc.headers or {})
        return answer
    doc = problem(exc.status_code, detail, code=code, instance=path)
    return problem_response(doc, dict(exc.headers or {}))


#: The type of a validation error whose message is written for the caller in Chinese
#: (``PydanticCustomError(HINTED, "…")``): the problem's ``detail`` carries it, not the
#: generic 「请求参数不符合要求」 (trial12 P20: how an anonymous citizen asks for progress).
HINTED = "hotline_hint"


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    items = field_errors(exc.errors())
    hints = [e.msg for e in items if e.type == HINTED]
    detail = hints[0] if hints else "请求参数不符合要求"
    return error_response(request.url.path, 422, detail, code="ValidationError", errors=items)


async def _georeport(request: Request, exc: Exception) -> Response:
    """Open311 errors in GeoReport's own form (JSON array or ``<errors>``), 400/403/404."""
    assert isinstance(exc, GeoReportError)
    fmt: Format = "xml" if exc.fmt == "xml" else "json"
    return Response(
        errors_document(exc.errors, fmt), status_code=exc.status, media_type=media_type(fmt)
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    """500 as a problem too, without the exception's text (it may hold personal data)."""
    path = request.url.path
    if path.startswith(GEOREPORT_PREFIX):
        return georeport_response(path, 500, "internal error")
    return problem_response(problem(500, "服务器内部错误，请稍后再试", instance=path))


E = TypeVar("E", bound=Callable[..., Any])


def raises(*what: type[Exception] | int) -> Callable[[E], E]:
    """Declare the errors a route or dependency can answer with (exception classes of
    :data:`STATUS` or bare statuses); :mod:`gateway.openapi` documents them."""
    statuses = {w if isinstance(w, int) else status_for_class(w) for w in what}

    def mark(fn: E) -> E:
        known: set[int] = set(getattr(fn, "__problems__", ()))
        fn.__problems__ = frozenset(known | statuses)  # type: ignore[attr-defined]
        return fn

    return mark


def status_for_class(cls: type[Exception]) -> int:
    """The status of an error class, as :func:`status_of` gives it for an instance."""
    for known, status in STATUS:
        if issubclass(cls, known):
            return status
    raise ValueError(f"{cls.__name__} has no HTTP status in gateway.errors.STATUS")


async def _period(request: Request, exc: Exception) -> Response:
    """A period the dashboard cannot read: 422, a page for a browser, a problem otherwise."""
    from gateway.dashboard.render import PERIOD_HELP_ZH, period_problem

    accept, text = request.headers.get("accept", ""), request.query_params.get("period")
    if "text/html" in accept or "application/xhtml+xml" in accept:
        return period_problem(accept, text)
    detail = f"无法识别统计周期“{text or ''}”。{PERIOD_HELP_ZH}"
    return problem_response(problem(422, detail, code="PeriodError", instance=request.url.path))


def install(app: FastAPI) -> None:
    """Register the one handler for every error class of :data:`STATUS`, for HTTP errors,
    request validation and GeoReport's errors; the input guard
    (:class:`gateway.guard.InputGuardMiddleware`); and the error responses of every
    operation in the OpenAPI document (:mod:`gateway.openapi`)."""
    for cls, _status in STATUS:
        app.add_exception_handler(cls, _room_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(GeoReportError, _georeport)
    app.add_exception_handler(Exception, _unexpected)
    from gateway.guard import InputGuardMiddleware
    from gateway.openapi import document_errors

    app.add_middleware(InputGuardMiddleware)
    document_errors(app)

    app.add_exception_handler(PeriodError, _period)
