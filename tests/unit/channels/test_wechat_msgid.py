"""A WeChat message push (text, image, voice, video, location, link) carries an integer
``MsgId`` within 64 bits; without one it is malformed: 400, never deduplicated by sender +
CreateTime, which would drop a second message of the same second (trial7 F08). Events
have no MsgId: sender + CreateTime + event is their key (vectors/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from channels.errors import PayloadError
from channels.wechat.inbound import to_message
from channels.wechat.payload import parse_body
from tests.contract.conftest import vectors_dir

_VECTORS = vectors_dir() / "wechat"


def _text(content: str, msg_id: str | None, created: str = "1764648000") -> dict[str, str]:
    fields = {
        "ToUserName": "gh_1",
        "FromUserName": "oH22",
        "CreateTime": created,
        "MsgType": "text",
        "Content": content,
    }
    if msg_id is not None:
        fields["MsgId"] = msg_id
    return fields


@pytest.mark.parametrize("msg_id", [None, "", "0", "abc", "-5", "10" + "0" * 39, "1.5", " 7"])
def test_a_message_without_an_integer_msgid_is_refused(msg_id: str | None) -> None:
    with pytest.raises(PayloadError) as err:
        to_message(_text("定陶区 滨河街道 陈集社区 路灯坏了", msg_id))
    assert err.value.status_code == 400


@pytest.mark.parametrize("kind", ["image", "voice", "location", "link", "video"])
def test_other_messages_need_it_too(kind: str) -> None:
    fields = _text("", None) | {"MsgType": kind, "Location_X": "35.2", "Location_Y": "115.4"}
    with pytest.raises(PayloadError):
        to_message(fields)


def test_two_messages_of_one_second_are_both_kept() -> None:
    first = to_message(_text("定陶区 滨河街道 陈集社区 路灯坏了", "6842281201928761345"))
    second = to_message(_text("孙立 13953006678", "6842281201928761346"))
    assert first is not None
    assert second is not None
    assert first.dedup_key != second.dedup_key
    top = to_message(_text("x", str(2**64 - 1)))
    assert top is not None


def test_the_vectors_still_read() -> None:
    read = 0
    for path in sorted(Path(_VECTORS).glob("*.xml")):
        if "reply" in path.name or path.name == "encrypted_wechatpy_request.xml":
            continue
        to_message(parse_body(path.read_bytes()))
        read += 1
    assert read >= 10
