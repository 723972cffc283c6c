"""The centre dashboard: ``/dashboard`` (page), ``/api/dashboard/panels``, ``/drill``,
``/api/dashboard/report`` (the public report's HTML/PDF on demand).

Viewers are centre operators (``Authorization: Bearer <centre key>`` / ``X-Centre-Key``)
or console supervisors signed in at ``/agent`` (cookie). Panels hold aggregates and order
numbers only, never personal data.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
)

from casebridge.analytics.assessment import METRIC_LABELS_ZH, Metric
from casebridge.analytics.periods import Period, parse_period
from casebridge.keys import centre_key_ok
from casebridge.reports import ReportError, render_html, render_pdf
from gateway.analytics import Analytics, PeriodData, analytics_of
from gateway.dashboard import render
from gateway.deps import get_services
from gateway.errors import raises
from gateway.services import Services

router = APIRouter(tags=["监测分析 dashboard"])
STATIC = render.HERE / "static"


class NotSignedIn(Exception):
    """No centre key and no supervisor session."""


async def viewer_name(
    request: Request,
    authorization: str | None = None,
    x_centre_key: str | None = None,
) -> str:
    """Who may see the dashboard; raises 401/403 as HTTP errors."""
    services = get_services(request)
    secret = services.settings.secret_key.get_secret_value()
    key = ""
    if authorization and authorization[:7].lower() == "bearer ":
        key = authorization[7:].strip()
    key = key or (x_centre_key or "").strip()
    if key:
        who = centre_key_ok(secret, key)
        if who is None:
            raise HTTPException(401, "热线工作机构密钥无效")
        return who
    from gateway.console.auth import COOKIE_NAME, session_id_from_cookie

    sid = session_id_from_cookie(secret.encode(), request.cookies.get(COOKIE_NAME))
    agent = await services.console.resume_session(sid) if sid else None
    if agent is None:
        raise NotSignedIn
    if not agent.supervisor:
        raise HTTPException(403, "仅值班长和热线工作机构可查看监测分析")
    return str(agent.username)


@raises(401, 403)
async def require_viewer(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
) -> str:
    """The dependency form of :func:`viewer_name` (401 when not signed in)."""
    try:
        return await viewer_name(request, authorization, x_centre_key)
    except NotSignedIn:
        raise HTTPException(401, "请先登录坐席工作台（值班长）或提供热线工作机构密钥") from None


Viewer = Annotated[str, Depends(require_viewer)]


PAGE_SIZE = 50


async def _period(analytics: Analytics, text: str | None) -> Period:
    if not text:
        return await analytics.default_period()
    return parse_period(text)  # PeriodError: gateway.errors answers 422 (page or JSON)


def _answer_seconds(services: Services) -> float:
    """The queue time within which a call counts as answered in time (15 s by default)."""
    from gateway.calls.service import CallService
    from gateway.calls.settings import CallSettings

    running = services.extras.get("calls")
    if isinstance(running, CallService):
        return running.settings.answer_seconds
    return CallSettings().answer_seconds


async def calls_fragment(
    services: Services, p: Period, k: int, phone_appeals: str | None = None
) -> str:
    """The 话务（电话） panel for calls queued within the period's local dates;
    ``phone_appeals``: the period's 12345电话 appeals as shown (small-count rule), so an
    empty panel says why the two differ (trial4 F30)."""
    from gateway.calls.figures import call_tallies

    answer = _answer_seconds(services)
    tallies = await call_tallies(services.sessions, p.start_utc, p.end_utc, answer)
    return render.calls_panel(tallies, k, answer, phone_appeals)


def period_json(data: PeriodData) -> dict[str, Any]:
    """The period as the JSON answers describe it: running (进行中) or final, and what
    环比/同比 compare with."""
    r = data.report
    return {
        "label": r.period.label,
        "title": r.title_zh,
        "status": "running" if r.running else "final",
        "through": r.through.isoformat() if r.through else None,
        "compared_previous": r.compared_previous.label if r.compared_previous else None,
        "compared_last_year": r.compared_last_year.label if r.compared_last_year else None,
        "comparison": r.comparison_zh,
    }


def _refused_page(exc: HTTPException) -> HTMLResponse:
    """A browser asking for a page it may not see gets a page that says why (an agent
    following a supervisor's link), not the API's problem document."""
    message = f"{exc.detail}。如需查看，请联系值班长。"
    return HTMLResponse(
        render.message_page(
            "无权查看", message, back="/agent", back_label="返回坐席工作台", period_form=False
        ),
        status_code=exc.status_code,
    )


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
async def dashboard_page(
    request: Request,
    period: Annotated[str | None, Query(max_length=40)] = None,
    authorization: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
) -> Response:
    """The dashboard page, panels rendered on the server (sign-in at /agent first; the
    sign-in comes back here, to the same period)."""
    try:
        await viewer_name(request, authorization, x_centre_key)
    except NotSignedIn:
        here = "/dashboard" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/agent?next={quote(here, safe='')}", status_code=303)
    except HTTPException as exc:  # signed in without the right, or a wrong centre key
        return _refused_page(exc)
    services = get_services(request)
    analytics = analytics_of(services)
    p = await _period(analytics, period)
    data = await analytics.period_data(p)
    fragments = render.panels(data, await analytics.warnings(p), analytics.config.warnings)
    fragments["calls"] = await calls_fragment(
        services, p, data.report.suppress_below, render.phone_appeals(data.report)
    )
    return HTMLResponse(render.page(p.label, data.report.title_zh, fragments))


@router.get("/dashboard/drill", response_class=HTMLResponse, include_in_schema=False)
async def drill_page(
    request: Request,
    unit: Annotated[str, Query(max_length=32, pattern=r"^\d+$")],
    metric: Metric,
    period: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    authorization: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
) -> Response:
    """The orders behind one unit's rate as a page: what it lists (figure, unit,
    period), missed ones first, ``PAGE_SIZE`` a page, a way back to the dashboard.
    Rows show the matter and where, masked (no personal data: a supervisor checks the
    figure here; the order itself opens in the console, whose reveals are audited)."""
    try:
        await viewer_name(request, authorization, x_centre_key)
    except NotSignedIn:
        here = f"/dashboard/drill?{request.url.query}"
        return RedirectResponse(f"/agent?next={quote(here, safe='')}", status_code=303)
    except HTTPException as exc:  # signed in without the right, or a wrong centre key
        return _refused_page(exc)
    analytics = analytics_of(get_services(request))
    p = await _period(analytics, period)
    data = await analytics.period_data(p)
    names = {u.unit_id: u.unit_name for u in data.figures.ranking}
    back = f"/dashboard?period={quote(p.label)}"
    if unit not in names:
        body = f"{data.report.title_zh}没有该承办单位的工单。"
        return HTMLResponse(render.message_page("无此承办单位", body, back=back), 404)
    d = await analytics.drill(unit, metric, p)
    rows = [(n, False) for n in d.misses] + [(n, True) for n in d.hits]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    orders = await analytics.orders([n for n, _ in shown])
    return HTMLResponse(
        render.drill_page(
            data,
            unit_id=unit,
            unit_name=names[unit],
            metric=metric,
            rows=[(orders.get(n), n, hit) for n, hit in shown],
            hits=len(d.hits),
            misses=len(d.misses),
            page=page,
            pages=pages,
            back=back,
        )
    )


@router.get("/dashboard/static/{name}", include_in_schema=False)
async def dashboard_static(name: str) -> Response:
    """The page's own CSS and JS (served locally; no CDN)."""
    if name not in ("dashboard.js", "dashboard.css"):
        raise HTTPException(404)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(STATIC / name, media_type=media + "; charset=utf-8")


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """The site icon (an SVG: browsers take it whatever the name says)."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/api/dashboard/panels")
async def dashboard_panels(
    request: Request, viewer: Viewer, period: Annotated[str | None, Query(max_length=40)] = None
) -> dict[str, Any]:
    """Every panel as server-rendered HTML, plus the headline figures as data."""
    services = get_services(request)
    analytics = analytics_of(services)
    p = await _period(analytics, period)
    data = await analytics.period_data(p)
    r, f = data.report, data.figures
    panels = render.panels(data, await analytics.warnings(p), analytics.config.warnings)
    panels["calls"] = await calls_fragment(services, p, r.suppress_below, render.phone_appeals(r))
    return {
        "period": p.label,
        "period_info": period_json(data),
        "as_of": data.as_of.isoformat(),
        "figures": {
            "total": r.total.value,
            "orders": r.orders.value,
            "rates": {m.value: f.overall.rates[m].value for m in Metric},
            "score": f.overall.score,
            "ranked_units": r.ranked,
            "unranked_units": len(r.unranked),
        },
        "panels": panels,
    }


@router.get("/api/dashboard/drill")
@raises(404)
async def dashboard_drill(
    request: Request,
    viewer: Viewer,
    unit: Annotated[str, Query(max_length=32, pattern=r"^\d+$")],
    metric: Metric,
    period: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    """The order numbers behind one unit's rate: met (hits) and missed."""
    analytics = analytics_of(get_services(request))
    p = await _period(analytics, period)
    data = await analytics.period_data(p)
    names = {u.unit_id: u.unit_name for u in data.figures.ranking}
    if unit not in names:
        raise HTTPException(404, "本期无此承办单位")
    d = await analytics.drill(unit, metric, p)
    return {
        "unit_id": unit,
        "unit_name": names[unit],
        "metric": metric.value,
        "metric_label": METRIC_LABELS_ZH[metric],
        "period_info": period_json(data),
        "hits": d.hits,
        "misses": d.misses,
    }


@router.get(
    "/api/dashboard/report",
    response_class=HTMLResponse,
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string"}}}}},
)
@raises(503)
async def dashboard_report(
    request: Request,
    viewer: Viewer,
    period: Annotated[str | None, Query(max_length=40)] = None,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    """The periodic public report (第二十一条) for ``period``, as HTML or PDF (503 with
    what to install when the machine has no CJK font to embed)."""
    analytics = analytics_of(get_services(request))
    p = await _period(analytics, period)
    data = await analytics.period_data(p)
    if format == "pdf":
        try:
            pdf = await asyncio.to_thread(render_pdf, data.report)
        except ReportError as exc:
            raise HTTPException(503, str(exc)) from exc
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="hotline-report-{p.label}.pdf"'},
        )
    return HTMLResponse(render_html(data.report, data.svgs))


@router.get("/api/dashboard/calls")
async def call_figures(request: Request, viewer: Viewer, days: int = Query(1, ge=1, le=31)) -> Any:
    """The phone line's figures (接通率, 15 秒接通率, abandonment, handle time, after-call
    work) in total, per agent and per hour, for calls queued in the last ``days`` days."""
    from datetime import timedelta

    from casebridge.db import utcnow
    from gateway.calls.figures import call_figures as figures
    from gateway.routers.calls import calls_of

    services = get_services(request)
    until = utcnow()
    answer = calls_of(services).settings.answer_seconds
    return await figures(services.sessions, until - timedelta(days=days), until, answer)
