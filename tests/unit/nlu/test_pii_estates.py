"""Trial 9 F22: one rule for an estate's name in public answers, whatever comes before it.
「住址牡丹区西城街道阳光小区3号楼2单元301」 gave 「**小区*号楼*单元***」 while 「俺家在东方红
小区12栋502室」 gave 「东方红小区**栋***室」: an estate's name with the building and room is
a home address, and the public answer masks the estate's name like the building and room
(docs/security.md "Public answers"), after 在, 俺们, 是 … as after a township."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the trial's two inputs, now alike
        ("俺家在东方红小区12栋502室", "俺家在***小区**栋***室"),
        ("住址牡丹区西城街道阳光小区3号楼2单元301", "住址牡丹区西城街道**小区*号楼*单元***"),
        # the same kind, other words before the estate
        ("俺们幸福家园3号楼楼道灯不亮", "俺们**家园*号楼楼道灯不亮"),
        ("我是金色华府的业主 物业乱收费", "我是**华府的业主 物业乱收费"),
        ("俺住到锦绣花园5栋2单元了", "俺住到**花园*栋*单元了"),
        ("咱龙湖小区门口的井盖没了", "咱**小区门口的井盖没了"),
        ("俺家东城名苑8号楼漏水", "俺家**名苑*号楼漏水"),
        ("孩子住在书香家园小区3号楼", "孩子住在****小区*号楼"),
        ("投诉绿城小区5号楼底商油烟", "投诉**小区*号楼底商油烟"),
        ("我在城北花苑 3栋 住", "我在**花苑 *栋 住"),
    ],
)
def test_an_estate_name_is_masked_whatever_comes_before_it(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked
    assert mask_text(text) == text  # units and the centre keep the exact spot


@pytest.mark.parametrize(
    "text",
    [
        "俺家在一个老小区 没有物业",
        "在附近小区都停水了",
        "俺们小区的路灯坏了",
        "是别人小区的车占了俺们的车位",
        "在自己小区里遛狗也不行",
        "俺家在同一个小区",
        "这是什么小区 连个路灯都没有",
        "街道正在创建文明小区",
        "物业公司在管理小区方面不作为",
    ],
)
def test_words_that_say_which_kind_of_estate_stay(text: str) -> None:
    assert mask_text(text, public=True) == text
