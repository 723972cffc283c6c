"""Heze places inside messages (issue 11, second round): the place ends at a real
boundary, official names written short resolve, every township unit of the dispatch
configuration is reachable by the names citizens write."""

from __future__ import annotations

import re

import pytest
import yaml

from nlu.address import UNITS_PATH, find_address, parse_address
from nlu.entities import extract
from tests.unit.nlu.places import assert_found, four_levels

# (message, county, township, village, detail): the place stops where the matter starts
BOUNDARIES = [
    # a one-character suffix never takes the matter's first character (楼道, 路灯, 路面)
    ("鄄城县古泉街道金色家园小区3号楼楼道灯坏了", "鄄城县", "古泉街道", None, "金色家园小区3号楼"),
    ("单县北城街道锦绣花园5号楼楼梯扶手断了", "单县", "北城街道", None, "锦绣花园5号楼"),
    ("巨野县永丰街道青年路路面全是坑", "巨野县", "永丰街道", None, "青年路"),
    ("成武县文亭街道伯乐大街路灯不亮", "成武县", "文亭街道", None, "伯乐大街"),
    # a generic 路边/楼道 is not a named spot: no detail, the dialogue asks which road
    ("定陶区滨河街道的路边有个井盖没了", "定陶区", "滨河街道", None, None),
    ("曹县青菏街道楼道里堆满了杂物", "曹县", "青菏街道", None, None),
    # 政府, 医院, 学校 are landmarks: kept in the detail, never dropped with the township
    ("郓城县南赵楼镇政府门口的路面塌了", "郓城县", "南赵楼镇", None, "政府门口"),
    ("东明县刘楼镇人民政府西边的路灯坏了", "东明县", "刘楼镇", None, "人民政府西边"),
    ("牡丹区皇镇街道办事处门口的垃圾没人清", "牡丹区", "皇镇乡", None, "办事处门口"),
    ("鄄城县旧城镇中心小学门口的路上全是水", "鄄城县", "旧城镇", None, "中心小学门口"),
    ("单县第一人民医院北门的路边摆摊的太多", "单县", None, None, "第一人民医院北门"),
    # 的 ends the place: what follows it is the matter
    ("牡丹区西城街道康庄社区的下水道堵了", "牡丹区", "西城街道", "康庄社区", None),
]


@pytest.mark.parametrize(("text", "county", "township", "village", "detail"), BOUNDARIES)
def test_place_in_a_message_ends_at_a_real_boundary(
    text: str, county: str, township: str | None, village: str | None, detail: str | None
) -> None:
    found = find_address(text)
    assert four_levels(found) == (county, township, village, detail)
    # the address entity the dialogue reads ends at the same place, never inside a word
    spans = [e for e in extract(text) if e.type == "address"]
    assert spans, text
    value = spans[0].value
    assert value.endswith(detail or village or township or county)
    rest = text[spans[0].end :]
    assert not re.match(r"[道灯边面梯]", rest), f"{value} | {rest}"


# (answer, county, township, village, detail): an answer to "where?" that goes on into
# the matter keeps only the place; one that does not keeps every word
ANSWERS = [
    ("幸福路的路灯", None, None, None, "幸福路"),
    ("阳光小区门口的路灯坏了", None, None, None, "阳光小区门口"),
    # a facility is a landmark like a shop (trial13 Q09): the door of it is the matter
    ("和平路北头那个公厕的门坏了", None, None, None, "和平路北头那个公厕"),
    ("郓城县南赵楼镇政府门口的路面塌了", "郓城县", "南赵楼镇", None, "政府门口"),
    ("成武县 汶上集镇 东边 养鸡场", "成武县", "汶上集镇", None, "东边养鸡场"),
    ("单县 园艺街道 胜利路 老粮所 对过", "单县", "园艺街道", None, "胜利路老粮所对过"),
]


@pytest.mark.parametrize(("text", "county", "township", "village", "detail"), ANSWERS)
def test_answer_keeps_the_place_not_the_matter(
    text: str, county: str | None, township: str | None, village: str | None, detail: str | None
) -> None:
    found = parse_address(text)
    assert four_levels(found) == (county, township, village, detail)


# (written, county, township): official names written short or in another kind
SHORT_NAMES = [
    ("侯集镇", "曹县", "侯集回族镇"),  # infix 回族 left out
    ("侯集乡政府东边", "曹县", "侯集回族镇"),
    ("曹县侯集街道", "曹县", "侯集回族镇"),
    ("皇镇乡", "牡丹区", "皇镇乡"),  # the dispatch configuration's name
    ("皇镇街道", "牡丹区", "皇镇乡"),  # the gazetteer's name, given as dispatch knows it
    ("皇镇乡 皇镇村 东边 砖厂", "牡丹区", "皇镇乡"),
    ("楼庄镇楼庄村", "曹县", "楼庄乡"),
    ("郓城县黄安乡", "郓城县", "黄安镇"),
    ("丹阳办事处", "牡丹区", "丹阳街道"),
    ("定陶区天中街办", "定陶区", "天中街道"),
]


@pytest.mark.parametrize(("text", "county", "township"), SHORT_NAMES)
def test_official_names_written_short_resolve(text: str, county: str, township: str) -> None:
    found = parse_address(text)
    assert (found.county, found.township) == (county, township)
    assert find_address(f"俺是{text}的 有个事反映一下").county == county


def test_a_village_after_a_short_township_stays_below_it() -> None:
    found = parse_address("皇镇乡 皇镇村 东边 砖厂")
    assert (found.village, found.detail) == ("皇镇村", "东边砖厂")


def _dispatch_townships() -> list[tuple[str, str]]:
    data = yaml.safe_load(UNITS_PATH.read_text(encoding="utf-8"))
    return [(c["name"], u["name"]) for c in data["counties"] for u in c.get("townships") or ()]


@pytest.mark.parametrize(("county", "unit"), _dispatch_townships())
def test_every_township_unit_is_reached_by_short_and_official_names(county: str, unit: str) -> None:
    """Dispatch picks a township unit by the start of its name (``casebridge.catalogue``):
    the parser's township must start the unit's name, written short or in full."""
    short = re.sub(r"(?:人民政府|办事处)$", "", unit)
    for written in {short, re.sub(r"回族(?=镇|乡)", "", short)}:
        found = parse_address(f"{county}{written}")
        assert found.county == county, written
        assert found.township is not None, written
        assert unit.startswith(found.township), (written, found.township)


@pytest.mark.parametrize(
    ("text", "county", "township", "road"),
    [
        ("东明县城关街道黄河路上有个大坑", "东明县", "城关街道", "黄河路"),
        ("牡丹区西城街道和平路边有人烧垃圾", "牡丹区", "西城街道", "和平路"),
        ("单县园艺街道胜利街头有个摊子占道", "单县", "园艺街道", "胜利街"),
    ],
)
def test_a_named_road_before_a_position_word_is_kept(
    text: str, county: str, township: str, road: str
) -> None:
    found = find_address(text)
    assert (found.county, found.township, found.road, found.detail) == (
        county,
        township,
        road,
        road,
    )


@pytest.mark.parametrize(
    ("text", "county", "detail"),
    [
        ("就是鄄城县城往董口镇去的那条路 一个坑连着一个坑", "鄄城县", "城往董口镇去的那条路"),
        ("曹县砖庙镇从李庄到王集的公路坏了好几年", "曹县", "从李庄到王集的公路"),
    ],
)
def test_a_road_told_by_where_it_runs_is_the_place(text: str, county: str, detail: str) -> None:
    found = find_address(text)
    assert (found.county, found.detail) == (county, detail)


@pytest.mark.parametrize(
    ("text", "county", "township", "detail"),
    [
        ("俺在定陶区买的御景苑的房子 合同上写的六月交房", "定陶区", None, "御景苑"),
        ("单县北城街道租的阳光小区3号楼 暖气不热", "单县", "北城街道", "阳光小区3号楼"),
        ("牡丹区买的房子漏水", "牡丹区", None, None),  # no estate named: nothing to keep
    ],
)
def test_an_estate_after_how_the_home_is_held(
    text: str, county: str, township: str | None, detail: str | None
) -> None:
    assert_found(text, county, township, detail)
