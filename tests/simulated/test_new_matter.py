"""A new matter after an earlier order (issue 12, fresh3): the citizen says the earlier
one was dealt with and tells another at the same place; a new order of the new matter,
never the earlier order's progress. Run in-process against the real gateway."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.simulated.citizen import Facts
from tests.simulated.harness import Expect, Scenario, World

PLACE = "东明县城关街道黄河小区"
EARLIER = {
    "says": ["小区东门的下水道堵了 污水漫到路上"],
    "facts": {"place": PLACE, "contact": "孟凡军 13705301122"},
}


@pytest.mark.parametrize(
    ("says", "new"),
    [
        ("之前反映的下水道已经弄好了 谢谢恁们 这次是东门口的路灯不亮了", "路灯"),
        ("上回说的下水道修好了 还有个事 小区东门外头的垃圾堆好几天没人清", "垃圾"),
    ],
)
async def test_a_new_matter_after_an_order_is_a_new_order(
    tmp_path: Path, says: str, new: str
) -> None:
    scenario = Scenario(
        id="new-matter",
        author="dialog",
        flow="a new matter after an earlier order",
        says=[says],
        facts=Facts(place=PLACE, contact="孟凡军 13705301122", phone="13705301122"),
        expect=Expect(outcome="order", content=[new], content_not=["下水道"]),
        before=[EARLIER],
    )
    world = await World.build(tmp_path)
    try:
        result = await world.run(scenario)
    finally:
        await world.aclose()
    assert result.ok, (result.problems, result.transcript)
