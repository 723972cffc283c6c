"""Matters located outside Heze (issue 11): the NLU result names the place, so the
dialogue can tell the citizen which hotline to call (第十三条(六))."""

from __future__ import annotations

import pytest

from nlu.address import default_gazetteer
from nlu.engine import EmbeddedEngine
from nlu.territory import outside_city, place_outside

# (message, the place outside Heze it names)
OUTSIDE = [
    ("俺是河南商丘睢阳区的 俺们小区停水三天了", "河南省商丘市睢阳区"),
    ("济南市历下区泉城路有个饭店乱收费", "山东省济南市历下区"),
    ("俺在河南兰考县城买的房子 开发商不给办证", "河南省开封市兰考县"),  # county: city found
    ("在江苏徐州打工 老板三个月没发工资", "江苏省徐州市"),  # short names in a row
    ("俺在北京市打工 工钱不给结", "北京市"),
    ("俺家在安徽省 村里的路没人修", "安徽省"),
    ("郑州市金水路有个井盖没了", "河南省郑州市"),  # a single city with more address
    ("山东聊城的小区物业不管事", "山东省聊城市"),  # another city of the same province
]

# (message): not clearly outside Heze
NOT_OUTSIDE = [
    "去济南看病 医院乱收费",  # a trip there
    "上周到商丘市走亲戚 回来路上车坏了",
    "北京路上的路灯坏了",  # Heze streets and estates named after cities
    "上海花园小区停电了",
    "长江路与人民路路口堵车",
    "我是浙江温州人 在这边做生意",  # a person's origin
    "俺是商丘的",  # a short name alone
    "老城区的路坑坑洼洼",  # a district name that is also a word
    "北京、上海都有这个政策 咱这啥时候有",  # a comparison
    "山东省的政策是啥",  # Heze's own province
    "暖气不热",
]


@pytest.mark.parametrize(("text", "place"), OUTSIDE)
def test_a_matter_outside_heze_is_named(text: str, place: str) -> None:
    assert default_gazetteer().resolve(text) is None
    assert place_outside(text) == place


@pytest.mark.parametrize("text", NOT_OUTSIDE)
def test_trips_streets_origins_and_mentions_are_not_outside(text: str) -> None:
    assert place_outside(text) is None


def test_the_city_for_the_triage_wording() -> None:
    assert outside_city("俺是河南商丘睢阳区的 俺们小区停水三天了") == "商丘"
    assert outside_city("俺家在安徽省") is None  # a province names no city
    gaz = default_gazetteer()
    assert gaz.outside("俺是河南商丘睢阳区的 俺们小区停水三天了") == "商丘"
    assert gaz.outside("济宁市任城区有人占道") == "济宁"
    assert gaz.outside("去济南市看病 医院乱收费") is None


def test_nlu_result_carries_the_place_outside(engine: EmbeddedEngine) -> None:
    found = engine.parse("俺是河南商丘睢阳区的 俺们小区停水三天了")
    assert found.territory is None
    assert found.place_outside == "河南省商丘市睢阳区"
    assert engine.parse("济南市历下区我们小区停水了").place_outside == "山东省济南市历下区"
    # a Heze place or 菏泽 keeps the matter here
    assert engine.parse("我在菏泽曹县，济南市的亲戚家停水了").place_outside is None
    assert engine.parse("单县北城街道停水了 俺是河南商丘人").place_outside is None
    assert engine.parse("去济南看病 医院乱收费").place_outside is None
