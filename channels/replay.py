"""Signatures that do not cover the body: each ``(timestamp, nonce)`` is used once.

WeChat's plain mode and Weibo sign ``(secret, timestamp, nonce)`` only, so a genuine
request's query authenticates ANY body for as long as the replay window lasts. The
first body seen with a ``(timestamp, nonce)`` is remembered by its SHA-256 in the
shared state (every gateway process sees it) for as long as the timestamp is fresh; a second request
with the same pair and the same body is the provider's retry (the pipeline's dedup
answers it), with a different body it is a forgery (403).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from channels.errors import VerificationError
from channels.state import ChannelState, Entry

# kept at least this long when the adapter's freshness check is disabled (vectors)
MIN_MEMORY_SECONDS = 300.0


async def use_once(
    state: ChannelState,
    timestamp: str,
    nonce: str,
    body: bytes,
    window: float,
    then: Sequence[Entry] = (),
) -> None:
    """Remember ``body`` for ``(timestamp, nonce)``; 403 when another body used them.
    ``then``: entries written with it, in the same round trip, unless it is refused."""
    digest = hashlib.sha256(body).hexdigest()
    # a timestamp up to ``window`` ahead stays fresh for two windows
    ttl = max(2 * window, MIN_MEMORY_SECONDS)
    first = await state.set_once_then(digest, ttl, ("replay", timestamp, nonce), then)
    if first is not None and first != digest:
        raise VerificationError("timestamp and nonce already used for another body")
