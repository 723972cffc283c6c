"""The phone line's own routes: Twilio's call webhooks (people first) and the calls panel.

``POST /webhooks/voice`` (a new call) and its callbacks ``wait``, ``dequeued``,
``overflow``, ``voicemail``, ``dialed`` and ``events`` are matched here before the generic
``/webhooks/{channel}/{subpath}`` route, which keeps the bot's ``gather`` and
``recording``. Every request is checked with Twilio's signature first; a status or action
callback is answered once per delivery: Twilio's identical retry (same signature, URL and
body, same ``I-Twilio-Idempotency-Token``) gets the first answer again with no second
effect, and a token reused with another body is refused with 403
(:mod:`gateway.calls.retries`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field
from twilio.twiml.voice_response import VoiceResponse

from channels import guard
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import InboundMessage, MessageKind
from channels.sms.twilio import MultiParams, TwilioSettings, form_params
from channels.voice.adapter import VoiceAdapter
from channels.voice.fields import check_fields
from gateway import metrics
from gateway.assist.router import events_for
from gateway.calls import figures, retries
from gateway.calls.afterwork import domestic_number
from gateway.calls.bridge import TwilioBridge
from gateway.calls.callbacks import OUTCOMES
from gateway.calls.service import CallService
from gateway.calls.settings import CallSettings
from gateway.deps import get_services
from gateway.routers import webhooks
from gateway.routers.agent_auth import AgentDep, SupervisorDep
from gateway.routers.webhooks import raw_request
from gateway.services import Services

router = APIRouter()  # the provider's /webhooks/voice… (before the generic webhook route)
# the agent console's /api/agent/call… and /api/agent/callbacks/…: a router of their own,
# included after the generic webhook route, so a WeChat or SMS webhook is not matched
# against them first (issue 16: route matching was ~40 % of the HTTP stack's CPU)
console_router = APIRouter()
ServicesDep = Annotated[Services, Depends(get_services)]
TWIML = "application/xml"
REPLAY_TTL = 2 * 24 * 3600.0


def calls_of(services: Services) -> CallService:
    """The process's call service (built on first use from the services and settings)."""
    existing = services.extras.get("calls")
    if isinstance(existing, CallService):
        return existing
    adapter = services.adapters.get("voice")
    voice = adapter if isinstance(adapter, VoiceAdapter) else None
    figures.set_pseudonym_key(services.settings.secret_key.get_secret_value())
    calls = CallService(
        services.sessions,
        services.store,
        services.console,
        TwilioBridge(voice.settings if voice else TwilioSettings()),
        voice.greet if voice else _no_bot,
        services.settings.public_base_url,
        CallSettings(),
        events=events_for(services),
    )
    services.extras["calls"] = calls
    return calls


def _no_bot(response: VoiceResponse, base: str) -> None:
    response.hangup()


# ------------------------------------------------------------------ Twilio side
async def _verified(request: Request, services: Services) -> tuple[CallService, MultiParams]:
    adapter = services.adapters.get("voice")
    if not isinstance(adapter, VoiceAdapter):
        metrics.REJECTED.labels("voice", "disabled").inc()
        raise HTTPException(404, "channel 'voice' is unknown or not enabled")
    raw = await raw_request(request, services)
    try:
        adapter.precheck(raw)  # the same limits on the raw bytes as every webhook (413)
        adapter.verify(raw)
        form = form_params(raw)
        _admit(adapter, form)
    except VerificationError as exc:
        metrics.REJECTED.labels("voice", "signature").inc()
        raise HTTPException(403, "request verification failed") from exc
    except PayloadError as exc:
        metrics.REJECTED.labels("voice", "payload").inc()
        raise HTTPException(exc.status_code, str(exc)) from exc
    if not form.first("CallSid"):
        metrics.REJECTED.labels("voice", "payload").inc()
        raise HTTPException(400, "Twilio voice callback without CallSid")
    return calls_of(services), form


def _admit(adapter: VoiceAdapter, form: MultiParams) -> None:
    """The input guard of every route (:func:`channels.guard.admit`): the call's id, the
    caller and the called number without control characters and within the channel's
    limits, else ``PayloadError`` (400) before anything is queued (issue 17 V5)."""
    sid = form.first("CallSid")
    if not sid:
        return  # refused below with its own message
    probe = InboundMessage(
        channel="voice",
        account=form.first("To"),
        sender=form.first("From") or "anonymous",
        external_id=sid,
        kind=MessageKind.EVENT,
    )
    guard.admit([probe], adapter.limits)
    check_fields(form)  # Confidence, SpeechResult, Digits: one rule on every route (T18)
    if not (sid.isascii() and sid.isalnum() and len(sid) <= 64):
        # what the console can name when it accepts the call (SidBody)
        raise PayloadError("CallSid: letters and digits, at most 64")


async def _once(
    request: Request,
    services: Services,
    handle: Callable[[CallService, MultiParams], Awaitable[str]],
) -> Response:
    """A status or action callback: verified, then answered once per delivery; Twilio's
    identical retry gets the same TwiML and has no second effect
    (:mod:`gateway.calls.retries`), a reused token with another body is refused (403)."""
    calls, form = await _verified(request, services)
    raw = await raw_request(request, services)
    token = raw.headers.get(retries.TOKEN_HEADER) or raw.headers.get("x-twilio-signature", "")
    try:
        answer = await retries.answer_once(
            services.store,
            token,
            raw.url.encode() + b"\n" + raw.body,
            lambda: handle(calls, form),
            ttl=REPLAY_TTL,
        )
    except retries.ReusedToken as exc:
        metrics.REJECTED.labels("voice", "replay").inc()
        raise HTTPException(403, "callback token already used for another request") from exc
    except retries.StillRunning as exc:
        raise HTTPException(503, str(exc)) from exc
    return _twiml(answer)


def _twiml(document: str) -> Response:
    return Response(content=document, media_type=TWIML)


def _number(value: str, name: str) -> float:
    try:
        return float(value or "0")
    except ValueError as exc:
        raise HTTPException(400, f"{name} is not a number") from exc


@router.post("/webhooks/voice", summary="A new call: into the queue (people first)")
async def incoming(request: Request, services: ServicesDep) -> Response:
    async def handle(calls: CallService, form: MultiParams) -> str:
        return await calls.incoming(form.first("CallSid"), form.first("From"), form.first("To"))

    # Twilio's retry of the call's first request hears what the first heard (the queue,
    # or the overflow when nobody was on duty), never a second offer
    return await _once(request, services, handle)


@router.post("/webhooks/voice/gather", summary="The bot's turn (overflow): speech or keys")
async def gather(request: Request, services: ServicesDep) -> Response:
    """The bot's turn, through the pipeline like any channel's message; when the bot hands
    the caller to a person, the caller goes back into the call queue (``<Enqueue>``),
    never into the chat queue (:meth:`gateway.calls.bot.BotLine.after_bot`)."""

    async def handle(calls: CallService, form: MultiParams) -> str:
        answer = await webhooks.handle_channel("voice", request, services)
        document = bytes(answer.body).decode("utf-8")
        if answer.status_code != 200:
            raise HTTPException(answer.status_code, document)
        return await calls.after_bot(form.first("CallSid"), document)

    return await _once(request, services, handle)


@router.post("/webhooks/voice/recording", summary="The bot's recording (speech not heard)")
async def recording(request: Request, services: ServicesDep) -> Response:
    """What the caller recorded when the bot could not hear them: kept on the conversation
    (the generic path, transcribed when a speech service is configured) and, for a call
    of the queue, on the callback list with the recording; the caller is told a person
    will listen and call back (issue 17 V20: it looped back to the bot)."""

    async def handle(calls: CallService, form: MultiParams) -> str:
        answer = await webhooks.handle_channel("voice", request, services)
        document = bytes(answer.body).decode("utf-8")
        if answer.status_code != 200:
            raise HTTPException(answer.status_code, document)
        url = form.first("RecordingUrl")
        seconds = _number(form.first("RecordingDuration", "0"), "RecordingDuration")
        return await calls.recorded(form.first("CallSid"), url, seconds, document)

    return await _once(request, services, handle)


@router.post("/webhooks/voice/wait", summary="Queue wait URL: place, hold audio, overflow")
async def wait(request: Request, services: ServicesDep) -> Response:
    calls, form = await _verified(request, services)
    try:  # a place in a queue of at most Twilio's 1000 callers (issue 17 V21: unbounded)
        position = guard.bounded_int(
            form.first("QueuePosition", "1") or "1", "QueuePosition", lo=0, hi=100_000
        )
    except PayloadError as exc:
        metrics.REJECTED.labels("voice", "payload").inc()
        raise HTTPException(400, str(exc)) from exc
    seconds = _number(form.first("QueueTime", "0"), "QueueTime")
    return _twiml(await calls.wait(form.first("CallSid"), position, seconds))


@router.post("/webhooks/voice/dequeued", summary="The caller left the queue")
async def dequeued(request: Request, services: ServicesDep) -> Response:
    async def handle(calls: CallService, form: MultiParams) -> str:
        return await calls.dequeued(form.first("CallSid"), form.first("QueueResult"))

    return await _once(request, services, handle)


@router.post("/webhooks/voice/overflow", summary="Overflow choice: message (1) or the bot")
async def overflow(request: Request, services: ServicesDep) -> Response:
    calls, form = await _verified(request, services)
    return _twiml(calls.overflow_choice(form.first("Digits")))


@router.post("/webhooks/voice/voicemail", summary="A message left: to the callback list")
async def voicemail(request: Request, services: ServicesDep) -> Response:
    async def handle(calls: CallService, form: MultiParams) -> str:
        seconds = _number(form.first("RecordingDuration", "0"), "RecordingDuration")
        return await calls.voicemail(form.first("CallSid"), form.first("RecordingUrl"), seconds)

    return await _once(request, services, handle)


@router.post("/webhooks/voice/dialed", summary="The agent's leg ended")
async def dialed(request: Request, services: ServicesDep) -> Response:
    async def handle(calls: CallService, form: MultiParams) -> str:
        sid = request.query_params.get("sid") or form.first("CallSid")
        duration = form.first("DialCallDuration")
        seconds = _number(duration, "DialCallDuration") if duration else None
        return await calls.dialed(sid, form.first("DialCallStatus"), seconds)

    return await _once(request, services, handle)


@router.post("/webhooks/voice/events", summary="Call status callbacks (caller's and agent's)")
async def events(request: Request, services: ServicesDep) -> Response:
    async def handle(calls: CallService, form: MultiParams) -> str:
        leg = request.query_params.get("leg", "")
        sid = request.query_params.get("sid") if leg == "agent" else None
        await calls.status_event(sid or form.first("CallSid"), form.first("CallStatus"), leg)
        return str(VoiceResponse())

    return await _once(request, services, handle)


# ------------------------------------------------------------------ console side
class SidBody(BaseModel):
    sid: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9]+$")


class CallbackBody(BaseModel):
    id: int = Field(ge=1)


class OutcomeBody(CallbackBody):
    outcome: str = Field(min_length=1, max_length=32)
    note: str = Field(default="", max_length=1000)


class EndpointBody(BaseModel):
    kind: str = Field(pattern=r"^(client|sip|number)$")
    address: str = Field(min_length=1, max_length=255)


@console_router.get("/api/agent/calls", tags=["agent console"])
async def calls_panel(services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Calls waiting or talking, the callback list, the outcome labels, this agent's
    open after-call work (time left) and the answer target in seconds (a queued call's
    wait turns red past it)."""
    calls = calls_of(services)
    return {
        "calls": [asdict(c) for c in await calls.waiting()],
        "callbacks": [asdict(c) for c in await calls.callbacks()],
        "outcomes": OUTCOMES,
        "endpoint": asdict(await calls.endpoint(agent.username)),
        "answer_seconds": calls.settings.answer_seconds,
        "after_work": [asdict(a) for a in await calls.after_work(agent.username)],
    }


@console_router.post("/api/agent/calls/accept", tags=["agent console"])
async def accept(body: SidBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Take a queued call (409 when another agent took it first); it rings this agent."""
    return {"call": asdict(await calls_of(services).accept(body.sid, agent))}


@console_router.post("/api/agent/calls/wrapped", tags=["agent console"])
async def wrapped(body: SidBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """After-call work done (整理完毕)."""
    return {"after_work_seconds": await calls_of(services).wrapped(body.sid, agent)}


@console_router.post("/api/agent/calls/endpoint", tags=["agent console"])
async def set_endpoint(
    body: EndpointBody, services: ServicesDep, agent: AgentDep
) -> dict[str, Any]:
    """Where this agent's calls ring."""
    endpoint = await calls_of(services).set_endpoint(agent.username, body.kind, body.address)
    return {"endpoint": asdict(endpoint)}


@console_router.post("/api/agent/callbacks/claim", tags=["agent console"])
async def claim_callback(
    body: CallbackBody, services: ServicesDep, agent: AgentDep
) -> dict[str, Any]:
    """Take a missed call to call back (exactly one agent)."""
    calls = calls_of(services)
    await calls.claim_callback(body.id, agent)
    number = await calls.callback_number(body.id, agent)
    return {"ok": True, "number": number, "number_domestic": domestic_number(number)}


@console_router.post("/api/agent/callbacks/done", tags=["agent console"])
async def finish_callback(
    body: OutcomeBody, services: ServicesDep, agent: AgentDep
) -> dict[str, Any]:
    """Record the outcome of the callback."""
    await calls_of(services).finish_callback(body.id, agent, body.outcome, body.note)
    return {"ok": True}


@console_router.get("/api/agent/callbacks/trail", tags=["agent console"])
async def callback_trail(services: ServicesDep, boss: SupervisorDep, id: int) -> dict[str, Any]:
    """Who added, claimed and closed a callback item (supervisors)."""
    return {"entries": await calls_of(services).callback_trail(id)}


@console_router.get("/api/agent/callbacks/recording", tags=["agent console"])
async def callback_recording(services: ServicesDep, agent: AgentDep, id: int) -> Response:
    """The caller's message (fetched from Twilio with the account's credentials)."""
    calls = calls_of(services)
    url = await calls.callback_recording(id, agent)
    adapter = services.adapters.get("voice")
    if not isinstance(adapter, VoiceAdapter):
        raise HTTPException(404, "channel 'voice' is unknown or not enabled")
    try:
        audio = await adapter.fetch_media(None, url)
    except SendError as exc:
        await calls.listened(id, agent, error=str(exc) or type(exc).__name__)
        raise HTTPException(502, "留言录音暂时无法获取") from exc
    await calls.listened(id, agent)
    return Response(content=audio, media_type="audio/x-wav", headers={"Cache-Control": "no-store"})
