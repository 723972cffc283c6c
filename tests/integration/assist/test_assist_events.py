"""Live console events (assist, call offers, red-line alerts) reach an agent whose page is
served by another gateway process."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from gateway.assist.events import AssistEvents
from gateway.console.hub import Hub
from gateway.kv.store import MemoryStore, RedisStore, Store

pytestmark = pytest.mark.integration


async def _two_processes(store_a: Store, store_b: Store) -> None:
    hub_a, hub_b = Hub(), Hub()
    a, b = AssistEvents(store_a, hub_a), AssistEvents(store_b, hub_b)
    relays = [asyncio.create_task(a.relay()), asyncio.create_task(b.relay())]
    try:
        await asyncio.sleep(0.2)  # pub/sub delivers only to subscribers already listening
        with (
            hub_a.subscribe("alice", False) as alice_here,
            hub_b.subscribe("alice", False) as alice_there,
            hub_b.subscribe("bob", False) as bob_there,
            hub_b.subscribe("boss", True) as boss_there,
        ):
            event = {"type": "assist", "key": "voice:+865305551234:+8613905301234"}
            await a.publish(event, {"alice"})  # the stream is on A, alice's page on B
            got = await asyncio.wait_for(alice_there.queue.get(), timeout=5)
            assert got["key"] == event["key"]
            assert (await asyncio.wait_for(boss_there.queue.get(), timeout=5))["type"] == "assist"
            await asyncio.sleep(0.2)
            assert bob_there.queue.empty()  # not his call
            assert alice_here.queue.qsize() == 1  # the local delivery, not a second one
            assert alice_there.queue.empty()
            # a call offer is for everyone on duty, wherever their page is served
            await b.publish({"type": "call", "event": "offer", "sid": "CA1"}, set(), everyone=True)
            offer = await asyncio.wait_for(bob_there.queue.get(), timeout=5)
            assert offer["event"] == "offer"
            here = await asyncio.wait_for(alice_here.queue.get(), timeout=5)
            assert here["type"] == "assist"  # (the earlier local one)
            assert (await asyncio.wait_for(alice_here.queue.get(), timeout=5))["sid"] == "CA1"
    finally:
        for t in relays:
            t.cancel()
        await asyncio.gather(*relays, return_exceptions=True)


async def test_assist_events_cross_processes_through_redis(redis_url: str) -> None:
    prefix = f"hotline-test-{uuid.uuid4().hex[:8]}:"
    store_a, store_b = RedisStore(redis_url, prefix), RedisStore(redis_url, prefix)
    try:
        await _two_processes(store_a, store_b)
    finally:
        await store_a.aclose()
        await store_b.aclose()


async def test_one_process_with_the_in_process_store_delivers_once() -> None:
    store = MemoryStore()
    hub = Hub()
    events = AssistEvents(store, hub)
    relay = asyncio.create_task(events.relay())
    try:
        await asyncio.sleep(0.05)
        with hub.subscribe("alice", False) as alice:
            await events.publish({"type": "assist_notice", "key": "k"}, {"alice"})
            await asyncio.sleep(0.1)
            assert alice.queue.qsize() == 1
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
