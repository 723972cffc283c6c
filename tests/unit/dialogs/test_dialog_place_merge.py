"""A new county with or without a spot after a place was given (issue 11 "Places"):
``dialogs.intake_place.merge_place`` merges what completes the place and replaces what names
another one. Each row is a kind: the county the spot lacked, the same county said again
with a part of the spot (3号楼, 南门) or with the whole spot, another estate, another
township, another county, and a correction."""

from __future__ import annotations

import pytest

from dialogs.facts import place_text
from dialogs.intake_place import merge_place
from dialogs.state import Place
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

LAMP = "路灯坏了好几天了，晚上黑乎乎的"
HEPING = Place(county="牡丹区", township="西城街道", detail="和平小区")


@pytest.mark.parametrize(
    ("old", "new", "merged"),
    [
        # the county the spot lacked: the spot stays
        (
            Place(detail="中华路与人民路交叉口"),
            Place(county="牡丹区"),
            Place(county="牡丹区", detail="中华路与人民路交叉口"),
        ),
        (
            Place(detail="阳光花园南门"),
            Place(county="曹县", township="磐石街道"),
            Place(county="曹县", township="磐石街道", detail="阳光花园南门"),
        ),
        # the same county again with a part of the spot: added to it
        (
            HEPING,
            Place(county="牡丹区", detail="3号楼2单元"),
            Place(county="牡丹区", township="西城街道", detail="和平小区3号楼2单元"),
        ),
        (
            HEPING,
            Place(county="牡丹区", detail="南门对面"),
            Place(county="牡丹区", township="西城街道", detail="和平小区南门对面"),
        ),
        # the same county with the whole spot, or a spot it contains: no word twice
        (
            HEPING,
            Place(county="牡丹区", detail="和平小区5号楼"),
            Place(county="牡丹区", township="西城街道", detail="和平小区5号楼"),
        ),
        (
            Place(county="牡丹区", township="西城街道", detail="和平小区5号楼"),
            Place(county="牡丹区", detail="和平小区"),
            Place(county="牡丹区", township="西城街道", detail="和平小区5号楼"),
        ),
        # the same county, another estate: the spot is replaced, the township stays
        (
            HEPING,
            Place(county="牡丹区", detail="阳光花园"),
            Place(county="牡丹区", township="西城街道", detail="阳光花园"),
        ),
        # another township of the same county: another place
        (
            HEPING,
            Place(county="牡丹区", township="东城街道", detail="长城小区"),
            Place(county="牡丹区", township="东城街道", detail="长城小区"),
        ),
        (
            HEPING,
            Place(county="牡丹区", detail="南城街道桂陵花园"),
            Place(county="牡丹区", detail="南城街道桂陵花园"),
        ),
        # another county with a spot: another place
        (
            HEPING,
            Place(county="曹县", detail="青年路"),
            Place(county="曹县", detail="青年路"),
        ),
        # a village said before stays when only the spot in it is added
        (
            Place(county="单县", township="浮岗镇", village="王楼村"),
            Place(county="单县", detail="村东头"),
            Place(county="单县", township="浮岗镇", village="王楼村", detail="村东头"),
        ),
    ],
)
def test_a_restated_county_merges_or_replaces(old: Place, new: Place, merged: Place) -> None:
    said = "".join(p for p in (new.county, new.township, new.village, new.detail) if p)
    assert merge_place(old, new, replace=False, text=said) == merged


def test_a_correction_restating_the_county_is_a_whole_new_address() -> None:
    new = Place(county="牡丹区", detail="阳光花园6号楼")
    assert merge_place(HEPING, new, replace=True) == new


def test_the_county_said_after_a_spot_completes_it_in_a_dialogue(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.say("中华路与人民路交叉口往南50米", nlu("中华路与人民路交叉口往南50米"))
    chat.say("牡丹区", nlu("牡丹区", county="牡丹区"))
    place = slots(chat).place
    assert place.county == "牡丹区"
    assert place.address() == "牡丹区中华路与人民路交叉口往南50米"


@pytest.mark.parametrize(
    ("said", "spot"),
    [
        ("正确地址是牡丹区中华路", "牡丹区中华路"),
        ("详细地址：和平小区3号楼", "和平小区3号楼"),
        ("俺家在沙土镇", "沙土镇"),
        ("我家住在阳光花园", "阳光花园"),
        ("事发地点在万达广场北门", "万达广场北门"),
        ("具体位置是人民公园东门", "人民公园东门"),
        ("地址就是和平小区", "和平小区"),
        ("是在佳和城", "佳和城"),
        ("我住在和平小区的", "和平小区"),
        # position words are the citizen's and stay; a person's own spot keeps its words
        ("和平小区附近", "和平小区附近"),
        ("就在和平小区南门对面", "和平小区南门对面"),
        ("阳光花园南门那边吧", "阳光花园南门"),
        ("我家门口", "我家门口"),
    ],
)
def test_place_lead_words_are_dropped(said: str, spot: str) -> None:
    assert place_text(said) == spot
