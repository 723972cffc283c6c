"""trial8 F15 in the dialogue: a spaced contact name given with the NLU's entities is
recorded as said without the spaces (孙立新), never the surname alone (孙)."""

from __future__ import annotations

import dataclasses

import pytest

from nlu.entities import extract
from nlu.normalize import normalize
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

LAMP = "我家楼下路灯坏了，晚上黑乎乎的"


@pytest.mark.parametrize(
    ("answer", "name", "phone"),
    [
        ("孙 立 新 １３９ ５３００ ６６７８", "孙立新", "13953006678"),
        ("王 强 13953003344", "王强", "13953003344"),
        ("韩 梅，13853001234", "韩梅", "13853001234"),
    ],
)
def test_a_spaced_contact_name_is_the_whole_name(
    chat: Chat, answer: str, name: str, phone: str
) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", township="西城街道", category="城乡建设"))
    parsed = dataclasses.replace(nlu(answer, "unknown"), entities=extract(normalize(answer)))
    chat.say(answer, parsed)
    assert slots(chat).phone == phone
    assert slots(chat).name == name


def test_a_spaced_name_alone_then_the_phone(chat: Chat) -> None:
    # the trial's web chat: 「王 强」 as the answer to the contact question, then the phone
    chat.say(LAMP, nlu(LAMP, county="牡丹区", township="西城街道", category="城乡建设"))
    chat.say("王 强", dataclasses.replace(nlu("王 强", "unknown"), entities=extract("王 强")))
    chat.say(
        "13953003344", dataclasses.replace(nlu("13953003344"), entities=extract("13953003344"))
    )
    assert slots(chat).name == "王强"
    assert slots(chat).phone == "13953003344"


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        # trial9 F15: a compound surname (复姓) spaced keeps the whole name, not 「梅」
        ("欧阳 小 梅 13953001122", "欧阳小梅"),
        ("司马　光　明 13953001122", "司马光明"),
        ("诸葛 亮 13953001122", "诸葛亮"),
        ("我叫上官 婉 儿 电话13953001122", "上官婉儿"),
        ("我姓慕容 13953001122", "慕容"),
        ("令狐冲 13953001122", "令狐冲"),
    ],
)
def test_a_compound_surname_keeps_the_whole_name(chat: Chat, answer: str, name: str) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", township="西城街道", category="城乡建设"))
    parsed = dataclasses.replace(nlu(answer, "unknown"), entities=extract(normalize(answer)))
    chat.say(answer, parsed)
    assert slots(chat).phone == "13953001122"
    assert slots(chat).name == name
