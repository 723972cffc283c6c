"""A web-chat visitor's presence (which process holds the socket) is written when the
socket opens and then at most every ``PRESENCE_REFRESH`` seconds, not on every frame:
one Redis round trip saved on nearly every turn (issue 16)."""

from __future__ import annotations

from gateway.kv import KEYS, MemoryStore
from gateway.routers.chat import PRESENCE_REFRESH, ChatHub


class CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        self.writes += 1
        await super().set(key, value, ttl)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_presence_is_written_on_open_then_refreshed_not_per_frame() -> None:
    store = CountingStore()
    hub = ChatHub(store)
    clock = Clock()
    hub.clock = clock
    ws = object()
    await hub.add("v1", ws)  # type: ignore[arg-type]
    assert await store.get(KEYS.web_presence("v1")) == hub.node
    assert store.writes == 1
    for _ in range(5):  # frames within the refresh interval
        clock.now += PRESENCE_REFRESH / 10
        await hub.touch("v1")
    assert store.writes == 1
    clock.now += PRESENCE_REFRESH
    await hub.touch("v1")
    assert store.writes == 2
    # another process took the visitor over; this one's next refresh writes itself again
    await store.set(KEYS.web_presence("v1"), "other-node")
    clock.now += PRESENCE_REFRESH
    await hub.touch("v1")
    assert await store.get(KEYS.web_presence("v1")) == hub.node
    await hub.remove("v1", ws)  # type: ignore[arg-type]
    assert await store.get(KEYS.web_presence("v1")) is None
    # a new socket after the last one closed is written at once
    await hub.add("v1", ws)  # type: ignore[arg-type]
    assert await store.get(KEYS.web_presence("v1")) == hub.node
