"""The dialogue's progress look-up (「查询HZ…」 + phone tail) is limited like
``POST /api/progress``: misses of one conversation or on one number are counted in the
shared store before the look-up, so neither a patient nor a concurrent guesser gets more
than ten tries."""

from __future__ import annotations

import asyncio

from gateway.kv.limits import PROGRESS_FAILURES
from gateway.pipeline import Pipeline
from tests.unit.gateway.pipeline_fakes import FakeCases, make, msg

NUMBER = "HZ20250101-000001"


async def _filed() -> tuple[Pipeline, FakeCases]:
    cases = FakeCases()
    p = make(cases)
    await p.handle(msg("路灯坏了", ext="filed", sender="owner"))
    return p, cases


async def test_one_conversation_guessing_is_stopped_after_the_limit() -> None:
    p, _ = await _filed()
    answers = [
        (await p.handle(msg(f"查询{NUMBER}", ext=f"g{i}", sender="guesser")))[0].text
        for i in range(PROGRESS_FAILURES.limit + 5)
    ]
    assert answers[: PROGRESS_FAILURES.limit] == [f"{NUMBER} 未找到"] * PROGRESS_FAILURES.limit
    assert all(a.startswith("抱歉") for a in answers[PROGRESS_FAILURES.limit :]), answers


async def test_many_conversations_share_the_numbers_budget_even_concurrently() -> None:
    p, _ = await _filed()
    replies = await asyncio.gather(
        *(p.handle(msg(f"查询{NUMBER}", ext="g", sender=f"s{i}")) for i in range(40))
    )
    texts = [r[0].text for r in replies]
    assert texts.count(f"{NUMBER} 未找到") == PROGRESS_FAILURES.limit, texts


async def test_the_filer_asking_again_and_again_is_never_stopped() -> None:
    p, _ = await _filed()
    for i in range(PROGRESS_FAILURES.limit * 2):
        reply = await p.handle(msg(f"查询{NUMBER}", ext=f"o{i}", sender="owner"))
        assert reply[0].text == f"{NUMBER} 已派单"


async def test_the_units_result_is_masked_as_in_the_public_progress_answer() -> None:
    # trial5 F16: the chat's 「查询HZ…」 showed the unit's reply as written
    from datetime import UTC, datetime

    from casebridge.intake import ProgressView
    from dialogs import model as dm
    from tests.unit.gateway.pipeline_fakes import STEPS

    class Replied(FakeCases):
        async def progress(self, number: str, *args: object, **kw: object) -> ProgressView:
            result = "网格员张伟（电话139，5300，1234）已上门，房东孙小美已配合"
            return ProgressView(
                number, "replied", "已办结反馈", "某单位", datetime.now(UTC), None, result
            )

    p = make(Replied())
    STEPS.clear()
    await p.handle(msg(f"查询{NUMBER}", ext="q", sender="anyone"))
    (found,) = [e for e in STEPS if isinstance(e, dm.OrderFound)]
    assert found.result is not None
    for clear in ("张伟", "5300", "孙小美"):
        assert clear not in found.result, found.result
