"""The channel adapter protocol.

An adapter is plain Python: it receives a :class:`RawRequest` (no web framework types),
verifies it, parses it into :class:`~channels.messages.InboundMessage` and renders the
inline acknowledgement; ``send`` pushes later messages through the provider's API.
The gateway mounts every enabled adapter at ``/webhooks/{name}``.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar, Protocol

from pydantic_settings import BaseSettings, SettingsConfigDict

from channels import guard
from channels.errors import SendError
from channels.fetch import UrlGate
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    OutboundMessage,
    QuickReply,
)
from channels.state import ChannelState, LocalState


@dataclass(frozen=True)
class RawRequest:
    """An HTTP request as the provider sent it."""

    method: str
    url: str  # the public URL the provider called (HOTLINE_PUBLIC_BASE_URL + path + query)
    headers: Mapping[str, str]  # lower-case names
    query: Mapping[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header by case-insensitive name."""
        return self.headers.get(name.lower())

    def form(self, limits: guard.InputLimits = guard.DEFAULT_LIMITS) -> list[tuple[str, str]]:
        """The body as ``application/x-www-form-urlencoded`` pairs, in order (bounded:
        ``PayloadError`` 413 over the limits, 400 when not UTF-8)."""
        return guard.form_pairs(self.body, limits)


@dataclass(frozen=True)
class InlineResponse:
    """What the webhook answers to the provider right away."""

    status: int = 200
    body: bytes = b""
    media_type: str = "text/plain"
    headers: Mapping[str, str] = field(default_factory=dict)
    # What did not fit in the inline answer, in order: the gateway pushes these through its
    # one delivery path (retries, pending fallback, drained at shutdown), never the adapter.
    continuations: tuple[OutboundMessage, ...] = ()


@dataclass(frozen=True)
class Capabilities:
    """What a channel can show and when it can answer; limits are class data."""

    max_text_length: int = 2000
    quick_replies: bool = False
    media_out: frozenset[AttachmentKind] = frozenset()
    inline_reply: bool = False  # can the webhook response carry the reply?
    inline_deadline_seconds: float | None = None  # provider timeout for the inline reply
    push: bool = True  # can we send later through an API?
    push_window: timedelta | None = None  # e.g. WeChat customer-service 48 h
    sends_per_second: float = 10.0
    # a text channel that cannot connect a call names the emergency number in the reply
    names_emergency_number: bool = False


@dataclass(frozen=True)
class SendResult:
    """The provider's id for a delivered message, when it gives one."""

    provider_message_id: str | None = None


class MediaSource(Protocol):
    """Where an adapter reads the bytes of an outgoing attachment (the gateway's media
    store backs it); adapters without one send ``source_url`` or degrade to a link."""

    async def read(self, att: Attachment) -> bytes:
        """The bytes of ``att``; ``SendError`` (not retryable) when they are gone."""
        ...


class ChannelSettings(BaseSettings):
    """Base of each channel's settings; a subclass sets ``env_prefix='HOTLINE_<NAME>_'``."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    def is_enabled(self) -> bool:
        """True when every required secret is set; a disabled channel answers 404."""
        return True


class ChannelAdapter(abc.ABC):
    """One provider. Subclasses live in ``channels/<name>/adapter.py``."""

    name: ClassVar[str]
    capabilities: ClassVar[Capabilities] = Capabilities()
    # False for channels that do not arrive by webhook (the web chat's websocket)
    webhook: ClassVar[bool] = True
    settings_class: ClassVar[type[ChannelSettings]] = ChannelSettings
    # what a request may carry, checked before the signature and after (channels.guard)
    limits: ClassVar[guard.InputLimits] = guard.DEFAULT_LIMITS
    form_body: ClassVar[bool] = False  # the provider posts forms: fields are counted
    # hosts the provider serves media from, besides its API base URL (channels.fetch)
    media_hosts: ClassVar[frozenset[str]] = frozenset()
    # Set by the gateway (``bind``): bytes of outgoing media, state shared by processes,
    # the outbound URL policy for media URLs.
    media: MediaSource | None = None
    url_gate: UrlGate | None = None
    _state: ChannelState | None = None

    @property
    def state(self) -> ChannelState:
        """The shared store when the gateway bound one, else this instance's own."""
        if self._state is None:
            self._state = LocalState()
        return self._state

    def bind(
        self,
        *,
        media: MediaSource | None = None,
        state: ChannelState | None = None,
        url_gate: UrlGate | None = None,
    ) -> None:
        """Give the adapter the gateway's media store, the shared store (N processes) and
        the outbound URL policy."""
        if media is not None:
            self.media = media
        if state is not None:
            self._state = state
        if url_gate is not None:
            self.url_gate = url_gate

    def precheck(self, request: RawRequest) -> None:
        """Before the signature: refuse a body over :attr:`limits` (cheap scans only)."""
        guard.precheck(request.body, self.limits, form=self.form_body)

    async def check_replay(self, request: RawRequest) -> None:
        """After ``verify``: refuse a genuine signature reused for another body (for
        providers whose signature does not cover the body); the route awaits it through
        :meth:`arrive`, or alone before refusing a body it cannot read."""

    def read(self, request: RawRequest) -> list[InboundMessage]:
        """``parse`` and then :func:`channels.guard.admit`: what enters the gateway."""
        return guard.admit(self.parse(request), self.limits)

    async def note_inbound(self, messages: Sequence[InboundMessage]) -> None:
        """After ``parse``: remember what later sends depend on (e.g. WeChat's 48-hour
        window) in the shared :attr:`state`. The webhook route awaits it."""

    async def arrive(self, request: RawRequest, messages: Sequence[InboundMessage]) -> None:
        """After ``read``: :meth:`check_replay`, then :meth:`note_inbound` unless refused.
        The webhook route awaits it; an adapter may do both in one shared-store write."""
        await self.check_replay(request)
        await self.note_inbound(messages)

    def handshake(self, request: RawRequest) -> InlineResponse | None:
        """Answer a provider's URL check (e.g. a GET with ``echostr``), else ``None``."""
        return None

    def verify_head(self, request: RawRequest) -> None:
        """Raise :class:`~channels.errors.VerificationError` when the request's head
        (query, headers; ``request.body`` is empty here) already shows it is not genuine,
        so it is refused before its body is read (trial7 F09). Default: nothing to check."""

    @abc.abstractmethod
    def verify(self, request: RawRequest) -> None:
        """Raise :class:`~channels.errors.VerificationError` unless the request is genuine."""

    @abc.abstractmethod
    def parse(self, request: RawRequest) -> list[InboundMessage]:
        """Normalize a verified request; raise :class:`~channels.errors.PayloadError`."""

    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """The webhook's response, carrying ``replies`` inline when the channel can."""
        return InlineResponse(status=200, body=b"")

    def inline_wait_seconds(self) -> float | None:
        """How long the webhook may wait for replies before acknowledging without them.

        ``None`` waits for the result. The default leaves a second of the provider's
        deadline for the network.
        """
        deadline = self.capabilities.inline_deadline_seconds
        return None if deadline is None else max(0.1, deadline - 1.0)

    async def send(self, message: OutboundMessage) -> SendResult:
        """Push a message through the provider's API; raise :class:`SendError`."""
        raise NotImplementedError(f"{self.name} cannot push messages")

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        """Download media the provider holds for us; raise :class:`SendError`."""
        raise NotImplementedError(f"{self.name} has no media API")

    async def aclose(self) -> None:
        """Release HTTP clients."""

    # -- helpers shared by adapters -------------------------------------------------
    @classmethod
    def degrade(cls, message: OutboundMessage) -> list[str]:
        """Render ``message`` as texts the channel can show: numbered options, media it
        cannot send as links, split to the channel's length."""
        text = message.text
        if cls.capabilities.names_emergency_number:
            text = with_emergency_number(text, message.transfer_to)
        if message.quick_replies and not cls.capabilities.quick_replies:
            text = text.rstrip() + "\n" + render_numbered(message.quick_replies)
        shown = [a for a in message.attachments if a.kind not in cls.capabilities.media_out]
        if shown:
            text = (text.rstrip() + "\n" + media_note(shown)).strip()
        return split_text(text, cls.capabilities.max_text_length)

    @classmethod
    def degrade_all(cls, replies: Sequence[OutboundMessage]) -> list[str]:
        """:meth:`degrade` of each reply, in order: the texts an inline answer may carry."""
        return [text for reply in replies for text in cls.degrade(reply)]

    @classmethod
    def from_settings(cls, settings: ChannelSettings) -> ChannelAdapter:
        """Build the adapter; override when the constructor needs more than settings."""
        return cls(settings)  # type: ignore[call-arg]


def with_emergency_number(text: str, number: str | None) -> str:
    """``text`` ending with the emergency number to call (第十三条(一)) when the reply
    carries one that the text does not name yet."""
    if number and number not in text:
        return f"{text}\n情况紧急，请立即拨打 {number}。".strip()
    return text


def render_numbered(options: Sequence[QuickReply]) -> str:
    """Quick replies as numbered lines, e.g. ``1. 是``."""
    return "\n".join(f"{i}. {opt.title}" for i, opt in enumerate(options, start=1))


_KIND_LABEL = {
    AttachmentKind.IMAGE: "图片",
    AttachmentKind.AUDIO: "录音",
    AttachmentKind.VIDEO: "视频",
    AttachmentKind.FILE: "文件",
}


async def media_bytes(adapter: ChannelAdapter, att: Attachment) -> bytes:
    """The bytes of an outgoing attachment: from the gateway's store when bound."""
    if adapter.media is not None and att.blob_key:
        return await adapter.media.read(att)
    raise SendError("outgoing media without stored bytes", retryable=False)


def picture_followups(
    replies: Sequence[OutboundMessage], message_key: str
) -> list[OutboundMessage]:
    """The pictures of ``replies`` as messages of their own, for a channel whose inline
    answer carries text only: the gateway pushes them after the acknowledgement."""
    out = []
    for i, reply in enumerate(replies):
        images = tuple(a for a in reply.attachments if a.kind is AttachmentKind.IMAGE)
        if images:
            key = f"{reply.idempotency_key or message_key}:pictures{i}"
            update = {
                "text": "",
                "quick_replies": (),
                "transfer_to": None,
                "attachments": images,
                "idempotency_key": key,
            }
            out.append(reply.model_copy(update=update))
    return out


def continuations(
    template: OutboundMessage,
    parts: Sequence[str],
    message_key: str,
    *,
    start: int = 1,
    quick_replies_on_last: bool = False,
) -> list[OutboundMessage]:
    """The parts of a long reply that did not fit inline, as messages the gateway pushes
    after the acknowledgement: ``template``'s recipient and routing with each part's
    text, no attachments and no transfer; each with its own idempotency key
    ``<template's key or message_key>:more<n>`` (``n`` counts from ``start``). The
    template's quick replies ride on the last part only when ``quick_replies_on_last``."""
    base = template.idempotency_key or message_key
    out = []
    for n, text in enumerate(parts, start=start):
        last = n == start + len(parts) - 1
        update = {
            "text": text,
            "quick_replies": template.quick_replies if quick_replies_on_last and last else (),
            "transfer_to": None,
            "attachments": (),
            "idempotency_key": f"{base}:more{n}",
        }
        out.append(template.model_copy(update=update))
    return out


def media_note(attachments: Sequence[Attachment]) -> str:
    """Outgoing media as text, for a channel (or a moment) that cannot show them: a line
    ``图片：<public URL>`` each, or a note when no public link exists."""
    lines = []
    for att in attachments:
        label = _KIND_LABEL.get(att.kind, "附件")
        if att.source_url and att.source_url.startswith(("https://", "http://")):
            lines.append(f"{label}：{att.source_url}")
        else:
            lines.append(f"（{label}暂无法在此渠道显示）")
    return "\n".join(lines)


def without_media(message: OutboundMessage) -> OutboundMessage:
    """The degraded form of a message whose media the provider refused: text and links."""
    note = media_note(message.attachments)
    text = "\n".join(p for p in (message.text.strip(), note) if p)
    return message.model_copy(update={"text": text, "attachments": ()})


_BREAKS = "\n。！？；!?;，, "


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters at natural breaks."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(ch) for ch in _BREAKS)
        if cut < limit // 2:
            cut = limit - 1
        out.append(text[: cut + 1].strip())
        text = text[cut + 1 :].strip()
    if text:
        out.append(text)
    return out


def settings_to_dict(settings: ChannelSettings) -> dict[str, object]:
    """Settings as a plain dict (for diagnostics; secrets stay masked)."""
    return settings.model_dump()
