"""A place correction's value is what replaces the wrong level, never the correction's
own words (trial10 F12).

「说错了 是东城街道 不是西城街道」 after 「牡丹区 西城街道 阳光小区 …」 gave 发生地点
「牡丹区东城街道说错了 是」: the words 说错了 是 taken for the spot, the estate lost. A
correction 「(说/弄/搞/打)错了 是X 不是Y」, 「不是Y 是X」, 「Y错了 应该是X」 yields X only;
the county, the estate and the other levels said before are kept, whether it comes at
"since when?", at the contact question or at the read-back.

The NLU results are the shipped gazetteer's reading of each message.
"""

from __future__ import annotations

import dataclasses

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.wording import Wording
from nlu.address import default_gazetteer
from nlu.entities import extract
from nlu.normalize import normalize
from nlu.types import NluResult
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts


def read(text: str, intent: str = "unknown") -> NluResult:
    """``text`` as the NLU reads its place and entities (the gazetteer's territory)."""
    base = nlu(text, intent, category="城乡建设" if intent == "appeal" else None)
    return dataclasses.replace(
        base, territory=default_gazetteer().resolve(text), entities=extract(normalize(text))
    )


@pytest.fixture
def asks_since(wording: Wording) -> DialogContext:
    return DialogContext.for_channel(
        "web", wording, Thresholds(ask_since=True, ask_place_detail=False, order_turns=0)
    )


# (the opening message, the correction, the place it gives)
CASES = [
    (
        "牡丹区 西城街道 阳光小区 路灯坏了",
        "说错了 是东城街道 不是西城街道",
        "牡丹区东城街道阳光小区",
    ),
    ("曹县 磐石街道 万福小区 路灯坏了", "说错了 是青菏街道 不是磐石街道", "曹县青菏街道万福小区"),
    (
        "定陶区 天中街道 锦绣小区 路灯坏了",
        "弄错了 是滨河街道 不是天中街道",
        "定陶区滨河街道锦绣小区",
    ),
    (
        "郓城县 唐塔街道 水浒小区 路面塌了",
        "搞错了 是郓州街道 不是唐塔街道",
        "郓城县郓州街道水浒小区",
    ),
    (
        "成武县 文亭街道 东关社区 路灯不亮",
        "俺打错了 是永昌街道 不是文亭街道",
        "成武县永昌街道东关社区",
    ),
    ("牡丹区 西城街道 阳光小区 路灯坏了", "西城街道错了 应该是东城街道", "牡丹区东城街道阳光小区"),
    (
        "巨野县 永丰街道 书香苑小区 水管爆了",
        "永丰街道说错了 应该是凤凰街道",
        "巨野县凤凰街道书香苑小区",
    ),
    ("曹县 磐石街道 万福小区 路灯坏了", "不是磐石街道 是青菏街道", "曹县青菏街道万福小区"),
]


def _no_fix_words(address: str) -> None:
    for word in ("错了", "不是", "应该", "说错", "是"):
        assert word not in address, address


@pytest.mark.parametrize(("opening", "fix", "address"), CASES)
def test_a_place_corrected_at_since_when_keeps_the_estate(
    asks_since: DialogContext, opening: str, fix: str, address: str
) -> None:
    chat = Chat(asks_since)
    assert "什么时候开始" in texts(chat.say(opening, read(opening, "appeal")))
    chat.say(fix, read(fix))
    place = slots(chat).place.address() or ""
    assert place == address
    _no_fix_words(place)
    assert slots(chat).since is None


@pytest.mark.parametrize(("opening", "fix", "address"), CASES)
def test_a_place_corrected_at_the_read_back_keeps_the_estate(
    asks_since: DialogContext, opening: str, fix: str, address: str
) -> None:
    chat = Chat(asks_since)
    chat.say(opening, read(opening, "appeal"))
    chat.say("上个月", read("上个月"))
    chat.say("匿名", read("匿名"))
    assert chat.state.step == "confirm"
    said = texts(chat.say(fix, read(fix)))
    assert slots(chat).place.address() == address
    assert f"发生地点：{address}" in said, said


@pytest.mark.parametrize(("opening", "fix", "address"), CASES[:5])
def test_a_place_corrected_at_the_contact_question_keeps_the_estate(
    asks_since: DialogContext, opening: str, fix: str, address: str
) -> None:
    chat = Chat(asks_since)
    chat.say(opening, read(opening, "appeal"))
    assert "手机号码" in texts(chat.say("上个月", read("上个月")))
    chat.say(fix, read(fix))
    assert slots(chat).place.address() == address


@pytest.mark.parametrize(
    ("matter", "where", "fix", "address"),
    [
        (
            "小区门口的路灯坏了",
            "牡丹区 西城街道 阳光小区",
            "说错了 是东城街道 不是西城街道",
            "牡丹区东城街道阳光小区",
        ),
        (
            "楼道里的灯不亮",
            "曹县 磐石街道 万福小区",
            "弄错了 是青菏街道 不是磐石街道",
            "曹县青菏街道万福小区",
        ),
    ],
)
def test_a_place_corrected_after_the_place_question_keeps_the_estate(
    asks_since: DialogContext, matter: str, where: str, fix: str, address: str
) -> None:
    chat = Chat(asks_since)
    assert "县区" in texts(chat.say(matter, read(matter, "appeal")))
    chat.say(where, read(where))
    chat.say(fix, read(fix))
    assert slots(chat).place.address() == address
