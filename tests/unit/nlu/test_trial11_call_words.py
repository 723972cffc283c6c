"""What a call-taker writes and a caller says (trial11 N02, N07): the call-taker's
「来电人反映」 is no power matter, a dialect 「俺叫周建华」 is the caller's name (俺叫人骗了
is not), and 「一个来月」 (来 as 多: about) says since when."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.entities import extract


@pytest.mark.parametrize(
    "text",
    [
        "来电人反映：牡丹区牡丹街道桂陵社区北门的下水道堵了一个月，污水漫到路上",
        "来电者称小区门口的下水道堵了，污水漫到路上",
        "市民来电反映楼下的下水道返水，一楼都淹了",
        "群众来电咨询，小区的污水井冒水好几天了",
    ],
)
def test_the_call_takers_words_are_no_power_matter(engine: EmbeddedEngine, text: str) -> None:
    category = engine.parse(text).category
    assert category is not None
    assert category.unit_type != "utility:power", category


@pytest.mark.parametrize("text", ["停电一天了，啥时候来电", "俺村昨天晚上停的电，到现在还没来电"])
def test_the_power_back_is_still_power(engine: EmbeddedEngine, text: str) -> None:
    category = engine.parse(text).category
    assert category is not None
    assert category.unit_type == "utility:power"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("俺叫周建华 电话是幺三八五三零零四四六六", "周建华"),
        ("俺叫刘桂芝，手机13853001122", "刘桂芝"),
        ("俺叫王建设", "王建设"),
    ],
)
def test_a_dialect_name_is_the_callers_name(text: str, name: str) -> None:
    assert [e.value for e in extract(text) if e.type == "name"] == [name]


@pytest.mark.parametrize("text", ["俺叫人骗了三千块钱", "俺叫车撞了 腿都肿了", "俺叫狗咬了一口"])
def test_the_dialect_passive_is_no_name(text: str) -> None:
    assert [e for e in extract(text) if e.type == "name"] == []


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("俺们万福小区门口那个下水道堵了得有一个来月了", "一个来月"),
        ("路灯坏了十来天了", "十来天"),
        ("楼上漏水漏了半个来月", "半个来月"),
        ("这条路修了二十来天了还没修完", "二十来天"),
    ],
)
def test_about_a_month_says_since_when(text: str, since: str) -> None:
    found = [e.value for e in extract(text) if e.type == "since"]
    assert len(found) == 1, found
    assert since in found[0]
