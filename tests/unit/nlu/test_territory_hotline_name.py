"""菏泽 said as the hotline's name, as the one spoken to or as a person's origin is no Heze
place (route13, 第十三条(六)): 「恁菏泽12345…俺在商丘…」 is a matter outside Heze, told
so, while 菏泽 said as where the matter is keeps it here."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.territory import heze_named, place_outside
from nlu.types import TriageOutcome

# (message, the place outside Heze): 菏泽 only as the hotline, the addressee or an origin
OUTSIDE = [
    ("恁菏泽12345管不管俺们商丘市睢阳区的事，俺小区停水三天了", "河南省商丘市睢阳区"),
    ("你好菏泽市民热线，俺在商丘市睢阳区住，楼上漏水到俺家", "河南省商丘市睢阳区"),
    ("菏泽的同志，俺在济南市历下区上班，公司仨月没发工资", "山东省济南市历下区"),
    ("恁菏泽管不管济南的事？俺在济南市槐荫区，物业一点不管事", "山东省济南市槐荫区"),
    ("俺是菏泽人，在江苏徐州打工，老板不给结工钱", "江苏省徐州市"),
    ("喂 菏泽热线吗 俺家在河南兰考县城，开发商不给办证", "河南省开封市兰考县"),
    ("菏泽市12345您好，郑州市金水路有个井盖没了", "河南省郑州市"),
]

# 菏泽 as where the matter is: never outside
HEZE_PLACES = [
    "我在菏泽，济南市的亲戚家停水了",
    "菏泽市人民医院门口乱停车",
    "菏泽市民广场的路灯坏了好几天了",
    "恁菏泽的路修得真差，坑坑洼洼的",
    "俺在菏泽开发区上班，济南市的公司不给交社保",
]


@pytest.mark.parametrize(("text", "place"), OUTSIDE)
def test_the_hotline_name_is_no_heze_place(text: str, place: str) -> None:
    assert not heze_named(text)
    assert place_outside(text) == place


@pytest.mark.parametrize("text", HEZE_PLACES)
def test_heze_as_a_place_keeps_the_matter_here(text: str) -> None:
    assert heze_named(text)
    assert place_outside(text) is None


def test_heze_named_never_raises() -> None:
    assert not heze_named("")
    assert not heze_named("菏泽12345")
    assert heze_named("菏泽")


def test_the_engine_tells_the_matter_is_outside(engine: EmbeddedEngine) -> None:
    found = engine.parse(OUTSIDE[0][0])
    assert found.territory is None
    assert found.place_outside == "河南省商丘市睢阳区"
    assert found.triage is not None
    assert found.triage.outcome is TriageOutcome.UNACCEPTABLE
    # the hotline named and a Heze county: the matter is Heze's
    here = engine.parse("菏泽12345你好，俺家在牡丹区，停水一天了")
    assert here.place_outside is None
    assert here.territory is not None


# A Heze county said only as a landmark (离单县不远, 跟东明交界) beside a place outside Heze
# (a province and a county written without its suffix: 安徽砀山): the matter is outside.
BESIDE = [
    ("俺是安徽砀山的 俺庄的桥塌了一半 俺们那儿离单县不远", "安徽省宿州市砀山县"),
    ("河南兰考这边跟东明挨着 俺村的路灯坏了好几个月", "河南省开封市兰考县"),
]


@pytest.mark.parametrize(("text", "place"), BESIDE)
def test_a_heze_county_as_a_landmark_is_not_where_it_is(
    engine: EmbeddedEngine, text: str, place: str
) -> None:
    found = engine.parse(text)
    assert found.territory is None
    assert found.place_outside == place


def test_a_heze_place_near_a_landmark_stays_here(engine: EmbeddedEngine) -> None:
    near = engine.parse("俺村离东明县城不远 村口的路灯坏了")
    assert near.territory is not None
    assert near.territory.county == "东明县"
    assert near.place_outside is None
    # a county of Heze said as where, another place as the landmark
    here = engine.parse("俺在曹县 离河南兰考近 村里的路灯坏了")
    assert here.territory is not None
    assert here.territory.county == "曹县"


def test_a_short_county_name_needs_its_province_before_it() -> None:
    assert place_outside("俺住在新华路 楼道灯坏了") is None
    assert place_outside("郑州市金水路有个井盖没了") == "河南省郑州市"
    # the district of that city, not a county of the same words elsewhere (辽宁朝阳县)
    assert place_outside("北京朝阳望京街道") == "北京市朝阳区"
    assert place_outside("北京市朝阳区望京街道") == "北京市朝阳区"
