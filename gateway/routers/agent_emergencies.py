"""Emergencies in the agent console (第十三条(一)): the alerts agents acknowledge, and
for supervisors the record in clear and its trail (``/api/agent/emergencies…``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from casebridge.emergency import EmergencyDesk
from gateway.errors import raises
from gateway.routers.agent_auth import AgentDep, ServicesDep, SupervisorDep, console_of
from gateway.routers.agent_bodies import EmergencyBody
from gateway.services import Services

router = APIRouter(tags=["坐席工作台 agent console"])


def _desk(services: Services) -> EmergencyDesk:
    if services.emergencies is None:
        raise HTTPException(503, "emergency handover not configured")
    return services.emergencies


@router.get("/api/agent/emergencies")
@raises(503)
async def emergencies(services: ServicesDep, agent: AgentDep, all: bool = False) -> dict[str, Any]:
    """Emergency records agents must acknowledge (masked: phone and name kept to their
    ends); ``all=true`` also lists acknowledged ones."""
    items = await _desk(services).alerts(include_acknowledged=all)
    return {"items": [e.as_json() for e in items]}


@router.post("/api/agent/emergencies/ack")
@raises(404, 503)
async def acknowledge_emergency(
    body: EmergencyBody, services: ServicesDep, agent: AgentDep
) -> dict[str, Any]:
    """The agent has seen the alert and takes it on (recorded in the record's trail)."""
    view = await _desk(services).acknowledge(body.id, agent.username)
    console_of(services).hub.publish(
        {"type": "emergency", "emergency": view.as_json()}, everyone=True
    )
    return {"emergency": view.as_json()}


@router.post("/api/agent/emergencies/reveal")
@raises(404, 503)
async def reveal_emergency(
    body: EmergencyBody, services: ServicesDep, boss: SupervisorDep
) -> dict[str, Any]:
    """The record in clear (supervisors); the look is recorded in its trail."""
    return {"emergency": (await _desk(services).reveal(body.id, boss.username)).as_json()}


@router.get("/api/agent/emergencies/trail")
@raises(404, 503)
async def emergency_trail(
    services: ServicesDep,
    boss: SupervisorDep,
    id: Annotated[str, Query(min_length=3, max_length=32, pattern=r"^EM[0-9A-F]+$")],
) -> dict[str, Any]:
    """The record's own audit trail: created, every push attempt, reveals, acknowledgements."""
    return {"id": id, "trail": await _desk(services).trail(id)}
