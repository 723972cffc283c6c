"""The contact question (trial10 F11, N11): a phone refused with a name anywhere in the
message keeps the name (no phone, not 匿名, nothing added to the matter); asking why the
phone is wanted, or fearing retaliation, gets the reason (kept confidential, never given
to the party reported; 匿名 is fine), never the question repeated word for word."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from nlu.refusals import declined
from nlu.types import Intent, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

OPENING = "牡丹区 南城街道 和平小区 楼下饭店油烟太大"


def _at_contact(ctx: DialogContext) -> Chat:
    chat = Chat(ctx)
    where = Territory(county="牡丹区", township="南城街道", detail="和平小区")
    chat.say(OPENING, NluResult(text=OPENING, intent=Intent("appeal", 0.8), territory=where))
    acts = chat.say("不知道", nlu("不知道", "unknown", confidence=0.1))
    assert "手机号码" in texts(acts), texts(acts)
    return chat


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("号码俺不想留 你就写俺王大海", "王大海"),  # trial10 F11
        ("俺是赵红梅 电话就别要了", "赵红梅"),  # trial10 F11
        ("手机不想给 就写我刘建军吧", "刘建军"),
        ("俺叫孙秀芝 号码就甭要了", "孙秀芝"),
        ("我是周大勇 手机号不留了", "周大勇"),
        ("电话不方便给 记我李春花就行", "李春花"),
    ],
)
def test_a_refused_phone_with_a_name_anywhere_keeps_the_name(
    since_ctx: DialogContext, answer: str, name: str
) -> None:
    chat = _at_contact(since_ctx)
    refused = NluResult(text=answer, intent=Intent("deny", 0.8), declined=declined(answer))
    acts = chat.say(answer, refused)
    sl = slots(chat)
    assert (sl.name, sl.phone, sl.anonymous) == (name, None, False)
    said = texts(acts)
    assert f"{name}（未留电话）" in said, said
    assert "补充" not in said
    assert name not in sl.matter
