"""Sixteenth emergency round (第十三条(一), trial12 P01 P02 P06 P17): the trial's inputs and
fresh ones of the same kinds, each beside near twins that stay emergencies.

Kinds: a supplement opened by 「还有」 (a name, another broken thing) read as a fire or an
injury, because the connective looks like "里面还有人"; a conversational time word
(「刚才说的」 of the conversation) and people who fell at a road's defect over time read as
a theft going on; a collapsed person who does not
answer told 110 first because a bare cry for help (「快来人啊」) was the only rule matched;
a gas leak with someone already unwell told 119 only; a radiator cold to the touch (摸着冰凉)
read as groping and harm; an idiom of how bad a matter is (「早晚得出人命」) read as a hazard.
Found on the way (blind-set floors kept): people who fell at a defect told as a count
(「好几个人都摔了」), a railing 「断了一截」, bricks falling off a cracked wall with people
inside (「砖头往下掉」, no weapon), 「半夜来人」 (no 「夜来」, yesterday), 「漂白粉」 (no drug).
"""

from __future__ import annotations

import pytest

from nlu.emergency import contact_only
from nlu.emergency_figures import literal
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, numbers_told

#: A name given as a supplement: no number, no finding at all (no record, no advice).
NAMES = [
    "还有 俺叫王建设",  # trial12 P01
    "还有 俺叫刘大妮",  # trial12 P01
    # fresh, same kind
    "另外 俺叫赵春梅 电话13853001234",
    "还有 俺姓孙 叫孙德福",
]

#: Another broken thing given as a supplement: no number.
SUPPLEMENTS = [
    "还有 路灯杆子也歪了",  # trial12 P01
    # fresh, same kind
    "补充一下 井盖边上的护栏也歪了",
    "另外 小区里那棵树也歪了",
    "还有 那个广告牌也歪了",
    "还有 桥上的栏杆也断了一截",
]

#: A road defect told again ("刚才说的") where people fell over time: an ordinary appeal.
FELL_BEFORE = [
    "俺刚才说的坑在中华路跟人民路交叉口往东一百米 电动车都摔了好几个了",  # trial12 P02
    "俺刚才说的坑在中华路 电动车摔了好几个了",  # trial12 P02
    # fresh, same kind
    "俺刚说的那个井盖在青年路口 骑电动车的摔了好几回了",
    "刚才反映的那段路在开发区 坑里摔了好多人了",
    "俺前面说的台阶在菜市场门口 老人摔了好几个了",
    "村口那段路坑坑洼洼的 好多人都摔了",
]

#: A collapsed person who does not answer, with a bare cry for help: 120 first.
COLLAPSED = [
    "快来人啊 俺娘在屋里倒地上了 喊她也不应 嘴角直冒白沫",  # trial12 P06 (C8)
    # fresh, same kind
    "救命啊 俺爹在厕所里栽倒了 叫他也不应 脸发紫",
    "快来人 俺奶奶倒在院子里了 咋喊也不应",
    "快来人啊 俺爷爷在屋里倒地上了 嘴里直冒白沫",
]

#: Gas with someone already unwell: 119 first, and 120.
GAS_UNWELL = [
    "屋里一股子煤气味儿 俺婆婆头晕得站都站不住了 咋整啊",  # trial12 P06 (E1)
    # fresh, same kind
    "厨房里一股子液化气味 俺娘恶心得直吐",
    "屋里天然气味冲得很 孩子晕乎乎的站不住了",
]

#: A flat without heating, the radiator felt cold: no number, no safety line.
COLD_FLAT = [
    "俺家暖气片摸着冰凉 屋里才十二三度",  # trial12 P17 (C3)
    # fresh, same kind
    "暖气管子摸上去冰凉冰凉的 家里老人冻得直哆嗦",
    "小区暖气摸着一点都不热 屋里才十度",
    "暖气片摸起来冰凉 孩子写作业都得穿棉袄",
]

#: An idiom of how bad a matter is: no hazard to keep away from, no number.
IDIOMS = [
    "俺们小区门口路灯坏了 黑灯瞎火的 早晚得出人命",  # trial12 P17 (C14)
    # fresh, same kind
    "村头的路灯坏了好几天了 迟早要出事",
    "楼道的声控灯不亮 早晚得出大事",
    "这个路口没有斑马线 早晚得出人命",
]

#: Words that only looked like a danger (a count of falls, a thing broken, a night visit,
#: a disinfectant's smell): no number.
LOOKALIKES = [
    "自来水有股漂白粉味 烧开了能喝吗",
    "楼上天天半夜来人 吵得睡不着",
    "桥上的栏杆断了一截 也没人修",
]

#: Near twins: each stays an emergency, with the number expected first.
TWINS = [
    ("后墙裂了 砖头往下掉 屋里还有人住着", "119"),
    ("还有 里面还有人没出来 火越烧越大", "119"),
    ("还有 俺娘刚才晕倒了 叫不醒", "120"),
    ("刚才俺的电动车让人偷了 小偷还没跑远", "110"),
    ("俺刚才说的那个人又回来了 正拿刀砍人", "110"),
    ("路上的坑里刚摔了一个骑电动车的 躺那不动了", "120"),
    ("快来人啊 有人拿刀砍人", "110"),
    ("救命 着火了", "119"),
    ("救命 俺被人关在屋里了", "110"),
    ("有个男的在公交车上一直摸着俺 这会儿还在后边跟着", "110"),
    ("俺爹身上冰凉 叫不醒", "120"),
]


@pytest.mark.parametrize("text", NAMES)
def test_a_name_given_as_a_supplement_is_no_emergency_at_all(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is None, (text, result.emergency)
    assert result.hazard is None, text


@pytest.mark.parametrize("text", SUPPLEMENTS + FELL_BEFORE + LOOKALIKES)
def test_a_supplement_or_a_road_defect_told_again_gets_no_number(
    engine: EmbeddedEngine, text: str
) -> None:
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize("text", COLLAPSED)
def test_a_collapsed_person_who_does_not_answer_is_120_first(
    engine: EmbeddedEngine, text: str
) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[0] == "120", (text, told)


@pytest.mark.parametrize("text", GAS_UNWELL)
def test_gas_with_someone_unwell_tells_119_and_120(engine: EmbeddedEngine, text: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[0] == "119", (text, told)
    assert "120" in told, (text, told)


def test_gas_with_nobody_unwell_tells_119_only(engine: EmbeddedEngine) -> None:
    text = "楼道里一股子煤气味 不知道谁家漏的"
    assert numbers_told(engine.parse(text)) == ("119",), text


@pytest.mark.parametrize("text", COLD_FLAT)
def test_a_cold_flat_gets_no_number_and_no_safety_line(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is None, (text, result.emergency)


@pytest.mark.parametrize("text", IDIOMS)
def test_an_idiom_of_how_bad_a_matter_is_is_no_hazard(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.hazard is None, (text, result.hazard)


def test_a_thing_that_may_blow_up_is_still_a_hazard_told_as_a_worry(
    engine: EmbeddedEngine,
) -> None:
    text = "煤气罐就摆在人行道上 说不定哪天就炸了"
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.hazard == "worry", text


@pytest.mark.parametrize(("text", "service"), TWINS)
def test_near_twins_stay_emergencies(engine: EmbeddedEngine, text: str, service: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[0] == service, (text, told)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("刚才说的坑在中华路", "坑在中华路"),
        ("还有 俺叫王建设", "俺叫王建设"),
        ("刚才说话不利索 嘴歪了", "刚才说话不利索 嘴歪了"),  # speech, not the conversation
        ("里面还有 人没出来", "里面还有 人没出来"),  # not a supplement's opening
    ],
)
def test_words_about_the_conversation_are_blanked_and_the_rest_kept(text: str, kept: str) -> None:
    out = literal(text)
    assert len(out) == len(text)
    assert out.strip() == kept, out


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("俺叫刘大妮", True),
        ("名字写王建设 电话13853005252", True),
        ("我是张三 家里老人三天没吃饭了 联系不上", False),
    ],
)
def test_contact_only(text: str, only: bool) -> None:
    assert contact_only(text) is only
