"""Nineteenth emergency round (第十三条(一), issue 11): numbers told for ordinary messages, and
kinds missed. Each kind's reported input beside near twins written for this round.

False alarms (no number told): the citizen's own call or chat cut off ("俺电话断了":
``nlu.emergency_figures._LINE``); a name told ("俺闺女姓韩", "俺爹叫孙血":
``_NAMED``); dangerous traffic told as a standing danger or with a request for management
("大货车跑得飞快 孩子上学危险": the state floor's ``framed_by`` and the model's bar,
:data:`nlu.emergency._STANDING`); a past fire, flood or accident behind a request for
improvement ("起火那会儿消防车进不来 想让拓宽": ``nlu.triage_rules.PAST_CONTEXT``, the
``past`` and ``fix`` concepts); a card or an identity misused, found out afterwards
("社保卡被冒用"): never a number, never the fire line. A short text naming no danger is
never an alarm of the model alone (:data:`nlu.emergency.SHORT_CHARS`).

Missed: a battery hot, smoking or alight is 119 (``battery_hot``); someone fallen down a
well, a manhole, a sewer or a pit is 119 and 120 (``fell_in``). Each beside twins that
stay what they are (a swollen battery to replace, a phone dropped down a drain, a lorry
that just hit someone, a missing child whose phone does not answer).
"""

from __future__ import annotations

import pytest

from nlu.emergency import NEVER, model_threshold
from nlu.emergency_figures import literal, unnamed
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import (
    assert_no_number,
    assert_not_in_training,
    assert_number_told,
    numbers_told,
)

#: Kind 1: the citizen's call or chat cut off, or the hotline not getting through.
LINE = [
    "俺刚才那个电话断了 接着说",  # reported
    "俺电话断了",  # reported
    "俺这手机信号不行 刚才掉线了",
    "刚才断线了 俺再从头说一遍",
    "喂 电话咋断了 恁还能听见俺说话吗",
    "打不通12345 打了七八遍才打进来",
    "网络中断了 刚才说到哪了",
    "刚才没信号了 俺接着说那个路灯的事",
    "视频断了 俺改成打字说",
]

#: Kind 2: the citizen or kin introduced by name or surname.
NAMES = [
    "俺闺女姓韩",  # reported
    "俺儿子叫张伤",
    "我爹叫孙血",
    "俺媳妇姓焦",
    "俺叫王火旺",
    "俺孙子叫李炎",
    "俺老伴姓刘 叫刘大伤",
    "我姓吴 口天吴",
    "俺对象叫赵救国",
]

#: Kind 3: habitual dangerous traffic, an appeal for management (the safety line at most).
STANDING = [
    "学校门口 大货车跑得飞快 孩子上学危险",  # reported
    "小学门口渣土车天天跑得飞快 学生过马路太危险了",
    "俺村口那条路大车开得飞快 老人孩子过路危险 想装个减速带",
    "幼儿园门口老有车开得飞快 太危险了 能不能管管",
    "这段路上货车都跑得飞快 想让交警来限个速",
]

#: Kind 4: a past fire, flood or accident recounted behind a request for improvement.
PAST = [
    "起火那会儿消防车进不来 想让拓宽",  # reported
    "那回着火 消防车堵在巷子口进不来 希望把路修宽点",
    "之前发大水的时候 村里淹了好几家 想让修个排水沟",
    "上次有人在这个路口出了车祸 建议装个红绿灯",
    "那年有个孩子掉河里了 想让河边装个护栏",
    "那会儿俺庄着火 水管子接不上 希望村里装个消防栓",
]

#: Kind 5: a card or an identity misused, found out afterwards.
MISUSED = [
    "社保卡被冒用",  # reported
    "俺的社保卡叫人冒用了 去药店才知道",
    "我的身份证被人冒用注册了公司",
    "医保卡被人冒用开了药 想查查",
    "有人冒用我的名字办了手机卡",
    "俺爹的养老金被人冒领了好几个月",
    "银行卡叫人冒名开了户 想问问咋办",
]

#: Kind 8: short texts naming no danger.
SHORT = [
    "恁好啊 同志",
    "在不在啊",
    "俺想问个事",
    "恁好 俺是牡丹区的",
    "喂 有人吗",
    "俺家那口子",
    "中 那就这样",
]

#: Kind 6: a battery hot, smoking or alight: 119.
BATTERY = [
    "电动车电瓶鼓包发烫",  # reported
    "电瓶车电池鼓起来了 烫手",
    "俺家电动车的电瓶冒烟了",
    "楼道里充电的电瓶鼓包了 还一股焦味",
    "充电宝鼓了 摸着滚烫",
    "电动车电池在屋里充着电 鼓得变形了 滋滋响",
    "三轮车的电瓶发烫冒白烟",
]

#: Kind 7: someone fallen down a well, a manhole, a sewer or a pit: 119 and 120.
FELL_IN = [
    "有人掉井里了",
    "孩子掉进窨井了",
    "老人掉下水道里了",
    "俺家孩子掉枯井里了",
    "有个小孩掉到污水井里去了",
    "俺爹下地窖拿红薯 掉进地窖里了 喊不答应",
    "工地上有个工人掉进坑里了 爬不上来",
]

#: Twins that are no emergency: a swollen battery to replace, a thing down a drain.
NOT_EMERGENCY = [
    "俺家电动车电瓶鼓包了 售后不给换",
    "电瓶鼓包了是不是该换了",
    "手机掉下水道里了",
    "俺家的羊掉枯井里了",
]

#: Twins that stay emergencies (the number told): the danger going on now, a name beside
#: a fire, a missing child whose phone does not answer.
STILL_EMERGENCY = [
    ("正在飙车 好几辆摩托在学校门口来回窜 太危险了", "122"),
    ("一辆大货车开得飞快 刚把一个骑车的撞倒了", "122"),
    ("俺叫李火生 俺家厨房着火了", "119"),
    ("俺叫人打了 那几个人还在后头撵俺", "110"),
    ("俺孩子放学到现在没回家 电话也打不通", "110"),
]

ALL_LINES = (
    LINE + NAMES + STANDING + PAST + MISUSED + SHORT + BATTERY + FELL_IN + NOT_EMERGENCY
) + [t for t, _ in STILL_EMERGENCY]


def test_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training(set(ALL_LINES))


@pytest.mark.parametrize("text", LINE + NAMES + PAST + SHORT + NOT_EMERGENCY)
def test_no_number_and_no_safety_line(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is None, (text, result.emergency)


@pytest.mark.parametrize("text", STANDING)
def test_standing_traffic_danger_is_an_appeal(engine: EmbeddedEngine, text: str) -> None:
    """The safety line at most, never a number told."""
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize("text", MISUSED)
def test_misuse_found_afterwards_is_never_fire(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    found = result.emergency
    assert found is None or "119" not in found.services, (text, found)


@pytest.mark.parametrize("text", BATTERY)
def test_a_battery_hot_or_smoking_is_119(engine: EmbeddedEngine, text: str) -> None:
    assert_number_told(engine, text, "119")


@pytest.mark.parametrize("text", FELL_IN)
def test_someone_down_a_well_is_119_and_120(engine: EmbeddedEngine, text: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert {"119", "120"} <= set(told), (text, told)


@pytest.mark.parametrize(("text", "service"), STILL_EMERGENCY)
def test_twins_stay_emergencies(engine: EmbeddedEngine, text: str, service: str) -> None:
    assert_number_told(engine, text, service)


@pytest.mark.parametrize("text", ["俺闺女姓韩", "俺电话断了", "恁好 俺是牡丹区的"])
def test_short_text_without_danger_has_no_model_bar(text: str) -> None:
    assert model_threshold(literal(unnamed(text))) == NEVER


def test_the_passive_and_another_phone_are_kept() -> None:
    """The dialect's passive 叫 and a missing person's phone are read as they are."""
    for text in ("他叫车撞了", "俺叫人打了", "孩子叫狗咬了", "老头倒了 叫也不应"):
        assert unnamed(text) == text
    assert literal("孩子电话打不通 到现在没回家") == "孩子电话打不通 到现在没回家"
    assert "姓韩" not in unnamed("俺闺女姓韩")
    assert "断了" not in literal("俺电话断了")
