"""Handling-unit API (承办单位): inbox, order detail and the unit's lifecycle actions.

A unit authenticates with its own key (``Authorization: Bearer <key>`` or
``X-Unit-Key``) and sees only orders it leads or co-handles. Contact details appear only
when the order needs contact, and every such view is recorded (第九条, 第三十条).
Demo keys: ``hotline units keys`` prints them (derived from HOTLINE_SECRET_KEY).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field

from casebridge.schemas import (
    AttemptView,
    DeliveryView,
    EndpointView,
    EventView,
    OrderPage,
    OrderRecord,
)
from casebridge.service import Actor, CaseService, UnitIdentity
from gateway.casebridge_wiring import ready_cases
from gateway.deps import get_services

router = APIRouter(tags=["承办单位 handling units"])
PREFIX = "/api/units"


async def get_cases(request: Request) -> CaseService:
    """The prepared case service of this process."""
    return await ready_cases(get_services(request))


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return None


async def require_unit(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_unit_key: Annotated[str | None, Header()] = None,
) -> UnitIdentity:
    """The unit owning the presented key (``.id``, ``.code``, ``.name``); 401 otherwise."""
    key = _bearer(authorization) or (x_unit_key or "").strip()
    if not key:
        raise HTTPException(
            401,
            detail={
                "error": "Unauthorized",
                "reason": "缺少单位密钥（Authorization: Bearer 或 X-Unit-Key）",
            },
            headers={"WWW-Authenticate": "Bearer"},
        )
    cases = await get_cases(request)
    unit = await cases.authenticate_unit(key)
    if unit is None or unit.kind == "centre":
        raise HTTPException(
            401,
            detail={"error": "Unauthorized", "reason": "单位密钥无效或已停用"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    return unit


Unit = Annotated[UnitIdentity, Depends(require_unit)]
Cases = Annotated[CaseService, Depends(get_cases)]


def _actor(unit: UnitIdentity) -> Actor:
    return Actor.unit(unit.code, unit.name)


class Material(BaseModel):
    """An attachment or supporting material (a stored blob, a URL, or text)."""

    name: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=1000)
    blob_key: str | None = Field(default=None, max_length=200)
    mime: str | None = Field(default=None, max_length=100)
    text: str | None = Field(default=None, max_length=5000)


def _files(items: list[Material]) -> list[dict[str, Any]]:
    return [m.model_dump(exclude_none=True) for m in items]


class Versioned(BaseModel):
    """``expected_version``: refuse with 409 if the order changed since it was read."""

    expected_version: int | None = None


class ContactBody(Versioned):
    method: Literal["phone", "sms", "visit", "other"] = "phone"
    note: str | None = Field(default=None, max_length=2000)
    reached: bool = True


class ReplyBody(Versioned):
    text: str = Field(max_length=10000)
    attachments: list[Material] = Field(default_factory=list, max_length=20)


class ReturnBody(Versioned):
    reason: str = Field(max_length=5000)
    materials: list[Material] = Field(default_factory=list, max_length=20)
    suggested_unit: str | None = None


class ExtendBody(Versioned):
    reason: str = Field(max_length=5000)
    stage_report: str = Field(max_length=5000)
    working_days: int = Field(ge=1, le=60)


class TerminateBody(Versioned):
    ground: Literal["refused_information", "unlawful_demand"]
    reason: str = Field(max_length=5000)
    materials: list[Material] = Field(default_factory=list, max_length=20)


class DisputeBody(Versioned):
    reason: str = Field(max_length=5000)
    unit_codes: list[str] = Field(default_factory=list, max_length=10)


class CoReportBody(Versioned):
    text: str = Field(max_length=10000)
    attachments: list[Material] = Field(default_factory=list, max_length=20)


class CoUnitsBody(Versioned):
    unit_codes: list[str] = Field(min_length=1, max_length=10)
    reason: str | None = Field(default=None, max_length=2000)


class EndpointBody(BaseModel):
    url: str = Field(max_length=512)
    event_types: list[str] | None = None


class UnitMe(BaseModel):
    id: int
    code: str
    name: str
    kind: str


@router.get(f"{PREFIX}/me", response_model=UnitMe)
async def me(unit: Unit) -> UnitMe:
    """The authenticated unit."""
    return UnitMe(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind)


@router.get(f"{PREFIX}/orders", response_model=OrderPage)
async def list_orders(
    unit: Unit,
    cases: Cases,
    role: Literal["lead", "co", "all"] = "all",
    state: Annotated[list[str] | None, Query()] = None,
    county: str | None = None,
    service_code: str | None = None,
    overdue: bool | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: str | None = None,
) -> OrderPage:
    """The unit's orders, newest first; pass ``next_cursor`` as ``cursor`` for more."""
    return await cases.list_orders(
        _actor(unit),
        role=role,
        states=state or (),
        county=county,
        service_code=service_code,
        overdue=overdue,
        created_from=created_from,
        created_to=created_to,
        limit=limit,
        cursor=cursor,
    )


@router.get(f"{PREFIX}/orders/{{number}}", response_model=OrderRecord)
async def order_detail(number: str, unit: Unit, cases: Cases) -> OrderRecord:
    """One order; the citizen's contact only when needed, and the view is recorded."""
    return await cases.get_order(number, _actor(unit))


@router.get(f"{PREFIX}/orders/{{number}}/events", response_model=list[EventView])
async def order_events(number: str, unit: Unit, cases: Cases) -> list[EventView]:
    """The order's history (append-only events)."""
    return await cases.events(number, _actor(unit))


@router.post(f"{PREFIX}/orders/{{number}}/sign", response_model=OrderRecord)
async def sign(number: str, unit: Unit, cases: Cases, body: Versioned | None = None) -> OrderRecord:
    """签收."""
    v = body.expected_version if body else None
    return await cases.sign(number, _actor(unit), expected_version=v)


@router.post(f"{PREFIX}/orders/{{number}}/contact", response_model=OrderRecord)
async def contact(number: str, body: ContactBody, unit: Unit, cases: Cases) -> OrderRecord:
    """Record contact with the citizen (第十五条第一项)."""
    return await cases.log_contact(
        number,
        _actor(unit),
        method=body.method,
        note=body.note,
        reached=body.reached,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/reply", response_model=OrderRecord)
async def reply(number: str, body: ReplyBody, unit: Unit, cases: Cases) -> OrderRecord:
    """办结反馈: the result, with attachments."""
    return await cases.reply(
        number,
        _actor(unit),
        text=body.text,
        attachments=_files(body.attachments),
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/return", response_model=OrderRecord)
async def request_return(number: str, body: ReturnBody, unit: Unit, cases: Cases) -> OrderRecord:
    """退单申请 with materials (第十四条); the centre reviews."""
    return await cases.request_return(
        number,
        _actor(unit),
        reason=body.reason,
        materials=_files(body.materials),
        suggested_unit=body.suggested_unit,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/extend", response_model=OrderRecord)
async def extend(number: str, body: ExtendBody, unit: Unit, cases: Cases) -> OrderRecord:
    """延期申请 with reason and stage report (第十六条第二款)."""
    return await cases.request_extension(
        number,
        _actor(unit),
        reason=body.reason,
        stage_report=body.stage_report,
        working_days=body.working_days,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/terminate", response_model=OrderRecord)
async def terminate(number: str, body: TerminateBody, unit: Unit, cases: Cases) -> OrderRecord:
    """终止办理申请 (第十五条第五、六项) with materials; the centre reviews."""
    return await cases.request_termination(
        number,
        _actor(unit),
        ground=body.ground,
        reason=body.reason,
        materials=_files(body.materials),
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/dispute", response_model=OrderRecord)
async def dispute(number: str, body: DisputeBody, unit: Unit, cases: Cases) -> OrderRecord:
    """职责争议: ask the centre for a consultation (会商, 第十六条第三款)."""
    return await cases.raise_dispute(
        number,
        _actor(unit),
        reason=body.reason,
        unit_codes=body.unit_codes,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/co-report", response_model=OrderRecord)
async def co_report(number: str, body: CoReportBody, unit: Unit, cases: Cases) -> OrderRecord:
    """A co-handling unit's result for the lead (第十六条第一款)."""
    return await cases.co_report(
        number,
        _actor(unit),
        text=body.text,
        attachments=_files(body.attachments),
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/co-units", response_model=OrderRecord)
async def co_units(number: str, body: CoUnitsBody, unit: Unit, cases: Cases) -> OrderRecord:
    """The lead unit brings in co-handling units (第十六条第一款)."""
    return await cases.add_co_units(
        number,
        _actor(unit),
        unit_codes=body.unit_codes,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.get(f"{PREFIX}/webhooks", response_model=list[EndpointView])
async def list_webhooks(unit: Unit, cases: Cases) -> list[EndpointView]:
    """The unit's webhook endpoints."""
    return await cases.list_endpoints(unit.code)


@router.post(f"{PREFIX}/webhooks", response_model=EndpointView, status_code=201)
async def add_webhook(body: EndpointBody, unit: Unit, cases: Cases) -> EndpointView:
    """Register an endpoint; the response carries its ``whsec_`` secret (shown once)."""
    return await cases.register_endpoint(unit.code, body.url, body.event_types)


@router.delete(f"{PREFIX}/webhooks/{{endpoint_id}}", status_code=204)
async def delete_webhook(endpoint_id: int, unit: Unit, cases: Cases) -> None:
    """Deactivate an endpoint (its pending messages are dead-lettered)."""
    await cases.deactivate_endpoint(unit.code, endpoint_id)


@router.get(f"{PREFIX}/deliveries", response_model=list[DeliveryView])
async def deliveries(
    unit: Unit,
    cases: Cases,
    status: Literal["pending", "delivered", "dead"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: int | None = None,
) -> list[DeliveryView]:
    """Webhook messages for the unit, newest first."""
    return await cases.list_deliveries(unit.code, status=status, limit=limit, before=before)


@router.get(f"{PREFIX}/deliveries/{{outbox_id}}/attempts", response_model=list[AttemptView])
async def delivery_attempts(outbox_id: int, unit: Unit, cases: Cases) -> list[AttemptView]:
    """Every attempt made for one message."""
    return await cases.delivery_attempts(unit.code, outbox_id)


@router.post(f"{PREFIX}/deliveries/{{outbox_id}}/redeliver", response_model=DeliveryView)
async def redeliver(outbox_id: int, unit: Unit, cases: Cases) -> DeliveryView:
    """Send a message again (same webhook-id, so receivers can deduplicate)."""
    return await cases.redeliver(unit.code, outbox_id)
