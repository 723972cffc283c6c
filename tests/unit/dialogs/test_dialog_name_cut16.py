"""The citizen's name and its lead taken out of the matter (``dialogs.facts.matter_of``)
give the same text whichever way the name's pattern is built (issue 16: the costly
「我是…的 X」 part only when the text can match it; patterns kept in a bounded cache of
their own). The expected texts are those of the code before that change."""

from __future__ import annotations

import pytest

from dialogs import facts
from dialogs.expecting import Expecting
from dialogs.facts import matter_of

CASES: list[tuple[str, str | None, str | None, Expecting, str]] = [
    ("我叫王建军，小区门口路灯坏了一个星期", "王建军", None, "matter", "小区门口路灯坏了一个星期"),
    (
        "我是张庄的王建军，村里的路坑坑洼洼下雨没法走",
        "王建军",
        None,
        "matter",
        "村里的路坑坑洼洼下雨没法走",
    ),
    ("俺是东关的 李秀英 楼下饭店油烟太大", "李秀英", None, "matter", "楼下饭店油烟太大"),
    ("俺就是后街的，王 建 军，垃圾堆了半个月", "王建军", None, "contact", "垃圾堆了半个月"),
    ("姓宋，楼上装修天天砸墙", "宋", None, "contact", "楼上装修天天砸墙"),
    ("免贵姓宋 就是楼道灯不亮好几天了", "姓宋", None, "contact", "就是楼道灯不亮好几天了"),
    ("联系人：赵四，宽带老是断网", "赵四", None, "contact", "宽带老是断网"),
    ("王建军反映小区停水三天了", "王建军", None, "matter", "反映小区停水三天了"),
    (
        "老板拖欠工资，我是他们厂的工人孙德福",
        "孙德福",
        None,
        "matter",
        "老板拖欠工资，我是他们厂的工人",
    ),
    ("小区门口的垃圾没人清理", "王建军", None, "matter", "小区门口的垃圾没人清理"),
    ("从上个月开始的，路灯一直不亮", None, "上个月", "since", "从上个月开始的，路灯一直不亮"),
    ("打从前天就这样了", None, "前天", "since", ""),
    ("去年秋天以来 水压一直很低 我叫周敏", "周敏", "去年秋天", "since", ""),
    ("俺姓宋宋家庄的 村口桥塌了一半", "宋", None, "contact", "俺姓宋宋家庄的 村口桥塌了一半"),
]


@pytest.mark.parametrize(("text", "name", "since", "expecting", "matter"), CASES)
def test_the_matter_without_the_name(
    text: str, name: str | None, since: str | None, expecting: Expecting, matter: str
) -> None:
    assert matter_of(text, None, expecting, None, name, None, since, None) == matter
    # a second time, from the cache of compiled patterns: the same
    assert matter_of(text, None, expecting, None, name, None, since, None) == matter


def test_the_cache_of_name_patterns_is_bounded() -> None:
    for i in range(300):
        name = chr(0x4E00 + i) + "建军"
        matter_of(f"我叫{name}，路灯坏了", None, "matter", None, name, None, None, None)
    info = facts._compiled.cache_info()
    assert info.maxsize == 256
    assert info.currsize <= 256
