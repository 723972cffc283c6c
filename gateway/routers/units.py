"""Handling-unit API (承办单位): inbox, order detail and the unit's lifecycle actions.

A unit authenticates with its own key (``Authorization: Bearer <key>`` or
``X-Unit-Key``) and sees only orders it leads or co-handles. Contact details appear only
when the order needs contact, and every such view is recorded (第九条, 第三十条).
Demo keys: ``hotline units keys`` prints them (derived from HOTLINE_SECRET_KEY).
The order routes and lifecycle actions are built from casebridge's tables
(:mod:`gateway.routers.casework`); errors propagate to :mod:`gateway.errors`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field

from casebridge.cases import Actor, CaseService, UnitIdentity
from casebridge.cases.requests import UnitOrderQuery
from casebridge.errors import Forbidden, IllegalTransition, InvalidInput, NotFound, Unauthorized
from casebridge.inputs import DbId, SafeStr
from casebridge.schemas import AttemptView, EndpointView
from gateway.casebridge_wiring import Cases, get_cases
from gateway.errors import raises
from gateway.routers import casework

router = APIRouter(tags=["承办单位 handling units"])
PREFIX = "/api/units"


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return None


@raises(Unauthorized)
async def require_unit(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_unit_key: Annotated[str | None, Header()] = None,
) -> UnitIdentity:
    """The unit owning the presented key (``.id``, ``.code``, ``.name``); 401 otherwise."""
    key = bearer(authorization) or (x_unit_key or "").strip()
    if not key:
        raise Unauthorized("缺少单位密钥（Authorization: Bearer 或 X-Unit-Key）")
    cases: CaseService = await get_cases(request)
    unit = await cases.authenticate_unit(key)
    if unit is None or unit.kind == "centre":
        raise Unauthorized("单位密钥无效或已停用")
    return unit


Unit = Annotated[UnitIdentity, Depends(require_unit)]


class EndpointBody(BaseModel):
    url: SafeStr = Field(max_length=512)
    #: absent or null: every event type; a list names at least one (``[]`` is 422)
    event_types: list[Annotated[SafeStr, Field(max_length=64)]] | None = Field(
        default=None, min_length=1, max_length=32
    )


class UnitMe(BaseModel):
    id: int
    code: str
    name: str
    kind: str


@router.get(f"{PREFIX}/me", response_model=UnitMe)
async def me(unit: Unit) -> UnitMe:
    """The authenticated unit."""
    return UnitMe(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind)


casework.install(
    router,
    casework.Audience[UnitIdentity](
        api="units",
        prefix=PREFIX,
        who=Unit,
        actor=lambda unit: Actor.unit(unit.code, unit.name),
        scope=lambda unit: unit.code,
        query=UnitOrderQuery,
        docs={
            "list_orders": "The unit's orders, newest first; pass ``next_cursor`` as "
            "``cursor`` for more.",
            "order_detail": "One order; the citizen's contact only when needed, and the "
            "view is recorded.",
            "order_events": "The order's history (append-only events).",
            "deliveries": "Webhook messages for the unit, newest first.",
            "redeliver": "Send a message again (same webhook-id, so receivers can deduplicate).",
        },
    ),
)


@router.get(f"{PREFIX}/webhooks", response_model=list[EndpointView])
async def list_webhooks(unit: Unit, cases: Cases) -> list[EndpointView]:
    """The unit's webhook endpoints."""
    return await cases.list_endpoints(unit.code)


@router.post(f"{PREFIX}/webhooks", response_model=EndpointView, status_code=201)
@raises(InvalidInput, NotFound)
async def add_webhook(body: EndpointBody, unit: Unit, cases: Cases) -> EndpointView:
    """Register an endpoint; the response carries its ``whsec_`` secret.

    The URL must be public https (loopback, private, link-local and reserved addresses
    are refused with 422) unless its host is in ``HOTLINE_WEBHOOK_ALLOW_HOSTS``.
    Idempotent: registering the same URL and event types again while that endpoint is
    active (a client retrying after a timeout, with or without ``Idempotency-Key``)
    answers the same endpoint and secret; to rotate the secret, delete and register.
    """
    return await cases.register_endpoint(unit.code, body.url, body.event_types)


@router.delete(f"{PREFIX}/webhooks/{{endpoint_id}}", status_code=204)
@raises(NotFound, Forbidden, IllegalTransition)
async def delete_webhook(endpoint_id: DbId, unit: Unit, cases: Cases) -> None:
    """Deactivate an endpoint (its pending messages are dead-lettered)."""
    await cases.deactivate_endpoint(unit.code, endpoint_id)


@router.get(f"{PREFIX}/deliveries/{{outbox_id}}/attempts", response_model=list[AttemptView])
@raises(NotFound, Forbidden)
async def delivery_attempts(outbox_id: DbId, unit: Unit, cases: Cases) -> list[AttemptView]:
    """Every attempt made for one message."""
    return await cases.delivery_attempts(unit.code, outbox_id)
