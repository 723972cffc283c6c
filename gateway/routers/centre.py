"""Hotline-centre API (热线工作机构): intake by agents, reviews, re-dispatch, consultation,
callbacks, merging, supervision and webhook dead letters; plus citizen-side progress.

Centre operators authenticate with ``Authorization: Bearer <key>`` or ``X-Centre-Key``;
the demo key is derived from HOTLINE_SECRET_KEY (``hotline units keys`` prints it).
``X-Operator`` names the person acting, for the record (percent-encoded UTF-8).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Annotated, Literal
from urllib.parse import unquote

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from casebridge.cases import Actor
from casebridge.cases.queries import shown
from casebridge.cases.requests import CentreOrderQuery
from casebridge.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
)
from casebridge.inputs import SafeStr, has_control, phone_number
from casebridge.intake import AppealDraft, ProgressView
from casebridge.keys import centre_key_ok
from gateway.casebridge_wiring import Cases
from gateway.deps import get_services
from gateway.errors import HINTED, raises
from gateway.kv.limits import PROGRESS_FAILURES
from gateway.routers import casework
from gateway.routers.units import bearer
from nlu.pii import mask_text

router = APIRouter()
PREFIX = "/api/centre"
TAG: list[str | Enum] = ["热线工作机构 hotline centre"]


@dataclass(frozen=True)
class CentreOperator:
    """An authenticated centre operator."""

    key_name: str
    name: str


@raises(Unauthorized, InvalidInput)
async def require_centre(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
    x_operator: Annotated[str | None, Header(max_length=64)] = None,
) -> CentreOperator:
    """The centre operator whose key is presented; 401 otherwise."""
    key = bearer(authorization) or (x_centre_key or "").strip()
    secret = get_services(request).settings.secret_key.get_secret_value()
    who = centre_key_ok(secret, key) if key else None
    if who is None:
        raise Unauthorized("缺少或无效的热线工作机构密钥")
    # headers are ASCII: a Chinese name comes percent-encoded (UTF-8)
    try:  # strict: %ff%fe is refused, never recorded as U+FFFD
        name = unquote(x_operator or "", errors="strict").strip()[:64]
    except UnicodeDecodeError:
        raise InvalidInput("X-Operator 须为百分号编码的 UTF-8") from None
    if has_control(name):
        raise InvalidInput("X-Operator 不能含控制字符")
    name = name or who
    return CentreOperator(key_name=who, name=name)


Operator = Annotated[CentreOperator, Depends(require_centre)]


class DraftBody(BaseModel):
    """An appeal recorded by an agent (第十二条: complete and accurate)."""

    idempotency_key: SafeStr = Field(min_length=1, max_length=200)
    channel: SafeStr = Field(default="phone", max_length=32)
    sender: SafeStr = Field(default="agent", max_length=200)
    text: SafeStr = Field(min_length=1, max_length=20000)
    order_type: Literal["appeal", "staff_complaint"] = "appeal"
    category_level1: SafeStr | None = Field(default=None, max_length=64)
    category_level2: SafeStr | None = Field(default=None, max_length=64)
    category_level3: SafeStr | None = Field(default=None, max_length=64)
    unit_type: SafeStr | None = Field(default=None, max_length=64)
    county: SafeStr | None = Field(default=None, max_length=64)
    township: SafeStr | None = Field(default=None, max_length=64)
    address: SafeStr | None = Field(default=None, max_length=256)
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    contact_name: SafeStr | None = Field(default=None, max_length=64)
    contact_phone: SafeStr | None = Field(default=None, max_length=32)
    anonymous: bool = False


class ReceiptView(BaseModel):
    number: str
    unit_name: str
    deadline: datetime | None
    created: bool


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


_ORDER_NUMBER = re.compile(r"(?:HZ)?(20[0-9]{6})-?([0-9]{6})")
_ORDER_FORM = re.compile(r"HZ[0-9]{8}-[0-9]{6}")


def order_number(text: str) -> str:
    """An order number as a citizen may write it, in the form orders carry: full-width
    characters folded (NFKC), spaces dropped, letters upper-case, and the bare digits
    (``20261201000001``, as the phone line and chat read them) or a number without its
    hyphen becoming ``HZ20261201-000001``. Anything else comes back folded, unchanged."""
    folded = "".join(unicodedata.normalize("NFKC", text).split()).upper().replace("—", "-")
    m = _ORDER_NUMBER.fullmatch(folded)
    return f"HZ{m.group(1)}-{m.group(2)}" if m else folded


#: The answer to a query without four digits (「无」, 「匿名」: an anonymous order has no
#: phone to prove it is the asker's). Order numbers run in sequence, so an anonymous
#: order is never shown to whoever has its number (第九条: the citizen's own 知情权, not
#: anyone's): the channel and sender that filed it prove it (the chat's 「查询HZ…」), or
#: an agent of the hotline does.
ANONYMOUS_QUERY = (
    "匿名（未留联系电话）的诉求不能凭电话尾号查询：请在提交诉求时使用的网页对话、微信公众号"
    "或短信中发送“查询”加工单编号，或拨打12345热线由话务员核实后查询。"
    "留有联系电话的，请填写该电话的后四位数字。"
)
LAST4_FORM = "phone_last4：请填写诉求人联系电话的后四位数字（如 7722）"


def last4_problem(value: str) -> str | None:
    """Why ``value`` (folded) cannot be a phone's last four digits, in Chinese, or
    ``None`` when it is four digits. No digit at all (「无」, 「匿名」, 「没有」) is the
    anonymous citizen's answer: :data:`ANONYMOUS_QUERY` tells them how to ask."""
    if re.fullmatch(r"[0-9]{4}", value):
        return None
    return LAST4_FORM if re.search(r"[0-9]", value) else ANONYMOUS_QUERY


class ProgressQuery(BaseModel):
    """``number``: ``HZ20261201-000001``, also written in full-width characters or as
    its 14 digits (anything else: 422, not counted as a miss, trial7 F12);
    ``phone_last4``: four digits, full-width ones folded (trial5 F23); anything else
    (「无」 for an anonymous order: trial12 P20) is a 422 whose Chinese detail says how
    to ask, never counted as a miss (:func:`last4_problem`)."""

    number: SafeStr = Field(min_length=1, max_length=20)
    phone_last4: str = Field(
        max_length=16,
        description="诉求人联系电话的后四位数字；匿名诉求（未留电话）不能在此查询",
    )

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        number = order_number(value)
        if _ORDER_FORM.fullmatch(number) is None:
            # 422 before the look-up: a malformed number is never counted toward the
            # lockout of misses (trial7 F12)
            raise ValueError("工单编号应形如 HZ20261201-000001")
        return number

    @field_validator("phone_last4", mode="before")
    @classmethod
    def _last4(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        folded = "".join(unicodedata.normalize("NFKC", value).split())
        problem = last4_problem(folded)
        if problem is not None:  # a 422 whose detail says it (gateway.errors.HINTED)
            raise PydanticCustomError(HINTED, problem)
        return folded


def _check_draft(body: DraftBody, cases: Cases) -> None:
    cat = cases.catalogue
    if body.county and cat.normalize_county(body.county) is None:
        raise InvalidInput(f"county：未知的区县“{shown(body.county)}”，请填写菏泽市的县区")
    if body.category_level1 and cat.entry_for(body.category_level1) is None:
        raise InvalidInput(f"category_level1：派单目录中没有类别“{body.category_level1[:20]}”")
    phone = (body.contact_phone or "").strip()
    try:
        if phone:
            phone_number(phone)  # the one phone reading (casebridge.inputs), as the store
    except ValueError:
        raise InvalidInput("contact_phone：联系电话只能由数字组成（可带 +、空格或 -）") from None


@router.post(f"{PREFIX}/orders", response_model=ReceiptView, tags=TAG, status_code=201)
@raises(InvalidInput, NotFound, IdempotencyConflict)
async def create_order(body: DraftBody, op: Operator, cases: Cases) -> ReceiptView:
    """An agent records an appeal as a work order (idempotent on ``idempotency_key``).

    What an agent types is checked here (the dialogue's dispatch never fails and falls
    back for unknown names; an operator's typo must not): a county, district or zone of
    Heze, a category of the catalogue, a phone of digits (422 naming the field)."""
    _check_draft(body, cases)
    data = body.model_dump()
    level3 = data.pop("category_level3")
    draft = AppealDraft(
        **data,
        extra={"category_level3": level3, "recorded_by": op.name}
        if level3
        else {"recorded_by": op.name},
    )
    r = await cases.open_work_order(draft, strict_key=True)
    return ReceiptView(
        number=r.number, unit_name=r.unit_name, deadline=r.deadline, created=r.created
    )


casework.install(
    router,
    casework.Audience[CentreOperator](
        api="centre",
        prefix=PREFIX,
        who=Operator,
        actor=lambda op: Actor.centre(op.name),
        scope=lambda op: None,
        query=CentreOrderQuery,
        docs={
            "list_orders": "Every order, newest first, filtered.",
            "order_detail": "One order with contact details (the view is recorded).",
            "order_events": "The order's history.",
            "deliveries": "Webhook messages of every unit (e.g. ``status=dead`` for the "
            "dead letters).",
            "redeliver": "Queue a (dead) message again.",
        },
        tags=TAG,
    ),
)


@router.get(f"{PREFIX}/units", response_model=list[UnitRow], tags=TAG)
@raises(NotFound)
async def units(
    op: Operator, cases: Cases, county: Annotated[SafeStr | None, Query(max_length=64)] = None
) -> list[UnitRow]:
    """Handling units (optionally of one county)."""
    canon = cases.catalogue.normalize_county(county) if county else None
    if county and canon is None:
        raise NotFound(f"未知的区县：{shown(county)}")
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


# Four digits are guessable: after ten misses in ten minutes the client (and the number,
# whoever asks) gets 429 until the count decays. Counted in the shared store, so a client
# meeting several gateway processes is limited once, not once per process.
# (gateway.kv.limits.PROGRESS_FAILURES, shared with the dialogue's progress look-up)


@router.post("/api/progress", response_model=ProgressView, tags=["诉求人 citizens"])
@raises(NotFound, TooManyRequests)
async def progress(body: ProgressQuery, request: Request, cases: Cases) -> ProgressView:
    """A citizen's view of their order (第九条 知情权): number plus the phone's last 4 digits.

    The same 404 answers a wrong number and a wrong phone, so nothing leaks; repeated
    misses are refused with 429. No four digits (「无」 for an anonymous order): 422 in
    Chinese saying how an anonymous citizen asks (their channel, or 12345), not counted
    (:class:`ProgressQuery`).
    """
    client = request.client.host if request.client else "unknown"
    keys = ("ip:" + client, "no:" + body.number.strip().upper())
    store = get_services(request).store
    # counted before the look-up, in one atomic step: concurrent guesses cannot all pass
    if not await PROGRESS_FAILURES.acquire(store, keys):
        raise TooManyRequests("查询失败次数过多，请稍后再试")
    view = await cases.progress(body.number, body.phone_last4)
    if view is None:
        raise NotFound("未找到该工单，或手机号后四位不符")
    await PROGRESS_FAILURES.release(store, keys)
    # the unit's reply is shown to whoever knows four digits: masked like any public text
    # (public=True: the exact address and people named by their role too, as Open311)
    result = mask_text(view.result, public=True) if view.result else view.result
    return replace(view, result=result)
