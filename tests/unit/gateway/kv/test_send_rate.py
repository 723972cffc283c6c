"""A provider's send rate is counted over all gateway processes (issue 16).

Two adapters' limiters over one store stand for two processes; one suite over both
store backends (in-process, marked shared as Redis is, and real Redis).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from channels import outbound
from channels.state import LocalState
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
