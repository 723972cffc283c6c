"""Gazetteer.outside with its prefilter (issue 16): the same answer as trying every other
city's name with 市, for texts with and without 市; resolve() no longer computes it."""

from __future__ import annotations

import pytest

from nlu.address import _TRIP_RE, Gazetteer, default_gazetteer, find_address
from nlu.territory import outside_city

TEXTS = [
    "济宁市任城区有人占道",
    "我在济南市历下区上班，单位拖欠工资",
    "去济南市看病，报销不了",
    "到青岛市走亲戚，路上车坏了",
    "临沂市兰山区的快递丢了",
    "河南商丘睢阳区的小区停水三天了",
    "北京路上的路灯坏了",
    "上海花园小区电梯坏了",
    "郑州市金水区的房子漏水",
    "小区门口的路灯坏了一个多月了",
    "我是聊城人，住在牡丹区",
    "市场监管局不管过期食品",
    "市里的公交车太挤了",
    "",
    "德州扒鸡店卫生不好，在德州市德城区",
]


def _unfiltered(gaz: Gazetteer, text: str) -> str | None:
    """Gazetteer.outside as it was before the prefilter."""
    for city in gaz.other_cities:
        pos = text.find(city + "市")
        if pos >= 0 and not _TRIP_RE.search(text[max(0, pos - 4) : pos]):
            return city
    return outside_city(text)


@pytest.mark.parametrize("text", TEXTS)
def test_outside_is_unchanged_by_the_prefilter(text: str) -> None:
    gaz = default_gazetteer()
    assert gaz.outside(text) == _unfiltered(gaz, text)


def test_every_other_city_is_still_found_with_and_without_its_suffix() -> None:
    gaz = default_gazetteer()
    for city in gaz.other_cities:
        for text in (f"我家在{city}市，那边的路坏了", f"{city}市某区停电", f"俺在{city}上班"):
            assert gaz.outside(text) == _unfiltered(gaz, text)
        assert gaz.outside(f"我家在{city}市，那边的路坏了") == city


def test_resolve_reads_the_heze_place_only() -> None:
    gaz = default_gazetteer()
    assert gaz.resolve("济宁市任城区有人占道") is None
    assert find_address("济宁市任城区有人占道").outside == "济宁"
    assert find_address("济宁市任城区有人占道", gaz, outside=False).outside is None
    found = gaz.resolve("牡丹区西城街道的路灯坏了")
    assert found is not None
    assert found.county == "牡丹区"
