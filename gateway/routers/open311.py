"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in XML and JSON.

``/open311/v2/services.{xml,json}``, ``services/{code}.{fmt}``, ``requests.{fmt}`` (GET
and POST), ``requests/{id}.{fmt}``, ``tokens/{token}.{fmt}`` and the service discovery
document ``/open311/discovery.{fmt}``. The mapping lives in :mod:`casebridge.open311`;
this router only reads the request and writes the document. Errors are
:class:`~casebridge.open311.GeoReportError`, answered in GeoReport's own form by the one
error map (:mod:`gateway.errors`). POST needs an ``api_key`` (the demo key of the
``open311`` client: ``hotline units keys``). Public reads carry no personal data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Header, Request, Response

from casebridge.inputs import has_control
from casebridge.keys import centre_key_ok
from casebridge.open311 import GeoReportError
from casebridge.open311.config import Open311Config, load_config
from casebridge.open311.documents import (
    CreatedRequest,
    Service,
    ServiceDefinition,
    ServiceRequest,
    TokenAnswer,
)
from casebridge.open311.render import Body, Format, Value, document, media_type
from casebridge.open311.service import GeoReport, RequestQuery
from casebridge.open311.validate import NewRequest, pairs_from_body, parse_request
from dialogs.alarms import told_reason
from gateway.casebridge_wiring import ready_cases
from gateway.deps import get_services
from gateway.intake_triage import Finding, triage
from gateway.pipeline import Pipeline
from nlu.address import parse_address
from nlu.coordinates import locate
from nlu.pii import mask_text

router = APIRouter(prefix="/open311", tags=["Open311 GeoReport v2"])
OPEN311_CLIENTS = ("centre", "open311")
FORMATS: tuple[Format, ...] = ("json", "xml")
T = TypeVar("T")


def public_text(text: str) -> str:
    """THE masking of every free text an Open311 reader sees (one call site): personal
    data and the exact address (house, building, room numbers; ``public=True``)."""
    return mask_text(text, public=True)


def county_at(lat: float, lon: float) -> str | None:
    """The county (区县) of a WGS84 point, to route the order to that county's unit.

    The single call site for the NLU's coordinate locator (``nlu.coordinates.locate``: county
    boundaries from GeoToolCN); None outside Heze.
    """
    where = locate(lat, lon)
    return where.county if where is not None else None


def county_named(address: str) -> str | None:
    """The county an address names, also through a township or zone alone (南城街道,
    开发区 ...: ``nlu.address.parse_address``); None when it names none."""
    return parse_address(address).county if address.strip() else None


def _fmt(value: str) -> Format:
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    raise GeoReportError.one(404, "format must be json or xml (e.g. services.xml)")


def _answer(root: str, value: Body, fmt: Format, status: int = 200) -> Response:
    return Response(document(root, value, fmt), status_code=status, media_type=media_type(fmt))


async def _georeport(request: Request) -> GeoReport:
    services = get_services(request)
    cases = await ready_cases(services)
    config_dir = Path(services.settings.centre_config_dir)
    config: Open311Config = load_config(config_dir, frozenset(cases.catalogue.entries))
    return GeoReport(cases, config, public_text)


def _query(request: Request, fmt: Format) -> dict[str, str]:
    """Query arguments; a repeated one is an error (400), empty means absent."""
    seen: dict[str, str] = {}
    try:  # Starlette decodes %-escapes leniently (U+FFFD): refuse what is not UTF-8
        unquote_to_bytes(request.url.query.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise GeoReportError.one(400, "a query argument is not UTF-8", fmt) from None
    for name, value in request.path_params.items():
        if isinstance(value, str) and has_control(value):
            raise GeoReportError.one(400, f"{name} contains a control character", fmt)
    for key, value in request.query_params.multi_items():
        if has_control(key) or has_control(value):
            raise GeoReportError.one(400, f"{key[:40]!r} contains a control character", fmt)
        if key in seen:
            raise GeoReportError.one(400, f"{key} was given more than once", fmt)
        seen[key] = value
    return seen


async def _run(fmt_raw: str, work: Awaitable[T]) -> T:
    """Await ``work`` with the client's format attached to any GeoReport error."""
    fmt = _fmt(fmt_raw)
    try:
        return await work
    except GeoReportError as exc:
        exc.fmt = fmt
        raise


async def _looked_up(
    fmt_raw: str,
    request: Request,
    lookup: Callable[[GeoReport], Awaitable[list[ServiceRequest] | list[TokenAnswer]]],
) -> Response:
    """A ``service_requests`` answer from one lookup (by id or by token), after the
    jurisdiction check; errors in the client's format."""
    f = _fmt(fmt_raw)

    async def work() -> list[ServiceRequest] | list[TokenAnswer]:
        geo = await _georeport(request)
        geo.check_jurisdiction(_query(request, f).get("jurisdiction_id"))
        return await lookup(geo)

    return _answer("service_requests", await _run(fmt_raw, work()), f)


@router.get("/discovery.{fmt}", summary="Open311 service discovery")
async def discovery(fmt: str, request: Request) -> Response:
    """Where the GeoReport v2 endpoint is and which formats it speaks."""
    f = _fmt(fmt)
    base = get_services(request).settings.public_base_url.rstrip("/")
    doc: dict[str, Value] = {
        "changeset": "2025-01-01T00:00:00+08:00",
        "contact": "菏泽市12345政务服务便民热线",
        "key_service": f"{base}/docs",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": f"{base}/open311/v2",
                "changeset": "2025-01-01T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _answer("discovery", doc, f)


@router.get("/v2/services.{fmt}", summary="GET Service List")
async def services(fmt: str, request: Request) -> Response:
    """Every catalogue entry as a GeoReport service."""
    f = _fmt(fmt)

    async def work() -> list[Service]:
        geo = await _georeport(request)
        geo.check_jurisdiction(_query(request, f).get("jurisdiction_id"))
        return geo.services()

    return _answer("services", await _run(fmt, work()), f)


@router.get("/v2/services/{service_code}.{fmt}", summary="GET Service Definition")
async def service_definition(service_code: str, fmt: str, request: Request) -> Response:
    """The attributes a service asks for (``metadata=true`` in the list)."""
    f = _fmt(fmt)

    async def work() -> ServiceDefinition:
        geo = await _georeport(request)
        geo.check_jurisdiction(_query(request, f).get("jurisdiction_id"))
        return geo.definition(service_code)

    return _answer("service_definition", await _run(fmt, work()), f)


@router.get("/v2/requests.{fmt}", summary="GET Service Requests")
async def list_requests(fmt: str, request: Request) -> Response:
    """Recent requests (the last 90 days, at most 1000), personal data removed."""
    f = _fmt(fmt)

    async def work() -> list[ServiceRequest]:
        geo = await _georeport(request)
        q = _query(request, f)
        geo.check_jurisdiction(q.get("jurisdiction_id"))
        return await geo.requests(
            RequestQuery(
                service_request_id=q.get("service_request_id"),
                service_code=q.get("service_code"),
                start_date=q.get("start_date"),
                end_date=q.get("end_date"),
                status=q.get("status"),
                limit=q.get("limit"),
            )
        )

    return _answer("service_requests", await _run(fmt, work()), f)


@router.get("/v2/requests/{service_request_id}.{fmt}", summary="GET Service Request")
async def get_request(service_request_id: str, fmt: str, request: Request) -> Response:
    """One request, as a one-element list."""
    return await _looked_up(fmt, request, lambda geo: geo.request(service_request_id))


@router.get("/v2/tokens/{token}.{fmt}", summary="GET service_request_id from a token")
async def get_token(token: str, fmt: str, request: Request) -> Response:
    """The service request a batch POST's token stands for."""
    return await _looked_up(fmt, request, lambda geo: geo.token(token))


async def _triage(request: Request, description: str) -> Finding | None:
    """第十三条(一) on the request's description, as the dialogue triages a message."""
    # a GeoReport mounted without the dialogue's pipeline (the case store's own tests) has
    # no NLU to read with: the gateway's app always has one
    pipeline: Pipeline | None = getattr(get_services(request), "pipeline", None)
    if pipeline is None:
        return None
    return await triage(pipeline.nlu, pipeline.context_for("open311"), description)


async def _refer(
    request: Request, geo: GeoReport, new: NewRequest, found: Finding, key: str | None
) -> CreatedRequest:
    """The emergency to its dispatch desk (record, push, console alert); no work order."""
    desk = get_services(request).pipeline.actions.emergencies
    return await geo.refer_emergency(
        new,
        idempotency_key=key,
        service=found.services[0],
        reason=told_reason(found.reason),
        notice=found.notice,
        hand_over=desk.hand_over if desk is not None else None,
    )


@router.post("/v2/requests.{fmt}", summary="POST Service Request", status_code=201)
async def create_request(
    fmt: str,
    request: Request,
    idempotency_key: Annotated[str | None, Header(max_length=150)] = None,
) -> Response:
    """Create a service request (form-encoded as the specification sends it, or JSON):
    it becomes a dispatched work order. 201 with ``service_request_id`` (or ``token``)."""
    f = _fmt(fmt)

    async def work() -> list[CreatedRequest]:
        pairs = pairs_from_body(await request.body(), request.headers.get("content-type", ""))
        key = next((v for k, v in pairs if k == "api_key"), "")
        secret = get_services(request).settings.secret_key.get_secret_value()
        if not key.strip():
            raise GeoReportError.one(403, "api_key is required")
        if len(key) > 200 or centre_key_ok(secret, key.strip(), OPEN311_CLIENTS) is None:
            raise GeoReportError.one(403, "invalid api_key")
        geo = await _georeport(request)
        new = parse_request(pairs, known=geo.known_service)
        found = await _triage(request, new.description or "")
        if found is not None and found.urgent and found.beside is None:
            return [await _refer(request, geo, new, found, idempotency_key)]
        county = (
            county_at(new.lat, new.long) if new.lat is not None and new.long is not None else None
        ) or county_named(new.address_string or "")
        created = await geo.create(new, idempotency_key=idempotency_key, county=county)
        if found is not None and found.urgent:
            # an ordinary matter told beside the emergency is still taken (the dialogue's
            # rule, dialogs.alarms.matter_kept): the hand-over, then the order
            await _refer(request, geo, new, found, idempotency_key)
            dispatched = created["service_notice"]
            created["service_notice"] = f"{found.notice}您反映的其他问题{dispatched}。"
        elif found is not None:  # a possible danger: the safety line beside the order
            created["service_notice"] = f"{created['service_notice']}。{found.notice}"
        return [created]

    return _answer("service_requests", await _run(fmt, work()), f, status=201)
