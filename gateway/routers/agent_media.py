"""Pictures and recordings in the agent console: a turn's attachment for the holder or
a supervisor (``GET /api/agent/media``), and a picture sent to the citizen
(``POST /api/agent/reply-image``, attach.js).

Uploads are checked and stripped of metadata like any upload; only pictures go out.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from casebridge.inputs import DbId
from channels.media import MediaError
from channels.messages import AttachmentKind
from gateway.errors import raises
from gateway.media.outbound import with_public_link
from gateway.pipeline import UnknownConversation
from gateway.routers.agent_auth import AgentDep, ServicesDep, console_of
from gateway.routers.agent_bodies import ImageBody, KeyQuery

router = APIRouter(tags=["坐席工作台 agent console"])


@router.get(
    "/api/agent/media",
    response_class=Response,
    responses={200: {"content": {"image/*": {}, "audio/*": {}, "application/octet-stream": {}}}},
)
@raises(403, 404)
async def media(
    services: ServicesDep,
    agent: AgentDep,
    key: KeyQuery,
    turn: Annotated[DbId, Query()],
    index: Annotated[int, Query(ge=0, lt=20)] = 0,
) -> Response:
    """A picture or recording of a turn, for the holder or a supervisor."""
    console = console_of(services)
    conv = await console.conversation(key)
    if not (agent.supervisor or conv.held_by == agent.username):
        raise HTTPException(403, "请先接入该会话")
    views = [t for t in await console.turns(key, turn - 1, limit=1) if t.id == turn]
    if not views or index >= len(views[0].attachments):
        raise HTTPException(404, "没有该附件")
    att = views[0].attachments[index]
    blob_key = att.get("blob_key")
    if not blob_key or services.media is None:
        raise HTTPException(404, "附件尚未保存")
    try:
        data = await services.media.read(str(blob_key))
    except (ValueError, OSError) as exc:
        raise HTTPException(404, "附件不可用") from exc
    mime = str(att.get("mime") or "application/octet-stream")
    return Response(
        data,
        media_type=mime,
        headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/api/agent/reply-image")
@raises(403, 404, 413, 422)
async def reply_image(body: ImageBody, services: ServicesDep, agent: AgentDep) -> dict[str, Any]:
    """Send a picture (with optional words) to the citizen: WeChat and Telegram upload it,
    MMS carries its link, other channels show the link. Only pictures are accepted; the
    bytes are checked and stripped of metadata like any upload."""
    console = console_of(services)
    if await console.holder(body.key) != agent.username:
        raise HTTPException(403, "请先接入该会话")
    limit = services.settings.max_upload_bytes
    if len(body.data) > (limit * 4) // 3 + 8:
        raise HTTPException(413, "图片过大")
    try:
        blob = base64.b64decode(body.data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HTTPException(422, "图片数据不是有效的 base64") from exc
    try:
        att, _gps = await services.media.store_upload(blob, body.filename, body.mime)
    except MediaError as exc:
        raise HTTPException(422, "无法识别的图片文件") from exc
    if att.kind is not AttachmentKind.IMAGE:
        raise HTTPException(422, "只能发送图片")
    secret = services.settings.secret_key.get_secret_value().encode()
    att = with_public_link(att, services.settings.public_base_url, secret)
    try:
        await services.pipeline.send_to_citizen(
            body.key, body.text.strip(), author=agent.username, attachments=(att,)
        )
    except UnknownConversation as exc:
        raise HTTPException(404, "找不到该诉求人的会话") from exc
    return {"sent": True, "blob_key": att.blob_key}
