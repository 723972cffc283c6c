"""trial4 F38: a person asked for right after an order ("我想找人工问一下多久能修好") goes to
the agents' queue with that order in view, through the real pipeline and dialogue; no new
appeal is begun."""

from __future__ import annotations

from typing import Any

from dialogs.engine import step
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from nlu.types import Category, Intent, NluResult, Territory
from tests.unit.gateway.pipeline_fakes import FakeCases, FakeConsole, context_for, msg


class PlaceNlu:
    """Reads the county and township of the demo's messages, as the NLU would."""

    def parse(self, text: str) -> NluResult:
        territory = Territory(county="牡丹区", township="西城街道") if "牡丹区" in text else None
        category = Category("城乡建设", None, 0.8, "department:住建") if "路灯" in text else None
        return NluResult(
            text=text, intent=Intent("appeal", 0.9), territory=territory, category=category
        )


class QueueConsole(FakeConsole):
    def __init__(self) -> None:
        super().__init__()
        self.queued: list[tuple[str, str]] = []

    async def enqueue(self, *args: Any) -> int:
        self.queued.append((args[4], args[5]))  # reason, summary
        return 1


async def test_a_person_asked_for_after_the_order_is_queued_with_the_order() -> None:
    cases = FakeCases()
    console = QueueConsole()
    p = Pipeline(
        store=MemoryStore(),
        nlu=PlaceNlu(),
        knowledge=None,
        cases=cases,
        console=console,
        media=None,
        adapters={},
        step=step,
        context_for=context_for,
    )
    said = [
        "牡丹区西城街道阳光小区3号楼门口的路灯坏了一个多月",
        "匿名",
        "确认",
    ]
    for n, text in enumerate(said, 1):
        await p.handle(msg(text, ext=str(n)))
    assert len(cases.orders) == 1
    number = next(iter(cases.orders))
    replies = await p.handle(msg("我想找人工问一下多久能修好", ext="9"))
    words = "".join(r.text for r in replies)
    assert "人工服务" in words
    assert "哪里" not in words  # no new appeal begun
    assert len(console.queued) == 1
    reason, summary = console.queued[0]
    assert reason == "citizen_request"
    assert number in summary
    assert len(cases.orders) == 1
