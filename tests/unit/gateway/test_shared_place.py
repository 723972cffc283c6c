"""A location message's place (issue 12): the label read as an address by
``nlu.address.parse_address``, the point located by ``nlu.coordinates.locate`` in the
channel's coordinate system, and the pipeline handing the result to the dialogue."""

from __future__ import annotations

import pytest

from channels.messages import InboundMessage, Location, MessageKind
from dialogs import model as dm
from gateway.pipeline.places import shared_place
from tests.unit.gateway.pipeline_fakes import (
    FakeCases,
    FakeConsole,
    make_real,
    recording,
    web_message,
)

# 中华路与人民路交叉口 in Mudan district (GCJ-02, as WeChat sends it)
MUDAN = (35.2466, 115.481)


def test_a_full_label_gives_county_and_detail_once() -> None:
    label = "山东省菏泽市牡丹区中华路与人民路交叉口"
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1], label=label), "wechat")
    assert place is not None
    assert place.county == "牡丹区"
    assert place.detail == "中华路与人民路交叉口"
    assert place.address() == "牡丹区中华路与人民路交叉口"  # never 牡丹区山东省菏泽市牡丹区…
    assert (place.latitude, place.longitude, place.label) == (*MUDAN, label)


def test_a_label_without_a_county_gets_it_from_the_point() -> None:
    place = shared_place(
        Location(latitude=MUDAN[0], longitude=MUDAN[1], label="中华路与人民路交叉口"), "wechat"
    )
    assert place is not None
    assert place.county == "牡丹区"
    assert place.address() == "牡丹区中华路与人民路交叉口"


def test_a_point_without_a_label_is_located() -> None:
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1]), "telegram")
    assert place is not None
    assert place.county == "牡丹区"
    assert place.detail is None
    assert place.address() == "牡丹区"


@pytest.mark.parametrize(
    ("lat", "lon", "label"),
    [
        (39.9087, 116.3975, None),
        (39.9087, 116.3975, "北京市东城区东长安街"),
        (0.0, 0.0, None),
        (-33.86, 151.21, None),
        (35.2466, -115.481, None),  # Heze's numbers, the wrong hemisphere
        (90.0, 180.0, "路口"),
    ],
)
def test_a_point_outside_heze_names_no_place(lat: float, lon: float, label: str | None) -> None:
    """W5: such a point was taken as the place (order filed 发生地点：未说明)."""
    assert shared_place(Location(latitude=lat, longitude=lon, label=label), "wechat") is None
    assert shared_place(Location(latitude=lat, longitude=lon), "web", from_photo=True) is None


def test_a_photos_gps_is_located_like_a_location_message() -> None:
    """W6: a photo's GPS position was kept as 照片拍摄位置 with no county."""
    gps = Location(latitude=35.25, longitude=115.45, label="照片拍摄位置")
    place = shared_place(gps, "web", from_photo=True)
    assert place is not None
    frame = shared_place(Location(latitude=35.25, longitude=115.45), "web")
    assert frame is not None
    assert (place.county, place.township) == (frame.county, frame.township)
    assert place.county == "牡丹区"
    assert place.label is None  # our own caption is not an address
    assert place.address() == frame.address()
    assert (place.latitude, place.longitude) == (35.25, 115.45)


def test_the_labels_county_wins_over_a_point_in_another() -> None:
    """The citizen's label names the county; a point in another county does not change it,
    nor add that county's township."""
    label = "菏泽市曹县青菏街道"
    place = shared_place(Location(latitude=MUDAN[0], longitude=MUDAN[1], label=label), "wechat")
    assert place is not None
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


async def test_a_location_outside_heze_is_not_the_place_and_where_is_asked_again() -> None:
    """W5: after "where?", a location at (0, 0) was accepted and the order filed with
    发生地点：未说明."""
    from gateway.pipeline.places import OUTSIDE_ZH
    from tests.unit.gateway.pipeline_fakes import msg

    p = make_real(FakeCases(), FakeConsole())
    seen = recording(p)
    first = await p.handle(msg("路口的红绿灯坏了", ext="w1"))
    where_q = first[-1].text
    assert "发生在哪里" in where_q
    for i, (lat, lon) in enumerate([(0.0, 0.0), (39.9087, 116.3975)]):
        frame = web_message(
            f"w{i + 2}", MessageKind.LOCATION, location=Location(latitude=lat, longitude=lon)
        )
        replies = [r.text for r in await p.handle(frame)]
        event = seen[-1]
        assert isinstance(event, dm.UserMessage)
        assert event.shared_place is None
        assert event.location is None
        assert replies[0] == OUTSIDE_ZH
        assert "发生在哪里" in replies[-1]
    # a point in Heze then fills it
    inside = web_message(
        "w9", MessageKind.LOCATION, location=Location(latitude=35.25, longitude=115.45)
    )
    replies = [r.text for r in await p.handle(inside)]
    assert not any("发生在哪里" in t for t in replies)


async def test_the_pipeline_locates_a_photos_gps() -> None:
    """W6: a picture with a GPS position gives the dialogue the located place."""
    from channels.messages import Attachment, AttachmentKind

    p = make_real(FakeCases(), FakeConsole())
    seen = recording(p)
    photo = web_message(
        "ph1",
        MessageKind.IMAGE,
        sender="u3",
        text="路面塌了",
        attachments=(
            Attachment(kind=AttachmentKind.IMAGE, mime="image/jpeg", blob_key="b/1", size=10),
        ),
        location=Location(latitude=35.25, longitude=115.45, label="照片拍摄位置"),
    )
    await p.handle(photo)
    event = seen[-1]
    assert isinstance(event, dm.UserMessage)
    assert event.shared_place is not None
    assert event.shared_place.county == "牡丹区"
    assert event.shared_place.address() == "牡丹区" + (event.shared_place.township or "")
