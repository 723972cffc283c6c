"""Openers in more wordings (trial10 N03, F01): a greeting or filler before it (喂, 那啥),
a dialect verb (说道说道, 掰扯掰扯), a question tag after it (中不中, 行不行) are still an
opener with no matter in it; the matter that follows is the matter, never the place; a
「中」/「行」 answering the opener's tag is a yes, not an answer to anything else."""

from __future__ import annotations

import pytest

from dialogs.openers import opener
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

OPENERS = [
    "喂 俺这有个事得说道说道",  # trial10 N03
    "俺来找恁反映个情况中不中",  # trial10 N03
    "那啥 俺有个情况跟恁说说",  # trial10 F01
    "哎 俺有个事想跟恁掰扯掰扯",
    "俺想跟恁说个事行不行",
    "喂喂 俺要反映个情况 可以不",
    "那个啥 俺有点事跟恁念叨念叨",
]


@pytest.mark.parametrize("said", OPENERS)
def test_an_opener_in_more_wordings_is_an_opener(said: str) -> None:
    assert opener(said.replace(" ", "")) is False


@pytest.mark.parametrize(
    "said",
    ["喂 俺们村的自来水发黄", "那啥 楼上天天往下扔垃圾", "俺们小区的暖气不热中不中", "说道说道"],
)
def test_a_matter_or_a_bare_verb_is_no_opener(said: str) -> None:
    assert opener(said.replace(" ", "")) is None


@pytest.mark.parametrize("said", OPENERS)
def test_an_opener_asks_what_it_is_about_and_the_next_message_is_the_matter(
    chat: Chat, wording: Wording, said: str
) -> None:
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert texts(acts) == wording.say("ask_what", "rich")
    assert not slots(chat).matter
    matter = "俺们村的自来水发黄"
    acts = chat.say(matter, nlu(matter, "appeal", category="城乡建设"))
    assert slots(chat).matter == matter
    assert "发黄" not in (slots(chat).place.detail or "")


@pytest.mark.parametrize("yes", ["中", "行", "可以", "好"])
def test_a_yes_to_the_openers_tag_waits_for_the_matter(
    chat: Chat, wording: Wording, yes: str
) -> None:
    said = "俺来找恁反映个情况中不中"
    chat.say(said, nlu(said, "appeal", category="城乡建设"))
    acts = chat.say(yes, nlu(yes, "affirm", confidence=0.5))
    assert "县区" not in texts(acts), texts(acts)
    assert not slots(chat).matter
    matter = "俺们小区的暖气不热"
    chat.say(matter, nlu(matter, "appeal", category="城乡建设"))
    assert slots(chat).matter == matter
