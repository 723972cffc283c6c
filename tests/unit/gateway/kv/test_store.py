"""One suite over both store backends: in-process and real Redis."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import pytest

from gateway.kv.store import LockTimeout, MemoryStore, RedisStore, Store
from tests.conftest import REDIS_URL, require_service


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
        return
    require_service(REDIS_URL, "Redis")
    s = RedisStore(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
    try:
        yield s
    finally:
        await s.aclose()


async def test_get_set_delete(store: Store) -> None:
    assert await store.get("k") is None
    await store.set("k", "值")
    assert await store.get("k") == "值"
    await store.delete("k")
    assert await store.get("k") is None


async def test_ttl_expires(store: Store) -> None:
    await store.set("k", "v", ttl=0.05)
    assert await store.get("k") == "v"
    await asyncio.sleep(0.12)
    assert await store.get("k") is None


async def test_set_if_absent_exactly_one_winner_under_concurrency(store: Store) -> None:
    results = await asyncio.gather(*(store.set_if_absent("once", str(i), ttl=5) for i in range(50)))
    assert sum(results) == 1
    winner = results.index(True)
    assert await store.get("once") == str(winner)


async def test_set_if_absent_after_expiry(store: Store) -> None:
    assert await store.set_if_absent("e", "1", ttl=0.05)
    assert not await store.set_if_absent("e", "2", ttl=0.05)
    await asyncio.sleep(0.12)
    assert await store.set_if_absent("e", "3", ttl=1)
    assert await store.get("e") == "3"


async def test_incr_window(store: Store) -> None:
    assert [await store.incr("c", ttl=0.1) for _ in range(3)] == [1, 2, 3]
    await asyncio.sleep(0.2)
    assert await store.incr("c", ttl=0.1) == 1


async def test_set_once_then_writes_the_rest_only_for_the_first_value(store: Store) -> None:
    then = [("w:a", "1", 5.0), ("w:b", "2", 5.0)]
    assert await store.set_once_then("r", "digest", 5, then) is None  # stored now
    assert await store.get_many(["r", "w:a", "w:b"]) == ["digest", "1", "2"]
    # the same value again (a provider's retry): found, and the rest written again
    assert await store.set_once_then("r", "digest", 5, [("w:a", "3", 5.0)]) == "digest"
    assert await store.get("w:a") == "3"
    # another value: refused, nothing written, the first value kept
    assert await store.set_once_then("r", "forged", 5, [("w:a", "4", 5.0), ("w:c", "x", 5)]) == (
        "digest"
    )
    assert await store.get_many(["r", "w:a", "w:c"]) == ["digest", "3", None]
    assert await store.set_once_then("alone", "v", 5) is None  # nothing else to write
    assert await store.get("alone") == "v"


async def test_set_once_then_expiries(store: Store) -> None:
    assert await store.set_once_then("r", "v", 0.05, [("w", "1", 5.0)]) is None
    await asyncio.sleep(0.12)
    assert await store.get("r") is None  # each entry keeps its own ttl
    assert await store.get("w") == "1"
    assert await store.set_once_then("r", "other", 0.05, [("w", "2", 0.05)]) is None
    await asyncio.sleep(0.12)
    assert await store.get_many(["r", "w"]) == [None, None]


async def test_set_once_then_one_first_writer_under_concurrency(store: Store) -> None:
    found = await asyncio.gather(
        *(store.set_once_then("once", f"v{i}", 5, [(f"w{i}", "x", 5.0)]) for i in range(20))
    )
    assert found.count(None) == 1
    winner = found.index(None)
    assert set(found) - {None} == {f"v{winner}"}
    written = await store.get_many([f"w{i}" for i in range(20)])
    assert [i for i, v in enumerate(written) if v is not None] == [winner]


async def test_compare_and_delete(store: Store) -> None:
    await store.set("l", "mine")
    assert not await store.compare_and_delete("l", "theirs")
    assert await store.get("l") == "mine"
    assert await store.compare_and_delete("l", "mine")
    assert await store.get("l") is None


async def test_list_push_and_range(store: Store) -> None:
    assert await store.lrange("q") == []
    assert await store.rpush("q", "a") == 1
    assert await store.rpush("q", "b", ttl=10) == 2
    assert await store.lrange("q") == ["a", "b"]
    assert await store.lrange("q", 1, 1) == ["b"]


async def test_lock_serializes_holders(store: Store) -> None:
    inside = 0
    peak = 0

    async def worker() -> None:
        nonlocal inside, peak
        async with store.lock("res", ttl=5, timeout=5):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(worker() for _ in range(8)))
    assert peak == 1


async def test_lock_times_out_while_held(store: Store) -> None:
    async with store.lock("busy", ttl=5, timeout=1):
        with pytest.raises(LockTimeout):
            async with store.lock("busy", ttl=5, timeout=0.05):
                pass


async def test_lock_expires_when_holder_dies(store: Store) -> None:
    # A holder that never releases (crashed process) blocks only for the ttl.
    assert await store.set_if_absent("lock:dead", "ghost", ttl=0.1)
    async with store.lock("dead", ttl=5, timeout=2):
        assert await store.get("lock:dead") not in (None, "ghost")


async def test_publish_reaches_current_subscribers_in_order(store: Store) -> None:
    received: list[str] = []
    ready = asyncio.Event()

    async def listen() -> None:
        agen = store.subscribe("news")
        first = asyncio.ensure_future(agen.__anext__())
        await asyncio.sleep(0.05)  # the subscription is live before anything is published
        ready.set()
        received.append(await first)
        async for item in agen:
            received.append(item)
            if len(received) == 3:
                break
        await agen.aclose()  # type: ignore[attr-defined]

    task = asyncio.create_task(listen())
    await ready.wait()
    counts = [await store.publish("news", m) for m in ("一", "二", "三")]
    await asyncio.wait_for(task, 5)
    assert received == ["一", "二", "三"]
    assert counts[0] == 1
    assert await store.publish("nobody-listens", "x") == 0


# -- a message's store work in few round trips (issue 16) -------------------------------
def _opening(store: Store, claim: str, token: str) -> dict[str, object]:
    return {
        "claim": claim,
        "claim_value": "__pending__",
        "claim_ttl": 60.0,
        "meta": "meta",
        "meta_value": "{}",
        "meta_ttl": 60.0,
        "lock": "conv",
        "token": token,
        "lock_ttl": 60.0,
        "rate": "rate",
        "rate_ttl": 60.0,
        "reads": ("session", "absent"),
    }


async def test_open_turn_claims_locks_counts_and_reads(store: Store) -> None:
    await store.set("session", "状态")
    first = await store.open_turn(**_opening(store, "dedup:1", "t1"))  # type: ignore[arg-type]
    assert (first.claimed, first.locked, first.count) == (True, True, 1)
    assert first.values == ("状态", None)
    assert await store.get("meta") == "{}"
    # the same message again: not claimed, nothing else done
    again = await store.open_turn(**_opening(store, "dedup:1", "t9"))  # type: ignore[arg-type]
    assert (again.claimed, again.locked, again.count, again.values) == (False, False, 0, ())
    # another message of the citizen while the lock is held: claimed, not locked
    second = await store.open_turn(**_opening(store, "dedup:2", "t2"))  # type: ignore[arg-type]
    assert (second.claimed, second.locked) == (True, False)
    assert await store.get("rate") == "1"  # counted once the lock is taken
    # the first turn ends: its state saved, the pending replies taken, the lock released,
    # the answer kept: the pending replies first, then the turn's own
    await store.rpush("pending", '{"text": "a"}')
    await store.rpush("pending", '{"text": "b"}')
    taken = await store.end_turn(**_ending("t1", "dedup:1", ['{"text": "c"}']))  # type: ignore[arg-type]
    assert taken == ['{"text": "a"}', '{"text": "b"}']
    assert await store.lrange("pending") == []
    assert json.loads(await store.get("dedup:1") or "") == [
        {"text": "a"},
        {"text": "b"},
        {"text": "c"},
    ]
    assert await store.get("session") == "新状态"
    await store.acquire("conv", "t2", 60.0, 1.0)  # free now: the second message takes it
    count, values = await store.locked_reads("rate", 60.0, ("session", "absent"))
    assert (count, values) == (2, ("新状态", None))
    # ending with a token that does not hold the lock leaves the lock alone; no pending
    # replies and none of its own: an empty answer
    assert await store.end_turn(**_ending("t1", "dedup:2", [], ttl=None)) == []  # type: ignore[arg-type]
    assert await store.get("dedup:2") == "[]"
    with pytest.raises(LockTimeout):
        await store.acquire("conv", "t3", 60.0, 0.05)


def _ending(
    token: str, answer: str, replies: list[str], ttl: float | None = 60.0
) -> dict[str, object]:
    return {
        "session": "session",
        "state": "新状态",
        "state_ttl": ttl,
        "pending": "pending",
        "lock": "conv",
        "token": token,
        "answer": answer,
        "replies": replies,
        "answer_ttl": ttl,
    }


async def test_end_turn_answer_expires(store: Store) -> None:
    await store.end_turn(**_ending("t", "dedup:9", ['{"text": "x"}'], ttl=0.05))  # type: ignore[arg-type]
    assert await store.get("dedup:9") == '[{"text": "x"}]'
    await asyncio.sleep(0.12)
    assert await store.get("dedup:9") is None
    assert await store.get("session") is None


async def test_get_many_in_order(store: Store) -> None:
    await store.set("a", "1")
    await store.set("c", "3")
    assert await store.get_many(("a", "b", "c")) == ["1", None, "3"]
