"""trial12 P08: a name after a cue the masker does not know was published (「已联系赵红梅」,
「有事找刘桂芝」). Public text masks names whatever precedes them (:mod:`nlu.pii_bare`),
and ordinary words that open with a surname character stay readable."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # the trial's texts: a unit's reply and an Open311 description
        (
            "经核查，已联系赵红梅（电话13953007722）上门劝导",
            "经核查，已联系赵**（电话139****7722）上门劝导",
        ),
        (
            "赵红梅反映：孙德福老人家门口的路灯坏了半个月，有事找刘桂芝，手机13853001111",
            "赵**反映：孙**老人家门口的路灯坏了半个月，有事找刘**，手机138****1111",
        ),
        # the same kind: a name after a verb, before a title, in a list
        ("已通知孔令君到场处理", "已通知孔**到场处理"),
        ("材料已交给马桂英，请等候答复", "材料已交给马**，请等候答复"),
        ("告诉李建国了，他说明天来", "告诉李**了，他说明天来"),
        ("张卫东同志已上门核实", "张**同志已上门核实"),
        ("马文华、周建华和郭长海都签了字", "马**、周**和郭**都签了字"),
        ("此事由王强负责", "此事由王*负责"),
        ("请钱大勇与社区对接", "请钱**与社区对接"),
        ("请联系刘天明核实", "请联系刘**核实"),
        ("材料交给欧阳娜娜了", "材料交给欧阳**了"),  # a compound surname kept whole
        ("通知郭长海、王秀芝到场", "通知郭**、王**到场"),
    ],
)
def test_a_name_is_masked_in_public_text_whatever_precedes_it(text: str, shown: str) -> None:
    assert mask_text(text, public=True) == shown
    # masked twice (the order store, then the public page): no more and no less
    assert mask_text(shown, public=True) == shown


@pytest.mark.parametrize(
    "text",
    [
        "王府井 高新区 黄河路 周边 方便",
        "成武县 曹县 单县 郓城县 鄄城县 东明县 巨野县 定陶区",
        "对方一直不给钱，工钱被拖欠三个月",
        "行李放在门口，如何解决",
        "高空抛物很严重，请提高警惕",
        "门口的路被人把路堵了，村里也没钱修",
        "8路车改线后，100米范围内没有站牌",
        "胡厅长、陈书记和王女士都来看过",
        "为子孙后代着想，马上整改，谢谢",
        "请工作人员尽快处理，一段时间内答复",
        "每天都有人在白天施工，周边商户意见很大",
        "高新区管委会说黄河路和人民路交叉口要改造",
    ],
)
def test_words_that_open_with_a_surname_stay(text: str) -> None:
    assert mask_text(text, public=True) == text


def test_texts_the_unit_sees_keep_the_name() -> None:
    # units and the centre need the person; only public answers hide the name
    assert "赵红梅" in mask_text("经核查，已联系赵红梅上门劝导")
