"""The agent console: the ``/agent`` page and its API under ``/api/agent/``.

Agents sign in (scrypt-hashed passwords; a demo supervisor ``admin`` from
``HOTLINE_ADMIN_PASSWORD``), claim queued conversations, read the history with personal
data masked (opening it is logged), reply through the citizen's own channel, register the
work order, transfer, and hand back to the bot. Live updates come as server-sent events.
Every state-changing call is a JSON POST, and the session cookie is ``SameSite=Strict``.

This module holds the page, sign-in, the queue and chat, orders, the supervisors' views
and the live events; who is signed in is :mod:`gateway.routers.agent_auth`, pictures and
recordings :mod:`gateway.routers.agent_media`, emergencies
:mod:`gateway.routers.agent_emergencies`, the bodies :mod:`gateway.routers.agent_bodies`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates

from casebridge.inputs import DbCount, SafeStr
from dialogs.wording import Param, Wording, load_wording
from gateway.console.auth import COOKIE_NAME, new_session_cookie, session_id_from_cookie
from gateway.console.orders import Counties
from gateway.console.service import AgentView, queue_json, turn_json
from gateway.errors import raises
from gateway.kv import KEYS
from gateway.pipeline import UnknownConversation
from gateway.routers import agent_emergencies, agent_media
from gateway.routers.agent_auth import (
    AgentDep,
    ServicesDep,
    SupervisorDep,
    agent_json,
    console_of,
    maybe_sweep,
    secret_of,
)
from gateway.routers.agent_bodies import (
    KeyBody,
    KeyQuery,
    LoginBody,
    NewAgentBody,
    OrderBody,
    ReplyBody,
    RevealBody,
    TransferBody,
)
from gateway.services import Services

log = logging.getLogger("hotline.agent")
router = APIRouter(tags=["坐席工作台 agent console"])

CONSOLE_DIR = Path(__file__).resolve().parents[1] / "console"
TEMPLATES = Jinja2Templates(directory=str(CONSOLE_DIR / "templates"))
STATIC_FILES = {
    "api.js": "text/javascript",  # the one fetch helper of the console's pages
    "console.js": "text/javascript",
    "console.css": "text/css",
    "emergency.js": "text/javascript",  # the emergency alert banner (第十三条(一))
    "attach.js": "text/javascript",  # attach a picture to a reply
    "calls.js": "text/javascript",  # incoming calls and the callback list (gateway.calls)
}
LOGIN_ATTEMPTS_PER_MINUTE = 10
SSE_PING_SECONDS = 15.0


@lru_cache(maxsize=4)
def _wording(config_dir: str) -> Wording:
    return load_wording(Path(config_dir))


# what the queue summary holds when the bot learnt something (dialogs.common.summary)
_TOLD = ("诉求：", "咨询：", "查询工单：", "评价工单：", "相关工单：")


def joined_key(summary: str | None) -> str:
    """The greeting on claiming: 「…您反映的情况我已看到」 when the summary holds what the
    citizen told (a matter, a question, an order), never 「请问有什么可以帮您？」 as if
    nothing was said (trial12 P22)."""
    told = summary is not None and any(k in summary for k in _TOLD)
    return "agent_joined_told" if told else "agent_joined"


def _say(services: Services, key: str, **params: Param) -> str:
    return _wording(str(services.settings.centre_config_dir)).say(key, "rich", **params)


# --------------------------------------------------------------------- page
@router.get("/agent", response_class=HTMLResponse, include_in_schema=False)
async def agent_page(request: Request, services: ServicesDep) -> Response:
    """The console page (or the sign-in form)."""
    sid = session_id_from_cookie(secret_of(services), request.cookies.get(COOKIE_NAME))
    agent = await console_of(services).resume_session(sid) if sid else None
    return TEMPLATES.TemplateResponse(
        request,
        "agent.html",
        {
            "agent": agent,
            "agent_json": json.dumps(agent_json(agent) if agent else None, ensure_ascii=False),
        },
    )


@router.get("/agent/static/{name}", include_in_schema=False)
async def agent_static(name: str) -> FileResponse:
    """The console's own script and style (served locally, no CDN)."""
    if name not in STATIC_FILES:
        raise HTTPException(404, "not found")
    return FileResponse(CONSOLE_DIR / "static" / name, media_type=STATIC_FILES[name])


# ---------------------------------------------------------------- sign-in
@router.post("/api/agent/login")
@raises(401, 429, 503)
async def login(body: LoginBody, services: ServicesDep) -> JSONResponse:
    """Sign in; sets the session cookie."""
    console = console_of(services)
    if not console.admin_ready:
        async with console.admin_lock:  # concurrent first sign-ins wait for the one creating it
            if not console.admin_ready:
                await console.ensure_admin(services.settings.admin_password.get_secret_value())
                console.admin_ready = True
    attempts = await services.store.incr(KEYS.console_login_attempts(body.username), ttl=60.0)
    if attempts > LOGIN_ATTEMPTS_PER_MINUTE:
        raise HTTPException(429, "登录尝试过于频繁，请稍后再试")
    agent = await console.authenticate(body.username, body.password)
    if agent is None:
        raise HTTPException(401, "用户名或密码错误")
    sid, cookie = new_session_cookie(secret_of(services))
    await console.start_session(agent, sid)
    response = JSONResponse({"agent": agent_json(agent)})
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        httponly=True,
        samesite="strict",
        path="/",
        secure=services.settings.public_base_url.startswith("https://"),
        max_age=int(console.settings.session_ttl_seconds) * 8,
    )
    return response


@router.post("/api/agent/logout")
async def logout(request: Request, services: ServicesDep, agent: AgentDep) -> JSONResponse:
    """Sign out: held chats go back to the queue, and each citizen is told they are being
    put through to another agent (the page warns the agent first, trial4 F33)."""
    sid = session_id_from_cookie(secret_of(services), request.cookies.get(COOKIE_NAME))
    requeued: list[str] = []
    if sid:
        console = console_of(services)
        requeued = await console.end_session(sid, agent)
        for key in requeued:
            # a call's conversation goes back to the bot, not to a chat queue: no notice
            if (await console.conversation(key)).channel != "voice":
                # wording ``agent_requeued`` (config wording.yml), like the console's other texts
                notice = _say(services, "agent_requeued")
                await _tell_citizen(services, key, notice, agent, "requeued")
    response = JSONResponse({"ok": True, "requeued": len(requeued)})
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@router.get("/api/agent/me")
async def me(agent: AgentDep) -> dict[str, Any]:
    """Who is signed in."""
    return {"agent": agent_json(agent)}


# ---------------------------------------------------------------- queue & chat
@router.get("/api/agent/queue")
async def queue(services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Waiting conversations (and the viewer's own held ones; all held for supervisors)."""
    console = console_of(services)
    await maybe_sweep(console)
    return {"items": queue_json(await console.queue(agent))}


@router.get("/api/agent/turns")
@raises(403, 404)
async def turns(
    services: ServicesDep,
    agent: AgentDep,
    key: KeyQuery,
    after: Annotated[DbCount, Query()] = 0,
) -> dict[str, Any]:
    """A conversation's history after turn ``after`` (masked)."""
    console = console_of(services)
    conv = await console.conversation(key)
    if not agent.supervisor and conv.status == "held" and conv.held_by != agent.username:
        raise HTTPException(403, "该会话由其他坐席处理中")
    # display names (张敏) beside the user names: the page shows the names (trial4 F13)
    names = await console.display_names()
    turns = [turn_json(t) for t in await console.turns(key, after)]
    for t in turns:
        t["author_name"] = names.get(t["author"], t["author"]) if t["author"] else None
    return {
        "key": key,
        "title": await console.title(key, conv.channel, conv.sender),
        "status": conv.status,
        "held_by": conv.held_by,
        "held_by_name": names.get(conv.held_by, conv.held_by) if conv.held_by else None,
        "channel": conv.channel,
        "work_order": conv.work_order,
        "reason": conv.reason,
        "summary": conv.summary,
        "turns": turns,
    }


@router.post("/api/agent/claim")
@raises(404, 409)
async def claim(body: KeyBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Take a conversation; 409 when someone else got it first."""
    console = console_of(services)
    if not await console.claim(body.key, agent.username):
        raise HTTPException(409, "该会话已被其他坐席接入或不在排队中")
    conv = await console.conversation(body.key)
    await _tell_citizen(
        services,
        body.key,
        _say(services, joined_key(conv.summary), agent=agent.display_name),
        agent,
        "joined",
    )
    return {"claimed": True, "key": body.key}


@router.post("/api/agent/reply")
@raises(403, 404)
async def reply(body: ReplyBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Send the agent's words to the citizen on their own channel."""
    console = console_of(services)
    if await console.holder(body.key) != agent.username:
        raise HTTPException(403, "请先接入该会话")
    try:
        await services.pipeline.send_to_citizen(body.key, body.text, author=agent.username)
    except UnknownConversation as exc:
        raise HTTPException(404, "找不到该诉求人的会话") from exc
    return {"sent": True}


@router.post("/api/agent/transfer")
@raises(403, 404, 409)
async def transfer(body: TransferBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Give the conversation to another agent; the answer names them (display name too),
    so the handing agent's screen can say 已转交×× (trial4 F08)."""
    to, name = await console_of(services).transfer(body.key, agent, body.to)
    await _tell_citizen(
        services, body.key, _say(services, "agent_transferred", agent=name), agent, "handover"
    )
    return {"transferred": True, "to": to, "display_name": name}


@router.post("/api/agent/release")
@raises(403, 404, 409)
async def release(body: KeyBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Hand the conversation back to the bot (it says so to the citizen)."""
    await console_of(services).release(body.key, agent)
    try:
        await services.pipeline.release(body.key, agent.username)
    except UnknownConversation:
        log.warning("released a conversation the pipeline no longer knows")
    return {"released": True}


@router.post("/api/agent/reveal")
@raises(403, 404)
async def reveal(body: RevealBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """The unmasked text of one turn; the look is written to the audit log."""
    text = await console_of(services).reveal(body.key, body.turn_id, agent)
    return {"turn_id": body.turn_id, "text": text}


@router.get("/api/agent/prefill")
@raises(404)
async def prefill(
    services: ServicesDep,
    agent: AgentDep,
    key: KeyQuery,
) -> dict[str, Any]:
    """Work-order fields taken from the conversation, and the 县区 to choose from; for a
    call, what live assist drafted fills the fields the dialogue recorded nothing in."""
    # the assist router imports this module: its service is looked up at call time
    from gateway.assist.router import assist_for

    heard = assist_for(services).heard(key) if key.startswith("voice:") else None
    return await console_of(services).prefill(key, _counties(services), heard)


@router.post("/api/agent/order")
@raises(403, 404, 409, 422)
async def open_order(body: OrderBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Register the work order from the console (idempotent on ``token``)."""
    console = console_of(services)
    receipt = await console.open_order(
        services.cases,
        body.key,
        agent,
        body.model_dump(),
        _counties(services),
        classify=services.pipeline.category_of,
    )
    if receipt.created:
        await _tell_citizen(
            services,
            body.key,
            _say(services, "agent_order_opened", number=receipt.number, unit=receipt.unit_name),
            agent,
            "order",
        )
    return {
        "number": receipt.number,
        "unit_name": receipt.unit_name,
        "deadline": receipt.deadline.isoformat() if receipt.deadline else None,
        "created": receipt.created,
    }


# ------------------------------------------------------------------ supervisors
@router.get("/api/agent/overview")
async def overview(services: ServicesDep, boss: SupervisorDep) -> dict[str, Any]:
    """The queue with waiting times, and each agent's presence and load."""
    console = console_of(services)
    await maybe_sweep(console)
    items = await console.queue(boss)
    return {
        "queue": queue_json(items),
        "agents": [a.__dict__ for a in await console.load()],
        "waiting": sum(1 for i in items if i.status == "queued"),
        "longest_wait_seconds": max(
            (i.waiting_seconds for i in items if i.status == "queued"), default=0.0
        ),
    }


@router.post("/api/agent/agents", status_code=201)
@raises(409, 422)
async def create_agent(
    body: NewAgentBody, services: ServicesDep, boss: SupervisorDep
) -> dict[str, Any]:
    """Add an agent or supervisor."""
    made = await console_of(services).create_agent(
        body.username, body.display_name, body.role, body.password
    )
    return {"agent": agent_json(made)}


@router.get("/api/agent/audit")
async def audit(
    services: ServicesDep,
    boss: SupervisorDep,
    key: Annotated[SafeStr | None, Query(max_length=255)] = None,
) -> dict[str, Any]:
    """Recent console actions (who claimed, opened personal data, registered orders)."""
    return {"entries": await console_of(services).audit_log(key)}


# ----------------------------------------------------------------- live events
@router.get("/api/agent/events")
async def events(request: Request, services: ServicesDep, agent: AgentDep) -> StreamingResponse:
    """Server-sent events: new turns of held chats, queue changes, alerts."""
    console = console_of(services)
    sid = session_id_from_cookie(secret_of(services), request.cookies.get(COOKIE_NAME))

    async def stream() -> AsyncIterator[bytes]:
        with console.hub.subscribe(agent.username, agent.supervisor) as sub:
            yield b"retry: 2000\nevent: hello\ndata: {}\n\n"
            while not sub.overflowed:
                try:
                    event = await asyncio.wait_for(sub.queue.get(), SSE_PING_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    if sid is None or await console.store.get(KEYS.console_session(sid)) is None:
                        yield b"event: expired\ndata: {}\n\n"
                        return
                    await console.heartbeat(agent.username)  # present, not active
                    await maybe_sweep(console)
                    yield b": ping\n\n"
                    continue
                data = json.dumps(event, ensure_ascii=False, default=str)
                yield f"event: {event.get('type', 'message')}\ndata: {data}\n\n".encode()

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


# --------------------------------------------------------------------- helpers
def _counties(services: Services) -> Counties:
    """Heze's counties, districts and zones as the dispatch catalogue names them."""
    return Counties.from_aliases(services.cases.catalogue.county_aliases)


async def _tell_citizen(
    services: Services, key: str, text: str, agent: AgentView, notice: str
) -> None:
    """Best effort: a console action is done even if the citizen's channel is down. The
    text is the console's (``notice`` names the action), not the agent's own wording."""
    try:
        await services.pipeline.send_to_citizen(key, text, author=agent.username, notice=notice)
    except Exception:
        log.exception("could not tell the citizen", extra={"conversation": key})


# pictures and recordings (agent_media), emergencies (agent_emergencies): routers of
# their own, under this one so the app includes the console's API as one
router.include_router(agent_media.router)
router.include_router(agent_emergencies.router)
