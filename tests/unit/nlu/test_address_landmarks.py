"""Landmarks and corrections in Heze places (addr13; issue 11 "Places", trial8 F07, F12).

Kinds, each as a table of (input, county, township, detail):

* a landmark with a position, then the estate, road or shop the citizen means
  (时代广场东边的阳光花园): the detail runs to the real end of the place, not to the first
  landmark; a generic kind of site after the 的 (的小饭馆, 的那个超市) is the matter's subject
  and the matter itself (的路灯) never joins the place;
* a landmark as the whole place with its door or side (菏泽学院南门对面的下水道井盖没了):
  the landmark is the place, in its county when the gazetteer knows it;
* an answer that is no place (匿名, 不清楚): never the detail;
* a place said not to be the place (不是青菏街道 是磐石街道): the place said after it.
"""

from __future__ import annotations

import pytest

from nlu.address import address_span, default_gazetteer, find_address, parse_address
from tests.unit.nlu.address_rows import row_right

Row = tuple[str, str | None, str | None, str]

# a landmark and a position, then the place meant (messages going on into the matter)
AFTER_A_LANDMARK: list[Row] = [
    ("牡丹区时代广场东边的阳光花园路灯坏了", "牡丹区", None, "时代广场东边的阳光花园"),
    ("曹县磐石街道万达广场对面的文化路坑坑洼洼", "曹县", "磐石街道", "万达广场对面的文化路"),
    (
        "单县北城街道人民医院旁边的安居房产中介乱收费",
        "单县",
        "北城街道",
        "人民医院旁边的安居房产中介",
    ),
    (
        "郓城县唐塔街道水浒广场西侧的金河湾小区天天停水",
        "郓城县",
        "唐塔街道",
        "水浒广场西侧的金河湾小区",
    ),
    ("巨野县永丰街道汽车站北边的青年路上全是坑", "巨野县", "永丰街道", "汽车站北边的青年路"),
    (
        "东明县城关街道银座超市后面的幸福里小区3号楼楼道灯坏了",
        "东明县",
        "城关街道",
        "银座超市后面的幸福里小区3号楼",
    ),
    (
        "成武县文亭街道文亭湖公园对面的鑫源化工厂半夜排气",
        "成武县",
        "文亭街道",
        "文亭湖公园对面的鑫源化工厂",
    ),
    ("牡丹区西城街道阳光小区的3号楼楼道灯坏了", "牡丹区", "西城街道", "阳光小区的3号楼"),
    # what follows the 的 is the matter or its generic subject: the place ends before it
    ("牡丹区时代广场东边的路灯坏了", "牡丹区", None, "时代广场东边"),
    ("定陶区滨河街道人民医院对面的小饭馆油烟扰民", "定陶区", "滨河街道", "人民医院对面"),
    ("鄄城县古泉街道建材市场南头的那个超市卖过期食品", "鄄城县", "古泉街道", "建材市场南头"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), AFTER_A_LANDMARK)
def test_the_place_after_a_landmark_is_kept(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row = {"county": county, "township": township, "detail": detail}
    assert row_right(row, find_address(text)), find_address(text)
    span = address_span(text)
    assert span is not None
    assert text[span[0] : span[1]].endswith(detail)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("牡丹区时代广场东边的阳光花园路灯坏了", "时代广场东边的阳光花园"),
        ("东明县城关街道银座超市后面的幸福里小区3号楼楼道灯坏了", "银座超市后面的幸福里小区3号楼"),
        ("定陶区滨河街道人民医院对面的小饭馆油烟扰民", "人民医院对面"),
    ],
)
def test_an_answer_going_on_into_the_matter_keeps_the_place_after_a_landmark(
    text: str, detail: str
) -> None:
    assert parse_address(text).detail == detail


# answers to "where?" (the whole text is the place)
ANSWERS: list[Row] = [
    ("时代广场东边的阳光花园", None, None, "时代广场东边的阳光花园"),
    ("牡丹区万达广场对面的文化路", "牡丹区", None, "万达广场对面的文化路"),
    ("单县 人民医院旁边的安居房产中介", "单县", None, "人民医院旁边的安居房产中介"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), ANSWERS)
def test_an_answer_keeps_the_place_after_a_landmark(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row = {"county": county, "township": township, "detail": detail}
    assert row_right(row, parse_address(text)), parse_address(text)


# a landmark as the whole place (trial8 F07): the county of a listed landmark comes with it
LANDMARK_PLACES: list[Row] = [
    ("菏泽学院南门对面的下水道井盖没了", "牡丹区", None, "菏泽学院南门对面"),
    ("市立医院东门口的路灯坏了好几天了", "牡丹区", None, "市立医院东门口"),
    ("天香公园北门旁边有个坑 差点把人绊倒", "牡丹区", None, "天香公园北门旁边"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), LANDMARK_PLACES)
def test_a_landmark_with_its_door_is_the_place(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row = {"county": county, "township": township, "detail": detail}
    assert row_right(row, find_address(text)), find_address(text)
    territory = default_gazetteer().resolve(text)  # what the NLU engine gives the dialogue
    assert territory is not None
    assert territory.county == county
    assert territory.detail == detail
    span = address_span(text)
    assert span is not None
    assert text[span[0] : span[1]] == detail


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("人民医院南门对面的下水道井盖没了", "人民医院南门对面"),  # a landmark not listed
        ("第二中学门口有人卖假货", "第二中学门口"),
        ("孩子说学校对面网吧里有人抽烟", None),  # no name of its own: no place
        ("去医院看病 收费太贵", None),
    ],
)
def test_an_unlisted_landmark_with_its_door_is_the_spot(text: str, spot: str | None) -> None:
    span = address_span(text)
    assert (text[span[0] : span[1]] if span else None) == spot


# answers that are no place: a refusal, not knowing, a control word (trial8 F07)
@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("匿名", None),
        ("郓城县 匿名", "郓城县"),
        ("牡丹区 不清楚", "牡丹区"),
        ("不知道", None),
        ("具体位置我也说不清", None),
        ("不晓得啊", None),
        ("曹县 没有门牌号", "曹县"),
        ("算了吧", None),
    ],
)
def test_a_refusal_is_never_the_detail(text: str, county: str | None) -> None:
    found = parse_address(text)
    assert found.county == county
    assert found.detail is None
    assert found.place is None


# a place said not to be the place (trial8 F12): the one said after it
CORRECTIONS: list[Row] = [
    ("不对 不是青菏街道 是磐石街道", "曹县", "磐石街道", ""),
    ("不是南城街道，是西城街道的华英小区", "牡丹区", "西城街道", "华英小区"),
    ("不是成武县 是单县浮岗镇", "单县", "浮岗镇", ""),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), CORRECTIONS)
def test_the_place_said_after_a_negated_one_wins(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row = {"county": county, "township": township, "detail": detail}
    assert row_right(row, find_address(text)), find_address(text)
    assert row_right(row, parse_address(text)), parse_address(text)


def test_a_negated_place_alone_stays_the_place() -> None:
    found = find_address("这里不是牡丹区管的吗")
    assert found.county == "牡丹区"
