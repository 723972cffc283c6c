"""Places told by a facility or landmark on a road, estate or village (trial13 Q09: 「曹县
磐石街道 青年路公厕」 was stored 「曹县磐石街道青年路」): the facility (公厕, 公交站牌, 桥,
菜场, 加油站, 坑塘 ...) and a position after it (后头, 跟前) are the citizen's words and stay
in the detail, in an answer to "where?" and inside a longer message alike; a bridge or a
pond in words that name no place before them opens no address."""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from nlu.entities import extract
from tests.unit.nlu.places import PLACE, levels

# (said, county, township, detail): the facility after the road or estate stays
FACILITIES = [
    ("曹县 磐石街道 青年路公厕", "曹县", "磐石街道", "青年路公厕"),  # trial13 Q09
    ("曹县磐石街道青年路公厕", "曹县", "磐石街道", "青年路公厕"),
    ("牡丹区中华路公共厕所", "牡丹区", None, "中华路公共厕所"),
    ("牡丹区西城街道青年路公厕后头", "牡丹区", "西城街道", "青年路公厕后头"),
    ("曹县磐石街道青年路公交站牌", "曹县", "磐石街道", "青年路公交站牌"),
    ("东明县城关街道黄河路桥", "东明县", "城关街道", "黄河路桥"),
    ("单县北城街道人民路小桥", "单县", "北城街道", "人民路小桥"),
    ("巨野县 永丰街道 麟州路菜场", "巨野县", "永丰街道", "麟州路菜场"),
    ("单县北城街道人民路加油站跟前", "单县", "北城街道", "人民路加油站跟前"),
    ("成武县文亭街道永昌路篮球场", "成武县", "文亭街道", "永昌路篮球场"),
    ("单县北城街道人民路公交站台", "单县", "北城街道", "人民路公交站台"),
    ("牡丹区中华路转盘", "牡丹区", None, "中华路转盘"),
    # a gym by its trade name after 对过的 (fresh6 f6-049 kind)
    (
        "牡丹区牡丹街道中华路银座商城对过的力美健身",
        "牡丹区",
        "牡丹街道",
        "中华路银座商城对过的力美健身",
    ),
]


@pytest.mark.parametrize(PLACE, FACILITIES)
def test_the_facility_stays_in_an_answer(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert levels(parse_address(text)) == (county, township, detail)


@pytest.mark.parametrize(PLACE, FACILITIES)
def test_the_facility_stays_in_the_territory_and_the_span(
    text: str, county: str, township: str | None, detail: str
) -> None:
    # the dialogue reads the territory (find_address) and the address entity
    assert levels(find_address(text)) == (county, township, detail)
    spans = [e.value for e in extract(text) if e.type == "address"]
    assert spans, text
    assert "".join(spans[0].split()).endswith(detail)


# (message, county, township, detail): the facility is the place, what follows the matter
IN_MESSAGES = [
    ("曹县磐石街道青年路公厕 臭得不行 也没人打扫", "曹县", "磐石街道", "青年路公厕"),
    ("恁好 东明县城关街道黄河路桥头有个大坑", "东明县", "城关街道", "黄河路桥头"),
    ("巨野县永丰街道麟州路菜场门口天天堵车", "巨野县", "永丰街道", "麟州路菜场门口"),
    ("俺们 郓城县黄集镇李庄村 村西头的坑塘臭了", "郓城县", "黄集镇", "村西头"),
    ("定陶区天中街道兴华路公厕的门坏了 俺们咋上厕所", "定陶区", "天中街道", "兴华路公厕"),
]


@pytest.mark.parametrize(PLACE, IN_MESSAGES)
def test_the_facility_is_the_place_in_a_message(
    text: str, county: str, township: str, detail: str
) -> None:
    assert levels(find_address(text)) == (county, township, detail)


def test_a_thing_of_the_facility_is_the_matter() -> None:
    # 桥面 is what is broken, not a spot of the bridge
    assert find_address("东明县城关街道黄河路桥面坏了").detail == "黄河路"


@pytest.mark.parametrize("text", ["水泥板桥那块坏了没人修", "池塘里的水臭了"])
def test_a_bridge_or_pond_alone_opens_no_address(text: str) -> None:
    assert not [e for e in extract(text) if e.type == "address"]


# (said, county, township, detail): both levels written twice, a part of a school or a
# hospital (住院部, 急诊楼后头), a position after a building (楼下面): issue 11 "Places"
# in other wordings
LEVELS_AND_PARTS = [
    ("俺家住在牡丹区西城街道牡丹区西城街道和平小区东门", "牡丹区", "西城街道", "和平小区东门"),
    ("菏泽市牡丹区西城街道菏泽市牡丹区西城街道和平小区", "牡丹区", "西城街道", "和平小区"),
    ("曹县 磐石街道 曹县磐石街道 青年路公厕", "曹县", "磐石街道", "青年路公厕"),
    ("单县北城街道的单县北城街道人民路", "单县", "北城街道", "人民路"),
    # the county again inside a name is the name's (鄄城县人民医院)
    ("在鄄城县古泉街道鄄城县人民医院急诊楼后头", "鄄城县", "古泉街道", "鄄城县人民医院急诊楼后头"),
    ("单县 单县人民医院 住院部", "单县", None, "人民医院住院部"),
    ("具体位置在单县第一中学高中部", "单县", None, "第一中学高中部"),
    ("定陶区 定陶区第一实验小学东校区", "定陶区", None, "第一实验小学东校区"),
]


@pytest.mark.parametrize(PLACE, LEVELS_AND_PARTS)
def test_no_level_twice_and_no_part_lost(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert levels(parse_address(text)) == (county, township, detail)
    assert levels(find_address(text)) == (county, township, detail)


def test_a_province_and_city_prefix_belongs_to_the_span() -> None:
    # 位置：山东省菏泽市…: the span holds the whole prefix, the lead word not
    text = "位置：山东省菏泽市东明县城关街道黄河路"
    spans = [e.value for e in extract(text) if e.type == "address"]
    assert spans == ["山东省菏泽市东明县城关街道黄河路"]
    assert levels(parse_address(text)) == ("东明县", "城关街道", "黄河路")
