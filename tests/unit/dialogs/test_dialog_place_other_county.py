"""A township of another county after the county the citizen named is asked about once
(trial10 N12): 「牡丹区 园艺街道 幸福小区 …」 was taken down as 牡丹区园艺街道幸福小区,
though 园艺街道 is 单县's. 「园艺街道在单县，请问您说的是单县的园艺街道吗？」: yes → that county
(the township and the spot kept); no, or the county said again → the county said stays
and the township is dropped (the spot kept). A township the named county has, or one the
gazetteer does not know, is never asked about.

The NLU results are the shipped gazetteer's reading of each message (territory, entities).
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


def read(text: str, intent: str = "unknown", category: str | None = None) -> NluResult:
    """``text`` as the NLU reads its place and entities (the gazetteer's territory)."""
    base = nlu(text, intent, category=category)
    return dataclasses.replace(
        base,
        territory=default_gazetteer().resolve(text),
        entities=extract(normalize(text)),
    )


@pytest.fixture
def web(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("web", wording, Thresholds(order_turns=0))


# (the appeal's first message, the township, its county, the spot that must stay)
FOREIGN = [
    ("牡丹区 园艺街道 幸福小区 垃圾没人清", "园艺街道", "单县", "幸福小区"),  # the trial's
    ("曹县 唐塔街道 水浒小区 路灯坏了", "唐塔街道", "郓城县", "水浒小区"),
    ("郓城县 青菏街道 万福小区 停水三天了", "青菏街道", "曹县", "万福小区"),
    ("成武县 城关街道 黄河小区 垃圾桶满了没人倒", "城关街道", "东明县", "黄河小区"),
    ("东明县 浮岗镇 张庄村 排水沟堵了", "浮岗镇", "单县", "张庄村"),
    ("牡丹区 普连集镇 郭楼村 路面塌了个坑", "普连集镇", "曹县", "郭楼"),
]


def _start(web: DialogContext, first: str) -> tuple[Chat, str]:
    chat = Chat(web)
    acts = chat.say(first, read(first, "appeal", category="城乡建设"))
    return chat, texts(acts)


@pytest.mark.parametrize(("first", "town", "county", "spot"), FOREIGN)
def test_a_township_of_another_county_is_asked_about(
    web: DialogContext, first: str, town: str, county: str, spot: str
) -> None:
    chat, asked = _start(web, first)
    assert asked == f"{town}在{county}，请问您说的是{county}的{town}吗？"
    chat.say("是的", read("是的"))
    place = slots(chat).place
    assert (place.county, place.township) == (county, town)
    assert spot in (place.address() or "")


@pytest.mark.parametrize(("first", "town", "county", "spot"), FOREIGN)
@pytest.mark.parametrize("answer", ["不是", "不是 就是{said}的"])
def test_no_keeps_the_county_said_and_drops_the_township(
    web: DialogContext, first: str, town: str, county: str, spot: str, answer: str
) -> None:
    said = first.split()[0]
    chat, _ = _start(web, first)
    reply = answer.format(said=said)
    acts = chat.say(reply, read(reply))
    place = slots(chat).place
    assert place.county == said
    address = place.address() or ""
    assert town not in address
    assert spot in address
    assert "您说的是" not in texts(acts)  # asked once


def test_the_county_said_again_alone_keeps_it(web: DialogContext) -> None:
    chat, _ = _start(web, "牡丹区 园艺街道 幸福小区 垃圾没人清")
    chat.say("牡丹区", read("牡丹区"))
    assert slots(chat).place.address() == "牡丹区幸福小区"


def test_a_township_given_after_the_county_is_asked_about_too(web: DialogContext) -> None:
    chat = Chat(web)
    milk = "俺们小区那个超市卖过期的牛奶"
    chat.say(milk, read(milk, "appeal", category="市场监管"))
    chat.say("单县", read("单县"))
    acts = chat.say("西城街道 阳光小区", read("西城街道 阳光小区"))
    assert texts(acts) == "西城街道在牡丹区，请问您说的是牡丹区的西城街道吗？"
    chat.say("对", read("对"))
    assert slots(chat).place.address() == "牡丹区西城街道阳光小区"


@pytest.mark.parametrize(
    "first",
    [
        "单县 园艺街道 幸福小区 垃圾没人清",  # the township is the county's own
        "单县 北城街道 幸福小区 路灯不亮",  # two counties have it, the one named among them
        "郓城县 唐塔街道 水浒小区 路灯坏了",
        "曹县 幸福街道 阳光小区 路灯坏了",  # a township the gazetteer does not know
        "牡丹区 阳光小区 路灯坏了",  # no township
    ],
)
def test_no_question_for_a_township_the_county_has_or_nobody_knows(
    web: DialogContext, first: str
) -> None:
    _, asked = _start(web, first)
    assert "您说的是" not in asked
    assert "吗？" not in asked


def test_an_answer_not_understood_leaves_the_place_and_is_not_asked_again(
    web: DialogContext,
) -> None:
    chat, _ = _start(web, "曹县 唐塔街道 水浒小区 路灯坏了")
    acts = chat.say("张明 13853001234", read("张明 13853001234"))
    assert "您说的是" not in texts(acts)
    assert slots(chat).place.address() == "曹县唐塔街道水浒小区"
    assert slots(chat).phone == "13853001234"


def test_the_same_mismatch_given_again_at_the_read_back_is_asked_again(
    web: DialogContext,
) -> None:
    chat, _ = _start(web, "成武县 浮岗镇 张庄村 排水沟堵了")
    chat.say("对", read("对"))
    chat.say("匿名", read("匿名"))
    assert chat.state.step == "confirm"
    fix = "地点不对 是成武县浮岗镇张庄村"
    acts = chat.say(fix, read(fix))
    assert texts(acts) == "浮岗镇在单县，请问您说的是单县的浮岗镇吗？"
    chat.say("不是", read("不是"))
    assert slots(chat).place.address() == "成武县张庄村"
