"""A provider's send rate and its access token are shared by all gateway processes
(issue 16).

Two adapters' limiters over one store stand for two processes; one suite over both
store backends (in-process, marked shared as Redis is, and real Redis).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from channels import outbound
from channels.state import LocalState
from channels.wechat.adapter import WeChatAdapter, WeChatSettings
from gateway.kv.store import MemoryStore, RedisStore, Store
from gateway.media.outbound import StoreChannelState
from tests.conftest import REDIS_URL, require_service


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        s = MemoryStore()
        s.shared = True  # two limiters in one process stand for two processes
        yield s
        return
    require_service(REDIS_URL, "Redis")
    r = RedisStore(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
    try:
        yield r
    finally:
        await r.aclose()


class Time:
    """One fake time for both clocks and ``asyncio.sleep``."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> Time:
    t = Time()
    monkeypatch.setattr("channels.outbound.asyncio.sleep", t.sleep)
    return t


async def test_two_processes_send_at_most_the_rate_per_second(
    store: Store, fake_time: Time
) -> None:
    state = StoreChannelState(store, "wechat")
    a, b = (
        outbound.RateLimiter(4.0, clock=fake_time, wall=fake_time, shared=lambda: state)
        for _ in range(2)
    )
    seconds: Counter[int] = Counter()
    for i in range(12):
        await (a if i % 2 else b).acquire()
        seconds[int(fake_time.now)] += 1
    # each bucket alone would let 4 + 4 through in the first second
    assert max(seconds.values()) == 4
    assert len(seconds) == 3


async def test_a_slow_rate_is_counted_over_a_longer_window(store: Store, fake_time: Time) -> None:
    state = StoreChannelState(store, "weibo")
    limiters = [
        outbound.RateLimiter(0.5, clock=fake_time, wall=fake_time, shared=lambda: state)
        for _ in range(3)
    ]
    stamps = []
    for limiter in limiters:
        await limiter.acquire()
        stamps.append(fake_time.now)
    # one send every two seconds, whichever process sends it
    assert stamps[1] - stamps[0] >= 1.0
    assert len({int(s // 2) for s in stamps}) == 3


async def test_one_process_state_leaves_the_bucket_alone(fake_time: Time) -> None:
    local = LocalState()
    limiter = outbound.RateLimiter(4.0, clock=fake_time, wall=fake_time, shared=lambda: local)
    for _ in range(4):
        await limiter.acquire()
    assert fake_time.slept == 0.0
    assert await local.get("send-rate", str(int(fake_time.now))) is None


async def test_the_gateway_binds_a_shared_state_the_adapter_limiter_reads(store: Store) -> None:
    from pydantic import SecretStr

    from channels.telegram.adapter import TelegramAdapter, TelegramSettings

    adapter = TelegramAdapter(TelegramSettings(bot_token=SecretStr("1:x"), secret=SecretStr("s")))
    assert adapter.state.shared is False
    adapter.bind(state=StoreChannelState(store, "telegram"))
    assert adapter.state.shared is True
    before = time.time()
    await adapter._limiter.acquire()
    after = time.time()
    counted = {await adapter.state.get("send-rate", str(int(s))) for s in (before, after)}
    assert "1" in counted


def _wechat(store: Store, fetches: list[str], *, delay: float = 0.05) -> WeChatAdapter:
    """A WeChat adapter of one gateway process, on the shared ``store``, whose WeChat
    API hands out a new token per fetch (after ``delay`` seconds)."""

    async def api(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            await asyncio.sleep(delay)
            fetches.append(f"T{len(fetches) + 1}")
            return httpx.Response(200, json={"access_token": fetches[-1], "expires_in": 7200})
        return httpx.Response(200, json={"errcode": 0})

    settings = WeChatSettings(
        token=SecretStr("t"), app_id="wxapp", app_secret=SecretStr("s"), api_base_url="http://wx/"
    )
    client = httpx.AsyncClient(base_url="http://wx/", transport=httpx.MockTransport(api))
    adapter = WeChatAdapter(settings, client=client)
    adapter.bind(state=StoreChannelState(store, "wechat"))
    return adapter


async def test_one_process_fetches_the_wechat_token_the_others_wait_for_it(store: Store) -> None:
    fetches: list[str] = []
    processes = [_wechat(store, fetches) for _ in range(3)]
    tokens = await asyncio.gather(*(p._get_token() for p in processes))
    # each fetch retires the token before it: three processes, one fetch
    assert fetches == ["T1"]
    assert tokens == ["T1", "T1", "T1"]


async def test_a_refused_old_token_does_not_drop_the_newer_one(store: Store) -> None:
    fetches: list[str] = []
    a = _wechat(store, fetches, delay=0.0)
    state = a.state
    await state.set("T-new", 600.0, "access_token")  # another process fetched it

    async def refused_then_ok(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("access_token")
        if token == "T-old":
            return httpx.Response(200, json={"errcode": 40001, "errmsg": "invalid credential"})
        return httpx.Response(200, json={"errcode": 0, "token": token})

    a._client = httpx.AsyncClient(
        base_url="http://wx/", transport=httpx.MockTransport(refused_then_ok)
    )
    tokens = iter(["T-old", "T-new"])
    original = a._get_token

    async def first_stale() -> str:
        return next(tokens, None) or await original()

    a._get_token = first_stale  # type: ignore[method-assign]
    data = await a._authorised("message/custom/send", "wechat send", {})
    assert data["token"] == "T-new"
    assert await state.get("access_token") == "T-new"  # kept: only T-old was refused
    assert fetches == []
