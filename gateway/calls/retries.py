"""Twilio's retries of a status or action callback: the same answer, no second effect.

Twilio retries a callback that timed out or failed with the same body, the same
signature and the same ``I-Twilio-Idempotency-Token``. The first request with a token
(or, without the header, with a signature) is handled and its answer kept in the shared
store (every gateway process sees it) for ``ttl`` seconds; an identical retry gets that
answer again without running the handler. The same token with another URL or body is a
forgery or a replay of a used token: refused (:class:`ReusedToken`, 403). A retry that
arrives while the first is still being handled waits for its answer (:class:`StillRunning`
after ``wait_seconds``, 503, so Twilio tries again).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable

from gateway.kv import KEYS, Store

PENDING_TTL = 60.0  # seconds a delivery under way holds its token without an answer
TOKEN_HEADER = "i-twilio-idempotency-token"  # noqa: S105 - a header name


class ReusedToken(Exception):
    """The token (or signature) was used before for another request."""


class StillRunning(Exception):
    """The first request with this token has not answered yet."""


async def answer_once(
    store: Store,
    token: str,
    request: bytes,
    handle: Callable[[], Awaitable[str]],
    *,
    ttl: float,
    wait_seconds: float = 10.0,
) -> str:
    """``handle()``'s answer for the first ``(token, request)``; the kept one for a retry.

    ``request`` is what the signature covers (the URL and the body); ``token`` the
    idempotency token or the signature.
    """
    key = KEYS.build("voice", "seen", hashlib.sha256(token.encode()).hexdigest())
    digest = hashlib.sha256(request).hexdigest()
    pending = json.dumps({"d": digest, "a": None})
    # a process that dies while handling must not block the retries for long
    if await store.set_if_absent(key, pending, ttl=min(ttl, PENDING_TTL)):
        try:
            answer = await handle()
        except BaseException:
            await store.compare_and_delete(key, pending)  # a retry may run it again
            raise
        await store.set(key, json.dumps({"d": digest, "a": answer}), ttl=ttl)
        return answer
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    while True:
        raw = await store.get(key)
        if raw is None:  # the first failed (or the memory lapsed): this one runs it
            return await answer_once(
                store, token, request, handle, ttl=ttl, wait_seconds=wait_seconds
            )
        kept = json.loads(raw)
        if kept.get("d") != digest:
            raise ReusedToken("idempotency token already used for another request")
        if kept.get("a") is not None:
            return str(kept["a"])
        if loop.time() >= deadline:
            raise StillRunning("the first delivery of this callback is still being handled")
        await asyncio.sleep(0.05)
