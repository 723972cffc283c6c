"""``/webhooks/voice/stream`` (Twilio Media Streams) and the console's assist API.

The websocket upgrade must carry Twilio's ``X-Twilio-Signature`` of the stream URL (the
``wss://`` address under ``HOTLINE_PUBLIC_BASE_URL``) made with the account's auth token;
anything else is refused before the upgrade (HTTP 403), and nothing of it is read.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, WebSocket
from fastapi.responses import FileResponse
from starlette.websockets import WebSocketDisconnect, WebSocketState
from twilio.request_validator import RequestValidator

from channels.sms.twilio import TwilioChannel, TwilioSettings
from dialogs.wording import load_wording
from gateway import metrics
from gateway.assist.asr import AsrEngine, build_engine
from gateway.assist.events import SharedEvents
from gateway.assist.media import StreamSession
from gateway.assist.service import AssistService
from gateway.console.service import ConsoleService
from gateway.routers.agent_auth import AgentDep, ServicesDep
from gateway.services import Services

router = APIRouter()
STREAM_PATH = "/webhooks/voice/stream"
STATIC_DIR = Path(__file__).resolve().parent / "static"
EXTRA_KEY = "assist"
EVENTS_KEY = "assist_events"


def assist_for(services: Services) -> AssistService:
    """The process's assist service (built on first use; tests may preset
    ``services.extras["asr_engine"]`` with a recognizer double)."""
    found = services.extras.get(EXTRA_KEY)
    if isinstance(found, AssistService):
        return found
    if not isinstance(services.console, ConsoleService):
        raise HTTPException(503, "agent console not configured")
    engine: AsrEngine | None = services.extras.get("asr_engine") or build_engine()
    try:
        wording = load_wording(services.settings.centre_config_dir)
    except Exception:
        wording = None
    made = AssistService(
        nlu=services.nlu,
        knowledge=services.knowledge,
        console=services.console,
        sessions=services.sessions,
        engine=engine,
        wording=wording,
        stream_on=lambda: _stream_on(services),
        events=events_for(services),
    )
    services.extras[EXTRA_KEY] = made
    return made


def events_for(services: Services) -> SharedEvents:
    """The process's shared console events, relaying the other processes' events to this
    one's console hub (the relay starts with the app, ``gateway.app``, or on first use
    inside the event loop)."""
    found = services.extras.get(EVENTS_KEY)
    made = found if isinstance(found, SharedEvents) else None
    if made is None:
        made = SharedEvents(services.store, services.console.hub)
        services.extras[EVENTS_KEY] = made
    if not services.extras.get(EVENTS_KEY + "_relay"):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return made  # built outside the loop: relayed once the app starts
        services.extras[EVENTS_KEY + "_relay"] = True
        services.tasks.append(asyncio.create_task(made.relay()))
    return made


def _stream_on(services: Services) -> bool:
    """``HOTLINE_VOICE_STREAM`` as the process's call service has it."""
    from gateway.routers.calls import calls_of

    return calls_of(services).settings.stream


def _auth_token(services: Services) -> str | None:
    voice = services.adapters.get("voice")
    if isinstance(voice, TwilioChannel) and voice.settings.auth_token is not None:
        return voice.settings.auth_token.get_secret_value() or None
    token = TwilioSettings().auth_token
    return token.get_secret_value() if token is not None and token.get_secret_value() else None


def stream_url(public_base_url: str, query: str = "") -> str:
    """The address Twilio signs: the public base with ``ws(s)://`` and the stream path."""
    base = public_base_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base[len("https://") :]
    elif base.startswith("http://"):
        base = "ws://" + base[len("http://") :]
    return base + STREAM_PATH + (f"?{query}" if query else "")


@router.websocket(STREAM_PATH)
async def media_stream(websocket: WebSocket) -> None:
    """A call's audio: frames to the recognizer, the transcript to the agent's console."""
    services: Services = websocket.app.state.services
    token = _auth_token(services)
    signature = websocket.headers.get("x-twilio-signature", "")
    url = stream_url(services.settings.public_base_url, websocket.url.query)
    if not token or not signature or not RequestValidator(token).validate(url, {}, signature):
        metrics.REJECTED.labels("voice_stream", "signature").inc()
        await websocket.close(code=1008)  # before accept: the upgrade gets 403
        return
    await websocket.accept()

    async def receive() -> str | bytes | None:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return None
        if message["type"] == "websocket.disconnect":
            return None
        text = message.get("text")
        if text is not None:
            return str(text)
        return bytes(message.get("bytes") or b"")

    await StreamSession(assist_for(services)).run(receive)
    if websocket.client_state == WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # the peer left first
            await websocket.close()


@router.get("/api/assist")
async def assist_view(
    services: ServicesDep,
    agent: AgentDep,
    key: Annotated[str, Query(min_length=1, max_length=255)],
) -> dict[str, Any]:
    """Draft order, transcript, knowledge-base answers, similar orders and suggested
    replies for a conversation (its holder, or a supervisor)."""
    console = services.console
    conv = await console.conversation(key)
    if not (agent.supervisor or conv.held_by == agent.username):
        raise HTTPException(403, "请先接入该会话")
    return await assist_for(services).chat_assist(key)


@router.get("/agent/assist/static/assist.js", include_in_schema=False)
async def assist_script() -> FileResponse:
    """The console's assist panel (served locally, no CDN)."""
    return FileResponse(STATIC_DIR / "assist.js", media_type="text/javascript")
