"""Per-process state must not break N processes: two app instances (two gateway
processes' worth of state) sharing one Redis store count a client's failed progress
look-ups together, and the window decays the same for both."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from config.settings import Settings
from gateway import errors
from gateway.kv.limits import PROGRESS_FAILURES, FailureLimit
from gateway.kv.store import RedisStore
from gateway.routers import centre
from tests.integration.casebridge.conftest import SECRET, Env
from tests.integration.casebridge.http_api import CENTRE

pytestmark = pytest.mark.integration


def _app(env: Env, store: RedisStore) -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.include_router(centre.router)
    app.state.services = SimpleNamespace(
        settings=Settings(secret_key=SECRET), sessions=env.sessions, cases=env.cases, store=store
    )
    return app


@pytest.fixture
async def two_apps(env: Env, redis_url: str) -> AsyncIterator[list[httpx.AsyncClient]]:
    prefix = f"test:{uuid.uuid4().hex}:"
    stores = [RedisStore(redis_url, prefix) for _ in range(2)]  # one client each, like processes
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(env, s)), base_url="http://t")
        for s in stores
    ]
    try:
        yield clients
    finally:
        for c in clients:
            await c.aclose()
        for s in stores:
            await s.aclose()


async def _order(client: httpx.AsyncClient, key: str, text: str) -> str:
    """A work order with the contact phone 13812345678 (its tail 5678); its number."""
    body = {
        "idempotency_key": key,
        "text": text,
        "county": "曹县",
        "category_level1": "城乡建设",
        "category_level2": "住房保障与房地产",
        "contact_phone": "13812345678",
    }
    r = await client.post("/api/centre/orders", json=body, headers=CENTRE)
    assert r.status_code == 201, r.text
    return str(r.json()["number"])


async def test_progress_misses_are_counted_across_processes(
    two_apps: list[httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [2_000_000.0]
    monkeypatch.setattr(PROGRESS_FAILURES, "clock", lambda: now[0])
    a, b = two_apps
    number = await _order(a, "shared-limit", "楼道灯坏了，联系电话13812345678")
    # ten misses, alternating between the two processes: five each, under a per-process 10
    for i in range(10):
        client = (a, b)[i % 2]
        r = await client.post("/api/progress", json={"number": number, "phone_last4": f"{i:04d}"})
        assert r.status_code == 404
    for client in (a, b):
        r = await client.post("/api/progress", json={"number": number, "phone_last4": "5678"})
        assert r.status_code == 429, "each process counted only its own misses"
    now[0] += 1200
    r = await b.post("/api/progress", json={"number": number, "phone_last4": "5678"})
    assert r.status_code == 200


async def test_the_window_slides(redis_url: str) -> None:
    store = RedisStore(redis_url, f"test:{uuid.uuid4().hex}:")
    now = [6000.0]  # the start of a window of 600 s
    limit = FailureLimit("t", limit=4, window=600.0, clock=lambda: now[0])
    try:
        for _ in range(4):
            await limit.fail(store, ["ip:1"])
        assert await limit.blocked(store, ["ip:1"])
        assert not await limit.blocked(store, ["ip:2"])
        now[0] += 600 + 150  # a quarter into the next window: 4 x 0.75 = 3 left
        assert await limit.count(store, "ip:1") == pytest.approx(3.0)
        assert not await limit.blocked(store, ["ip:1"])
        await limit.fail(store, ["ip:1"])
        assert await limit.blocked(store, ["ip:1"])  # 1 + 3
    finally:
        await store.aclose()


async def test_concurrent_guesses_pass_the_limit_no_more_than_sequential_ones(
    two_apps: list[httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Check and count are one step: 100 concurrent guesses of one order's phone tail,
    across two processes, get exactly ``limit`` misses (404), the rest 429."""
    now = [3_000_000.0]
    monkeypatch.setattr(PROGRESS_FAILURES, "clock", lambda: now[0])
    a, b = two_apps
    number = await _order(a, "concurrent-limit", "小区路灯坏了")

    async def guess(i: int) -> int:
        client = (a, b)[i % 2]
        r = await client.post(
            "/api/progress", json={"number": number, "phone_last4": f"{i + 1000:04d}"}
        )
        return r.status_code

    codes = await asyncio.gather(*(guess(i) for i in range(100)))
    assert codes.count(404) == PROGRESS_FAILURES.limit, sorted(codes)
    assert codes.count(429) == 100 - PROGRESS_FAILURES.limit


async def test_right_answers_do_not_use_up_the_limit(
    two_apps: list[httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [4_000_000.0]
    monkeypatch.setattr(PROGRESS_FAILURES, "clock", lambda: now[0])
    a, b = two_apps
    body = {
        "idempotency_key": "right-answers",
        "text": "小区路灯坏了",
        "county": "曹县",
        "category_level1": "城乡建设",
        "category_level2": "住房保障与房地产",
        "contact_phone": "13812345678",
    }
    r = await a.post("/api/centre/orders", json=body, headers=CENTRE)
    number = r.json()["number"]
    right = {"number": number, "phone_last4": "5678"}
    for client in (a, b) * 15:  # in turn: attempts in flight count until answered
        assert (await client.post("/api/progress", json=right)).status_code == 200
    for i in range(9):  # nine misses still leave room for the right answer
        r = await a.post("/api/progress", json={"number": number, "phone_last4": f"{i:04d}"})
        assert r.status_code == 404
    assert (await b.post("/api/progress", json=right)).status_code == 200
