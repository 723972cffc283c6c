"""The web chat: ``/chat`` (a page in Chinese) and the websocket ``/chat/ws``.

The browser gets a signed visitor token in the first ``hello`` frame and presents it on
reconnect (``/chat/ws?token=...``), so its conversation and pending replies follow it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import defaultdict
from importlib import resources
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse

from channels.base import media_note
from channels.errors import PayloadError, SendError
from channels.messages import OutboundMessage
from channels.web.adapter import MAX_TEXT
from gateway.guard import Refused, strict_json
from gateway.kv import KEYS, Store
from gateway.media.errors import media_error_message
from gateway.services import Services

PRESENCE_TTL = 3600.0
# a visitor's presence is rewritten at most this often by a frame (one round trip saved on
# nearly every turn, issue 16); far inside its time to live, so it never lapses while the
# visitor writes
PRESENCE_REFRESH = 60.0
# entries of ChatHub._written beyond the open connections before they are pruned
WRITTEN_SLACK = 1000

log = logging.getLogger("hotline.chat")
router = APIRouter(tags=["web chat"])


class ChatHub:
    """Open websockets per visitor, for replies pushed later (agents, deferred answers).

    With several gateway processes (Redis store), a visitor's socket may live in another
    process: presence keys say where, and a pub/sub channel carries the frame there.
    """

    CHANNEL = KEYS.web_push_channel()

    def __init__(self, store: Store) -> None:
        self.store = store
        self.node = secrets.token_hex(6)
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self._written: dict[str, float] = {}  # visitor -> when this process last wrote it
        self.clock = time.monotonic

    async def add(self, visitor: str, ws: WebSocket) -> None:
        """Register a connection."""
        self._sockets[visitor].add(ws)
        await self._write(visitor)

    async def touch(self, visitor: str) -> None:
        """Keep the presence of a long-lived connection fresh: written again once
        :data:`PRESENCE_REFRESH` seconds have passed since this process last wrote it.
        A visitor with no socket here has no presence to keep."""
        if visitor not in self._sockets:
            return
        last = self._written.get(visitor)
        if last is None or self.clock() - last >= PRESENCE_REFRESH:
            await self._write(visitor)

    async def _write(self, visitor: str) -> None:
        self._written[visitor] = self.clock()
        if len(self._written) > len(self._sockets) + WRITTEN_SLACK:
            self._prune()
        await self.store.set(KEYS.web_presence(visitor), self.node, ttl=PRESENCE_TTL)

    @property
    def remembered(self) -> int:
        """How many visitors this process remembers writing presence for (bounded by the
        open connections plus :data:`WRITTEN_SLACK`)."""
        return len(self._written)

    def _prune(self) -> None:
        """Forget when presence was written for visitors with no socket here (a connection
        that failed between ``add`` and ``remove``): ``_written`` stays as large as the
        open connections (issue 16)."""
        for gone in [v for v in self._written if not self._sockets.get(v)]:
            del self._written[gone]

    async def remove(self, visitor: str, ws: WebSocket) -> None:
        """Forget a connection."""
        self._sockets[visitor].discard(ws)
        if not self._sockets[visitor]:
            del self._sockets[visitor]
            self._written.pop(visitor, None)
            await self.store.compare_and_delete(KEYS.web_presence(visitor), self.node)

    async def _send_local(self, visitor: str, frame: dict[str, Any]) -> bool:
        sockets = list(self._sockets.get(visitor, ()))
        for ws in sockets:
            await ws.send_json(frame)
        return bool(sockets)

    async def deliver(self, out: OutboundMessage) -> None:
        """Send to every open tab of the visitor, here or in another process.

        Raises :class:`SendError` when the visitor is not connected anywhere; the pipeline
        then keeps the message for their next visit.
        """
        frame = _frame(out, None)
        if await self._send_local(out.recipient, frame):
            return
        where = await self.store.get(KEYS.web_presence(out.recipient))
        if where is not None and where != self.node:
            envelope = {"visitor": out.recipient, "message": out.model_dump(mode="json")}
            if await self.store.publish(self.CHANNEL, json.dumps(envelope, ensure_ascii=False)):
                return
        raise SendError("visitor not connected", retryable=False)

    async def relay(self) -> None:
        """Deliver frames published by other processes to sockets held here."""
        async for raw in self.store.subscribe(self.CHANNEL):
            envelope = json.loads(raw)
            visitor = envelope["visitor"]
            if visitor not in self._sockets:
                continue
            out = OutboundMessage.model_validate(envelope["message"])
            await self._send_local(visitor, _frame(out, None))


def _frame(out: OutboundMessage, in_reply_to: str | None) -> dict[str, Any]:
    text = out.text
    if out.attachments:  # the page shows ``images``; the text keeps the links as well
        text = "\n".join(p for p in (text, media_note(out.attachments)) if p)
    return {
        "type": "reply",
        "text": text,
        "images": [a.source_url for a in out.attachments if a.source_url],
        "quick_replies": [{"title": q.title, "payload": q.payload} for q in out.quick_replies],
        "transfer_to": out.transfer_to,
        "in_reply_to": in_reply_to,
    }


def hub_for(services: Services) -> ChatHub:
    """The process's hub, registered as the web channel's pusher."""
    hub = services.extras.get("chat_hub")
    if hub is None:
        hub = ChatHub(services.store)
        services.extras["chat_hub"] = hub
        services.pipeline.delivery.pushers["web"] = hub.deliver
        services.tasks.append(asyncio.create_task(hub.relay()))
    assert isinstance(hub, ChatHub)
    return hub


@router.get("/chat", response_class=HTMLResponse, summary="Web chat page")
async def chat_page() -> HTMLResponse:
    """The citizen's chat page (Chinese)."""
    page = resources.files("gateway.static").joinpath("chat.html").read_text(encoding="utf-8")
    return HTMLResponse(page)


@router.websocket("/chat/ws")
async def chat_socket(ws: WebSocket) -> None:
    """One browser tab. Frames: see :mod:`channels.web.adapter`."""
    services: Services = ws.app.state.services
    web = services.web
    hub = hub_for(services)
    await ws.accept()
    visitor = web.visitor_from_token(ws.query_params.get("token"))
    if visitor is None:
        visitor, token = web.issue_visitor()
        await ws.send_json({"type": "hello", "visitor": visitor, "token": token, "new": True})
    else:
        await ws.send_json({"type": "hello", "visitor": visitor, "new": False})
    max_frame = services.settings.max_upload_bytes * 4 // 3 + 4096
    try:
        await hub.add(visitor, ws)  # inside: a failed presence write still removes it
        # Replies that waited for this visitor (an agent wrote while they were away).
        conv_key = KEYS.conversation("web", "web", visitor)
        pending = await services.store.lrange(KEYS.pending(conv_key))
        if pending:
            await services.store.delete(KEYS.pending(conv_key))
            for item in pending:
                await ws.send_json(_frame(OutboundMessage.model_validate_json(item), None))
        while True:
            incoming = await ws.receive()
            if incoming["type"] == "websocket.disconnect":
                break
            raw = incoming.get("text")
            await hub.touch(visitor)
            if not isinstance(raw, str):  # a binary frame: the page sends text only
                await ws.send_json(_error("bad_frame", NOTICES["binary"], detail="binary frame"))
                continue
            if len(raw) > max_frame:
                await ws.send_json(_error("too_large", NOTICES["frame_large"]))
                continue
            try:
                frame = strict_json(raw)
                if not isinstance(frame, dict):
                    raise Refused("frame must be a JSON object")
            except ValueError as exc:  # Refused too: NaN, too deep, lone surrogate ...
                detail = str(exc) if isinstance(exc, Refused) else "frame is not JSON"
                await ws.send_json(_error("bad_frame", NOTICES["bad_frame"], detail=detail))
                continue
            try:
                message, blob = web.parse_frame(
                    visitor, frame, max_upload_bytes=services.settings.max_upload_bytes
                )
            except PayloadError as exc:
                code, notice = _payload_notice(exc, frame)
                await ws.send_json(_error(code, notice, _reply_id(frame), detail=str(exc)))
                continue
            try:
                replies = await services.pipeline.handle(message, upload=blob)
            except Exception as exc:
                text = media_error_message(exc)
                if text is None:
                    log.exception("web chat message failed")
                    text = NOTICES["failed"]
                await ws.send_json(_error("failed", text, frame.get("id")))
                continue
            for reply in replies:
                await ws.send_json(_frame(reply, frame.get("id")))
            await ws.send_json({"type": "done", "in_reply_to": frame.get("id")})
    except WebSocketDisconnect:
        pass
    finally:
        await hub.remove(visitor, ws)


#: What the citizen reads when a frame cannot be taken (规范用语); the frame's ``code``
#: (English) and ``detail`` say the same to a developer.
NOTICES = {
    "bad_frame": "抱歉，这条消息未能识别，请刷新页面后重新发送。",
    "binary": "抱歉，暂不支持这种消息格式，请以文字、图片或位置的形式发送。",
    "empty": "请您输入要反映或咨询的内容后再发送。",
    "text_long": f"抱歉，单条留言不能超过{MAX_TEXT}字，请您分成几条发送。",
    "image_large": "抱歉，图片过大，请压缩后再发送。",
    "frame_large": "抱歉，消息过大，请压缩图片或分成几条发送。",
    "failed": "抱歉，系统暂时出现问题，这条消息未能处理，请您稍后重新发送。",
}


def _reply_id(frame: dict[str, Any]) -> str | None:
    """The frame's id when it may be echoed (a refused frame's id may be anything)."""
    value = frame.get("id")
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def _payload_notice(exc: PayloadError, frame: dict[str, Any]) -> tuple[str, str]:
    """The code and the citizen's notice for a frame the web adapter refused."""
    kind = frame.get("type")
    if exc.status_code == 413:
        return "too_large", NOTICES["text_long" if kind == "message" else "image_large"]
    text = frame.get("text")
    if kind == "message" and not (isinstance(text, str) and text.strip()):
        return "bad_frame", NOTICES["empty"]
    return "bad_frame", NOTICES["bad_frame"]


def _error(
    code: str, message: str, in_reply_to: Any = None, *, detail: str | None = None
) -> dict[str, Any]:
    frame = {"type": "error", "code": code, "message": message, "in_reply_to": in_reply_to}
    if detail is not None:
        frame["detail"] = detail
    return frame
