"""False alarms of the ninth round (issue 11, 第十三条(一)), kind by kind: ordinary appeals
that merely share an emergency's words must get no 110/119/120/122, and their near twins,
emergencies told in new words, must still be caught.

Kinds: a danger told as over or as a lasting hazard (trial7 F15: a bridge half collapsed,
nobody dares cross it: an appeal to repair it, not a rescue); a child picked up by family
(接走) read as an abduction; water boiled (烧开) read as fire; a card asked about (卡在哪办)
read as someone stuck; a business closed with the owner unreachable read as a missing
person; a repairman or the power "到现在还没来" read as someone not back; a worry that
a thing might hit someone (砸着孩子咋办); rubbish dumped (倒了一堆) read as a collapse.
A stumble only just avoided (差点绊倒) is no fall; "差点摔倒" is not mended this round
(every wording tried for it cost a held-out emergency).

The sentences were written for these tests and are in no training file nor in a
development or blind set (a test checks the training files).
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import (
    assert_no_number,
    assert_not_in_training,
    assert_number_told,
    numbers_told,
)

#: trial7 F15 (docs/trials/2026-12-02-trial7.md), word for word.
F15 = "鄄城县旧城镇 俺村那个桥塌了一半 人都不敢走了"

# kind → ordinary appeals that share an emergency's words
ORDINARY: dict[str, list[str]] = {
    "hazard_over": [
        F15,
        "俺庄南头那座小桥塌了半边 现在车都不敢过了",
        "村口的石桥塌了一半 大伙都不敢从上面走 得绕好远",
        "河上那个便桥塌了一块 人都不敢过了 啥时候修",
    ],
    "pickup": [
        "把他家孩子接走了",
        "俺闺女接走了",
        "放学的时候他奶奶把孩子接走了 俺想问问托管费咋退",
        "幼儿园说孩子已经让他爸接走了 俺就是问问接送卡咋办",
    ],
    "boiled": [
        "小区的自来水浑得很 烧开了壶底一层白垢",
        "这几天的水烧开了还有股怪味 这水还能喝吗",
    ],
    "card_where": [
        "老年卡在哪办 要带啥材料",
        "俺爹八十了 敬老卡在哪里办",
    ],
    "shop_closed": [
        "理发店突然关门了 办的卡还有两千 老板电话打不通",
        "培训班突然不开了 老板的电话也打不通 学费退不了",
    ],
    "not_come": [
        "修水管的说上午来 到现在还没来",
        "从中午停水 到现在还没来",
    ],
    "near_miss": [
        "路上的地砖翘起来了 俺差点绊倒",
        "小区门口的减速带螺丝掉了 老人走路差点绊了一跤",
    ],
    "what_if": [
        "公园的秋千链子快断了 砸着孩子咋办",
        "小区健身器材的零件都掉下来了 砸着老人咋办",
    ],
    "dumped": [
        "河边上不知道谁倒了一堆渣土 路都窄了",
        "有人往沟里倒了一大堆垃圾 臭得很",
    ],
}

# kind → [(an emergency in new words, the number that must be among those told)]
EMERGENCIES: dict[str, list[tuple[str, str]]] = {
    "hazard_over": [
        ("村口的桥塌了一半 有个骑车的掉下去了 在水里扑腾", "119"),
        ("桥刚塌了 压着人了 快来人", "119"),
    ],
    "pickup": [
        ("一个不认识的男的把俺孩子从学校接走了 老师也不知道是谁", "110"),
        ("有人冒充亲戚把孩子从幼儿园接走了 现在找不到人", "110"),
    ],
    "boiled": [("厨房锅烧干了 冒黑烟 火着起来了", "119")],
    "card_where": [("俺孩子的手卡在电梯门缝里了 拔不出来", "119")],
    "shop_closed": [("俺爹早上出门到现在没回来 电话也打不通 他有老年痴呆", "110")],
    "not_come": [("俺娘到现在还没回来 她记性不好 天都黑了", "110")],
    "near_miss": [("俺娘在台阶上绊倒了 起不来了 头上流血", "120")],
    "what_if": [("广告牌掉下来砸着人了 人躺地上流血", "120")],
    "dumped": [("墙倒了 压着人了 快来人", "119")],
}


@pytest.mark.parametrize("text", [t for texts in ORDINARY.values() for t in texts])
def test_ordinary_appeals_sharing_the_words_are_nonumbers_told(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)


@pytest.mark.parametrize(
    ("text", "service"),
    [pair for pairs in EMERGENCIES.values() for pair in pairs],
)
def test_each_near_twin_is_an_emergency_with_its_number(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    assert_number_told(engine, text, service)


def test_f15_a_half_collapsed_bridge_is_an_appeal_not_a_transfer(
    engine: EmbeddedEngine,
) -> None:
    result = engine.parse(F15)
    assert numbers_told(result) is None, result.triage
    assert result.category is not None


def test_these_sentences_are_not_training_data() -> None:
    ours = [t for texts in ORDINARY.values() for t in texts]
    ours += [t for pairs in EMERGENCIES.values() for t, _ in pairs]
    assert_not_in_training(set(ours))
