"""Knowledge answers and unit choice through the real gateway and case store (trial3 F02,
F07, F20, F48; fresh3's kinds), in wording other than the trial's: an appeal grown out of
an answer goes to the answer's own source in the citizen's county; a traffic signal goes to
the county's traffic police; a service wanted gets its answer online; a question no entry
answers is never answered with a neighbour's entry."""

from __future__ import annotations

from pathlib import Path

from tests.simulated.citizen import Facts, Message
from tests.simulated.harness import Expect, Scenario, World


def _scenario(key: str, says: list[Message], facts: Facts, expect: Expect) -> Scenario:
    return Scenario(id=key, author="kbroute", flow=key, says=says, facts=facts, expect=expect)


async def _run(tmp: Path, scenarios: list[Scenario]) -> list[tuple[bool, object]]:
    world = await World.build(tmp)
    try:
        out: list[tuple[bool, object]] = []
        for scn in scenarios:
            result = await world.run(scn)
            out.append((result.ok, (scn.id, result.problems, result.transcript)))
        return out
    finally:
        await world.aclose()


async def test_answers_and_units_end_to_end(tmp_path: Path) -> None:
    contact = Facts(contact="周建华 13853007788", phone="13853007788", since="上周")
    scenarios = [
        # F02: a medical-insurance answer that did not help becomes the county 医保局's order
        _scenario(
            "source",
            ["孩子刚出生 城乡居民医保咋给他办", "看了还是不懂"],
            Facts(**{**contact.__dict__, "place": "曹县磐石街道"}),
            Expect(outcome="order", county="曹县", unit=["曹县医疗保障局"]),
        ),
        # F20: a traffic signal is the county's traffic police
        _scenario(
            "signal",
            ["巨野县麒麟大道和北环路路口的信号灯一直闪黄灯 司机都抢着走"],
            Facts(**{**contact.__dict__, "place": "巨野县麒麟大道和北环路路口"}),
            Expect(outcome="order", county="巨野县", unit=["巨野县公安局交通警察大队"]),
        ),
        # F07: a common service wanted, in a plain statement
        _scenario("service", ["俺想补办个身份证"], Facts(solved=True), Expect("answered_online")),
        # fresh3: a "just asking" housing-fund question after a purchase
        _scenario(
            "fund",
            ["我不是来投诉的 就是问问 买了套二手房 公积金能提出来不"],
            Facts(solved=True),
            Expect("answered_online"),
        ),
        # fresh3: a terse SMS-like message naming the road first
        _scenario(
            "terse",
            ["鄄城县 古泉街道 箕山路 井盖没了"],
            Facts(**{**contact.__dict__, "place": "鄄城县古泉街道箕山路"}),
            Expect(outcome="order", county="鄄城县", category=["城乡建设"]),
        ),
    ]
    results = await _run(tmp_path, scenarios)
    assert all(ok for ok, _ in results), [why for ok, why in results if not ok]


async def test_a_question_no_entry_answers_gets_no_neighbours_answer(tmp_path: Path) -> None:
    world = await World.build(tmp_path)
    try:
        for said in ("游泳馆周末几点开门", "办结婚证得带户口本吗 民政局周六上班不"):
            result = await world.run(
                _scenario("hours", [said], Facts(solved=False), Expect("answered_online"))
            )
            told = "\n".join(text for who, text in result.transcript if who == "bot")
            assert "公共体育场馆开放" not in told
            assert "新生儿出生登记" not in told
    finally:
        await world.aclose()
