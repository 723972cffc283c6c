"""Who is signed in to the agent console: the dependencies every console route uses.

:data:`ServicesDep`, :data:`AgentDep` (the signed-in agent, 401 otherwise) and
:data:`SupervisorDep` (403 unless a supervisor), the console service of the process
(503 when none is configured), the session secret and the sweep that requests run now
and then. Used by :mod:`gateway.routers.agent` and the other console routers (calls,
assist, inspection).
"""

from __future__ import annotations

import logging
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from gateway.console.auth import COOKIE_NAME, session_id_from_cookie
from gateway.console.service import AgentView, ConsoleService
from gateway.deps import get_services
from gateway.errors import raises
from gateway.services import Services

log = logging.getLogger("hotline.agent")

ServicesDep = Annotated[Services, Depends(get_services)]


def console_of(services: Services) -> ConsoleService:
    console = services.console
    if not isinstance(console, ConsoleService):
        raise HTTPException(503, "agent console not configured")
    return console


def secret_of(services: Services) -> bytes:
    return services.settings.secret_key.get_secret_value().encode()


async def maybe_sweep(console: ConsoleService) -> None:
    """Sweep now and then from requests too, so expiry works even without a worker."""
    now = time.monotonic()
    if now - console.last_sweep >= console.settings.sweep_interval_seconds:
        console.last_sweep = now
        try:
            await console.sweep()
        except Exception:
            log.exception("console sweep failed")


@raises(401, 503)
async def current_agent(request: Request, services: ServicesDep) -> AgentView:
    """The signed-in agent (401 otherwise); refreshes the session and presence."""
    sid = session_id_from_cookie(secret_of(services), request.cookies.get(COOKIE_NAME))
    agent = await console_of(services).resume_session(sid) if sid else None
    if agent is None:
        raise HTTPException(401, "请先登录坐席工作台")
    return agent


AgentDep = Annotated[AgentView, Depends(current_agent)]


@raises(403)
async def supervisor(agent: AgentDep) -> AgentView:
    """Only supervisors (班长) pass."""
    if not agent.supervisor:
        raise HTTPException(403, "仅值班长可用")
    return agent


SupervisorDep = Annotated[AgentView, Depends(supervisor)]


def agent_json(agent: AgentView) -> dict[str, Any]:
    return {"username": agent.username, "display_name": agent.display_name, "role": agent.role}
