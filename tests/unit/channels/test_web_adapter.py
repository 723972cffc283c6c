"""The web chat adapter: frames, visitor tokens, bad input."""

from __future__ import annotations

import base64

import pytest

from channels.errors import PayloadError
from channels.messages import MessageKind
from channels.web.adapter import WebChatAdapter


def test_visitor_token_round_trip_and_forgery() -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    visitor, token = web.issue_visitor()
    assert web.visitor_from_token(token) == visitor
    other = WebChatAdapter(secret=b"t" * 32)
    assert other.visitor_from_token(token) is None
    assert web.visitor_from_token(visitor + ".0000") is None
    assert web.visitor_from_token(None) is None


def test_text_frame() -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    msg, blob = web.parse_frame(
        "v1", {"type": "message", "id": "m1", "text": " 路灯坏了 "}, max_upload_bytes=1000
    )
    assert blob is None
    assert msg.kind is MessageKind.TEXT
    assert msg.text == "路灯坏了"
    assert msg.dedup_key == "web:web:v1:v1:m1"
    assert msg.sender == "v1"
    assert msg.received_at.tzinfo is not None


def test_image_frame_decodes_and_limits_size() -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    data = base64.b64encode(b"\x89PNG" + b"0" * 100).decode()
    msg, blob = web.parse_frame(
        "v1", {"type": "image", "id": "i1", "data": data}, max_upload_bytes=1000
    )
    assert msg.kind is MessageKind.IMAGE
    assert blob is not None
    assert blob.startswith(b"\x89PNG")
    with pytest.raises(PayloadError) as err:
        web.parse_frame(
            "v1", {"type": "image", "id": "i2", "data": "A" * 5000}, max_upload_bytes=1000
        )
    assert err.value.status_code == 413


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "message", "text": "无id"},
        {"type": "message", "id": "bad id with spaces", "text": "x"},
        {"type": "message", "id": "m", "text": "   "},
        {"type": "message", "id": "m", "text": 5},
        {"type": "image", "id": "m", "data": "不是base64"},
        {"type": "location", "id": "m", "latitude": "north"},
        {"type": "location", "id": "m", "latitude": 95, "longitude": 0},
        {"type": "video", "id": "m"},
    ],
)
def test_bad_frames_are_refused_clearly(frame: dict[str, object]) -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    with pytest.raises(PayloadError):
        web.parse_frame("v1", frame, max_upload_bytes=1000)


def test_a_long_appeal_is_accepted_whole_and_beyond_the_limit_refused_clearly() -> None:
    from channels.web.adapter import MAX_TEXT

    web = WebChatAdapter(secret=b"s" * 32)
    text = "路灯坏了，" * 500  # 2,500 characters: never cut at 2,000
    msg, _ = web.parse_frame(
        "v1", {"type": "message", "id": "l1", "text": text}, max_upload_bytes=1
    )
    assert msg.text == text.strip()
    with pytest.raises(PayloadError) as err:
        web.parse_frame(
            "v1", {"type": "message", "id": "l2", "text": "长" * (MAX_TEXT + 1)}, max_upload_bytes=1
        )
    assert err.value.status_code == 413
    assert "分成几条" in str(err.value)


@pytest.mark.parametrize(
    "where",
    [
        {"latitude": True, "longitude": False},
        {"latitude": "35.2", "longitude": "115.4"},
        {"latitude": 35.2, "longitude": "115.4"},
        {"latitude": None, "longitude": 115.4},
        {"latitude": [35.2], "longitude": 115.4},
        {"latitude": {"v": 35.2}, "longitude": 115.4},
        {"latitude": float("nan"), "longitude": 115.4},
        {"latitude": float("inf"), "longitude": 115.4},
        {"latitude": 35.2, "longitude": 10**400},
        {"latitude": 35.2, "longitude": 181},
        {"lat": 35.2, "latitude": 36.0, "lng": 115.4},
        {"lat": 35.2},
        {"latitude": 35.2, "longitude": 115.4, "label": 7},
    ],
)
def test_a_location_takes_only_real_numbers(where: dict[str, object]) -> None:
    """W5: booleans and strings were accepted as coordinates."""
    from channels.web.adapter import LOCATION_HELP

    web = WebChatAdapter(secret=b"s" * 32)
    with pytest.raises(PayloadError) as err:
        web.parse_frame("v1", {"type": "location", "id": "p", **where}, max_upload_bytes=1)
    assert str(err.value) == LOCATION_HELP


@pytest.mark.parametrize(
    "where",
    [
        {"latitude": 35.25, "longitude": 115.45},
        {"lat": 35.25, "lng": 115.45},
        {"lat": 35.25, "lon": 115.45},
        {"latitude": 35.25, "lat": 35.25, "longitude": 115.45},
    ],
)
def test_a_location_with_its_aliases(where: dict[str, object]) -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    frame = {"type": "location", "id": "p", "label": " 牡丹区 ", **where}
    msg, _ = web.parse_frame("v1", frame, max_upload_bytes=1)
    assert msg.location is not None
    assert (msg.location.latitude, msg.location.longitude) == (35.25, 115.45)
    assert msg.location.label == "牡丹区"
    # integers are numbers too
    whole = web.parse_frame(
        "v1", {"type": "location", "id": "q", "latitude": 35, "longitude": 115}, max_upload_bytes=1
    )[0]
    assert whole.location is not None
    assert whole.location.latitude == 35.0


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "typing"},  # trial7 F13: unknown type, no id
        {"type": "read", "id": 5},  # a second wording: unknown type, a bad id
        {"type": ["message"]},
        {},
    ],
)
def test_an_unknown_frame_type_is_named_before_the_id(frame: dict[str, object]) -> None:
    adapter = WebChatAdapter(secret=b"s" * 32)
    with pytest.raises(PayloadError) as err:
        adapter.parse_frame("v1", frame, max_upload_bytes=1)
    assert "unknown frame type" in str(err.value)
    assert "'id'" not in str(err.value)
