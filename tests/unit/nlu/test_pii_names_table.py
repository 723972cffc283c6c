"""trial10 N04: names told with no cue word, read from the words around them, and the
look-alikes that name no one (Heze places, public figures, ordinary words): the table of
``pii_names_rows.py`` scored whole, and the kinds the trial left open."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text
from tests.unit.nlu.pii_names_rows import score


def _public(text: str) -> str:
    return mask_text(text, public=True)


def test_the_table_recall_and_precision() -> None:
    # measured 0.978 / 0.978 (bench/pii_names_eval.py); before the change 0.565 / 0.684
    s = score(_public)
    assert s.recall >= 0.95
    assert s.precision >= 0.95


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the trial's: after 俺们村 with a nickname, framed by 隔壁 and 家
        ("俺们村王老五天天往河里倒垃圾", "俺们村王**天天往河里倒垃圾"),
        ("隔壁杨树林家的狗天天叫", "隔壁杨**家的狗天天叫"),
        # the same kinds, other words
        ("俺们庄的田老七天天往路上扔砖头", "俺们庄的田**天天往路上扔砖头"),
        ("咱村的牛三妮家占了俺的宅基地", "咱村的牛**家占了俺的宅基地"),
        ("楼下的杨树根家天天剁排骨", "楼下的杨**家天天剁排骨"),
        ("居委会的葛凤霞说这事不归她管", "居委会的葛**说这事不归她管"),
        ("村东头的邢满仓天天在路边烧塑料", "村东头的邢**天天在路边烧塑料"),
        # surnames the NLU's table lacks
        ("楼上傅小军天天半夜蹦迪", "楼上傅**天天半夜蹦迪"),
        ("隔壁阎春花家的狗见人就咬", "隔壁阎**家的狗见人就咬"),
        ("楼下的洪德明家装修不办手续", "楼下的洪**家装修不办手续"),
    ],
)
def test_names_after_where_the_person_lives(text: str, masked: str) -> None:
    assert _public(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        # public figures (the trial's 马克思说), in the dictionary as persons
        "马克思说",
        "曹操说过 宁教我负天下人",
        "孟子说 民为贵",
        # ordinary words of the dictionary opening with a surname character
        "黄豆天天涨价",
        "钱包说丢就丢",
        "毛衣说脏就脏",
        "洪水天天往院里漫",
        "燕子天天在房檐下做窝",
        "柏油路天天有人挖",
        # Heze places named with no place word after them (徐海村, 孙老家镇)
        "徐海家家户户都停水",
        "孙老家天天停电",
    ],
)
def test_look_alikes_stay_readable(text: str) -> None:
    assert _public(text) == text
