"""Helpers shared by the provider adapters: rate limits, HTTP error mapping, clocks.

Every adapter talks to its provider through :class:`httpx.AsyncClient` with a base URL
from its settings (so tests point it at a local fake server); this module turns transport
failures and provider status codes into :class:`~channels.errors.SendError` with the right
``retryable`` flag, and spaces out sends to the channel's rate limit.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TypedDict, Unpack

import httpx
from pydantic import JsonValue

from channels.errors import PayloadError, SendError, VerificationError
from channels.guard import signature_time
from channels.state import ChannelState

log = logging.getLogger(__name__)

Clock = Callable[[], float]

# Statuses a provider may answer transiently: try again later.
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
# No citizen types more than this in one message; longer is abuse or a broken client.
MAX_INBOUND_TEXT = 5000


def check_text_size(text: str) -> str:
    """``text`` unless it is longer than :data:`MAX_INBOUND_TEXT` (then 413)."""
    if len(text) > MAX_INBOUND_TEXT:
        raise PayloadError(f"message longer than {MAX_INBOUND_TEXT} characters", status_code=413)
    return text


class RateLimiter:
    """A token bucket: at most ``rate`` acquisitions per second, bursts up to ``burst``.

    A provider's limit is the account's, not one process's: with ``shared`` (the
    adapter's :class:`~channels.state.ChannelState`, asked at each send because the
    gateway binds it after the adapter is built) and a state shared by the gateway
    processes (Redis), each send is also counted in a window of one second (or of
    ``1/rate`` seconds when the rate is below one) on the wall clock, under the key
    ``("send-rate", window)``: at most ``rate`` sends a window over all processes; a send
    over it waits for the next window. The bucket alone would let N processes send N
    times the provider's rate. On a state of one process the bucket is the limit.
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Clock = time.monotonic,
        *,
        shared: Callable[[], ChannelState] | None = None,
        wall: Clock = time.time,
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        self._tokens = self.burst
        self._clock = clock
        self._stamp = clock()
        self._lock = asyncio.Lock()
        self._shared = shared
        self._wall = wall
        self.window = max(1.0, 1.0 / rate)  # seconds of one shared window
        self.per_window = max(1, math.floor(rate * self.window))

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        """Wait until a send is allowed."""
        async with self._lock:
            while True:
                self._refill()
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    break
                await asyncio.sleep((1.0 - self._tokens) / self.rate)
            state = self._shared() if self._shared is not None else None
            if state is not None and state.shared:
                await self._acquire_shared(state)

    async def _acquire_shared(self, state: ChannelState) -> None:
        """Count this send in the current shared window; wait for a window with room."""
        while True:
            now = self._wall()
            slot = math.floor(now / self.window)
            count = await state.incr(2 * self.window + 1.0, "send-rate", str(slot))
            if count <= self.per_window:
                return
            await asyncio.sleep(max(0.001, (slot + 1) * self.window - now))


def make_client(base_url: str, timeout: float) -> httpx.AsyncClient:
    """The provider client: base URL from settings, bounded timeouts, no env proxies."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
    )


class RequestOptions(TypedDict, total=False):
    """What an adapter may pass to a provider request (httpx's keyword arguments)."""

    params: Mapping[str, str]
    headers: Mapping[str, str]
    content: bytes
    data: Mapping[str, str]  # a form
    files: Mapping[str, tuple[str, bytes, str]]  # field: (file name, bytes, MIME type)
    json: object  # a JSON document
    auth: tuple[str, str]  # HTTP basic
    extensions: dict[str, object]  # transport hints (the pinned TLS name)


def _status_error(what: str, status: int) -> SendError:
    return SendError(
        f"{what}: provider answered HTTP {status}",
        retryable=status in RETRYABLE_STATUS,
        status_code=status,
    )


def _transport_error(what: str, exc: httpx.TransportError) -> SendError:
    if isinstance(exc, httpx.TimeoutException):
        return SendError(f"{what}: provider timed out", retryable=True)
    return SendError(f"{what}: provider unreachable ({type(exc).__name__})", retryable=True)


async def request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    what: str,
    **options: Unpack[RequestOptions],
) -> httpx.Response:
    """Send one request; transport errors and retryable statuses become ``SendError``."""
    try:
        response = await client.request(method, url, **options)
    except httpx.TransportError as exc:
        raise _transport_error(what, exc) from exc
    if response.status_code >= 400:
        raise _status_error(what, response.status_code)
    return response


async def fetch_limited(
    client: httpx.AsyncClient,
    url: str,
    what: str,
    max_bytes: int,
    **options: Unpack[RequestOptions],
) -> tuple[bytes, str]:
    """GET ``url`` streaming, refusing more than ``max_bytes``; the bytes and content type.

    Stops reading as soon as the limit is passed, so a huge video never fills memory.
    Redirects are not followed (see :mod:`channels.fetch` for provider media URLs).
    """
    _location, result = await fetch_or_redirect(client, url, what, max_bytes, **options)
    if result is None:
        raise SendError(f"{what}: provider redirected", retryable=False)
    return result


async def fetch_or_redirect(
    client: httpx.AsyncClient,
    url: str,
    what: str,
    max_bytes: int,
    **options: Unpack[RequestOptions],
) -> tuple[str, tuple[bytes, str] | None]:
    """GET ``url`` once: ``(location, None)`` for a redirect, else ``("", (bytes, type))``."""
    try:
        async with client.stream("GET", url, follow_redirects=False, **options) as response:
            location = response.headers.get("location", "")
            if response.is_redirect and location:
                return location, None
            if response.status_code >= 400:
                raise _status_error(what, response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and int(declared[:20]) > max_bytes:
                raise SendError(f"{what}: larger than the limit", retryable=False)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise SendError(f"{what}: larger than the limit", retryable=False)
                chunks.append(chunk)
            return "", (b"".join(chunks), response.headers.get("content-type", ""))
    except httpx.TransportError as exc:
        raise _transport_error(what, exc) from exc


def json_body(response: httpx.Response, what: str) -> dict[str, JsonValue]:
    """The response as a JSON object, or a retryable ``SendError``."""
    try:
        data = response.json()
    except ValueError as exc:
        raise SendError(f"{what}: provider sent non-JSON", retryable=True) from exc
    if not isinstance(data, dict):
        raise SendError(f"{what}: provider sent unexpected JSON", retryable=True)
    return data


def json_number(value: JsonValue, what: str, default: float = 0) -> float:
    """A number field of a provider's JSON answer (a number or its digits); a missing,
    empty or zero field is ``default``, anything else a retryable ``SendError``."""
    if isinstance(value, bool | list | dict):
        raise SendError(f"{what}: provider sent unexpected JSON", retryable=True)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise SendError(f"{what}: provider sent unexpected JSON", retryable=True) from exc
    if not math.isfinite(number):
        raise SendError(f"{what}: provider sent unexpected JSON", retryable=True)
    return number


def json_int(value: JsonValue, what: str, default: int = 0) -> int:
    """An integer field of a provider's JSON answer (an error code, an id): see
    :func:`json_number`."""
    return int(json_number(value, what, default))


def check_freshness(
    timestamp: str | None, window: float, clock: Clock, *, millis: bool = False
) -> None:
    """Refuse a missing, malformed or replayed timestamp (outside ``window`` seconds).

    ``window <= 0`` disables the check (for replaying recorded vectors).
    """
    seconds = signature_time(timestamp, millis=millis)
    if window <= 0:
        return
    if abs(clock() - seconds) > window:
        raise VerificationError("timestamp outside the replay window")


def sha1_signature(*parts: str) -> str:
    """``sha1`` of the lexicographically sorted, concatenated parts (WeChat, Weibo)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()  # noqa: S324


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented secret or signature."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


async def close_quietly(close: Callable[[], Awaitable[None]]) -> None:
    """Close a client, ignoring errors at shutdown."""
    try:
        await close()
    except Exception:  # shutdown must not fail on a closed socket
        log.debug("close failed", exc_info=True)
