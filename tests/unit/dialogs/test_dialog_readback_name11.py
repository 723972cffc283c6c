"""The contact name given at the read-back, or at any step (trial11 N04): 「俺是孙德福」,
「名字就写孔令君」, 「联系人写王建设」, 「就写李秀英吧」 set the name (never 「写王建设」,
never a 「（补充）」 of the matter); a refusal of the name is no name and no matter."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

MATTER = "俺们村这几天没水吃 自来水一直不来"


def _at_confirm(chat: Chat, contact: str | None = "13953008811") -> None:
    chat.say(MATTER, nlu(MATTER, category="城乡建设"))
    where = "单县 莱河镇 孙楼村"
    chat.say(where, nlu(where, county="单县", township="莱河镇"))
    if contact is not None:
        chat.say(contact)
    assert chat.state.step == "confirm", chat.state.step


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("俺是孙德福", "孙德福"),  # trial11 N04 (SMS)
        ("俺是李秀英", "李秀英"),  # trial11 N04 (WeChat)
        ("名字就写孔令君", "孔令君"),  # trial11 N04
        ("联系人写王建设", "王建设"),  # trial11 N04: never 「写王建设」
        ("联系人写张三", "张三"),  # trial11 N04
        # fresh paraphrases of the same kind
        ("我是赵春梅。", "赵春梅"),
        ("就写周海涛吧", "周海涛"),
        ("姓名填欧阳小梅", "欧阳小梅"),
        ("名字写成刘玉兰就行", "刘玉兰"),
        ("俺叫马金山", "马金山"),
    ],
)
def test_a_name_at_the_read_back_is_the_contact_name(
    ctx: DialogContext, said: str, name: str
) -> None:
    chat = Chat(ctx)
    _at_confirm(chat)
    acts = chat.say(said)
    sl = slots(chat)
    assert sl.name == name
    assert sl.matter == MATTER, sl.matter  # nothing of it added to the matter
    shown = texts(acts)
    assert "补充" not in shown, shown
    assert f"{name} 139****8811" in shown, shown  # the read-back again, with the name
    assert chat.state.step == "confirm"


def test_a_name_at_the_read_back_on_sms_goes_with_the_senders_number(
    sms_ctx: DialogContext,
) -> None:
    # trial11 N04: the contact is the sender's number; the name said after the read-back
    chat = Chat(sms_ctx, channel="sms", phone="+8613953001234")
    _at_confirm(chat, contact=None)
    chat.say("俺是孙德福")
    sl = slots(chat)
    assert (sl.name, sl.matter) == ("孙德福", MATTER)


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("联系人写王建设", "王建设"),
        ("俺是孙德福 电话13953008811", "孙德福"),
        ("名字就写孔令君 手机13953008811", "孔令君"),
    ],
)
def test_a_name_at_the_contact_question_in_the_same_words(
    ctx: DialogContext, said: str, name: str
) -> None:
    chat = Chat(ctx)
    chat.say(MATTER, nlu(MATTER, category="城乡建设"))
    where = "单县 莱河镇 孙楼村"
    chat.say(where, nlu(where, county="单县", township="莱河镇"))
    assert chat.state.step == "contact"
    chat.say(said)
    sl = slots(chat)
    assert sl.name == name
    assert sl.matter == MATTER


@pytest.mark.parametrize(
    "said",
    ["名字就不留了", "不用写名字", "不方便说", "名字就别写了吧"],
)
def test_a_refused_name_at_the_read_back_is_no_name_and_no_matter(
    ctx: DialogContext, said: str
) -> None:
    chat = Chat(ctx)
    _at_confirm(chat, contact="孙德福 13953008811")
    chat.say(said)
    sl = slots(chat)
    assert sl.matter == MATTER, sl.matter
    assert sl.name in (None, "孙德福")
    assert sl.name is None or "名字" not in said  # a refused name is taken off


@pytest.mark.parametrize(
    "said",
    ["我是高中生", "俺是王楼的", "俺是张庄", "我是孔子的老乡"],
)
def test_who_one_is_without_a_name_is_no_name(ctx: DialogContext, said: str) -> None:
    chat = Chat(ctx)
    _at_confirm(chat)
    chat.say(said)
    assert slots(chat).name is None
