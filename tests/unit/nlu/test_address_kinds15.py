"""Where the citizen's detail was cut from the place (fresh7 kinds, places2 round).

Tables of (input, county, township, detail), wordings written for this round:

* a position word with 首 (路北首, 街西首: the north end) goes on with the road, and the
  named site after its 的 goes on with the place;
* a structure of a road (下穿桥, 地道桥, 桥洞, 涵洞, 立交桥) is part of the place, not cut
  as a suffix;
* a second place phrase in the same message, the estate where the citizen lives next to
  the spot (俺住旁边的书香苑, 我住在附近的阳光花园小区), is kept with the spot.
"""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from tests.unit.nlu.places import PLACE, assert_found

# (message, county, township, detail): find_address
HEAD_ENDS = [
    (
        "巨野县凤凰街道青年路北首的农贸市场门口天天占道摆摊",
        "巨野县",
        "凤凰街道",
        "青年路北首的农贸市场门口",
    ),
    (
        "曹县磐石街道金堤路南首的华联超市门口有人乱摆摊",
        "曹县",
        "磐石街道",
        "金堤路南首的华联超市门口",
    ),
    (
        "郓城县郓州街道胜利街西首的物资大院门口堆满垃圾",
        "郓城县",
        "郓州街道",
        "胜利街西首的物资大院门口",
    ),
    ("单县北城街道舜师路东首 路边烧烤摊油烟大", "单县", "北城街道", "舜师路东首"),
]


@pytest.mark.parametrize(PLACE, HEAD_ENDS)
def test_a_road_end_with_shou_goes_on_with_the_place(
    text: str, county: str, township: str, detail: str
) -> None:
    assert_found(text, county, township, detail)


STRUCTURES = [
    ("牡丹区人民路铁路下穿桥", "牡丹区", None, "人民路铁路下穿桥"),
    ("牡丹区中华路地道桥积水很深", "牡丹区", None, "中华路地道桥"),
    ("曹县青菏街道青菏路涵洞被垃圾堵了", "曹县", "青菏街道", "青菏路涵洞"),
    ("定陶区滨河街道兴华路桥洞里积水了", "定陶区", "滨河街道", "兴华路桥洞"),
    ("东明县城关街道黄河路立交桥底下有人摆摊", "东明县", "城关街道", "黄河路立交桥"),
]


@pytest.mark.parametrize(PLACE, STRUCTURES)
def test_a_road_structure_is_part_of_the_place(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert_found(text, county, township, detail)
    answer = parse_address(text)
    assert answer.county == county
    assert (answer.detail or "").startswith(detail)


SECOND_PLACE = [
    (
        "高新区万福办事处中华西路与丹阳路交叉口一个在建的楼盘 俺住旁边的书香苑",
        "菏泽高新技术产业开发区",
        "万福街道",
        "中华西路与丹阳路交叉口，书香苑旁边",
    ),
    (
        "牡丹区西城街道长江路一个工地 俺家就在对面的金色家园",
        "牡丹区",
        "西城街道",
        "长江路一个工地，金色家园对面",
    ),
    (
        "成武县文亭街道伯乐大街烧烤摊 我住在附近的阳光花园小区",
        "成武县",
        "文亭街道",
        "伯乐大街，阳光花园小区附近",
    ),
    (
        "巨野县永丰街道金山路与北环路路口 俺们住的是东方花园",
        "巨野县",
        "永丰街道",
        "金山路与北环路路口，东方花园",
    ),
]


@pytest.mark.parametrize(PLACE, SECOND_PLACE)
def test_the_estate_the_citizen_lives_in_beside_the_spot_is_kept(
    text: str, county: str, township: str, detail: str
) -> None:
    assert_found(text, county, township, detail)


def test_a_home_after_the_matter_is_not_taken_for_the_place() -> None:
    # the citizen's home named only after the matter, not beside the spot
    found = find_address("单县北城街道舜师路路灯坏了好几天 晚上黑乎乎的")
    assert found.detail == "舜师路"


# a bus line after the place (十路车, 18路公交) is no road of it
BUS_LINES = [
    ("牡丹区北城街道双河路公交站 十路车", "牡丹区", "北城街道", "双河路公交站"),
    ("单县北城街道舜师路18路公交站牌坏了", "单县", "北城街道", "舜师路"),
    ("曹县青菏街道青菏路汽车站 三路车老不来", "曹县", "青菏街道", "青菏路汽车站"),
]


@pytest.mark.parametrize(PLACE, BUS_LINES)
def test_a_bus_line_is_no_road_of_the_place(
    text: str, county: str, township: str, detail: str
) -> None:
    assert_found(text, county, township, detail)


# a township said by its name alone before 那边 / 一带, after its county or zone
STEMS = [
    ("高新区吕陵那边 十八路公交站牌没了", "菏泽高新技术产业开发区", "吕陵镇", None),
    ("郓城县黄安一带路灯不亮", "郓城县", "黄安镇", None),
    ("巨野县麒麟那边有个黑加油站", "巨野县", "麒麟镇", None),
    ("牡丹区何楼那边拆迁工地晚上拉土", "牡丹区", "何楼街道", "拆迁工地"),
    ("单县北城那边 舜师路", "单县", "北城街道", "舜师路"),
    # not a township: a village of that name, a road named after it
    ("高新区吕陵村那边", "菏泽高新技术产业开发区", "吕陵镇", None),
    ("郓城县黄安路那边下水道堵了", "郓城县", None, "黄安路"),
]


@pytest.mark.parametrize(PLACE, STEMS)
def test_a_township_said_by_its_name_alone(
    text: str, county: str, township: str | None, detail: str | None
) -> None:
    assert_found(text, county, township, detail)


def test_a_name_alone_without_a_county_is_no_township() -> None:
    assert find_address("黄安那边路灯不亮").township is None
