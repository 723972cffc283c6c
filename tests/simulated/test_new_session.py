"""第十三条(三) across sessions (issue 12): a web citizen who comes back in a new chat
session (another token) with the same matter, and gives the phone left on the first
order, is told its progress; no second order. Run in-process against the real gateway."""

from __future__ import annotations

from pathlib import Path

from tests.simulated.citizen import Facts
from tests.simulated.harness import Expect, Scenario, World

FIRST = "鄄城县古泉街道 俺们楼的电梯坏了十来天了 物业一直拖着不修 老人上下楼太难了"
PLACE = "鄄城县古泉街道金港湾小区5号楼"


def scenario(again: str, contact: str, *, new_session: bool, outcome: str) -> Scenario:
    earlier = {"says": [FIRST], "facts": {"place": PLACE, "contact": "韩梅 13953001377"}}
    return Scenario(
        id="new-session",
        author="dialog",
        flow="the same matter again from a new web session",
        says=[again],
        facts=Facts(place=PLACE, contact=contact, phone="13953001377"),
        expect=Expect(outcome=outcome),
        before=[earlier],
        new_session=new_session,
    )


async def test_a_new_session_with_the_same_phone_gets_the_progress(tmp_path: Path) -> None:
    world = await World.build(tmp_path)
    try:
        again = "俺们楼的电梯还是坏的 物业拖着不修 老人上下楼太难了"
        same = await world.run(
            scenario(again, "韩梅 13953001377", new_session=True, outcome="duplicate")
        )
        assert same.ok, (same.problems, same.transcript)
        # another phone in a new session: not known to be the same citizen, a new order
        other = await world.run(
            scenario(again, "韩梅 13953001388", new_session=True, outcome="order")
        )
        assert other.ok, (other.problems, other.transcript)
    finally:
        await world.aclose()


async def test_a_few_words_again_by_the_same_phone_at_the_same_place_get_the_progress(
    tmp_path: Path,
) -> None:
    """Trial3 F10: "暖气不热" filed, then in a new session the same few words at the same
    place with the same phone: the progress of the open order (第十三条(三)), no second
    order; another matter of that citizen at that place is a new order."""
    place = "牡丹区丹阳街道书香苑小区5号楼"
    earlier = {"says": ["暖气不热"], "facts": {"place": place, "contact": "赵强 13953001234"}}

    def again(says: str, outcome: str) -> Scenario:
        return Scenario(
            id="f10",
            author="dialog",
            flow="a short matter again by the same phone",
            says=[says],
            facts=Facts(place=place, contact="赵强 13953001234", phone="13953001234"),
            expect=Expect(outcome=outcome),
            before=[earlier],
            new_session=True,
        )

    world = await World.build(tmp_path)
    try:
        same = await world.run(again("暖气不热", "duplicate"))
        assert same.ok, (same.problems, same.transcript)
        other = await world.run(again("楼道里的灯坏了", "order"))
        assert other.ok, (other.problems, other.transcript)
    finally:
        await world.aclose()
