"""Weibo fan-service platform (``GET|POST /webhooks/weibo``); no SDK exists.

Written from the documented protocol (open.weibo.com wiki, 粉丝服务平台): every push
carries ``signature = sha1(sorted(appsecret, timestamp_ms, nonce))`` in the query; the URL
check is a GET with ``echostr`` to echo. Pushes are JSON without a message id, so
``sender_id`` + ``created_at`` (+ type and content digest) make the dedup key. Replies: a
passive JSON reply in the webhook response, or ``messages/reply.json`` whose ``data`` is
URL-encoded JSON.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from channels import guard, outbound, replay
from channels.base import (
    Capabilities,
    ChannelAdapter,
    ChannelSettings,
    InlineResponse,
    RawRequest,
    SendResult,
    continuations,
)
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    Location,
    MessageKind,
    OutboundMessage,
)

MAX_TEXT = 300  # "less than 300 Chinese characters" per reply
_RETRYABLE = {10001, 10002, 10009, 10022, 10023, 10024}  # system errors, rate limits
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_CREATED = re.compile(
    r"^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$"
)
_EVENTS = {
    "follow": "follow",
    "unfollow": "unfollow",
    "subscribe": "subscribe",
    "unsubscribe": "unsubscribe",
    "scan": "scan",
    "scan_follow": "scan_follow",
    "click": "click",
}


class WeiboSettings(ChannelSettings):
    """``HOTLINE_WEIBO_*``: the app secret and the fan-service access token."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_WEIBO_", env_file=".env", extra="ignore")

    app_secret: SecretStr | None = None
    access_token: SecretStr | None = None
    api_base_url: str = "https://m.api.weibo.com/2/"
    upload_base_url: str = "https://upload.api.weibo.com/2/"
    replay_window_seconds: float = 300.0  # 0 disables (replaying recorded vectors)
    http_timeout_seconds: float = Field(default=5.0, gt=0)
    max_media_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)

    def is_enabled(self) -> bool:
        return bool(self.app_secret and self.access_token)


def parse_created_at(value: str) -> datetime:
    """``Mon Jul 16 18:09:20 +0800 2012`` as aware UTC, independent of the locale; a
    time outside 2000-2100 (e.g. year 9999) is a 400."""
    m = _CREATED.match(value.strip())
    if not m or m.group(1) not in _MONTHS:
        raise PayloadError("created_at is not in Weibo's format")
    mon, day, hh, mm, ss, sign, oh, om, year = m.groups()
    offset = timedelta(hours=int(oh), minutes=int(om)) * (-1 if sign == "-" else 1)
    try:
        local = datetime(
            int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=timezone(offset)
        )
    except ValueError as exc:
        raise PayloadError("created_at is not a real time") from exc
    return guard.in_years(local, "created_at")


_UID = re.compile(r"[1-9][0-9]{0,19}")


def weibo_uid(value: object, name: str) -> str:
    """A Weibo user id as text: a positive JSON integer (as Weibo sends it), or the same
    digits as a string; anything else (``"abc"``, ``1.5``, ``true``, a list) is a
    ``PayloadError`` (400): a malformed signed push is refused, nothing processed."""
    if isinstance(value, bool):
        raise PayloadError(f"{name} is not a Weibo user id")
    if isinstance(value, int) and 0 < value < 10**20:
        return str(value)
    if isinstance(value, str) and _UID.fullmatch(value):
        return value
    raise PayloadError(f"{name} is not a Weibo user id")


class WeiboAdapter(ChannelAdapter):
    """The 12345 Weibo account's private messages."""

    name: ClassVar[str] = "weibo"
    capabilities: ClassVar[Capabilities] = Capabilities(
        names_emergency_number=True,
        max_text_length=MAX_TEXT,
        quick_replies=False,
        inline_reply=True,
        inline_deadline_seconds=5.0,
        push=True,
        sends_per_second=5.0,
    )
    settings_class: ClassVar[type[ChannelSettings]] = WeiboSettings
    limits: ClassVar[guard.InputLimits] = guard.InputLimits(max_body_bytes=64 * 1024)

    def __init__(
        self,
        settings: WeiboSettings,
        *,
        clock: outbound.Clock = time.time,
        client: httpx.AsyncClient | None = None,
        upload_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self._secret = settings.app_secret.get_secret_value() if settings.app_secret else ""
        self._token = settings.access_token.get_secret_value() if settings.access_token else ""
        self._clock = clock
        self._client = client or outbound.make_client(
            settings.api_base_url, settings.http_timeout_seconds
        )
        self._upload = upload_client or outbound.make_client(
            settings.upload_base_url, settings.http_timeout_seconds
        )
        self._limiter = outbound.RateLimiter(
            self.capabilities.sends_per_second, shared=lambda: self.state
        )

    # -- inbound ------------------------------------------------------------------------
    def handshake(self, request: RawRequest) -> InlineResponse | None:
        echostr = request.query.get("echostr")
        if request.method.upper() != "GET" or echostr is None:
            return None
        try:
            self.verify(request)
        except VerificationError:
            return None  # verify() refuses it with 403
        return InlineResponse(status=200, body=echostr.encode("utf-8"), media_type="text/plain")

    def verify(self, request: RawRequest) -> None:
        q = request.query
        timestamp, nonce = q.get("timestamp"), q.get("nonce", "")
        outbound.check_freshness(
            timestamp, self.settings.replay_window_seconds, self._clock, millis=True
        )
        expected = outbound.sha1_signature(self._secret, timestamp or "", nonce)
        if not outbound.same_secret(q.get("signature"), expected):
            raise VerificationError("weibo signature mismatch")

    async def check_replay(self, request: RawRequest) -> None:
        """The signature does not cover the body: each (timestamp, nonce) serves one body."""
        if request.method.upper() != "POST":
            return
        q = request.query
        await replay.use_once(
            self.state,
            q.get("timestamp", ""),
            q.get("nonce", ""),
            request.body,
            self.settings.replay_window_seconds,
        )

    def parse(self, request: RawRequest) -> list[InboundMessage]:
        if request.method.upper() != "POST":
            raise PayloadError("Weibo pushes messages by POST", status_code=405)
        data = guard.load_json(request.body, self.limits)
        if not isinstance(data, dict):
            raise PayloadError("a push is a JSON object")
        msg = self._to_message(data)
        return [msg] if msg is not None else []

    def _to_message(self, d: dict[str, Any]) -> InboundMessage | None:
        kind = d.get("type")
        created = d.get("created_at")
        if not isinstance(kind, str) or not kind or not isinstance(created, str):
            raise PayloadError("push lacks type, sender_id or created_at")
        sender = weibo_uid(d.get("sender_id"), "sender_id")
        receiver = d.get("receiver_id", d.get("recipient_id"))
        account = "" if receiver is None else weibo_uid(receiver, "receiver_id")
        received = parse_created_at(created)
        text = d.get("text", "")
        payload = d.get("data", {})
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise PayloadError("text is not a string")
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise PayloadError("data is not an object")
        digest = hashlib.sha1(  # noqa: S324 - a dedup fingerprint, not security
            json.dumps([text, payload], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:12]
        common: dict[str, Any] = {
            "channel": self.name,
            "account": account,
            "sender": sender,
            "received_at": received,
            "external_id": f"{sender}:{int(received.timestamp())}:{kind}:{digest}",
            "raw": d,
        }
        if kind == "text":
            return InboundMessage(
                kind=MessageKind.TEXT, text=outbound.check_text_size(text), **common
            )
        if kind == "position":
            loc = Location(
                latitude=guard.finite_float(payload.get("latitude"), "latitude", lo=-90, hi=90),
                longitude=guard.finite_float(
                    payload.get("longitude"), "longitude", lo=-180, hi=180
                ),
                label=text or None,
            )
            return InboundMessage(kind=MessageKind.LOCATION, location=loc, text=text, **common)
        if kind in ("image", "voice"):
            # tovfid is the copy the receiving account may download
            fid = payload.get("tovfid") or payload.get("vfid")
            if fid is None:
                raise PayloadError(f"{kind} without a file id")
            att = Attachment(
                kind=AttachmentKind.IMAGE if kind == "image" else AttachmentKind.AUDIO,
                source_id=str(fid),
            )
            return InboundMessage(
                kind=MessageKind.IMAGE if kind == "image" else MessageKind.VOICE,
                attachments=(att,),
                **common,
            )
        if kind == "event":
            subtype = str(payload.get("subtype") or "").lower()
            name = _EVENTS.get(subtype)
            if name is None:
                return None  # unknown events politely ignored
            key = str(payload.get("key") or "")
            event = f"{name}:{key}" if key and name in ("click", "scan", "scan_follow") else name
            return InboundMessage(kind=MessageKind.EVENT, event=event, **common)
        return None  # mention and other types: politely ignored

    # -- replies --------------------------------------------------------------------------
    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """Empty 200, or a passive text reply (what does not fit is pushed)."""
        if not messages or not replies:
            return InlineResponse(status=200, body=b"", media_type="text/plain")
        chunks = self.degrade_all(replies)
        if not chunks:
            return InlineResponse(status=200, body=b"", media_type="text/plain")
        first = messages[0]
        follows = continuations(replies[-1], chunks[1:], first.external_id)
        body = {
            "result": True,
            "receiver_id": first.sender,
            "sender_id": first.account,
            "type": "text",
            "data": encode_data(chunks[0]),
        }
        return InlineResponse(
            status=200,
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            media_type="application/json",
            continuations=tuple(follows),
        )

    async def send(self, message: OutboundMessage) -> SendResult:
        """``messages/reply.json`` per part."""
        last: str | None = None
        for part in self.degrade(message):
            await self._limiter.acquire()
            resp = await outbound.request(
                self._client,
                "POST",
                "messages/reply.json",
                "weibo reply",
                params={"access_token": self._token},
                data={
                    "receiver_id": message.recipient,
                    "type": "text",
                    "data": encode_data(part),
                    "save_sender_box": "0",
                },
            )
            body = outbound.json_body(resp, "weibo reply")
            code = body.get("error_code")
            if code is not None:
                raise SendError(
                    f"weibo reply: error {code} {body.get('error', '')}".strip(),
                    retryable=outbound.json_int(code, "weibo reply") in _RETRYABLE,
                )
            last = str(body.get("id") or "") or None
        return SendResult(provider_message_id=last)

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        """``mss/msget`` with the receiver's file id."""
        if not source_id:
            raise SendError("weibo media without file id", retryable=False)
        data, ctype = await outbound.fetch_limited(
            self._upload,
            "mss/msget",
            "weibo media",
            self.settings.max_media_bytes,
            params={"access_token": self._token, "fid": source_id},
        )
        if "json" in ctype:
            raise SendError(f"weibo media: provider refused ({data[:120]!r})", retryable=False)
        return data

    async def aclose(self) -> None:
        await outbound.close_quietly(self._client.aclose)
        await outbound.close_quietly(self._upload.aclose)


def encode_data(text: str) -> str:
    """The ``data`` field: JSON ``{"text": ...}`` URL-encoded, as the reply API wants."""
    return quote(json.dumps({"text": text}, ensure_ascii=False, separators=(",", ":")), safe="")
