"""Fifteenth emergency round (第十三条(一), issue 11): the false alarms the simulated dev sets
fresh6 and fresh8 showed in ordinary appeals, fixed by kind and tested on fresh paraphrases
(no dev line), each beside near twins that stay emergencies.

Kinds: a danger named only to deny it ("没打火 也没人靠近", "没人晕倒", "没人出事"): a
borderline case, the safety line and the intake goes on; a gas smell aired out with harm
denied; the smoke of a factory's emission or of open burning told as a habit; a
neighbour's poultry; "这回是…" introducing another matter; a thing about to fall with
nobody under it (a hazard line, no number); an outage of a service with nobody coming;
a protest the citizen plans; rubble (碎砖头) named as a thing, not a weapon. And a miss
of the same round: money demanded on the way with a blow threatened (截住…不给就打).
"""

from __future__ import annotations

import pytest

from nlu.emergency_denial import deny
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, numbers_told

#: Danger denied: a borderline case (safety line), never a transfer.
DENIED = [
    "大风把一根树杈刮下来挂在电线上了 没打火 也没人靠近 在村西头",
    "厨房边上闻着有点液化气味 俺把窗户都打开了 也没人出事 让燃气公司来瞅瞅",
    "化肥厂那边飘来一股刺鼻的味 熏得眼睛难受 没人晕倒 就是想让环保管管",
    "村口的变压器箱子门开着 没冒烟 也没人碰 让供电所来锁上",
]

#: Ordinary appeals of the round's kinds: no number told.
ORDINARY = [
    # a factory's smoke or open burning as a habit
    "那个砖厂每天夜里都往外排黑烟 熏得人直咳嗽 被子都不敢晒",
    "俺们这天天有人烧垃圾 烟大得对面都看不清",
    # a neighbour's poultry
    "隔壁在院子里养了一群鸡 天不亮就打鸣 鸡屎味往屋里飘",
    # another matter told at the same place
    "还是那个小区的事 这回是有人在楼道里养了几条大狗 天天叫 还咬人",
    # a thing about to fall, nobody under it
    "村头那根电线杆子叫拉货的车撞歪了 眼看要倒",
    "街边的广告牌让风刮得歪了 看着要倒 底下没人",
    # an outage with nobody coming
    "家里的宽带断了四天了 报修了也不见人来 孩子网课上不了",
    # a protest planned
    "俺们十几家说好了 后天一块去镇政府门口拉横幅 不给说法就不走",
    # rubble as a thing
    "补充一下 路边那个坑里还有碎砖头 上面也没盖东西",
]

#: Near twins: someone hurt, a fire burning, an attack now; each stays an emergency.
TWINS = [
    ("大风把树刮倒了 压在电线上 电线冒火了 有个人被电着了躺那不动", "119"),
    ("厨房里液化气味大得很 俺娘已经晕倒了 叫不醒", "119"),
    ("化工厂那边飘过来刺鼻的黄烟 俺家孩子晕倒了", "120"),
    ("屋里着火了 没人受伤 但是火越烧越大 快来", "119"),
    ("楼里着火了 不知道有没有人在里面 烟往外冒", "119"),
    ("俺爹摔倒了 叫他没反应 也没人在家", "120"),
    ("那个砖厂厂房这会儿着火了 火苗窜老高 里头还有工人", "119"),
    ("地里烧秸秆烧到林子了 树都着了 火往村里走", "119"),
    ("这回是真咬人了 那条狗正追着孩子咬 孩子腿上都是血", "110"),
    ("电线杆子倒了 砸着一个骑车的 人躺地上不动", "120"),
    ("几个人拿着砖头正在砸一个小伙子 满头是血", "120"),
    ("俺们在镇政府门口拉横幅 有人打起来了 有人头破了", "110"),
    # the miss of the round: money demanded on the way, a blow threatened
    ("孩子放学路上叫几个人截住了 要钱 不给就打", "110"),
]


@pytest.mark.parametrize("text", DENIED)
def test_a_danger_told_only_to_deny_it_gets_the_safety_line_not_a_number(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is not None, text
    assert result.emergency.level == "borderline", (text, result.emergency)


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_appeal_of_these_kinds_gets_no_number(
    engine: EmbeddedEngine, text: str
) -> None:
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize(("text", "service"), TWINS)
def test_a_near_twin_stays_an_emergency(engine: EmbeddedEngine, text: str, service: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert service in told, (text, told)


def test_a_thing_about_to_fall_with_nobody_under_it_is_a_hazard(engine: EmbeddedEngine) -> None:
    result = engine.parse("小区门口的路灯杆让三轮车撞歪了 眼看要倒")
    assert result.emergency is None
    assert result.hazard == "hazard"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("没冒火 也没人碰", ""),
        ("没人晕倒啥的", "啥的"),
        ("楼里着火了 不知道有没有人在里面", "楼里着火了 不知道有没有人在里面"),
        ("叫他没反应", "叫他没反应"),
        ("人还没出来", "人还没出来"),
        ("没注意着火了", "没注意着火了"),
    ],
)
def test_deny_blanks_only_a_denied_danger(text: str, kept: str) -> None:
    out = deny(text)
    assert len(out) == len(text)
    assert " ".join(out.split()) == kept
