"""第十三条(三) with N processes: the citizen's next message may reach a process that has
not yet refreshed its index of orders; the dialogue state (shared) names the order, and
that process reads the case store at once (issue 16)."""

from __future__ import annotations

from dialogs.model import OwnOrder
from dialogs.state import DialogState
from gateway.kv.keys import KEYS
from gateway.kv.store import Store
from gateway.pipeline.actions import Conversation
from tests.unit.gateway.pipeline_fakes import make, msg


class Repeats:
    """A repeat index that knows only ``known`` until it catches up."""

    def __init__(self, *known: str) -> None:
        self.known = set(known)
        self.caught: list[str] = []

    def find(
        self,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        cued: bool = False,
        phone: str | None = None,
        county: str | None = None,
        place: str | None = None,
    ) -> str | None:
        return None

    def remember(
        self,
        number: str,
        text: str,
        conversation: str,
        *,
        category: str | None = None,
        county: str | None = None,
        phone: str | None = None,
        place: str | None = None,
    ) -> None:
        self.known.add(number)

    def theirs(self, conversation: str) -> list[OwnOrder]:
        return []

    def owns(self, conversation: str, number: str) -> tuple[bool, str | None]:
        return number in self.known, None

    def knows(self, number: str) -> bool:
        return number in self.known

    async def catch_up(self, number: str) -> bool:
        self.caught.append(number)
        self.known.add(number)
        return True


async def _state_with_order(store: Store, number: str | None) -> None:
    state = DialogState()
    state.memory.last_order = number
    key = KEYS.session(Conversation("web", "web", "u1").key)
    await store.set(key, state.model_dump_json())


async def test_an_order_named_by_the_state_and_unknown_here_is_caught_up() -> None:
    p, repeats = make(), Repeats()
    p.repeats = repeats
    await _state_with_order(p.store, "HZ20250101-000001")  # opened through another process
    await p.handle(msg("路灯还是不亮", ext="1"))
    assert repeats.caught == ["HZ20250101-000001"]
    await p.handle(msg("还是不亮啊", ext="2"))
    assert repeats.caught == ["HZ20250101-000001"]  # known now: no second read


async def test_a_known_order_or_none_reads_nothing() -> None:
    p, known = make(), Repeats("HZ20250101-000007")
    p.repeats = known
    await _state_with_order(p.store, "HZ20250101-000007")
    await p.handle(msg("路灯还是不亮", ext="1"))
    q, fresh = make(), Repeats()
    q.repeats = fresh
    await q.handle(msg("路灯不亮了", ext="1"))
    assert known.caught == []
    assert fresh.caught == []
