"""WeChat official account: URL check, plain and safe (AES) mode, passive and push replies.

Protocol (wechatpy 1.8 and the official docs): plain mode signs
``sha1(sorted(token, timestamp, nonce))`` in ``signature``; safe mode
(``encrypt_type=aes``) signs ``(token, timestamp, nonce, Encrypt)`` in ``msg_signature``
and carries AES-256-CBC ciphertext whose tail must be our appid. WeChat waits 5 s for the
passive reply and retries three times; ``success`` stops the retries. Later answers go
through the customer-service API, allowed for 48 h after the citizen's last message.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from wechatpy.crypto import PrpCrypto

from channels import fetch, guard, outbound, replay
from channels.base import (
    Capabilities,
    ChannelAdapter,
    ChannelSettings,
    InlineResponse,
    RawRequest,
    SendResult,
    continuations,
    media_bytes,
    media_note,
    picture_followups,
)
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    OutboundMessage,
)
from channels.state import Entry
from channels.wechat.inbound import to_message
from channels.wechat.payload import cdata, parse_body, render_image_reply, render_text_reply

log = logging.getLogger(__name__)

PUSH_WINDOW = timedelta(hours=48)
# errcodes of the customer-service API (developers.weixin.qq.com, 全局返回码)
_TOKEN_INVALID = {40001, 40014, 42001}
#: One process fetches the access token at a time: its lock in the shared state (s), and
#: how long the others wait for the token it fetches before fetching their own.
_FETCH_LOCK_SECONDS = 10.0
_FETCH_WAIT_SECONDS = 5.0
_WINDOW_CLOSED = 45015  # "response out of time limit or subscription is canceled"
_QUOTA_USED = 45047  # "out of response count limit"
_RETRYABLE_ERRCODES = {-1, 45009, 45011}  # system busy, API frequency limits
_MEDIA_TTL = 3 * 24 * 3600 - 3600  # temporary media live three days
_EXT = {"image/png": ".png", "image/gif": ".gif", "image/jpeg": ".jpg", "image/webp": ".webp"}
_PLAIN_CAP = 4096
VIDEO_HOSTS = frozenset({"tc.qq.com"})  # media/get answers videos with a link there


class WeChatSettings(ChannelSettings):
    """``HOTLINE_WECHAT_*``: token, app id and secret enable the channel; AES key for safe mode."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_WECHAT_", env_file=".env", extra="ignore")

    token: SecretStr | None = None
    app_id: str | None = None
    app_secret: SecretStr | None = None
    aes_key: SecretStr | None = None  # EncodingAESKey, 43 characters
    api_base_url: str = "https://api.weixin.qq.com/cgi-bin/"
    reply_margin_seconds: float = Field(default=4.0, gt=0, lt=5)
    replay_window_seconds: float = 300.0  # 0 disables (replaying recorded vectors)
    # With an AES key set, plaintext pushes are refused unless this allows WeChat's
    # compatible mode (明文/兼容模式 during a migration). Without a key: always allowed.
    allow_plaintext: bool = False
    http_timeout_seconds: float = Field(default=5.0, gt=0)
    max_media_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # customer-service messages allowed per citizen message (the platform's quota)
    push_quota: int = Field(default=20, ge=1)

    def is_enabled(self) -> bool:
        return bool(self.token and self.app_id and self.app_secret)


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value else ""


class WeChatAdapter(ChannelAdapter):
    """The 12345 official account."""

    name: ClassVar[str] = "wechat"
    capabilities: ClassVar[Capabilities] = Capabilities(
        names_emergency_number=True,
        # a passive text reply may carry 2048 bytes: 600 Chinese characters stay inside
        max_text_length=600,
        quick_replies=False,
        media_out=frozenset({AttachmentKind.IMAGE}),
        inline_reply=True,
        inline_deadline_seconds=5.0,
        push=True,
        push_window=PUSH_WINDOW,
        sends_per_second=20.0,
    )
    settings_class: ClassVar[type[ChannelSettings]] = WeChatSettings
    limits: ClassVar[guard.InputLimits] = guard.InputLimits(max_body_bytes=64 * 1024)
    # PicUrl hosts (the media id through media/get is preferred)
    media_hosts: ClassVar[frozenset[str]] = frozenset({"mmbiz.qpic.cn", "mmbiz.qlogo.cn"})

    def __init__(
        self,
        settings: WeChatSettings,
        *,
        clock: outbound.Clock = time.time,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._token = _secret(settings.token)
        self._app_id = settings.app_id or ""
        aes = _secret(settings.aes_key)
        if aes and len(aes) != 43:
            raise ValueError("HOTLINE_WECHAT_AES_KEY must be the 43-character EncodingAESKey")
        # wechatpy's cipher, built once: AES-256-CBC, IV = key[:16], PKCS#7 over 32 bytes
        self._prp = PrpCrypto(base64.b64decode(aes + "=")) if aes else None
        # verified plaintexts by (msg_signature, timestamp, nonce): verify() decrypts,
        # parse() reuses it; the key is only ever filled after the signature matched
        self._plain: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        self._plain_lock = threading.Lock()
        self._client = client or outbound.make_client(
            settings.api_base_url, settings.http_timeout_seconds
        )
        self._limiter = outbound.RateLimiter(
            self.capabilities.sends_per_second, shared=lambda: self.state
        )
        # per process only to avoid a stampede; the token itself is in the shared state
        self._token_lock = asyncio.Lock()

    # -- inbound ------------------------------------------------------------------------
    def handshake(self, request: RawRequest) -> InlineResponse | None:
        """Echo ``echostr`` for the URL check when the signature is right."""
        echostr = request.query.get("echostr")
        if request.method.upper() != "GET" or echostr is None:
            return None
        try:
            self._check_plain(request)
        except VerificationError:
            return None  # verify() refuses it with 403 and counts it
        return InlineResponse(status=200, body=echostr.encode("utf-8"), media_type="text/plain")

    def verify(self, request: RawRequest) -> None:
        """``signature`` (token, timestamp, nonce) first, on every push, before the body
        is read; then safe mode's ``msg_signature`` over the ciphertext and the appid.
        With an AES key, a plaintext push is refused unless compatible mode is allowed."""
        self._check_plain(request)
        if self._safe_mode(request):
            self._decrypt(request)
        elif self._prp is not None and not self.settings.allow_plaintext:
            raise VerificationError(
                "plaintext push refused: HOTLINE_WECHAT_AES_KEY is set "
                "(HOTLINE_WECHAT_ALLOW_PLAINTEXT allows compatible mode)"
            )

    def verify_head(self, request: RawRequest) -> None:
        """``signature`` covers the query alone (token, timestamp, nonce): checked from the
        head, so an unsigned or stale push is a 403 before its body is read."""
        self._check_plain(request)

    async def check_replay(self, request: RawRequest) -> None:
        """``signature`` does not cover the body: each (timestamp, nonce) serves one
        message. Safe mode counts the decrypted message (a retry re-encrypted with a new
        IV is the same message), so its ``signature`` cannot carry a plaintext forgery
        in compatible mode either."""
        await self.arrive(request, ())

    async def arrive(self, request: RawRequest, messages: Sequence[InboundMessage]) -> None:
        """:meth:`check_replay` and :meth:`note_inbound` in one shared-store write (one
        Redis round trip): the windows are written only when the body is not refused."""
        q = request.query
        message = self._decrypt(request) if self._safe_mode(request) else request.body
        await replay.use_once(
            self.state,
            q.get("timestamp", ""),
            q.get("nonce", ""),
            message,
            self.settings.replay_window_seconds,
            then=self._windows(messages),
        )

    @staticmethod
    def _safe_mode(request: RawRequest) -> bool:
        return request.query.get("encrypt_type", "raw").lower() == "aes"

    def _check_plain(self, request: RawRequest) -> None:
        q = request.query
        timestamp, nonce = q.get("timestamp"), q.get("nonce", "")
        outbound.check_freshness(timestamp, self.settings.replay_window_seconds, self._clock)
        expected = outbound.sha1_signature(self._token, timestamp or "", nonce)
        if not outbound.same_secret(q.get("signature"), expected):
            raise VerificationError("wechat signature mismatch")

    def _decrypt(self, request: RawRequest) -> bytes:
        """Check ``msg_signature`` and the appid; return the decrypted body."""
        if self._prp is None:
            raise VerificationError("safe-mode message but HOTLINE_WECHAT_AES_KEY is not set")
        q = request.query
        timestamp, nonce = q.get("timestamp"), q.get("nonce", "")
        outbound.check_freshness(timestamp, self.settings.replay_window_seconds, self._clock)
        cache_key = (q.get("msg_signature", ""), timestamp or "", nonce)
        cached = self._plain.get(cache_key)
        if cached is not None:
            return cached
        try:
            envelope = parse_body(request.body, self.limits)
        except PayloadError as exc:
            raise VerificationError(f"unreadable safe-mode envelope: {exc}") from exc
        encrypt = envelope.get("Encrypt")
        if not encrypt:
            raise VerificationError("safe-mode envelope without Encrypt")
        expected = outbound.sha1_signature(self._token, timestamp or "", nonce, encrypt)
        if not outbound.same_secret(q.get("msg_signature"), expected):
            raise VerificationError("wechat msg_signature mismatch")
        try:
            plain = str(self._prp.decrypt(encrypt, self._app_id)).encode("utf-8")
        except Exception as exc:  # any failure: forged or foreign
            raise VerificationError("safe-mode message does not decrypt for our appid") from exc
        with self._plain_lock:  # verify() may run in a worker thread for a large body
            self._plain[cache_key] = plain
            while len(self._plain) > _PLAIN_CAP:
                self._plain.popitem(last=False)
        return plain

    def parse(self, request: RawRequest) -> list[InboundMessage]:
        if request.method.upper() != "POST":
            raise PayloadError("WeChat pushes messages by POST", status_code=405)
        body = self._decrypt(request) if self._safe_mode(request) else request.body
        message = to_message(parse_body(body, self.limits))
        return [] if message is None else [message]

    async def note_inbound(self, messages: Sequence[InboundMessage]) -> None:
        """A citizen's message opens a new 48-hour window and quota (shared state): one
        write, ``time/id`` (the id unique per message); the quota's counter is named by
        that value, so a new window counts from zero without deleting the last one's
        (one round trip instead of two)."""
        for value, ttl, parts in self._windows(messages):
            await self.state.set(value, ttl, *parts)

    def _windows(self, messages: Sequence[InboundMessage]) -> list[Entry]:
        """Each sender's new window: ``time/id`` under ``("seen", sender)``."""
        ttl = PUSH_WINDOW.total_seconds() + 3600
        return [
            (f"{self._clock()}/{secrets.token_hex(4)}", ttl, ("seen", m.sender)) for m in messages
        ]

    # -- inline reply -------------------------------------------------------------------
    def inline_wait_seconds(self) -> float | None:
        return self.settings.reply_margin_seconds

    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """``success`` without replies; else one passive reply, the rest pushed."""
        if not messages or not replies:
            return InlineResponse(status=200, body=b"success", media_type="text/plain")
        first = messages[0]
        now = int(self._clock())
        image = _image_only(replies)
        follows: list[OutboundMessage] = []
        if image is not None:
            xml = render_image_reply(first.sender, first.account, image, now)
        else:
            chunks = self.degrade_all(replies)
            text, rest = _pack(chunks, self.capabilities.max_text_length)
            if not text:
                # nothing to say inline (e.g. only a picture to upload): push it all
                return InlineResponse(
                    status=200,
                    body=b"success",
                    media_type="text/plain",
                    continuations=tuple(picture_followups(replies, first.external_id)),
                )
            xml = render_text_reply(first.sender, first.account, text, now)
            follows += continuations(replies[-1], rest, first.external_id, start=0)
        if image is None:
            follows += picture_followups(replies, first.external_id)
        if request.query.get("encrypt_type", "raw").lower() == "aes" and self._prp is not None:
            nonce = request.query.get("nonce") or secrets.token_hex(8)
            xml = self._encrypt_reply(xml, nonce, str(now))
        return InlineResponse(
            status=200,
            body=xml.encode("utf-8"),
            media_type="application/xml",
            continuations=tuple(follows),
        )

    def _encrypt_reply(self, xml: str, nonce: str, timestamp: str) -> str:
        """The safe-mode reply envelope (the layout of wechatpy's ``encrypt_message``)."""
        assert self._prp is not None
        encrypt = self._prp.encrypt(xml, self._app_id).decode("ascii")
        signature = outbound.sha1_signature(self._token, timestamp, nonce, encrypt)
        return (
            f"<xml><Encrypt>{cdata(encrypt)}</Encrypt>"
            f"<MsgSignature>{cdata(signature)}</MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>"
        )

    # -- push ---------------------------------------------------------------------------
    async def send(self, message: OutboundMessage) -> SendResult:
        """Customer-service message(s): the text, then each picture (uploaded as
        temporary media, sent as an image message); refused when the 48-hour window is
        known closed or the quota used. A picture WeChat refuses goes as its link.

        The window and quota live in the shared state (every process sees the same); the
        platform's own errcodes 45015/45047 are authoritative and map to the same error.
        """
        who = message.recipient
        images = [a for a in message.attachments if a.kind is AttachmentKind.IMAGE]
        text_only = message.model_copy(update={"attachments": ()})
        parts = self.degrade(text_only) if (message.text.strip() or message.quick_replies) else []
        seen_raw = await self.state.get("seen", who)
        seen = float(seen_raw.split("/", 1)[0]) if seen_raw else None
        if seen is not None and self._clock() - seen > PUSH_WINDOW.total_seconds():
            raise SendError(
                "WeChat 48-hour customer-service window closed; keep the reply for the "
                "citizen's next message",
                retryable=False,
            )
        window = seen_raw or ""
        if seen is not None:
            used = int(await self.state.get("pushed", who, window) or 0)
            if used + len(parts) + len(images) > self.settings.push_quota:
                raise SendError(
                    "WeChat customer-service quota for this citizen used up; keep the reply "
                    "for the citizen's next message",
                    retryable=False,
                )
        last: dict[str, Any] | None = None
        for text in parts:
            last = await self._custom(who, {"msgtype": "text", "text": {"content": text}}, window)
        for image in images:
            last = await self._send_image(who, image, window) or last
        return SendResult(provider_message_id=str(last.get("msgid")) if last else None)

    async def _custom(self, who: str, body: dict[str, Any], window: str) -> dict[str, Any]:
        """Send; within a known window (``window``: its opening time as stored, empty
        when unknown) count the push against the window's quota."""
        data = await self._api_post("message/custom/send", {"touser": who, **body}, "wechat send")
        if window:
            await self.state.incr(PUSH_WINDOW.total_seconds(), "pushed", who, window)
        return data

    async def _send_image(self, who: str, image: Attachment, window: str) -> dict[str, Any] | None:
        """Upload (``media/upload``, type image: kept 3 days) and send; refused: a link."""
        try:
            media_id = await self._media_id(image)
            return await self._custom(
                who, {"msgtype": "image", "image": {"media_id": media_id}}, window
            )
        except SendError as exc:
            if exc.retryable:
                raise
            log.warning("wechat refused a picture; sent as a link", extra={"error": str(exc)})
            note = media_note([image])
            return await self._custom(who, {"msgtype": "text", "text": {"content": note}}, window)

    async def _media_id(self, image: Attachment) -> str:
        """A temporary media id for ``image``: reused from the shared state for 3 days."""
        if image.source_id and not image.blob_key:
            return image.source_id  # already WeChat media
        if image.sha256:
            cached = await self.state.get("media", image.sha256)
            if cached:
                return cached
        data = await media_bytes(self, image)
        what = "wechat media upload"
        name = image.filename or f"image{_EXT.get(image.mime or '', '.jpg')}"
        answer = await self._authorised(
            "media/upload",
            what,
            {"type": "image"},
            files={"media": (name, data, image.mime or "image/jpeg")},
        )
        media_id = answer.get("media_id")
        if not isinstance(media_id, str) or not media_id:
            raise _errcode_error(what, 0, str(answer.get("errmsg", "")))
        if image.sha256:  # temporary media live 3 days; reuse for a little less
            await self.state.set(media_id, _MEDIA_TTL, "media", image.sha256)
        return media_id

    async def _api_post(self, path: str, payload: dict[str, Any], what: str) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return await self._authorised(
            path,
            what,
            {},
            content=body,
            headers={"content-type": "application/json; charset=utf-8"},
        )

    async def _authorised(
        self,
        path: str,
        what: str,
        query: Mapping[str, str],
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> dict[str, Any]:
        """POST ``path`` with the shared access token: the answer when ``errcode`` is 0;
        an invalid token is dropped and the call made once more; any other error raised."""
        for attempt in range(2):
            token = await self._get_token()
            await self._limiter.acquire()
            options: outbound.RequestOptions = {"params": {"access_token": token, **query}}
            if content is not None:
                options["content"] = content
            if headers is not None:
                options["headers"] = headers
            if files is not None:
                options["files"] = files
            resp = await outbound.request(self._client, "POST", path, what, **options)
            data = outbound.json_body(resp, what)
            code = outbound.json_int(data.get("errcode"), what)
            if code == 0:
                return data
            if code in _TOKEN_INVALID and attempt == 0:
                # refresh once and try again; only the token refused (another process
                # may have stored a newer one meanwhile: dropping that one would make
                # every process fetch in turn, each retiring the one before)
                if await self.state.get("access_token") == token:
                    await self.state.delete("access_token")
                continue
            raise _errcode_error(what, code, str(data.get("errmsg", "")))
        raise SendError(f"{what}: access token refused twice", retryable=True)

    async def _get_token(self) -> str:
        """The access token, shared by every process (a second process fetching its own
        would make WeChat retire the first's)."""
        cached = await self.state.get("access_token")
        if cached:
            return cached
        async with self._token_lock:
            cached = await self.state.get("access_token")
            if cached:
                return cached
            # across processes one fetches at a time (the lock ``access_token_fetch`` in
            # the shared state); the others wait for its token, then fetch themselves
            held = self.state.shared and await self.state.set_if_absent(
                str(os.getpid()), _FETCH_LOCK_SECONDS, "access_token_fetch"
            )
            if self.state.shared and not held:
                fetched = await self._wait_for_token()
                if fetched is not None:
                    return fetched
            try:
                return await self._fetch_token()
            finally:
                if held:
                    await self.state.delete("access_token_fetch")

    async def _wait_for_token(self) -> str | None:
        """The token another process is fetching, once it is stored (``None`` after
        :data:`_FETCH_WAIT_SECONDS`: that process failed or died holding the lock)."""
        deadline = time.monotonic() + _FETCH_WAIT_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            cached = await self.state.get("access_token")
            if cached:
                return cached
        return None

    async def _fetch_token(self) -> str:
        """Ask WeChat for a new access token and keep it in the shared state."""
        resp = await outbound.request(
            self._client,
            "GET",
            "token",
            "wechat access token",
            params={
                "grant_type": "client_credential",
                "appid": self._app_id,
                "secret": _secret(self.settings.app_secret),
            },
        )
        data = outbound.json_body(resp, "wechat access token")
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            code = outbound.json_int(data.get("errcode"), "wechat access token")
            raise _errcode_error("wechat access token", code, str(data.get("errmsg", "")))
        expires = outbound.json_number(data.get("expires_in"), "wechat access token", 7200)
        # renew five minutes early so a token never expires mid-request
        await self.state.set(token, max(60.0, expires - 300.0), "access_token")
        return token

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        """Temporary media (kept 3 days by WeChat) through ``media/get``; else the URL."""
        what = "wechat media"
        limit = self.settings.max_media_bytes
        if source_id:
            token = await self._get_token()
            params = {"access_token": token, "media_id": source_id}
            data, ctype = await outbound.fetch_limited(
                self._client, "media/get", what, limit, params=params
            )
            if "json" in ctype or "text/plain" in ctype:
                # errors, and videos, come as JSON (videos with a download URL)
                try:
                    answer = json.loads(data)
                except ValueError as exc:
                    raise SendError(f"{what}: provider sent bad JSON", retryable=True) from exc
                if not isinstance(answer, dict):
                    raise SendError(f"{what}: provider sent bad JSON", retryable=True)
                if isinstance(answer.get("video_url"), str):
                    data, _ = await fetch.fetch_given(
                        self._client,
                        answer["video_url"],
                        what,
                        limit,
                        hosts=self.media_hosts | VIDEO_HOSTS,
                        gate=self.url_gate,
                    )
                    return data
                code = int(answer.get("errcode", 0) or 0)
                raise _errcode_error(what, code, str(answer.get("errmsg", "")))
            return data
        if source_url:  # only from WeChat's media hosts, through the URL policy
            data, _ = await fetch.fetch_url(
                self._client,
                source_url,
                what,
                limit,
                base=self.settings.api_base_url,
                hosts=self.media_hosts,
                gate=self.url_gate,
            )
            return data
        raise SendError(f"{what}: neither media id nor URL", retryable=False)

    async def aclose(self) -> None:
        await outbound.close_quietly(self._client.aclose)


def _errcode_error(what: str, code: int, errmsg: str) -> SendError:
    if code == _WINDOW_CLOSED:
        return SendError(
            f"{what}: WeChat 48-hour customer-service window closed (errcode {code}); "
            "keep the reply for the citizen's next message",
            retryable=False,
        )
    if code == _QUOTA_USED:
        return SendError(
            f"{what}: customer-service quota for this citizen used up (errcode {code})",
            retryable=False,
        )
    return SendError(
        f"{what}: errcode {code} {errmsg}".strip(), retryable=code in _RETRYABLE_ERRCODES
    )


def _image_only(replies: Sequence[OutboundMessage]) -> str | None:
    """The media id when the only reply is an uploaded image without text."""
    if len(replies) != 1 or replies[0].text.strip():
        return None
    for att in replies[0].attachments:
        if att.kind is AttachmentKind.IMAGE and att.source_id:
            return att.source_id
    return None


def _pack(chunks: list[str], limit: int) -> tuple[str, list[str]]:
    """As many whole chunks as fit in one reply of ``limit`` characters; the rest."""
    out: list[str] = []
    size = 0
    for i, chunk in enumerate(chunks):
        extra = len(chunk) + (2 if out else 0)
        if out and size + extra > limit:
            return "\n\n".join(out), chunks[i:]
        out.append(chunk)
        size += extra
    return "\n\n".join(out), []
