"""Trial 9 F03: a role word with its office or household before it (小区保安队长,
村支部书记, 物业公司经理, 隔壁邻居家老二) and 叫 or 是 before the name: the name is masked in
public answers like 「物业经理叫孙大海」 (-> 孙**). A role word whose reading failed must not
swallow the name that follows it."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the trial's Open311 description
        ("路灯坏了 小区保安队长叫钱大勇 不管事", "路灯坏了 小区保安队长叫钱** 不管事"),
        # the same kind, inputs not tuned on
        ("小区保安队长钱大勇不让进", "小区保安队长钱**不让进"),
        ("村支部书记叫刘德华 一直不给办", "村支部书记叫刘** 一直不给办"),
        ("物业公司经理是孙大海 电话也不接", "物业公司经理是孙** 电话也不接"),
        ("隔壁邻居家老二叫赵小军 天天半夜放音乐", "隔壁邻居家老二叫赵** 天天半夜放音乐"),
        ("楼下饭店老板娘叫周丽萍", "楼下饭店老板娘叫周**"),
        ("城管执法中队队长是吴志刚", "城管执法中队队长是吴**"),
        ("俺村的会计叫马小红 账目不公开", "俺村的会计叫马** 账目不公开"),
        ("物业保洁组组长叫郑秀梅", "物业保洁组组长叫郑**"),
        ("对门邻居家的儿子叫韩磊 天天砸门", "对门邻居家的儿子叫韩* 天天砸门"),
        ("社区网格员是冯丽", "社区网格员是冯*"),
        # a name right after the role word is never taken for "whose" (户主 + 王建军是…)
        ("户主王建军是退休教师", "户主王**是退休教师"),
        ("村长赵明辉才叫会计来对账", "村长赵**才叫会计来对账"),
        # the name's own role after it ends the name (吴刚书记)
        ("办公室主任是吴刚书记的亲戚", "办公室主任是吴*书记的亲戚"),
    ],
)
def test_a_name_after_a_role_phrase_is_masked_in_public_answers(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    "text",
    [
        "物业经理是新来的 啥也不管",
        "保安队长是个好人",
        "小区保安队长不管事",
        "村支部书记是谁俺也不知道",
        "隔壁邻居家老二天天放音乐",
        "物业公司经理说下周来修",
        "队长是说过要修",
        "业主是符合条件的",
        "俺孩子是符合政策的",
    ],
)
def test_a_role_phrase_without_a_name_is_left_as_written(text: str) -> None:
    assert mask_text(text, public=True) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我 王强", "我 王*"),
        ("俺，李秀英", "俺，李**"),
        ("我：欧阳小梅", "我：欧阳**"),
        ("俺　张 建 国", "俺 张 * *"),  # the ideographic space folded, as everywhere
        ("我 赵刚。", "我 赵*。"),
    ],
)
def test_a_name_after_i_alone_is_masked(text: str, masked: str) -> None:
    # the whole message is the name after 我/俺: in logs, unit views and public answers
    assert mask_text(text) == masked
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    "text", ["我 马上到", "俺 周一去的", "我 高兴", "我，不留名", "我 王强说的不对 路灯还是坏的"]
)
def test_i_and_a_word_are_left_as_written(text: str) -> None:
    assert mask_text(text) == text
