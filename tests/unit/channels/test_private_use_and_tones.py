"""trial11 N13: 「\\U000e0041\\U000e0042路灯\\ue000坏了\\U0001F3FB」 from WeChat was stored as
「路灯\\ue000坏了🏻」: the tag characters were dropped, but a private-use character and a
skin-tone modifier with no emoji before it stayed. Both go like the other invisible
characters, in the one rule every channel's inbound text passes
(``channels.messages.without_format``) and its twin for the case store and Open311
(``casebridge.inputs.without_format``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casebridge.inputs import without_format as casebridge_without_format
from channels.messages import InboundMessage, MessageKind, without_format
from channels.wechat.inbound import to_message

#: (received, kept)
CASES = [
    ("\U000e0041\U000e0042路灯\ue000坏了\U0001f3fb", "路灯坏了"),  # the trial's message
    ("\ue001井盖\uf8ff没了", "井盖没了"),  # the BMP private-use area, both ends
    ("\U000f0001牡丹区\U00100001西城街道", "牡丹区西城街道"),  # planes 15 and 16
    ("\U0001f3fd俺们小区停水了", "俺们小区停水了"),  # a tone at the start
    ("路灯坏了 \U0001f3ff", "路灯坏了 "),  # after a space
    ("噪音太大\U0001f3fc\U0001f3fc", "噪音太大"),  # after Han characters, twice
]

#: Tones on an emoji are the emoji's: kept.
TONED = ["谢谢👍\U0001f3fb", "✋\U0001f3fd别扰民", "👍\U0001f3fb", "👩\U0001f3fe\u200d⚕️"]


@pytest.mark.parametrize(("received", "kept"), CASES)
def test_private_use_and_lone_tones_are_dropped(received: str, kept: str) -> None:
    assert without_format(received) == kept
    assert casebridge_without_format(received) == kept


@pytest.mark.parametrize("text", TONED)
def test_a_tone_on_an_emoji_stays(text: str) -> None:
    assert without_format(text) == text
    assert casebridge_without_format(text) == text


def test_a_second_tone_on_one_emoji_goes() -> None:
    assert without_format("👍\U0001f3fb\U0001f3fb") == "👍\U0001f3fb"


@pytest.mark.parametrize(("received", "kept"), CASES[:3])
def test_every_inbound_message_is_cleaned(received: str, kept: str) -> None:
    msg = InboundMessage(
        channel="telegram",
        external_id="1",
        sender="u1",
        kind=MessageKind.TEXT,
        text=received,
        received_at=datetime.now(UTC),
    )
    assert msg.text == kept


def test_a_wechat_push_is_stored_without_them() -> None:
    fields = {
        "ToUserName": "gh_12345",
        "FromUserName": "oOdd",
        "CreateTime": "1764720000",
        "MsgType": "text",
        "Content": CASES[0][0],
        "MsgId": "77",
    }
    msg = to_message(fields)
    assert msg is not None
    assert msg.text == "路灯坏了"
