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


class FailingStore(MemoryStore):
    """A store that refuses presence writes (Redis gone for a moment)."""

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        raise ConnectionError("store unavailable")


async def test_what_the_hub_remembers_is_bounded_by_open_connections() -> None:
    """issue 16: ``ChatHub._written`` grew with every visitor ever seen."""
    hub = ChatHub(MemoryStore())
    for i in range(50):  # frames of visitors with no socket here remember nothing
        await hub.touch(f"ghost-{i}")
    assert hub.remembered == 0
    sockets = [object() for _ in range(200)]
    for i, ws in enumerate(sockets):
        await hub.add(f"v{i}", ws)  # type: ignore[arg-type]
    assert hub.remembered == 200
    for i, ws in enumerate(sockets):
        await hub.remove(f"v{i}", ws)  # type: ignore[arg-type]
    assert hub.remembered == 0


async def test_a_failed_presence_write_leaves_nothing_behind() -> None:
    hub = ChatHub(FailingStore())
    for i in range(100):  # the websocket handler: add inside try, remove in finally
        ws = object()
        try:
            await hub.add(f"v{i}", ws)  # type: ignore[arg-type]
        except ConnectionError:
            pass
        finally:
            await hub.remove(f"v{i}", ws)  # type: ignore[arg-type]
    assert hub.remembered == 0
