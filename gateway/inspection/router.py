"""The supervisor's inspection view (``/inspection``) and its JSON API.

Supervisors see every record, each agent's scores per day and the turns behind each
finding, and settle contests; an agent sees their own records and may contest a finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from gateway.assist.router import events_for
from gateway.console.auth import COOKIE_NAME, session_id_from_cookie
from gateway.console.service import ConsoleService
from gateway.inspection.rules import load_rules
from gateway.inspection.service import InspectionService
from gateway.routers.agent_auth import AgentDep, ServicesDep, SupervisorDep
from gateway.services import Services

router = APIRouter()
STATIC_DIR = Path(__file__).resolve().parent / "static"
EXTRA_KEY = "inspection"


def inspection_for(services: Services) -> InspectionService:
    """The process's inspection service (rules from the centre's config)."""
    found = services.extras.get(EXTRA_KEY)
    if isinstance(found, InspectionService):
        return found
    hub = services.console.hub if isinstance(services.console, ConsoleService) else None
    made = InspectionService(
        services.sessions,
        load_rules(Path(services.settings.centre_config_dir)),
        knowledge=services.knowledge,
        hub=hub,
        store=services.store,
        events=events_for(services),
    )
    services.extras[EXTRA_KEY] = made
    return made


class ContestBody(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class DecideBody(BaseModel):
    uphold: bool


@router.get("/api/inspection/records")
async def records(
    services: ServicesDep,
    agent: AgentDep,
    who: Annotated[str | None, Query(alias="agent", max_length=64)] = None,
    red_line: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Inspection records, newest first (an agent sees only their own)."""
    if not agent.supervisor:
        who = agent.username
    items = await inspection_for(services).records(agent=who, red_line=red_line, limit=limit)
    names = await _names(services)
    for item in items:  # display names beside user names (trial4 F26, F13)
        item["agent_name"] = names.get(item["agent"], item["agent"]) if item["agent"] else None
        for finding in item["findings"]:
            for turn in finding["turns"]:
                author = turn["author"]
                turn["author_name"] = names.get(author, author) if author else None
    return {"items": items}


async def _names(services: Services) -> dict[str, str]:
    """Agents' display names by user name (none without a console)."""
    console = services.console
    return await console.display_names() if isinstance(console, ConsoleService) else {}


@router.get("/api/inspection/scores")
async def scores(
    services: ServicesDep,
    boss: SupervisorDep,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> dict[str, Any]:
    """Each agent's inspections per day: count, average score, red lines, passed."""
    service = inspection_for(services)
    items = await service.scores(days)
    names = await _names(services)
    for item in items:
        item["agent_name"] = names.get(item["agent"], item["agent"])
    return {"pass_score": service.rules.pass_score, "items": items}


@router.post("/api/inspection/findings/{finding_id}/contest")
async def contest(
    finding_id: int, body: ContestBody, services: ServicesDep, agent: AgentDep
) -> dict[str, Any]:
    """The agent disputes a finding of their own (recorded in the console audit)."""
    return {
        "finding": await inspection_for(services).contest(finding_id, agent.username, body.reason)
    }


@router.post("/api/inspection/findings/{finding_id}/decide")
async def decide(
    finding_id: int, body: DecideBody, services: ServicesDep, boss: SupervisorDep
) -> dict[str, Any]:
    """A supervisor upholds or withdraws a contested finding (withdrawn: points back)."""
    return {
        "finding": await inspection_for(services).decide(finding_id, boss.username, body.uphold)
    }


@router.get("/inspection", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request, services: ServicesDep) -> Response:
    """The inspection view (signed-in console users; supervisors see everyone)."""
    secret = services.settings.secret_key.get_secret_value().encode()
    sid = session_id_from_cookie(secret, request.cookies.get(COOKIE_NAME))
    console = services.console
    agent = await console.resume_session(sid) if sid else None
    if agent is None:
        return RedirectResponse("/agent?next=/inspection", status_code=303)
    return FileResponse(STATIC_DIR / "inspection.html", media_type="text/html")


@router.get("/inspection/audit", response_class=HTMLResponse, include_in_schema=False)
async def audit_page(request: Request, services: ServicesDep) -> Response:
    """查看记录: the console's audit log for supervisors (trial4 F29); anyone else is led
    back to the console (the API ``/api/agent/audit`` refuses them too)."""
    secret = services.settings.secret_key.get_secret_value().encode()
    sid = session_id_from_cookie(secret, request.cookies.get(COOKIE_NAME))
    agent = await services.console.resume_session(sid) if sid else None
    if agent is None:
        return RedirectResponse("/agent?next=/inspection/audit", status_code=303)
    if not agent.supervisor:
        return RedirectResponse("/agent", status_code=303)
    return FileResponse(STATIC_DIR / "audit.html", media_type="text/html")


@router.get("/inspection/static/{name}", include_in_schema=False)
async def script(name: str) -> FileResponse:
    """The views' scripts (served locally, no CDN)."""
    if name not in ("inspection.js", "audit.js"):
        raise HTTPException(404, "not found")
    return FileResponse(STATIC_DIR / name, media_type="text/javascript")
