"""Pictures going out: the adapters' media source, signed public links, shared state.

An agent's (or the bot's) picture is kept in the media store like an upload; adapters
that upload bytes (WeChat temporary media, Telegram ``sendPhoto``) read them through
:class:`StoredMedia`; channels that take a URL (Twilio MMS ``MediaUrl``, links on Weibo
and voice-by-SMS) get ``/media/out/<blob key>?s=<HMAC>``, a link that opens only the
pictures the gateway sent out, never a citizen's uploads. :class:`StoreChannelState`
backs ``channels.state.ChannelState`` with the shared store, so N processes agree.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from channels.errors import SendError
from channels.messages import Attachment
from channels.state import Entry
from gateway.kv import KEYS, Store
from gateway.media.service import MediaService

LINK_PATH = "/media/out/"


def link_signature(secret: bytes, blob_key: str) -> str:
    """The HMAC that makes ``blob_key`` public (outgoing media only)."""
    mac = hmac.new(secret, f"media-out:{blob_key}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def link_ok(secret: bytes, blob_key: str, signature: str) -> bool:
    """Whether ``signature`` opens ``blob_key`` (constant-time)."""
    return hmac.compare_digest(link_signature(secret, blob_key), signature)


def with_public_link(att: Attachment, base_url: str, secret: bytes) -> Attachment:
    """``att`` with ``source_url`` set to its signed public link."""
    if not att.blob_key:
        return att
    url = (
        f"{base_url.rstrip('/')}{LINK_PATH}{att.blob_key}?s={link_signature(secret, att.blob_key)}"
    )
    return att.model_copy(update={"source_url": url})


class StoredMedia:
    """``channels.base.MediaSource`` over the gateway's media store."""

    def __init__(self, media: MediaService) -> None:
        self.media = media

    async def read(self, att: Attachment) -> bytes:
        if not att.blob_key:
            raise SendError("outgoing media is not in the store", retryable=False)
        try:
            return await self.media.read(att.blob_key)
        except (ValueError, OSError) as exc:
            raise SendError("outgoing media is gone from the store", retryable=False) from exc


class StoreChannelState:
    """``channels.state.ChannelState`` over the shared store, scoped to one channel."""

    def __init__(self, store: Store, channel: str) -> None:
        self.store = store
        self.channel = channel

    @property
    def shared(self) -> bool:
        return self.store.shared

    async def get(self, *parts: str) -> str | None:
        return await self.store.get(KEYS.channel_state(self.channel, *parts))

    async def set(self, value: str, ttl: float, *parts: str) -> None:
        await self.store.set(KEYS.channel_state(self.channel, *parts), value, ttl)

    async def set_if_absent(self, value: str, ttl: float, *parts: str) -> bool:
        return await self.store.set_if_absent(KEYS.channel_state(self.channel, *parts), value, ttl)

    async def incr(self, ttl: float, *parts: str) -> int:
        return await self.store.incr(KEYS.channel_state(self.channel, *parts), ttl)

    async def set_once_then(
        self, value: str, ttl: float, parts: tuple[str, ...], then: Sequence[Entry] = ()
    ) -> str | None:
        key = KEYS.channel_state(self.channel, *parts)
        writes = [(KEYS.channel_state(self.channel, *p), v, t) for v, t, p in then]
        return await self.store.set_once_then(key, value, ttl, writes)

    async def delete(self, *parts: str) -> None:
        await self.store.delete(KEYS.channel_state(self.channel, *parts))
