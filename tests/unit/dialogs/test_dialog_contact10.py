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


@pytest.mark.parametrize(
    "answer",
    [
        "你们要电话干啥 俺怕打击报复",  # trial10 N11
        "留手机号有啥用",
        "为啥非得要俺的电话",
        "俺怕他们知道是俺反映的",
        "会不会泄露出去啊",
    ],
)
def test_why_the_contact_is_asked_is_answered_not_asked_again(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    asked = since_ctx.say("ask_contact")
    # the NLU reads it as a question (ask_info): still no knowledge search
    acts = chat.say(answer, nlu(answer, "ask_info", confidence=0.9))
    said = texts(acts)
    assert said != asked
    assert "保密" in said, said
    assert "匿名" in said, said
    sl = slots(chat)
    assert (sl.phone, sl.anonymous, sl.name) == (None, False, None)
    assert answer not in sl.matter
    # the contact is then given as usual
    chat.say("匿名", nlu("匿名", "deny"))
    assert slots(chat).anonymous


@pytest.mark.parametrize(
    "answer", ["不想说在哪", "地址不方便告诉你", "在哪儿俺就不说了", "俺不愿意透露具体位置"]
)
def test_a_place_refused_gets_why_it_is_needed(chat: Chat, answer: str) -> None:
    matter = "俺家门口的路坑坑洼洼"
    acts = chat.say(matter, nlu(matter, "appeal", category="城乡建设"))
    assert "县区" in texts(acts) or "哪里" in texts(acts)
    acts = chat.say(answer, nlu(answer, "ask_info", confidence=0.9))
    said = texts(acts)
    assert "承办单位" in said, said
    assert "转人工" in said, said
    assert "知识库" not in said
    assert slots(chat).matter == matter
