"""The citizen's detail kept in the order's place (fresh7 kinds, places2 round).

* A township corrected at the summary with the estate said to be unchanged ("街道说错了
  是北城街道 小区还是阳光花园", "别的都对"): the township is replaced, the road and estate
  said before stay (the detail became "小区", or the spot was asked again).
* A kind of site without its name beside a county or zone ("经开区那边的化工厂"): no unit
  could find it, the spot is asked once; a named site is not asked.
* The estate the citizen lives in, said beside the spot in the answer to "where?", stays
  in the place.

The NLU results are the shipped gazetteer's reading of each message (territory, entities).
"""

from __future__ import annotations

import dataclasses

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.intake import specific
from dialogs.place_facts import leading_spot, place_text
from dialogs.state import Place
from dialogs.wording import Wording
from nlu.address import default_gazetteer
from nlu.entities import extract
from nlu.normalize import normalize
from nlu.types import NluResult
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

WATER = "俺们小区的自来水压力太小 五楼以上就上不去水"


def read(text: str, intent: str = "unknown", category: str | None = None) -> NluResult:
    """``text`` as the NLU reads its place and entities (the gazetteer's territory)."""
    base = nlu(text, intent, category=category)
    return dataclasses.replace(
        base, territory=default_gazetteer().resolve(text), entities=extract(normalize(text))
    )


@pytest.fixture
def web(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("web", wording, Thresholds(order_turns=0))


@pytest.mark.parametrize(
    ("said", "fix", "merged"),
    [
        (
            "单县南城街道湖西路阳光花园",
            "街道说错了 是北城街道 小区还是阳光花园",
            "单县北城街道湖西路阳光花园",
        ),
        (
            "牡丹区北城街道长江路阳光城市花园",
            "街道说错了 是东城街道 小区还是阳光城市花园",
            "牡丹区东城街道长江路阳光城市花园",
        ),
        (
            "巨野县永丰街道书香苑小区",
            "乡镇说错了 应该是凤凰街道 小区没错",
            "巨野县凤凰街道书香苑小区",
        ),
        (
            "曹县青菏街道幸福路万福小区",
            "街道错了 是磐石街道 别的都对",
            "曹县磐石街道幸福路万福小区",
        ),
        (
            "成武县文亭街道永昌路金色家园",
            "不对 是永昌街道 小区还是金色家园那个",
            "成武县永昌街道永昌路金色家园",
        ),
    ],
)
def test_a_township_corrected_with_the_estate_unchanged_keeps_the_estate(
    web: DialogContext, said: str, fix: str, merged: str
) -> None:
    chat = Chat(web)
    first = said + " " + WATER
    chat.say(first, read(first, "appeal", category="城乡建设"))
    chat.say("匿名", read("匿名"))
    assert chat.state.step == "confirm"
    chat.say(fix, read(fix))
    assert chat.state.step == "confirm"
    assert slots(chat).place.address() == merged


@pytest.mark.parametrize(
    ("place", "found"),
    [
        (Place(county="菏泽经济技术开发区", detail="化工厂"), False),
        (Place(county="单县", detail="那个服装厂"), False),
        (Place(county="曹县", township="庄寨镇", detail="砖厂"), False),
        (Place(county="郓城县", detail="养猪场"), False),
        (Place(county="巨野县", detail="华泰化工厂"), True),
        (Place(county="郓城县", detail="金河小区"), True),
        (Place(county="曹县", township="庄寨镇", village="王庄村", detail="砖厂"), True),
    ],
)
def test_a_kind_of_site_without_its_name_is_no_spot(place: Place, found: bool) -> None:
    assert specific(place) is found


def test_the_home_said_beside_the_spot_stays_in_the_place(web: DialogContext) -> None:
    chat = Chat(web)
    first = "旁边工地天天夜里施工 十二点多了还在打桩"
    chat.say(first, read(first, "appeal", category="环境保护"))
    answer = "牡丹区西城街道长江路一个在建的楼盘 俺住对面的金色家园"
    chat.say(answer, read(answer))
    address = slots(chat).place.address() or ""
    assert address.startswith("牡丹区西城街道长江路")
    assert "金色家园" in address


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("新华路的路灯坏了好几天", "新华路"),  # 路 of 路灯 after 的 names no road
        ("青年路的路面裂了", "青年路"),
        ("阳光小区的楼道灯不亮", "阳光小区"),
        ("吕陵那边 十八路公交站牌没了", None),  # a bus line is no road
        ("黄集那边 6路公交车老不来", None),
        ("伯乐街道的菜市场门口天天堵车", "伯乐街道的菜市场门口"),
    ],
)
def test_the_spot_before_the_matter(text: str, spot: str | None) -> None:
    assert leading_spot(text) == spot


@pytest.mark.parametrize(
    ("said", "spot"), [("何楼村那个", "何楼村"), ("金色家园那个", "金色家园"), ("东头这个", "东头")]
)
def test_a_demonstrative_after_the_place_is_a_filler(said: str, spot: str) -> None:
    assert place_text(said) == spot
