"""Places (trial12 kinds): the estate on a road kept (中华路上的和平小区), the position
words 对过, 斜对面, 对门 kept with the landmark, and a place said to belong to another
province (离东明近但属于河南) recognised as outside Heze (第十三条(六))."""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from nlu.engine import EmbeddedEngine
from nlu.territory import place_outside
from tests.unit.nlu.places import spanned

# (message, the detail found): the estate named after 路上的 / 路边上的 is the place
ON_ROAD = [
    ("牡丹区中华路上的和平小区门口路灯坏了", "中华路上的和平小区门口"),
    ("曹县青菏街道人民路边上的幸福家园停水了", "人民路边上的幸福家园"),
    ("定陶区兴华路上的金色家园3号楼楼道灯不亮", "兴华路上的金色家园3号楼"),
]


@pytest.mark.parametrize(("text", "detail"), ON_ROAD)
def test_the_estate_on_a_road_is_kept(text: str, detail: str) -> None:
    assert find_address(text).detail == detail


def test_the_road_alone_when_the_matter_follows() -> None:
    # 「中华路上的路灯」: the matter's object, no estate
    assert find_address("牡丹区中华路上的路灯坏了").detail == "中华路"
    assert spanned("中华路上的和平小区门口的路灯坏了") == "中华路上的和平小区门口"


# (message, detail): a landmark with 对过 / 斜对面 / 对门 keeps the position word
FACING = [
    ("牡丹区西城街道阳光小区对过的饭店油烟大", "阳光小区对过"),
    ("牡丹区西城街道阳光小区对门的烧烤店天天吵", "阳光小区对门"),
    ("单县北城街道人民医院斜对过的工地晚上施工", "人民医院斜对过"),
]


@pytest.mark.parametrize(("text", "detail"), FACING)
def test_facing_words_stay_with_the_landmark(text: str, detail: str) -> None:
    assert find_address(text).detail == detail


def test_facing_words_in_an_answer() -> None:
    assert parse_address("牡丹区西城街道 超市斜对面").detail == "超市斜对面"


# (message, the place outside Heze)
BELONGS = [
    ("俺们村离东明近但属于河南", "河南省"),
    ("属于河南 俺们村路灯坏了", "河南省"),
    ("俺村挨着曹县 归河南管", "河南省"),
    ("俺们这属于河南商丘 离单县不远", "河南省商丘市"),
]


@pytest.mark.parametrize(("text", "place"), BELONGS)
def test_a_place_said_to_belong_elsewhere_is_outside(
    engine: EmbeddedEngine, text: str, place: str
) -> None:
    found = engine.parse(text)
    assert found.territory is None  # the Heze county is only a reference point
    assert found.place_outside == place


@pytest.mark.parametrize(
    "text",
    ["俺们村属于东明县", "这事归牡丹区管", "俺是河南人 在牡丹区打工", "俺是河南的"],
)
def test_belonging_to_heze_or_an_origin_is_not_outside(engine: EmbeddedEngine, text: str) -> None:
    assert engine.parse(text).place_outside is None
    assert place_outside("俺是河南的") is None  # where a person comes from
