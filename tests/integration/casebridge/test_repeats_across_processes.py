"""第十三条(三) with N gateway processes: an order opened through one process is found as
a repeat by another once it refreshes its index from the case store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gateway.pipeline.repeats import RepeatDetector

from .conftest import Env, draft

pytestmark = pytest.mark.integration
TEXT = "小区楼道灯坏了很久，联系电话13812345678，请尽快处理。"


async def test_an_order_of_another_process_is_found_after_a_refresh(env: Env) -> None:
    window = timedelta(days=3650)  # the test clock is in 2025
    here, there = RepeatDetector(window=window), RepeatDetector(window=window)
    assert await here.load(env.sessions) == 0
    assert await there.load(env.sessions) == 0
    # "there" opens the order (and remembers it); "here" has not seen it
    receipt = await env.cases.open_work_order(draft("p1", conversation_id="web:abc"))
    there.remember(receipt.number, TEXT, "web:abc", category="城乡建设", at=env.clock())
    now = env.clock() + timedelta(days=1)
    assert there.find(TEXT, "web:abc", category="城乡建设", now=now) == receipt.number
    assert here.find(TEXT, "web:abc", category="城乡建设", now=now) is None
    assert await here.refresh(env.sessions) == 1
    assert here.find(TEXT, "web:abc", category="城乡建设", now=now) == receipt.number
    assert here.find(TEXT, "web:other", category="城乡建设", now=now) is None
    assert await here.refresh(env.sessions) == 0  # nothing indexed twice
    assert await there.refresh(env.sessions) == 0  # its own order is not added again


async def test_a_conversation_naming_an_order_unknown_here_catches_up_at_once(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The citizen's next message reaches another process before its refresh: the
    dialogue state names the order (``memory.last_order``), the process reads it now."""
    window = timedelta(days=3650)
    here, there = RepeatDetector(window=window), RepeatDetector(window=window)
    await here.load(env.sessions)
    await there.load(env.sessions)
    receipt = await env.cases.open_work_order(draft("p2", conversation_id="wechat:o1"))
    there.remember(receipt.number, TEXT, "wechat:o1", category="城乡建设", at=env.clock())
    assert there.knows(receipt.number)
    assert not here.knows(receipt.number)
    assert await here.catch_up(receipt.number)
    assert here.knows(receipt.number)
    now = env.clock() + timedelta(days=1)
    assert here.find(TEXT, "wechat:o1", category="城乡建设", now=now) == receipt.number
    assert [o.number for o in here.theirs("wechat:o1", now=now)] == [receipt.number]
    # a number the case store does not hold is looked for once, not on every message
    reads: list[int] = []
    original = here.refresh

    async def counted(*args: object, **kwargs: object) -> int:
        reads.append(1)
        return await original(env.sessions)

    monkeypatch.setattr(here, "refresh", counted)
    assert not await here.catch_up("HZ20990101-999999")
    assert not await here.catch_up("HZ20990101-999999")
    assert here.knows("HZ20990101-999999")
    assert len(reads) == 1
    assert await here.catch_up(receipt.number)  # known: no read
    assert len(reads) == 1
