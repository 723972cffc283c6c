"""issue 16: the console hub's live events cross gateway processes. Two hubs over one
real Redis (a unique key prefix, so the channel is this test's own) stand for two
processes: a queue change, an alert or a new turn raised on A reaches a page on B, once,
to whom it is for; the in-process store keeps every event in its process."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from gateway.assist.events import SharedEvents
from gateway.console.hub import WATCH_EVERY, Hub
from gateway.kv.store import MemoryStore, RedisStore

pytestmark = pytest.mark.integration


@pytest.fixture
async def two_hubs(redis_url: str) -> AsyncIterator[tuple[Hub, Hub]]:
    prefix = f"hotline-test-{uuid.uuid4().hex[:8]}:"
    store_a, store_b = RedisStore(redis_url, prefix), RedisStore(redis_url, prefix)
    hub_a, hub_b = Hub(store_a), Hub(store_b)
    relays = [asyncio.create_task(hub_a.relay()), asyncio.create_task(hub_b.relay())]
    await asyncio.sleep(0.3)  # pub/sub delivers only to subscribers already listening
    try:
        yield hub_a, hub_b
    finally:
        for t in relays:
            t.cancel()
        await asyncio.gather(*relays, return_exceptions=True)
        await store_a.aclose()
        await store_b.aclose()


async def _next(queue: asyncio.Queue[dict[str, object]]) -> dict[str, object]:
    return await asyncio.wait_for(queue.get(), timeout=5)


async def _until(check: Callable[[], bool]) -> None:
    """Wait (at most 5 s) for ``check``: a stream opened on one process is announced to
    the others through Redis."""
    for _ in range(100):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not announced")


async def test_an_event_raised_on_one_process_reaches_a_page_on_the_other(
    two_hubs: tuple[Hub, Hub],
) -> None:
    hub_a, hub_b = two_hubs
    assert hub_a.relays
    assert hub_b.relays
    with (
        hub_a.subscribe("alice", False) as alice_on_a,
        hub_b.subscribe("alice", False) as alice_on_b,
        hub_b.subscribe("bob", False) as bob_on_b,
        hub_b.subscribe("boss", True) as boss_on_b,
    ):
        await _until(lambda: hub_a.elsewhere({"alice"}) and hub_b.elsewhere({"alice"}))
        # a new turn of alice's chat, taken by process A; alice's page is on B
        hub_a.publish({"type": "turn", "key": "web:web:v1", "n": 1}, agents={"alice"})
        assert (await _next(alice_on_b.queue))["key"] == "web:web:v1"
        assert (await _next(boss_on_b.queue))["type"] == "turn"  # supervisors see it too
        # the queue changes for everyone on duty, wherever their page is served
        hub_a.publish({"type": "queue", "key": "web:web:v2"}, everyone=True)
        assert (await _next(bob_on_b.queue))["type"] == "queue"
        assert (await _next(alice_on_b.queue))["type"] == "queue"
        # in publish order, across the processes
        for n in range(2, 12):
            hub_a.publish({"type": "turn", "key": "web:web:v1", "n": n}, agents={"alice"})
        assert [(await _next(alice_on_b.queue))["n"] for _ in range(10)] == list(range(2, 12))
        await asyncio.sleep(0.3)
        # once each: A's own page got A's events locally, not back from Redis
        assert alice_on_a.queue.qsize() == 12
        assert alice_on_b.queue.empty()
        assert bob_on_b.queue.empty()  # turns of alice's chat are not bob's
        # the other way: B raises, A delivers
        hub_b.publish({"type": "alert", "key": "web:web:v3"}, everyone=True)
        got = [await _next(alice_on_a.queue) for _ in range(13)]
        assert got[-1]["type"] == "alert"


async def test_assist_events_go_through_the_relaying_hub_once(
    two_hubs: tuple[Hub, Hub],
) -> None:
    hub_a, hub_b = two_hubs
    # the phone line's and assist's events (SharedEvents) ride the hub's own relay
    events_a = SharedEvents(MemoryStore(), hub_a)
    await events_a.relay()  # returns at once: the hub relays
    with hub_b.subscribe("alice", False) as alice_on_b:
        await _until(lambda: hub_a.elsewhere({"alice"}))
        await events_a.publish(
            {"type": "call", "event": "offer", "sid": "CA1"}, set(), everyone=True
        )
        assert (await _next(alice_on_b.queue))["sid"] == "CA1"
        await asyncio.sleep(0.3)
        assert alice_on_b.queue.empty()


async def test_a_process_knows_whether_a_stream_elsewhere_would_take_an_event(
    two_hubs: tuple[Hub, Hub],
) -> None:
    """Turn events are built only when some stream would take them (``Hub.reaches``):
    with several processes, a stream on another one counts, and one that closed does not."""
    hub_a, hub_b = two_hubs
    assert not hub_a.reaches({"alice"})
    assert not hub_a.reaches(None)
    with hub_b.subscribe("alice", False):
        await _until(lambda: hub_a.reaches({"alice"}))
        assert not hub_a.reaches({"bob"})
        assert not hub_a.reaches(None)  # no supervisor anywhere
        with hub_b.subscribe("boss", True):
            await _until(lambda: hub_a.reaches(None))
            assert hub_a.reaches({"bob"})  # the supervisor sees every turn
    await _until(lambda: not hub_a.reaches({"alice"}) and not hub_a.reaches(None))


async def test_a_process_that_starts_later_learns_the_open_streams(redis_url: str) -> None:
    prefix = f"hotline-test-{uuid.uuid4().hex[:8]}:"
    store_a, store_c = RedisStore(redis_url, prefix), RedisStore(redis_url, prefix)
    hub_a, hub_c = Hub(store_a), Hub(store_c)
    relays = [asyncio.create_task(hub_a.relay())]
    try:
        with hub_a.subscribe("carol", False):
            await asyncio.sleep(0.3)
            relays.append(asyncio.create_task(hub_c.relay()))  # says hello; A answers
            started = asyncio.get_running_loop().time()
            await _until(lambda: hub_c.reaches({"carol"}))
            assert asyncio.get_running_loop().time() - started < WATCH_EVERY  # not the beat
    finally:
        for t in relays:
            t.cancel()
        await asyncio.gather(*relays, return_exceptions=True)
        await store_a.aclose()
        await store_c.aclose()


async def test_without_a_shared_store_events_stay_in_the_process() -> None:
    store = MemoryStore()
    hub, other = Hub(store), Hub(store)
    assert not hub.relays
    await hub.relay()  # nothing to run
    with other.subscribe("alice", False) as elsewhere, hub.subscribe("alice", False) as here:
        hub.publish({"type": "queue", "key": "k"}, everyone=True)
        assert here.queue.qsize() == 1
        await asyncio.sleep(0.05)
        assert elsewhere.queue.empty()
