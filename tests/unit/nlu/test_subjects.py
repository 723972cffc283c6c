"""The key object and the named spots of a matter, and "the same matter again" judged by
meaning (第十三条(三), nlu/subjects.py and nlu.dedup.same_matter)."""

from __future__ import annotations

import pytest

from nlu.dedup import matter_key, same_matter
from nlu.subjects import same_object, spots, subjects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("路灯不亮好几天了", {("灯", "路灯")}),
        ("灯黑了好几天", {("灯",)}),
        ("晚上那盏灯还是不着", {("灯",)}),
        ("楼道里的灯坏了", {("灯", "楼道灯")}),
        ("路口红绿灯不亮", {("信号灯",)}),
        ("小区门口的井盖被人偷了 黑灯瞎火的", {("井盖",)}),  # an idiom is no lamp
        ("水龙头一滴水都没有", {("供水",), ("供水", "停水")}),
        ("水龙头出来的水发黄", {("供水",), ("供水", "水质")}),
        ("停水三天了", {("供水", "停水")}),
        ("俺庄的饮用水不干净", {("供水", "水质")}),  # drinking water: the water's quality
        ("井里打上来的水还是没法喝", {("供水", "水质")}),
        ("喝了村里的水闹肚子", {("供水", "水质")}),
        ("屋里冷得跟冰窖似的 片子摸着冰凉", {("供暖",)}),
        ("俺那个钱的事 老板到现在还是一分没给", {("工资",)}),
        ("公司还不给交社保", {("社保",)}),  # 不给交 is no unpaid wage
        ("你好 在吗", set()),
    ],
)
def test_the_key_objects_of_a_text(text: str, expected: set[tuple[str, ...]]) -> None:
    assert subjects(text) == expected


def test_objects_are_the_same_when_one_path_holds_the_other() -> None:
    assert same_object(("灯",), ("灯", "路灯"))
    assert not same_object(("灯", "楼道灯"), ("灯", "路灯"))
    assert not same_object(("井盖",), ("灯", "路灯"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("桂花园小区那边灯黑了", {"桂花园"}),
        ("中华路和人民路路口那个路灯也不亮", {"中华路", "人民路"}),
        ("牡丹区西城街道桂花园小区的路灯", {"西城街道", "桂花园"}),
        ("俺村东头 小区门口 那个路口 晚上走路看不见", set()),  # no name, no spot
    ],
)
def test_the_named_spots_of_a_text(text: str, expected: set[str]) -> None:
    assert spots(text) == expected


EARLIER = matter_key("牡丹区西城街道桂花园小区的路灯不亮好几天了", county="牡丹区")


@pytest.mark.parametrize(
    ("told", "same"),
    [
        ("桂花园小区那边灯黑了好几天了", True),
        ("晚上那盏灯还是不着", True),
        ("桂花园小区门口的井盖被人偷了", False),  # another thing, same place
        ("桂花园小区楼道灯坏了", False),  # another lamp
        ("中华路和人民路路口的路灯也不亮", False),  # the same thing, another place
        ("曹县的路灯不亮", False),  # another county
        ("不是上次那个 是村口另一盏路灯也坏了", False),  # said to be another one
        ("还有个事 小区的路灯也不亮了", False),
    ],
)
def test_the_same_matter_by_meaning(told: str, same: bool) -> None:
    assert (same_matter(matter_key(told), EARLIER) is not None) == same


def test_without_objects_the_words_and_the_family_decide() -> None:
    earlier = matter_key("邻居长期占用公共楼道堆放私人物品", category="城乡建设")
    assert same_matter(matter_key("邻居长期占用公共楼道堆放物品"), earlier) is not None
    assert same_matter(matter_key("邻居长期占用公共楼道堆放物品", category="政法"), earlier) is None
    assert same_matter(matter_key("上回反映的事咋样了"), earlier) is None


@pytest.mark.parametrize(
    ("before", "again"),
    [
        ("曹县青菏街道光明小区下水道堵了 污水冒到院子里", "院子里又返臭水了"),
        ("单县园艺街道湖西路有人占道摆摊", "路边卖菜的还是堵着路"),
        ("巨野县龙堌镇养猪场臭味太大", "那个猪场还是臭得不行"),
        ("东明县城关街道小区物业费乱涨", "物业又要收钱 涨了一倍"),
        ("牡丹区万福街道一个小区养狗的不拴绳", "楼下的大狗还是到处跑"),
    ],
)
def test_the_same_matter_in_everyday_words(before: str, again: str) -> None:
    assert same_matter(matter_key(again), matter_key(before), cued=True) is not None
