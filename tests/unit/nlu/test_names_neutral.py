"""trial10 N10: a person's name (or phone number) in an appeal changes neither its
category nor its unit: the classifier reads the text without them (nlu.neutral), in
training and parse alike."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.neutral import without_people

#: (the appeal without a name, the same appeal with one), own wording.
PAIRS = [
    ("邻居家的狗天天在楼道里拉屎", "邻居张秀兰家的狗天天在楼道里拉屎"),
    ("隔壁家天天半夜唱歌 吵得睡不着", "隔壁王建国家天天半夜唱歌 吵得睡不着"),
    ("楼上装修到半夜 电钻响个不停", "楼上赵春生装修到半夜 电钻响个不停"),
    ("对门家的空调外机往俺窗台上滴水", "对门刘桂芝家的空调外机往俺窗台上滴水"),
    ("俺们村天天往河里倒垃圾", "俺们村王老五天天往河里倒垃圾"),
    ("老板欠俺三个月工资不给", "老板孙德福欠俺三个月工资不给"),
    ("小区门口的路灯坏了半个月了", "俺叫李秀英，小区门口的路灯坏了半个月了"),
    ("俺家自来水发黄 有股怪味", "俺家自来水发黄 有股怪味 俺叫周建华"),
    ("物业说下礼拜修电梯 到现在还没修", "物业的程建国说下礼拜修电梯 到现在还没修"),
    ("孩子在学校被老师打了", "孩子在学校被老师打了 我是孩子家长吴丽娟"),
    ("村支书把低保给了他亲戚", "村支书马长顺把低保给了他亲戚"),
    ("楼下烧烤店油烟太大 熏得没法开窗", "楼下烧烤店油烟太大 熏得没法开窗 联系人郑玉珍"),
    ("饭店老板卖过期的肉", "饭店老板钱广发卖过期的肉"),
    ("出租车司机多收钱 还不给发票", "出租车司机高志刚多收钱 还不给发票"),
    ("隔壁占了俺家的宅基地盖房子", "隔壁贺金锁占了俺家的宅基地盖房子"),
    ("工地半夜还在施工 噪音太大", "工地半夜还在施工 噪音太大 电话13853012345"),
    ("医院收费不合理 多收了检查费", "医院收费不合理 多收了检查费 医生韩立新开的单子"),
]


@pytest.mark.parametrize(("plain", "named"), PAIRS)
def test_a_name_changes_no_category(engine: EmbeddedEngine, plain: str, named: str) -> None:
    want = engine.classify(plain)[0]
    got = engine.classify(named)[0]
    assert (got.level1, got.level2, got.unit_type) == (want.level1, want.level2, want.unit_type)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("邻居张秀兰家的狗天天叫", "邻居家的狗天天叫"),
        ("俺叫王.秀.英 路灯坏了", "俺叫 路灯坏了"),
        ("欧阳娜娜女士反映噪音", "女士反映噪音"),
        ("电话138-5301-2345 路灯坏了", "电话 路灯坏了"),
        # words the dictionary reads stay: the matter is in them
        ("业主成功自治的小区", "业主成功自治的小区"),
        ("请求局长严查", "请求局长严查"),
        ("马克思说过", "马克思说过"),
    ],
)
def test_what_the_classifier_reads(text: str, read: str) -> None:
    assert without_people(text) == read
