"""A location message's place (issue 12): the label read as an address by
``nlu.address.parse_address``, the point located by ``nlu.address.locate`` in the
channel's coordinate system, and the pipeline handing the result to the dialogue."""

from __future__ import annotations

import pytest

from channels.messages import InboundMessage, Location, MessageKind
from dialogs import model as dm
from gateway.pipeline.places import shared_place
from tests.unit.gateway.test_pipeline import FakeCases, FakeConsole, make_real, recording

# 中华路与人民路交叉口 in Mudan district (GCJ-02, as WeChat sends it)
MUDAN = (35.2466, 115.481)


def test_a_full_label_gives_county_and_detail_once() -> None:
    label = "山东省菏泽市牡丹区中华路与人民路交叉口"
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1], label=label), "wechat")
    assert place.county == "牡丹区"
    assert place.detail == "中华路与人民路交叉口"
    assert place.address() == "牡丹区中华路与人民路交叉口"  # never 牡丹区山东省菏泽市牡丹区…
    assert (place.latitude, place.longitude, place.label) == (*MUDAN, label)


def test_a_label_without_a_county_gets_it_from_the_point() -> None:
    place = shared_place(
        Location(latitude=MUDAN[0], longitude=MUDAN[1], label="中华路与人民路交叉口"), "wechat"
    )
    assert place.county == "牡丹区"
    assert place.address() == "牡丹区中华路与人民路交叉口"


def test_a_point_without_a_label_is_located() -> None:
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1]), "telegram")
    assert place.county == "牡丹区"
    assert place.detail is None
    assert place.address() == "牡丹区"


@pytest.mark.parametrize("label", [None, "北京市东城区东长安街"])
def test_a_point_outside_heze_gives_no_county(label: str | None) -> None:
    place = shared_place(Location(latitude=39.9087, longitude=116.3975, label=label), "wechat")
    assert place.county is None
    assert place.latitude == 39.9087  # the point is kept for the agent


def test_the_labels_county_wins_over_a_point_in_another() -> None:
    """The citizen's label names the county; a point in another county does not change it,
    nor add that county's township."""
    label = "菏泽市曹县青菏街道"
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1], label=label), "wechat")
    assert (place.county, place.township) == ("曹县", "青菏街道")


async def test_the_pipeline_hands_the_located_place_to_the_dialogue() -> None:
    p = make_real(FakeCases(), FakeConsole())
    seen = recording(p)
    label = "山东省菏泽市牡丹区中华路与人民路交叉口"
    point = Location(latitude=MUDAN[0], longitude=MUDAN[1], label=label)
    where = InboundMessage(
        channel="wechat",
        account="gh",
        external_id="loc1",
        sender="u7",
        kind=MessageKind.LOCATION,
        text=label,
        location=point,
    )
    await p.handle(where)
    event = seen[-1]
    assert isinstance(event, dm.UserMessage)
    assert event.text == ""  # the label is the place, not speech
    assert event.shared_place is not None
    assert event.shared_place.county == "牡丹区"
    assert event.shared_place.detail == "中华路与人民路交叉口"
