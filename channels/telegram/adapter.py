"""Telegram bot in webhook mode (``POST /webhooks/telegram``).

Updates are validated with aiogram 3's types; the ``X-Telegram-Bot-Api-Secret-Token``
header is mandatory and checked here (aiogram skips the check when no secret is set).
Telegram re-sends an update until it gets a 2xx, so ``update_id`` is the dedup key, per
bot (the account is the bot's id): the secret header is static, it does not sign the
body, so a replayed update is a duplicate the pipeline answers once.
Replies: inline as a webhook-reply method when ready, else ``sendMessage``.
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

from channels import guard, outbound
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
    split_text,
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

if TYPE_CHECKING:
    from aiogram.types import Message

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 - a header name
MAX_TEXT = 4096


class TelegramSettings(ChannelSettings):
    """``HOTLINE_TELEGRAM_*``: the bot token and the webhook secret enable the channel."""

    model_config = SettingsConfigDict(
        env_prefix="HOTLINE_TELEGRAM_", env_file=".env", extra="ignore"
    )

    bot_token: SecretStr | None = None
    secret: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org/"
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    max_media_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)

    def is_enabled(self) -> bool:
        # the secret is mandatory: without it anyone could post updates
        return bool(self.bot_token and self.secret)


class TelegramAdapter(ChannelAdapter):
    """A Telegram bot for citizens abroad or who prefer it."""

    name: ClassVar[str] = "telegram"
    capabilities: ClassVar[Capabilities] = Capabilities(
        names_emergency_number=True,
        max_text_length=MAX_TEXT,
        quick_replies=True,
        media_out=frozenset({AttachmentKind.IMAGE}),
        inline_reply=True,
        inline_deadline_seconds=10.0,
        push=True,
        sends_per_second=25.0,  # Bot API: about 30 messages per second overall
    )
    settings_class: ClassVar[type[ChannelSettings]] = TelegramSettings
    limits: ClassVar[guard.InputLimits] = guard.InputLimits(max_body_bytes=256 * 1024)

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        client: httpx.AsyncClient | None = None,
        clock: outbound.Clock = time.time,
    ) -> None:
        self.settings = settings
        self._token = settings.bot_token.get_secret_value() if settings.bot_token else ""
        self._secret = settings.secret.get_secret_value() if settings.secret else ""
        # the bot's id (before the colon of its token): update ids are unique per bot
        self._bot_id = self._token.split(":", 1)[0]
        self._client = client or outbound.make_client(
            settings.api_base_url, settings.http_timeout_seconds
        )
        self._limiter = outbound.RateLimiter(
            self.capabilities.sends_per_second, shared=lambda: self.state
        )
        self._clock = clock
        # aiogram's types take seconds to import: only when the channel is enabled
        self._update_model: Any = importlib.import_module("aiogram.types").Update

    # -- inbound ------------------------------------------------------------------------
    def verify(self, request: RawRequest) -> None:
        if not self._secret or not outbound.same_secret(
            request.header(SECRET_HEADER), self._secret
        ):
            raise VerificationError("Telegram secret token missing or wrong")

    def parse(self, request: RawRequest) -> list[InboundMessage]:
        data = guard.load_json(request.body, self.limits)
        if not isinstance(data, dict):
            raise PayloadError("an update is a JSON object")
        try:
            update = self._update_model.model_validate(data)
        except ValidationError as exc:
            raise PayloadError(f"not a valid Telegram update: {exc.error_count()} errors") from exc
        external_id = str(update.update_id)
        if update.message is not None:
            msg = self._message(update.message, external_id, data)
            return [msg] if msg is not None else []
        if update.callback_query is not None and update.callback_query.data:
            cq = update.callback_query
            if cq.from_user.is_bot:
                return []  # bots are no citizens (trial5 F18)
            return [
                InboundMessage(
                    channel=self.name,
                    account=self._bot_id,
                    external_id=external_id,
                    sender=str(cq.from_user.id),
                    kind=MessageKind.TEXT,
                    text=outbound.check_text_size(cq.data or ""),
                    raw=data,
                )
            ]
        edited = update.edited_message
        if edited is not None and self._message(edited, external_id, data) is not None:
            # a citizen's sent message corrected: the dialogue asks for the correction as
            # a new message (trial11 N14); nothing of it is taken as a new matter
            return [
                InboundMessage(
                    channel=self.name,
                    account=self._bot_id,
                    external_id=external_id,
                    sender=str(edited.chat.id),
                    kind=MessageKind.EVENT,
                    event="edited",
                    received_at=edited.edit_date or edited.date,
                    raw=data,
                )
            ]
        return []  # channel posts, polls ...: politely ignored

    def _message(self, m: Message, external_id: str, data: dict[str, Any]) -> InboundMessage | None:
        if m.chat.type != "private":
            return None  # the hotline bot talks to citizens one to one
        if (m.from_user is not None and m.from_user.is_bot) or m.sender_chat is not None:
            return None  # a bot, or a chat speaking as itself, is no citizen (trial5 F18)
        common: dict[str, Any] = {
            "channel": self.name,
            "account": self._bot_id,
            "external_id": external_id,
            "sender": str(m.chat.id),
            "received_at": m.date,
            "raw": data,
        }
        caption = outbound.check_text_size(m.caption or "")
        if m.text is not None:
            text = outbound.check_text_size(m.text)
            return InboundMessage(kind=MessageKind.TEXT, text=text, **common)
        if m.photo:
            best = max(m.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
            att = Attachment(kind=AttachmentKind.IMAGE, source_id=best.file_id, size=best.file_size)
            return InboundMessage(
                kind=MessageKind.IMAGE, text=caption, attachments=(att,), **common
            )
        if m.voice is not None or m.audio is not None:
            media = m.voice or m.audio
            assert media is not None
            att = Attachment(
                kind=AttachmentKind.AUDIO,
                source_id=media.file_id,
                mime=media.mime_type or "audio/ogg",
                size=media.file_size,
                duration_seconds=float(media.duration),
            )
            return InboundMessage(
                kind=MessageKind.VOICE, text=caption, attachments=(att,), **common
            )
        if m.video is not None or m.video_note is not None:
            video = m.video or m.video_note
            assert video is not None
            att = Attachment(
                kind=AttachmentKind.VIDEO,
                source_id=video.file_id,
                size=video.file_size,
                duration_seconds=float(video.duration),
            )
            return InboundMessage(
                kind=MessageKind.VIDEO, text=caption, attachments=(att,), **common
            )
        if m.document is not None:
            doc = m.document
            att = Attachment(
                kind=AttachmentKind.FILE,
                source_id=doc.file_id,
                mime=doc.mime_type,
                size=doc.file_size,
                filename=doc.file_name,
            )
            return InboundMessage(kind=MessageKind.FILE, text=caption, attachments=(att,), **common)
        if m.location is not None:
            loc = Location(
                latitude=m.location.latitude,
                longitude=m.location.longitude,
                precision_m=m.location.horizontal_accuracy,
            )
            return InboundMessage(kind=MessageKind.LOCATION, location=loc, **common)
        if m.sticker is not None:
            # no words: the dialogue asks the citizen to describe the matter
            return InboundMessage(kind=MessageKind.EVENT, event="sticker", **common)
        if m.contact is not None:
            c = m.contact
            # only a citizen's own contact card vouches for the phone number
            own = m.from_user is not None and c.user_id == m.from_user.id
            return InboundMessage(
                kind=MessageKind.CONTACT,
                text=" ".join(p for p in (c.first_name, c.last_name or "") if p).strip(),
                contact_phone=c.phone_number if own else None,
                **common,
            )
        return None

    # -- replies --------------------------------------------------------------------------
    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """Empty 200, or the replies as one webhook-reply ``sendMessage`` (rest pushed)."""
        if not messages or not replies:
            return InlineResponse(status=200, body=b"", media_type="text/plain")
        text = "\n\n".join(self.degrade_all(replies))
        parts = split_text(text, MAX_TEXT) if text else []
        if not parts:
            return InlineResponse(
                status=200,
                body=b"",
                media_type="text/plain",
                continuations=tuple(picture_followups(replies, messages[0].external_id)),
            )
        last = replies[-1]
        payload = self._payload(last.recipient, parts[0], last if len(parts) == 1 else None)
        payload["method"] = "sendMessage"
        follows = continuations(
            last, parts[1:], messages[0].external_id, quick_replies_on_last=True
        )
        follows += picture_followups(replies, messages[0].external_id)  # sendPhoto later
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return InlineResponse(
            status=200, body=body, media_type="application/json", continuations=tuple(follows)
        )

    def _payload(
        self, chat_id: str, text: str, buttons_from: OutboundMessage | None
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if buttons_from is not None and buttons_from.quick_replies:
            payload["reply_markup"] = {
                "keyboard": [[{"text": q.title}] for q in buttons_from.quick_replies],
                "one_time_keyboard": True,
                "resize_keyboard": True,
            }
        return payload

    async def send(self, message: OutboundMessage) -> SendResult:
        """``sendMessage`` per part (quick replies as a one-time reply keyboard), then
        ``sendPhoto`` per picture (uploaded from the media store, else by URL). A picture
        Telegram refuses is sent as its link instead."""
        parts = self.degrade(message) if (message.text.strip() or message.quick_replies) else []
        last_id: str | None = None
        for i, part in enumerate(parts):
            payload = self._payload(
                message.recipient, part, message if i == len(parts) - 1 else None
            )
            last_id = _message_id(await self._call("sendMessage", payload)) or last_id
        for image in (a for a in message.attachments if a.kind is AttachmentKind.IMAGE):
            try:
                answer = await self._send_photo(message.recipient, image)
            except SendError as exc:
                if exc.retryable:
                    raise
                note = {"chat_id": message.recipient, "text": media_note([image])}
                answer = await self._call("sendMessage", note)
            last_id = _message_id(answer) or last_id
        return SendResult(provider_message_id=last_id)

    async def _send_photo(self, chat_id: str, image: Attachment) -> dict[str, Any]:
        if self.media is not None and image.blob_key:
            data = await media_bytes(self, image)
            name = image.filename or "photo.jpg"
            return await self._call_upload(
                "sendPhoto", {"chat_id": chat_id}, ("photo", name, data, image.mime)
            )
        if image.source_url and image.source_url.startswith("https://"):
            return await self._call("sendPhoto", {"chat_id": chat_id, "photo": image.source_url})
        raise SendError("telegram picture without bytes or public URL", retryable=False)

    async def _call_upload(
        self, method: str, fields: dict[str, str], file: tuple[str, str, bytes, str | None]
    ) -> dict[str, Any]:
        """A Bot API call with one file (multipart/form-data)."""
        field, name, data, mime = file
        await self._limiter.acquire()
        resp = await outbound.request(
            self._client,
            "POST",
            f"/bot{self._token}/{method}",
            f"telegram {method}",
            data=fields,
            files={field: (name, data, mime or "application/octet-stream")},
        )
        return self._checked(method, outbound.json_body(resp, f"telegram {method}"))

    async def _call(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        await self._limiter.acquire()
        resp = await outbound.request(
            self._client, "POST", f"/bot{self._token}/{method}", f"telegram {method}", json=payload
        )
        return self._checked(method, outbound.json_body(resp, f"telegram {method}"))

    @staticmethod
    def _checked(method: str, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("ok"):
            code = int(data.get("error_code", 0) or 0)
            raise SendError(
                f"telegram {method}: {data.get('description', 'refused')}",
                retryable=code == 429 or code >= 500,
                status_code=code or None,
            )
        return data

    async def set_webhook(self, url: str, *, drop_pending: bool = False) -> None:
        """Register ``url`` with Telegram, with our secret token (``setWebhook``)."""
        await self._call(
            "setWebhook",
            {
                "url": url,
                "secret_token": self._secret,
                "drop_pending_updates": drop_pending,
                "allowed_updates": ["message", "callback_query"],
            },
        )

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        """``getFile`` then the file URL (the Bot API serves up to 20 MB)."""
        if not source_id:
            raise SendError("telegram media without file_id", retryable=False)
        answer = await self._call("getFile", {"file_id": source_id})
        result = answer.get("result") or {}
        path = result.get("file_path") if isinstance(result, dict) else None
        if not isinstance(path, str) or not path:
            raise SendError("telegram getFile gave no file_path", retryable=False)
        content, _ = await outbound.fetch_limited(
            self._client,
            f"/file/bot{self._token}/{path}",
            "telegram file",
            self.settings.max_media_bytes,
        )
        return content

    async def aclose(self) -> None:
        await outbound.close_quietly(self._client.aclose)


def _message_id(answer: dict[str, Any]) -> str | None:
    result = answer.get("result")
    if isinstance(result, dict) and "message_id" in result:
        return str(result["message_id"])
    return None
