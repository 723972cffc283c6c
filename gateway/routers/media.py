"""``GET /media/out/{blob key}?s=...``: a picture the gateway sent out, for providers that
fetch media by URL (Twilio MMS) and for the links other channels show. Only signed keys
open (outgoing media); a citizen's uploads are never reachable here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from gateway.deps import get_services
from gateway.media.outbound import link_ok

router = APIRouter(tags=["media"])


@router.get("/media/out/{blob_key:path}", include_in_schema=False)
async def outgoing_media(
    blob_key: str, request: Request, s: Annotated[str, Query(max_length=64)] = ""
) -> Response:
    """The bytes of an outgoing picture (404 unless the signature is ours)."""
    services = get_services(request)
    secret = services.settings.secret_key.get_secret_value().encode()
    if not s or not link_ok(secret, blob_key, s):
        raise HTTPException(404, "not found")
    try:
        path = services.media.path_for(blob_key)
        data = await services.media.read(blob_key)
    except (ValueError, OSError) as exc:
        raise HTTPException(404, "not found") from exc
    mime = {".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}
    return Response(
        data,
        media_type=mime.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
