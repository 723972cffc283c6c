"""A one-character suffix that begins a noun of the matter is not a place's suffix (trial9
N06: 「定陶区 滨河街道 陈集社区 路灯坏了」 gave the place 「定陶区滨河街道陈集社区路」, the
路 of 路灯 eaten into the place).

A village or community that the gazetteer does not know is read by its suffix (村, 社区)
unless a road named after it follows (李庄村路, 张楼村东街); 路灯, 路面, 路况, 路边摊, 街灯 are
not such a road: the village ends before them, and they are the matter. Tables of
(message, county, township, the words below the township: village and detail).
"""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from tests.unit.nlu.places import assert_found_below, spanned, words_below

# a village or community the gazetteer does not know, then a matter noun beginning with
# the suffix of a road (路/街)
MATTER_AFTER_VILLAGE = [
    ("定陶区 滨河街道 陈集社区 路灯坏了", "定陶区", "滨河街道", "陈集社区"),  # the trial's
    ("曹县 普连集镇 郭楼村 路面坏了", "曹县", "普连集镇", "郭楼村"),
    ("巨野县麒麟镇后进村路灯不亮好几天了", "巨野县", "麒麟镇", "后进村"),
    ("郓城县 唐塔街道 水浒社区 路面塌了个大坑", "郓城县", "唐塔街道", "水浒社区"),
    ("郓城县黄安镇 张集村路边摊占道经营", "郓城县", "黄安镇", "张集村"),
    ("鄄城县旧城镇李楼村街灯一到晚上就灭", "鄄城县", "旧城镇", "李楼村"),
    ("东明县 城关街道 黄河社区路牙子全碎了", "东明县", "城关街道", "黄河社区"),
]


@pytest.mark.parametrize(("text", "county", "township", "below"), MATTER_AFTER_VILLAGE)
def test_a_matter_noun_after_a_village_is_not_its_road(
    text: str, county: str, township: str, below: str
) -> None:
    for found in (find_address(text), parse_address(text)):
        assert (found.county, found.township, words_below(found)) == (county, township, below)


# the same words after an estate or a township: the place ends before them (held already)
MATTER_AFTER_ESTATE = [
    ("牡丹区 西城街道 阳光小区 街灯不亮", "牡丹区", "西城街道", "阳光小区"),
    ("单县 浮岗镇 路边摊占道", "单县", "浮岗镇", None),
    ("曹县 青菏街道 万福小区 楼道灯坏了", "曹县", "青菏街道", "万福小区"),
]


@pytest.mark.parametrize(("text", "county", "township", "below"), MATTER_AFTER_ESTATE)
def test_a_matter_noun_after_an_estate_or_township_stays_out(
    text: str, county: str, township: str, below: str | None
) -> None:
    assert_found_below(text, county, township, below)


# a road named after a village stays a road; a named road before 路灯 keeps its 路
ROADS = [
    ("曹县 普连集镇 郭楼村路口有个大坑", "曹县", "普连集镇", "郭楼村路口"),
    ("牡丹区 北城街道 长江路 路灯坏了", "牡丹区", "北城街道", "长江路"),
    ("单县 园艺街道 幸福路路灯不亮", "单县", "园艺街道", "幸福路"),
    ("定陶区 天中街道 杜堂村东街 垃圾没人清", "定陶区", "天中街道", "杜堂村东街"),
]


@pytest.mark.parametrize(("text", "county", "township", "below"), ROADS)
def test_a_road_named_after_a_village_stays_a_road(
    text: str, county: str, township: str, below: str
) -> None:
    assert_found_below(text, county, township, below)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("陈集社区路灯坏了好几天了", "陈集社区"),
        ("后张庄社区路面坏了没人修", "后张庄社区"),
    ],
)
def test_the_span_of_a_village_stops_before_the_matter(text: str, span: str) -> None:
    assert spanned(text) == span
