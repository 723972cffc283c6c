"""Hotline-centre API (热线工作机构): intake by agents, reviews, re-dispatch, consultation,
callbacks, merging, supervision and webhook dead letters; plus citizen-side progress.

Centre operators authenticate with ``Authorization: Bearer <key>`` or ``X-Centre-Key``;
the demo key is derived from HOTLINE_SECRET_KEY (``hotline units keys`` prints it).
``X-Operator`` names the person acting, for the record (percent-encoded UTF-8).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field

from casebridge.intake import AppealDraft
from casebridge.keys import centre_key_ok
from casebridge.schemas import DeliveryView, EventView, OrderPage, OrderRecord
from casebridge.service import Actor, CaseService
from gateway.casebridge_wiring import ready_cases
from gateway.deps import get_services

router = APIRouter()
PREFIX = "/api/centre"
TAG: list[str | Enum] = ["热线工作机构 hotline centre"]


@dataclass(frozen=True)
class CentreOperator:
    """An authenticated centre operator."""

    key_name: str
    name: str


async def get_cases(request: Request) -> CaseService:
    """The prepared case service of this process."""
    return await ready_cases(get_services(request))


async def require_centre(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
    x_operator: Annotated[str | None, Header(max_length=64)] = None,
) -> CentreOperator:
    """The centre operator whose key is presented; 401 otherwise."""
    key = ""
    if authorization and authorization[:7].lower() == "bearer ":
        key = authorization[7:].strip()
    key = key or (x_centre_key or "").strip()
    secret = get_services(request).settings.secret_key.get_secret_value()
    who = centre_key_ok(secret, key) if key else None
    if who is None:
        raise HTTPException(
            401,
            detail={"error": "Unauthorized", "reason": "缺少或无效的热线工作机构密钥"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    # headers are ASCII: a Chinese name comes percent-encoded (UTF-8)
    name = unquote(x_operator or "").strip()[:64] or who
    return CentreOperator(key_name=who, name=name)


Operator = Annotated[CentreOperator, Depends(require_centre)]
Cases = Annotated[CaseService, Depends(get_cases)]


def _actor(op: CentreOperator) -> Actor:
    return Actor.centre(op.name)


class Versioned(BaseModel):
    expected_version: int | None = None


class DraftBody(BaseModel):
    """An appeal recorded by an agent (第十二条: complete and accurate)."""

    idempotency_key: str = Field(min_length=1, max_length=200)
    channel: str = Field(default="phone", max_length=32)
    sender: str = Field(default="agent", max_length=200)
    text: str = Field(min_length=1, max_length=20000)
    order_type: Literal["appeal", "staff_complaint"] = "appeal"
    category_level1: str | None = None
    category_level2: str | None = None
    category_level3: str | None = None
    unit_type: str | None = None
    county: str | None = None
    township: str | None = None
    address: str | None = Field(default=None, max_length=256)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    contact_name: str | None = Field(default=None, max_length=64)
    contact_phone: str | None = Field(default=None, max_length=32)
    anonymous: bool = False


class ReceiptView(BaseModel):
    number: str
    unit_name: str
    deadline: datetime | None
    created: bool


class ReturnReview(Versioned):
    approve: bool
    reason: str = Field(max_length=5000)
    unit_code: str | None = None
    co_unit_codes: list[str] = Field(default_factory=list, max_length=10)


class ExtensionReview(Versioned):
    approve: bool
    reason: str | None = Field(default=None, max_length=5000)
    working_days: int | None = Field(default=None, ge=1, le=60)


class TerminationReview(Versioned):
    approve: bool
    reason: str = Field(max_length=5000)


class DisputeDecision(Versioned):
    unit_code: str
    co_unit_codes: list[str] = Field(default_factory=list, max_length=10)
    reason: str = Field(max_length=5000)


class Redispatch(Versioned):
    unit_code: str
    reason: str = Field(max_length=5000)


class CoUnits(Versioned):
    unit_codes: list[str] = Field(min_length=1, max_length=10)
    reason: str | None = Field(default=None, max_length=2000)


class CallbackBody(Versioned):
    satisfaction: Literal["satisfied", "basic", "unsatisfied"]
    reasonable: bool | None = None
    comment: str | None = Field(default=None, max_length=5000)


class MergeBody(Versioned):
    into: str = Field(max_length=20)
    reason: str = Field(max_length=2000)


class SuperviseBody(BaseModel):
    ground: Literal["refused", "overdue", "repeated", "kb_stale", "poor_handling", "other"]
    method: Literal["phone", "writing", "on_site", "meeting"]
    note: str | None = Field(default=None, max_length=5000)


class UnitRow(BaseModel):
    code: str
    name: str
    kind: str
    county: str | None = None
    types: list[str] = Field(default_factory=list)


class ServiceRow(BaseModel):
    code: str
    name: str
    unit_type: str
    limit: str
    utility: bool


class ProgressQuery(BaseModel):
    number: str = Field(max_length=20)
    phone_last4: str = Field(min_length=4, max_length=4, pattern=r"^[0-9]{4}$")


class ProgressOut(BaseModel):
    number: str
    state: str
    state_label: str
    unit_name: str
    created_at: datetime
    deadline: datetime | None = None
    result: str | None = None
    updated_at: datetime | None = None
    can_evaluate: bool = False


@router.post(f"{PREFIX}/orders", response_model=ReceiptView, tags=TAG, status_code=201)
async def create_order(body: DraftBody, op: Operator, cases: Cases) -> ReceiptView:
    """An agent records an appeal as a work order (idempotent on ``idempotency_key``)."""
    data = body.model_dump()
    level3 = data.pop("category_level3")
    draft = AppealDraft(
        **data,
        extra={"category_level3": level3, "recorded_by": op.name}
        if level3
        else {"recorded_by": op.name},
    )
    r = await cases.open_work_order(draft)
    return ReceiptView(
        number=r.number, unit_name=r.unit_name, deadline=r.deadline, created=r.created
    )


@router.get(f"{PREFIX}/orders", response_model=OrderPage, tags=TAG)
async def list_orders(
    op: Operator,
    cases: Cases,
    state: Annotated[list[str] | None, Query()] = None,
    unit_code: str | None = None,
    county: str | None = None,
    service_code: str | None = None,
    overdue: bool | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: str | None = None,
) -> OrderPage:
    """Every order, newest first, filtered."""
    return await cases.list_orders(
        _actor(op),
        states=state or (),
        unit_code=unit_code,
        county=county,
        service_code=service_code,
        overdue=overdue,
        created_from=created_from,
        created_to=created_to,
        limit=limit,
        cursor=cursor,
    )


@router.get(f"{PREFIX}/orders/{{number}}", response_model=OrderRecord, tags=TAG)
async def order_detail(number: str, op: Operator, cases: Cases) -> OrderRecord:
    """One order with contact details (the view is recorded)."""
    return await cases.get_order(number, _actor(op))


@router.get(f"{PREFIX}/orders/{{number}}/events", response_model=list[EventView], tags=TAG)
async def order_events(number: str, op: Operator, cases: Cases) -> list[EventView]:
    """The order's history."""
    return await cases.events(number, _actor(op))


@router.post(f"{PREFIX}/orders/{{number}}/return-review", response_model=OrderRecord, tags=TAG)
async def return_review(number: str, body: ReturnReview, op: Operator, cases: Cases) -> OrderRecord:
    """退单审核: approve and re-dispatch (第十四条), or refuse."""
    return await cases.review_return(
        number,
        _actor(op),
        approve=body.approve,
        reason=body.reason,
        unit_code=body.unit_code,
        co_unit_codes=body.co_unit_codes,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/extension-review", response_model=OrderRecord, tags=TAG)
async def extension_review(
    number: str, body: ExtensionReview, op: Operator, cases: Cases
) -> OrderRecord:
    """延期审核: approval moves the deadline."""
    return await cases.review_extension(
        number,
        _actor(op),
        approve=body.approve,
        reason=body.reason,
        working_days=body.working_days,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/termination-review", response_model=OrderRecord, tags=TAG)
async def termination_review(
    number: str, body: TerminationReview, op: Operator, cases: Cases
) -> OrderRecord:
    """终止审核 (第十五条第五、六项)."""
    return await cases.review_termination(
        number,
        _actor(op),
        approve=body.approve,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/dispute-decision", response_model=OrderRecord, tags=TAG)
async def dispute_decision(
    number: str, body: DisputeDecision, op: Operator, cases: Cases
) -> OrderRecord:
    """会商结论: the competent lead unit and co-units (第十六条第三款)."""
    return await cases.decide_dispute(
        number,
        _actor(op),
        unit_code=body.unit_code,
        co_unit_codes=body.co_unit_codes,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/redispatch", response_model=OrderRecord, tags=TAG)
async def redispatch(number: str, body: Redispatch, op: Operator, cases: Cases) -> OrderRecord:
    """改派 to another unit."""
    return await cases.redispatch(
        number,
        _actor(op),
        unit_code=body.unit_code,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/co-units", response_model=OrderRecord, tags=TAG)
async def co_units(number: str, body: CoUnits, op: Operator, cases: Cases) -> OrderRecord:
    """Add co-handling units (协办)."""
    return await cases.add_co_units(
        number,
        _actor(op),
        unit_codes=body.unit_codes,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/callback/start", response_model=OrderRecord, tags=TAG)
async def callback_start(
    number: str, op: Operator, cases: Cases, body: Versioned | None = None
) -> OrderRecord:
    """Begin the callback (回访)."""
    return await cases.start_callback(number, _actor(op), body.expected_version if body else None)


@router.post(f"{PREFIX}/orders/{{number}}/callback", response_model=OrderRecord, tags=TAG)
async def callback(number: str, body: CallbackBody, op: Operator, cases: Cases) -> OrderRecord:
    """回访结果 (第十七条): unsatisfied and reasonable reopens the order (重办)."""
    return await cases.record_callback(
        number,
        _actor(op),
        satisfaction=body.satisfaction,
        reasonable=body.reasonable,
        comment=body.comment,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/merge", response_model=OrderRecord, tags=TAG)
async def merge(number: str, body: MergeBody, op: Operator, cases: Cases) -> OrderRecord:
    """并单: this order follows ``into``; its citizen keeps seeing the progress."""
    return await cases.merge(
        number,
        _actor(op),
        into=body.into,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post(f"{PREFIX}/orders/{{number}}/supervise", response_model=OrderRecord, tags=TAG)
async def supervise(number: str, body: SuperviseBody, op: Operator, cases: Cases) -> OrderRecord:
    """督办 the lead unit (第二十二条)."""
    return await cases.supervise(
        number, _actor(op), ground=body.ground, method=body.method, note=body.note
    )


@router.get(f"{PREFIX}/units", response_model=list[UnitRow], tags=TAG)
async def units(op: Operator, cases: Cases, county: str | None = None) -> list[UnitRow]:
    """Handling units (optionally of one county)."""
    canon = cases.catalogue.normalize_county(county) if county else None
    if county and canon is None:
        raise HTTPException(404, detail={"error": "NotFound", "reason": f"未知的区县：{county}"})
    return [
        UnitRow(code=u.code, name=u.name, kind=u.kind, county=u.county, types=list(u.types))
        for u in cases.catalogue.handling_units()
        if canon is None or u.county == canon
    ]


@router.get(f"{PREFIX}/catalogue", response_model=list[ServiceRow], tags=TAG)
async def catalogue(op: Operator, cases: Cases) -> list[ServiceRow]:
    """The dispatch catalogue."""
    return [
        ServiceRow(
            code=e.code,
            name=e.name,
            unit_type=e.unit_type,
            limit=e.limit.label(),
            utility=e.utility,
        )
        for e in cases.catalogue.entries.values()
    ]


@router.get(f"{PREFIX}/deliveries", response_model=list[DeliveryView], tags=TAG)
async def deliveries(
    op: Operator,
    cases: Cases,
    status: Literal["pending", "delivered", "dead"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: int | None = None,
) -> list[DeliveryView]:
    """Webhook messages of every unit (e.g. ``status=dead`` for the dead letters)."""
    return await cases.list_deliveries(None, status=status, limit=limit, before=before)


@router.post(f"{PREFIX}/deliveries/{{outbox_id}}/redeliver", response_model=DeliveryView, tags=TAG)
async def redeliver(outbox_id: int, op: Operator, cases: Cases) -> DeliveryView:
    """Queue a (dead) message again."""
    return await cases.redeliver(None, outbox_id)


class _Failures:
    """Failed progress look-ups per client and per order number, in a sliding window.

    Four digits are guessable: after ``limit`` misses in ``window`` seconds the client
    (and the number, whoever asks) gets 429 until the window passes. In-process only;
    several gateway processes each keep their own count.
    """

    def __init__(self, limit: int = 10, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self.hits: dict[str, list[float]] = {}

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self.hits.get(key, []) if now - t < self.window]
        if kept:
            self.hits[key] = kept
        else:
            self.hits.pop(key, None)
        return kept

    def blocked(self, keys: tuple[str, ...]) -> bool:
        now = time.monotonic()
        return any(len(self._recent(k, now)) >= self.limit for k in keys)

    def miss(self, keys: tuple[str, ...]) -> None:
        now = time.monotonic()
        if len(self.hits) > 100_000:  # bound memory under a flood
            self.hits.clear()
        for k in keys:
            self.hits.setdefault(k, []).append(now)


PROGRESS_FAILURES = _Failures()


@router.post("/api/progress", response_model=ProgressOut, tags=["诉求人 citizens"])
async def progress(body: ProgressQuery, request: Request, cases: Cases) -> ProgressOut:
    """A citizen's view of their order (第九条 知情权): number plus the phone's last 4 digits.

    The same 404 answers a wrong number and a wrong phone, so nothing leaks; repeated
    misses are refused with 429.
    """
    client = request.client.host if request.client else "unknown"
    keys = ("ip:" + client, "no:" + body.number.strip().upper())
    if PROGRESS_FAILURES.blocked(keys):
        raise HTTPException(
            429, detail={"error": "TooManyRequests", "reason": "查询失败次数过多，请稍后再试"}
        )
    view = await cases.progress(body.number, body.phone_last4)
    if view is None:
        PROGRESS_FAILURES.miss(keys)
        raise HTTPException(
            404, detail={"error": "NotFound", "reason": "未找到该工单，或手机号后四位不符"}
        )
    data: dict[str, Any] = {k: getattr(view, k) for k in ProgressOut.model_fields}
    return ProgressOut(**data)
