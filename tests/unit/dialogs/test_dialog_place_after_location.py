"""Trial12 P12: a place corrected after a location message drops the old point (the
order, the unit's map and Open311 show where the matter is); words that complete the
shared place keep it."""

from __future__ import annotations

import pytest

from channels.messages import Location
from dialogs.context import DialogContext
from dialogs.intake_place import merge_place
from dialogs.state import Place
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

LAMP = "俺们这个公交站的站牌倒了 差点砸着人"
POINT = Place(
    county="牡丹区",
    detail="中华西路",
    label="山东省菏泽市牡丹区中华西路",
    latitude=35.233,
    longitude=115.441,
)


@pytest.mark.parametrize(
    ("text", "county", "township"),
    [
        ("不对 地点改成牡丹区 西城街道 西安路公交站", "牡丹区", "西城街道"),
        ("不对 是在定陶区 滨河街道 御景湾工地", "定陶区", "滨河街道"),
        ("地点错了 应该是曹县青菏街道万福小区门口", "曹县", "青菏街道"),
    ],
)
def test_a_place_corrected_after_a_location_drops_the_point(
    ctx: DialogContext, text: str, county: str, township: str
) -> None:
    chat = Chat(ctx)
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    point = Location(latitude=35.233, longitude=115.441, label="山东省菏泽市牡丹区中华西路")
    chat.say("", location=point)
    assert slots(chat).place.latitude == 35.233
    chat.say(text, nlu(text, county=county, township=township))
    place = slots(chat).place
    assert (place.county, place.township) == (county, township)
    assert (place.latitude, place.longitude, place.label) == (None, None, None)


def test_words_completing_a_shared_place_keep_its_point() -> None:
    done = merge_place(POINT, Place(detail="西安路公交站"), replace=False, text="西安路公交站")
    assert done.latitude == 35.233
    same = merge_place(
        POINT, Place(county="牡丹区", township="西城街道"), replace=False, text="牡丹区西城街道"
    )
    assert same.latitude == 35.233


def test_another_county_than_the_locations_drops_the_point() -> None:
    """Said without a correction word, a county the label does not name is elsewhere."""
    moved = merge_place(
        POINT, Place(county="定陶区", township="滨河街道"), replace=False, text="定陶区滨河街道"
    )
    assert moved.county == "定陶区"
    assert moved.latitude is None
    fixed = merge_place(
        POINT, Place(detail="西安路公交站"), replace=True, text="不对 是西安路公交站"
    )
    assert fixed.latitude is None
