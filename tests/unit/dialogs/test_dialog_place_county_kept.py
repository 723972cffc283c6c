"""A township (or village) is read within the county the citizen already gave, and a
correction of one level replaces that level only (trial9 N03, F12).

* 北城街道, 南城街道, 东城街道 are in 牡丹区 and in 单县; 凤凰 in 巨野县 and 鄄城县. Said
  after 「单县」 (in the same message or earlier in the conversation), 北城街道 is 单县's;
  a township alone never replaces a county the citizen said (the order went to 牡丹区's
  unit). Said with no county known, the county is not guessed: it is asked.
* 「单县 园艺街道 幸福小区 …」 then 「街道错了 应该是北城街道」 is 单县北城街道幸福小区 (it
  was 牡丹区北城街道: the county changed, the estate lost). A county corrected keeps the
  township where that county has one of that name; an estate corrected keeps the county
  and the township.

The NLU results are the shipped gazetteer's reading of each message (territory, entities).
"""

from __future__ import annotations

import dataclasses

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.intake_place import merge_place
from dialogs.state import Place
from dialogs.wording import Wording
from nlu.address import default_gazetteer
from nlu.entities import extract
from nlu.normalize import normalize
from nlu.types import NluResult
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

MILK = "俺们小区那个超市卖过期的牛奶"


def read(text: str, intent: str = "unknown", category: str | None = None) -> NluResult:
    """``text`` as the NLU reads its place and entities (the gazetteer's territory)."""
    base = nlu(text, intent, category=category)
    return dataclasses.replace(
        base,
        territory=default_gazetteer().resolve(text),
        entities=extract(normalize(text)),
    )


@pytest.fixture
def web(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("web", wording, Thresholds(order_turns=0))


@pytest.mark.parametrize(
    ("county", "spot", "address"),
    [
        ("单县", "北城街道 舜师路 华联超市", "单县北城街道舜师路华联超市"),  # the trial's
        ("单县", "南城街道 湖西路", "单县南城街道湖西路"),
        ("单县", "东城街道的 东方红小区", "单县东城街道东方红小区"),
        ("巨野县", "凤凰街道 书香苑小区", "巨野县凤凰街道书香苑小区"),
        ("牡丹区", "北城街道 长江路", "牡丹区北城街道长江路"),
        # a township of another county said alone: the county said stays (and the township
        # is asked about: test_dialog_place_other_county.py)
        ("单县", "西城街道 阳光小区", "单县西城街道阳光小区"),
    ],
)
def test_a_township_is_read_within_the_county_given_before(
    web: DialogContext, county: str, spot: str, address: str
) -> None:
    chat = Chat(web)
    chat.say(MILK, read(MILK, "appeal", category="市场监管"))
    chat.say(county, read(county))
    chat.say(spot, read(spot))
    place = slots(chat).place
    assert place.county == county
    assert place.address() == address


@pytest.mark.parametrize(
    ("first", "county", "address"),
    [
        ("北城街道舜师路华联超市卖过期的牛奶", "单县", "单县北城街道舜师路华联超市"),
        ("南城街道湖西路上的路灯坏了", "牡丹区", "牡丹区南城街道湖西路"),
        ("凤凰街道书香苑小区停水三天了", "鄄城县", "鄄城县凤凰镇书香苑小区"),  # its name there,
    ],
)
def test_a_township_in_two_counties_alone_is_not_given_a_county(
    web: DialogContext, first: str, county: str, address: str
) -> None:
    chat = Chat(web)
    acts = chat.say(first, read(first, "appeal", category="城乡建设"))
    assert slots(chat).place.county is None
    assert "哪个县区" in texts(acts)  # the county is asked, never guessed
    chat.say(county, read(county))
    place = slots(chat).place
    assert place.county == county
    assert place.address() == address


def test_a_township_in_two_counties_with_its_county_in_the_same_message(
    web: DialogContext,
) -> None:
    chat = Chat(web)
    first = "北城街道舜师路华联超市卖过期的牛奶 是单县的"
    chat.say(first, read(first, "appeal", category="市场监管"))
    assert slots(chat).place.county == "单县"


YARD = Place(county="单县", township="园艺街道", detail="幸福小区")


@pytest.mark.parametrize(
    ("old", "fix", "merged"),
    [
        # a township corrected: the township only (the trial's)
        (YARD, "街道错了 应该是北城街道", "单县北城街道幸福小区"),
        (YARD, "不对 是南城街道", "单县南城街道幸福小区"),
        (
            Place(county="巨野县", township="永丰街道", detail="书香苑小区"),
            "乡镇说错了 是凤凰街道",
            "巨野县凤凰街道书香苑小区",
        ),
        # a county corrected: the township kept where that county has one of its name
        (
            Place(county="单县", township="北城街道", detail="幸福小区"),
            "县区错了 是牡丹区",
            "牡丹区北城街道幸福小区",
        ),
        (
            Place(county="曹县", township="青菏街道", detail="万福小区"),
            "县错了 应该是单县",
            "单县万福小区",
        ),
        # an estate corrected: the county and the township kept
        (YARD, "小区错了 是阳光小区", "单县园艺街道阳光小区"),
    ],
)
def test_a_correction_of_one_level_replaces_that_level(
    web: DialogContext, old: Place, fix: str, merged: str
) -> None:
    said = old.address() or ""
    chat = Chat(web)
    first = said + " " + MILK
    chat.say(first, read(first, "appeal", category="城乡建设"))
    chat.say("匿名", read("匿名"))
    assert chat.state.step == "confirm"
    chat.say(fix, read(fix))
    assert slots(chat).place.address() == merged


def test_a_namesake_township_does_not_replace_the_county_in_a_merge() -> None:
    new = Place(county="牡丹区", township="北城街道", detail="舜师路华联超市")
    merged = merge_place(Place(county="单县"), new, replace=False, text="北城街道 舜师路 华联超市")
    assert (merged.county, merged.township) == ("单县", "北城街道")
    said = merge_place(Place(county="单县"), new, replace=False, text="牡丹区北城街道舜师路")
    assert said.county == "牡丹区"  # the county said replaces


def test_the_county_question_names_the_counties_that_have_the_township(
    web: DialogContext,
) -> None:
    chat = Chat(web)
    first = "北城街道舜师路华联超市卖过期的牛奶"
    acts = chat.say(first, read(first, "appeal", category="市场监管"))
    assert texts(acts) == "牡丹区、单县都有北城街道，请问您说的是哪个县区的北城街道？"
