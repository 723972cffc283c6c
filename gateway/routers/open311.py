"""Open311 GeoReport v2 façade (JSON): catalogue entries as services, orders as requests.

Public GETs carry no personal data: no contact, numbers/name/exact address removed from
the description, the place given as county and township, coordinates rounded to ~100 m.
POST needs an ``api_key`` (the centre's demo key for the ``open311`` client, printed by
``hotline units keys``). Errors use the GeoReport form ``[{"code": .., "description": ..}]``.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from casebridge.errors import CaseError
from casebridge.intake import AppealDraft
from casebridge.keys import centre_key_ok
from casebridge.service import CaseService, PublicRequest
from casebridge.sla import SHANGHAI
from gateway.casebridge_wiring import http_error, ready_cases
from gateway.deps import get_services
from nlu.address import locate, parse_address

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
OPEN311_CLIENTS = ("centre", "open311")


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool = False
    type: str = "realtime"
    keywords: str
    group: str


class ServiceRequest(BaseModel):
    service_request_id: str
    status: str
    status_notes: str | None = None
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str | None = None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None = None
    address: str | None = None
    address_id: str | None = None
    zipcode: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None


class Created(BaseModel):
    service_request_id: str
    service_notice: str | None = None
    account_id: str | None = None


def _err(code: int, description: str) -> JSONResponse:
    return JSONResponse(status_code=code, content=[{"code": code, "description": description}])


def _w3c(moment: datetime | None) -> str | None:
    """GeoReport datetimes are W3C with offset; shown in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds") if moment else None


def _request(p: PublicRequest) -> ServiceRequest:
    return ServiceRequest(
        service_request_id=p.number,
        status="closed" if p.closed else "open",
        status_notes=p.state_label,
        service_name=p.service_name,
        service_code=p.service_code,
        description=p.description,
        agency_responsible=p.agency,
        requested_datetime=_w3c(p.requested_at) or "",
        updated_datetime=_w3c(p.updated_at) or "",
        expected_datetime=_w3c(p.expected_at),
        address=p.place,
        lat=p.latitude,
        long=p.longitude,
    )


async def _cases(request: Request) -> CaseService:
    return await ready_cases(get_services(request))


@router.get("/services.json", response_model=list[Service])
async def services(request: Request) -> list[Service]:
    """Every catalogue entry as a GeoReport service."""
    cases = await _cases(request)
    return [
        Service(
            service_code=e.code,
            service_name=e.name,
            description=f"{e.name}（办理时限：{e.limit.label()}）",
            keywords=",".join(p for p in (e.level2, e.level3) if p),
            group=e.level1,
        )
        for e in cases.catalogue.entries.values()
    ]


@router.get("/services/{service_code}.json", response_model=None)
async def service_definition(service_code: str, request: Request) -> Any:
    """A service definition (no extra attributes are asked)."""
    cases = await _cases(request)
    if service_code not in cases.catalogue.entries:
        return _err(404, f"unknown service_code {service_code}")
    return {"service_code": service_code, "attributes": []}


def _parse_date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{name} must be a W3C datetime") from None
    if d.tzinfo is None:
        d = d.replace(tzinfo=SHANGHAI)
    return d


@router.get("/requests.json", response_model=list[ServiceRequest])
async def list_requests(
    request: Request,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> Any:
    """Recent requests (default: the last 90 days), personal data removed."""
    cases = await _cases(request)
    try:
        start = _parse_date(start_date, "start_date")
        end = _parse_date(end_date, "end_date")
    except ValueError as exc:
        return _err(400, str(exc))
    statuses = {s.strip() for s in (status or "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return _err(400, "status must be open, closed or both")
    st = next(iter(statuses)) if len(statuses) == 1 else None
    rows = await cases.public_requests(
        numbers=[n for n in (service_request_id or "").split(",") if n.strip()],
        service_codes=[c for c in (service_code or "").split(",") if c.strip()],
        start=start,
        end=end,
        status=st,  # type: ignore[arg-type]
        limit=limit,
    )
    return [_request(r) for r in rows]


@router.get("/requests/{service_request_id}.json", response_model=list[ServiceRequest])
async def get_request(service_request_id: str, request: Request) -> Any:
    """One request (as a one-element list, per GeoReport)."""
    cases = await _cases(request)
    rows = await cases.public_requests(numbers=[service_request_id])
    if not rows:
        return _err(404, f"service request {service_request_id} not found")
    return [_request(rows[0])]


@router.post("/requests.json", response_model=list[Created], status_code=201)
async def create_request(
    request: Request,
    api_key: Annotated[str, Form()],
    service_code: Annotated[str, Form()],
    description: Annotated[str | None, Form(max_length=20000)] = None,
    lat: Annotated[float | None, Form(ge=-90, le=90)] = None,
    long: Annotated[float | None, Form(ge=-180, le=180)] = None,
    address_string: Annotated[str | None, Form(max_length=256)] = None,
    address_id: Annotated[str | None, Form(max_length=64)] = None,
    email: Annotated[str | None, Form(max_length=200)] = None,
    device_id: Annotated[str | None, Form(max_length=200)] = None,
    account_id: Annotated[str | None, Form(max_length=200)] = None,
    first_name: Annotated[str | None, Form(max_length=32)] = None,
    last_name: Annotated[str | None, Form(max_length=32)] = None,
    phone: Annotated[str | None, Form(max_length=32)] = None,
    media_url: Annotated[str | None, Form(max_length=1000)] = None,
    idempotency_key: Annotated[str | None, Header(max_length=150)] = None,
) -> Any:
    """Create a service request: it becomes a dispatched work order."""
    services_ = get_services(request)
    secret = services_.settings.secret_key.get_secret_value()
    if centre_key_ok(secret, api_key, OPEN311_CLIENTS) is None:
        return _err(403, "invalid api_key")
    cases = await _cases(request)
    entry = cases.catalogue.entries.get(service_code)
    if entry is None:
        return _err(404, f"unknown service_code {service_code}")
    if lat is None and long is None and not address_string and not address_id:
        return _err(400, "a location is required: lat/long, address_string or address_id")
    if not (description or "").strip():
        return _err(400, "description is required")
    county, township = await _territory(cases, address_string or "", lat, long)
    who = account_id or device_id or email or "anonymous"
    sender = "open311:" + hashlib.sha256(who.encode()).hexdigest()[:24]
    key = "open311:" + (idempotency_key or uuid.uuid4().hex)
    name = "".join(p for p in (last_name, first_name) if p) or None
    draft = AppealDraft(
        idempotency_key=key,
        channel="open311",
        sender=sender,
        text=(description or "").strip(),
        category_level1=entry.level1 if entry.level1 != "综合" else None,
        category_level2=entry.level2,
        unit_type=entry.unit_type,
        county=county,
        township=township,
        address=address_string,
        latitude=lat,
        longitude=long,
        contact_name=name,
        contact_phone=phone,
        extra={
            "category_level3": entry.level3,
            "open311_service_code": service_code,
            **({"media_url": media_url} if media_url else {}),
        },
    )
    try:
        receipt = await cases.open_work_order(draft)
    except CaseError as exc:
        e = http_error(exc)
        detail = e.detail["reason"] if isinstance(e.detail, dict) else str(e.detail)
        return _err(e.status_code, detail)
    notice = f"已派至{receipt.unit_name}"
    if receipt.deadline:
        notice += f"，办理时限至{receipt.deadline.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    return JSONResponse(
        status_code=201,
        content=[
            Created(
                service_request_id=receipt.number,
                service_notice=notice,
                account_id=account_id,
            ).model_dump()
        ],
    )


async def _territory(
    cases: CaseService, address: str, lat: float | None, long: float | None
) -> tuple[str | None, str | None]:
    """County and township from the address, else from the coordinates (WGS-84)."""
    county, township = _place(cases, address)
    if county is None and address:
        found = parse_address(address)  # township names alone, 开发区 ... (nlu.address)
        county, township = found.county, township or found.township
    if county is None and lat is not None and long is not None:
        where = await asyncio.to_thread(locate, lat, long)  # county boundaries
        if where is not None:
            county, township = where.county, township or where.township
    return county, township


def _place(cases: CaseService, address: str) -> tuple[str | None, str | None]:
    """County and township named in a free address (longest alias first)."""
    county = None
    for alias in sorted(cases.catalogue.county_aliases, key=len, reverse=True):
        if alias in address:
            county = cases.catalogue.county_aliases[alias]
            break
    township = None
    if county:
        for u in cases.catalogue.units.values():
            if u.kind == "township" and u.county == county:
                short = u.name.removesuffix("办事处").removesuffix("人民政府")
                if short and short in address:
                    township = short
                    break
    return county, township
