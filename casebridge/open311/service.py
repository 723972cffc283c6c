"""The GeoReport v2 façade over the case store: services, definitions, requests, tokens.

Catalogue entries are services; work orders are service requests. Public reads carry no
personal data: the case store's public view already drops contact, name and exact
address and rounds coordinates to ~100 m, and every free text shown also goes through
the masking function the gateway passes in (``mask``). POST needs the ``api_key`` the
gateway checks; a retried POST with the same ``Idempotency-Key`` header gives the same
request, never a second order.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import JsonValue
from sqlalchemy import select

from casebridge.catalogue import Entry as CatalogueEntry
from casebridge.emergency import SERVICES, EmergencyReport
from casebridge.emergency.models import Emergency
from casebridge.errors import CaseError, NotFound
from casebridge.intake import ANONYMOUS_SENDER, AppealDraft, DraftAttachment
from casebridge.models import Appeal, WorkOrder
from casebridge.open311.config import Open311Config
from casebridge.open311.documents import (
    CreatedRequest,
    Service,
    ServiceDefinition,
    ServiceRequest,
    TokenAnswer,
)
from casebridge.open311.errors import GeoReportError
from casebridge.open311.validate import NewRequest, check_attributes
from casebridge.service import CaseService, PublicRequest
from casebridge.sla import SHANGHAI
from casebridge.webhooks.urlpolicy import UrlRefused

MAX_SPAN = timedelta(days=90)  # "may not span more than 90 days"
Mask = Callable[[str], str]
HandOver = Callable[[EmergencyReport], Awaitable[None]]
_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")


@dataclass(frozen=True)
class RequestQuery:
    """GET Service Requests arguments (all optional, as the specification says)."""

    service_request_id: str | None = None
    service_code: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None
    limit: str | None = None


def w3c(moment: datetime | None) -> str | None:
    """A W3C datetime with offset, in Asia/Shanghai (the specification requires a zone)."""
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds") if moment else None


def parse_w3c(value: str, name: str) -> datetime:
    """A W3C datetime (``2010-01-01T00:00:00Z``) or date; a time without zone is refused."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise GeoReportError.one(
            400, f"{name} must be a W3C datetime, e.g. 2025-01-01T00:00:00+08:00"
        ) from None
    if moment.tzinfo is None:
        if "T" in text:
            raise GeoReportError.one(400, f"{name} must include a time zone (Z or +08:00)")
        moment = moment.replace(tzinfo=SHANGHAI)  # a date alone: that day in Heze
    return moment


class GeoReport:
    """GeoReport v2 over a :class:`CaseService` (its public façade, not its internals)."""

    def __init__(self, cases: CaseService, config: Open311Config, mask: Mask) -> None:
        self.cases = cases
        self.config = config
        self.mask = mask

    # -- jurisdiction and services -------------------------------------------------------
    def check_jurisdiction(self, jurisdiction_id: str | None) -> None:
        """A single-jurisdiction endpoint: absent is fine, another one is 404."""
        if jurisdiction_id and jurisdiction_id.strip() != self.config.jurisdiction_id:
            raise GeoReportError.one(404, "jurisdiction_id provided was not found")

    def known_service(self, service_code: str) -> bool:
        """True when ``service_code`` is one of the catalogue's services."""
        return service_code in self.cases.catalogue.entries

    def services(self) -> list[Service]:
        """GET Service List: every catalogue entry."""
        out: list[Service] = []
        for e in self.cases.catalogue.entries.values():
            conf = self.config.service(e.code)
            out.append(
                {
                    "service_code": e.code,
                    "service_name": e.name,
                    "description": f"{e.name}（办理时限：{e.limit.label()}）",
                    "metadata": bool(conf.attributes),
                    "type": conf.type,
                    "keywords": ",".join(p for p in (e.level2, e.level3) if p),
                    "group": e.level1,
                }
            )
        return out

    def definition(self, service_code: str) -> ServiceDefinition:
        """GET Service Definition: the attributes the service asks for."""
        if service_code not in self.cases.catalogue.entries:
            raise GeoReportError.one(404, f"service_code {service_code[:64]} was not found")
        attrs = self.config.service(service_code).attributes
        return {"service_code": service_code, "attributes": [a.as_document() for a in attrs]}

    # -- POST ------------------------------------------------------------------------------
    async def create(
        self, req: NewRequest, *, idempotency_key: str | None, county: str | None = None
    ) -> CreatedRequest:
        """POST Service Request: the request becomes a dispatched work order.

        ``county`` comes from the coordinates when the gateway could locate them; else
        the county named in ``address_string``. Returns the created item: its
        ``service_request_id``, or for a batch service its ``token``.
        """
        entry, answers = self._checked(req)
        conf = self.config.service(req.service_code)
        named_county, township = self._place(req.address_string or "")
        if req.media_url:
            # republished to units and the public: the one outbound URL policy (public
            # https; no loopback, private, link-local or metadata address)
            try:
                await self.cases.url_policy.check_now(req.media_url)
            except UrlRefused as exc:
                raise GeoReportError.one(400, f"media_url: {exc}") from exc
        token = _token(idempotency_key)
        text = req.description or ""
        if answers:
            text += "\n【补充信息】" + "；".join(f"{d}：{v}" for d, v in answers)
        name = _name(req)
        submitter: dict[str, JsonValue] = {
            k: v
            for k, v in (
                ("account_id", req.account_id),
                ("device_id", req.device_id),
                ("email", req.email),
            )
            if v
        }
        draft = AppealDraft(
            idempotency_key=f"open311:{token}",
            channel="open311",
            # without an account, device or e-mail the requester is nobody in particular
            sender=_sender(req),
            text=text,
            category_level1=entry.level1 if entry.level1 != "综合" else None,
            category_level2=entry.level2,
            unit_type=entry.unit_type,
            county=county or named_county,
            township=township if (county is None or county == named_county) else None,
            address=req.address_string,
            latitude=req.lat,
            longitude=req.long,
            contact_name=name,
            contact_phone=req.phone,
            attachments=_media(req.media_url),
            extra={
                "category_level3": entry.level3,
                "open311_service_code": req.service_code,
                "open311_attributes": {k: list(v) for k, v in req.attributes.items()},
                **({"open311_submitter": submitter} if submitter else {}),
                **({"media_url": req.media_url} if req.media_url else {}),
            },
        )
        try:
            receipt = await self.cases.open_work_order(draft, strict_key=True)
        except NotFound as exc:
            raise GeoReportError.one(404, str(exc)) from exc
        except CaseError as exc:
            raise GeoReportError.one(400, str(exc)) from exc
        notice = f"已派至{receipt.unit_name}"
        if receipt.deadline:
            notice += f"，办理时限至{receipt.deadline.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
        if conf.type == "batch":
            return {"token": token, "service_notice": notice, "account_id": req.account_id}
        return {
            "service_request_id": receipt.number,
            "service_notice": notice,
            "account_id": req.account_id,
        }

    def _checked(self, req: NewRequest) -> tuple[CatalogueEntry, list[tuple[str, str]]]:
        """The jurisdiction, the service and its attributes checked (404/400 as the
        specification says); the catalogue entry and the attribute answers."""
        self.check_jurisdiction(req.jurisdiction_id)
        entry = self.cases.catalogue.entries.get(req.service_code)
        if entry is None:
            raise GeoReportError.one(404, f"service_code {req.service_code} was not found")
        conf = self.config.service(req.service_code)
        return entry, check_attributes(req.attributes, conf.attributes, req.service_code)

    async def refer_emergency(
        self,
        req: NewRequest,
        *,
        idempotency_key: str | None,
        service: str,
        reason: str,
        notice: str,
        hand_over: HandOver | None,
    ) -> CreatedRequest:
        """POST Service Request of an emergency (第十三条(一), trial14 T04): no work order;
        the record goes to the dispatch desk of ``service`` (``hand_over``) and the citizen
        is told ``notice`` (call the number now). Checked as :meth:`create` is; answered
        with a ``token`` (no service request exists: GET tokens/{token} says why). A
        retried POST with the same ``Idempotency-Key`` finds the same record."""
        self._checked(req)
        if service not in SERVICES:
            raise GeoReportError.one(400, f"unknown emergency service {service[:8]}")
        token = _token(idempotency_key)
        report = EmergencyReport(
            idempotency_key=f"open311:{token}:{service}",
            service=SERVICES[SERVICES.index(service)],
            reason=reason,
            channel="open311",
            conversation_key=f"open311:{token}",
            sender=_sender(req),
            text=req.description or reason,
            reported_at=self.cases.clock(),
            contact_phone=req.phone,
            contact_name=_name(req),
            place=req.address_string,
            latitude=req.lat,
            longitude=req.long,
        )
        if hand_over is not None:
            await hand_over(report)
        return {"token": token, "service_notice": notice, "account_id": req.account_id}

    def _place(self, address: str) -> tuple[str | None, str | None]:
        """County and township named in a free address (longest alias first)."""
        cat = self.cases.catalogue
        county = None
        for alias in sorted(cat.county_aliases, key=len, reverse=True):
            if alias in address:
                county = cat.county_aliases[alias]
                break
        township = None
        if county:
            for u in cat.units.values():
                if u.kind == "township" and u.county == county:
                    short = u.name.removesuffix("办事处").removesuffix("人民政府")
                    if short and short in address:
                        township = short
                        break
        return county, township

    # -- GET requests and tokens -------------------------------------------------------------
    async def requests(self, q: RequestQuery) -> list[ServiceRequest]:
        """GET Service Requests: the last 90 days by default, at most 1000."""
        numbers = [n.strip() for n in (q.service_request_id or "").split(",") if n.strip()]
        codes = [c.strip() for c in (q.service_code or "").split(",") if c.strip()]
        statuses = {s.strip() for s in (q.status or "").split(",") if s.strip()}
        errors: list[tuple[int, str]] = []
        if statuses - {"open", "closed"}:
            errors.append((400, "status must be open, closed or both (comma delimited)"))
        limit = 1000
        if q.limit and q.limit.strip():
            text = q.limit.strip()
            if (
                not (text.isascii() and text.isdigit() and len(text) <= 4)
                or not 1 <= int(text) <= 1000
            ):
                errors.append((400, "limit must be a whole number from 1 to 1000"))
            else:
                limit = int(text)
        start = end = None
        for name, raw in (("start_date", q.start_date), ("end_date", q.end_date)):
            if raw and raw.strip():
                try:
                    moment = parse_w3c(raw, name)
                except GeoReportError as exc:
                    errors.extend(exc.errors)
                    continue
                if name == "start_date":
                    start = moment
                else:
                    end = moment
        if start and end and start > end:
            errors.append((400, "start_date must not be after end_date"))
        elif start and end and end - start > MAX_SPAN:
            errors.append((400, "start_date and end_date may not span more than 90 days"))
        if errors:
            raise GeoReportError(errors)
        if start and not end and not numbers:
            end = min(start + MAX_SPAN, self.cases.clock())
        status: Literal["open", "closed"] | None = (
            "open" if statuses == {"open"} else "closed" if statuses == {"closed"} else None
        )
        rows = await self.cases.public_requests(
            numbers=numbers,
            service_codes=[] if numbers else codes,  # service_request_id overrides the rest
            start=None if numbers else start,
            end=None if numbers else end,
            status=None if numbers else status,
            limit=limit,
        )
        return await self._public(rows)

    async def request(self, service_request_id: str) -> list[ServiceRequest]:
        """GET Service Request: a one-element list, 404 when unknown."""
        rows = await self.cases.public_requests(numbers=[service_request_id])
        if not rows:
            raise GeoReportError.one(
                404, f"service_request_id {service_request_id[:64]} was not found"
            )
        return await self._public(rows[:1])

    async def token(self, token: str) -> list[TokenAnswer]:
        """GET service_request_id from a token."""
        token = token.strip()
        number = await self._number_for_key(f"open311:{token}") if len(token) <= 64 else None
        if number is None and len(token) <= 64:
            service = await self._emergency_for_key(f"open311:{token}:")
            if service is not None:
                raise GeoReportError.one(
                    404,
                    f"token {token}: an emergency told to call {service}; "
                    "no service request was created",
                )
        if number is None:
            raise GeoReportError.one(404, f"token {token[:64]} was not found")
        return [{"service_request_id": number, "token": token}]

    async def _public(self, rows: Sequence[PublicRequest]) -> list[ServiceRequest]:
        media = await self._media_urls([r.number for r in rows])
        return [
            {
                "service_request_id": p.number,
                "status": "closed" if p.closed else "open",
                "status_notes": self.mask(p.state_label),
                "service_name": p.service_name,
                "service_code": p.service_code,
                "description": self.mask(p.description),
                "agency_responsible": p.agency,
                "service_notice": None,
                "requested_datetime": w3c(p.requested_at),
                "updated_datetime": w3c(p.updated_at),
                "expected_datetime": w3c(p.expected_at),
                "address": self.mask(p.place) if p.place else None,
                "address_id": None,
                "zipcode": None,
                "lat": p.latitude,
                "long": p.longitude,
                "media_url": media.get(p.number),
            }
            for p in rows
        ]

    async def _media_urls(self, numbers: Sequence[str]) -> Mapping[str, str]:
        """The ``media_url`` each request was created with (Open311 requests only)."""
        if not numbers:
            return {}
        async with self.cases.sessions() as s:
            rows = (
                await s.execute(
                    select(WorkOrder.number, Appeal.extra)
                    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                    .where(WorkOrder.number.in_(list(numbers)), Appeal.channel == "open311")
                )
            ).all()
        out = {}
        for number, extra in rows:
            url = extra.get("media_url") if isinstance(extra, dict) else None
            if isinstance(url, str):
                out[number] = url
        return out

    async def _number_for_key(self, key: str) -> str | None:
        async with self.cases.sessions() as s:
            number = await s.scalar(
                select(WorkOrder.number)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(Appeal.idempotency_key == key)
                .order_by(WorkOrder.id)
                .limit(1)
            )
        return str(number) if number else None

    async def _emergency_for_key(self, prefix: str) -> str | None:
        """The service of the emergency record an Open311 token stands for."""
        async with self.cases.sessions() as s:
            service = await s.scalar(
                select(Emergency.service)
                .where(Emergency.idempotency_key.startswith(prefix, autoescape=True))
                .limit(1)
            )
        return str(service) if service else None


def _token(idempotency_key: str | None) -> str:
    """The request's token: from the client's ``Idempotency-Key`` (a retry gives the same
    one), else a new one."""
    if idempotency_key:
        return hashlib.sha256(f"open311:{idempotency_key}".encode()).hexdigest()[:32]
    return uuid.uuid4().hex


def _sender(req: NewRequest) -> str:
    """Without an account, device or e-mail the requester is nobody in particular."""
    who = req.account_id or req.device_id or req.email
    return "open311:" + hashlib.sha256(who.encode()).hexdigest()[:24] if who else ANONYMOUS_SENDER


def _name(req: NewRequest) -> str | None:
    return "".join(p for p in (req.last_name, req.first_name) if p) or None


def _media(url: str | None) -> tuple[DraftAttachment, ...]:
    if not url:
        return ()
    kind = "image" if url.lower().split("?", 1)[0].endswith(_IMAGE_EXT) else "file"
    return (DraftAttachment(kind=kind, source_url=url),)
