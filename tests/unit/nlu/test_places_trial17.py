"""Where in a village (村口, 村头) and a stay in hospital (住院) read as places (trial16's
left-alone notes, 2026-12-04): 李新庄村口的路坏了 kept 口的路 as the spot, 俺在菏泽市立医院
住院 gave the place 菏泽市立医院住院."""

from __future__ import annotations

import pytest

from dialogs.state import Place
from nlu.address import find_address


@pytest.mark.parametrize(
    ("text", "village", "detail"),
    [
        ("李新庄村口的路坏了 坑坑洼洼的", "李新庄村", "村口"),
        ("王庄村口的路灯不亮了", "王庄村", "村口"),
        ("张楼村头的大坑里全是垃圾", "张楼村", "村头"),
        ("李庄村口子上的垃圾堆没人清", "李庄村", "村口子上"),
        ("曹县青堌集镇李新庄村口", "李新庄村", "村口"),
    ],
)
def test_the_edge_of_a_village_is_its_spot(text: str, village: str, detail: str) -> None:
    found = find_address(text)
    assert found.village == village
    assert found.detail == detail


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("俺在菏泽市立医院住院 病房的厕所堵了三天了", "菏泽市立医院"),
        ("俺娘在曹县县医院住院 陪床的没地方睡", "县医院"),
        ("单县人民医院住院部门口的路灯坏了", "人民医院住院部门口"),
    ],
)
def test_a_stay_in_hospital_is_no_part_of_the_place(text: str, place: str) -> None:
    found = find_address(text)
    assert found.detail == place, found


def test_a_village_and_its_edge_read_as_one_line() -> None:
    place = Place(county="曹县", township="青堌集镇", village="李新庄村", detail="村口")
    assert place.address() == "曹县青堌集镇李新庄村口"
    assert Place(village="张楼村", detail="东头").address() == "张楼村东头"


@pytest.mark.parametrize(
    ("text", "township", "detail"),
    [
        ("东明县城关的菜市场门口天天堵车", "城关街道", "菜市场门口"),
        ("郓城县黄安的大集上乱停车", "黄安镇", None),
        ("东明县城的菜市场门口天天堵车", None, "县城菜市场门口"),
        ("郓城县城人民医院门口的红绿灯坏了", None, "县城人民医院门口"),
        ("单县城里的夜市太吵", None, "县城"),
    ],
)
def test_a_township_by_its_name_or_the_county_seat_before_a_spot(
    text: str, township: str | None, detail: str | None
) -> None:
    found = find_address(text)
    assert found.township == township, found
    if detail is not None:
        assert found.detail == detail, found
    assert not (found.detail or "").startswith("城"), found


@pytest.mark.parametrize("text", ["曹县城管局的人乱罚款", "单县城乡公交车不按点发车"])
def test_city_words_after_a_county_are_no_seat(text: str) -> None:
    assert "县城" not in (find_address(text).detail or "")


@pytest.mark.parametrize(
    ("text", "township", "detail"),
    [
        ("东明县城关 黄河路上的红绿灯坏了", "城关街道", "黄河路"),
        ("单县城关 有个饭店油烟直接往俺窗户里排", None, "县城"),
        ("单县城关南门街东头", None, "县城南门街东头"),
    ],
)
def test_chengguan_is_the_countys_township_or_its_seat(
    text: str, township: str | None, detail: str
) -> None:
    found = find_address(text)
    assert found.township == township, found
    assert found.detail == detail, found
