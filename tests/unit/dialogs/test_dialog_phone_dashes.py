"""Trial 7 F05 in the dialogue: a phone with dashes between its groups, as the NLU reads
it, becomes the order's contact phone."""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.normalize import normalize
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

MATTER = "我家小区门口的下水道堵了，污水冒到路上"
WHEN = (("date", "昨天"),)


@pytest.mark.parametrize(
    "answer",
    [
        "张建国 １３９–５３００–２２３３",
        "王芳 139—5300—2233",
        "李强 139‒5300‒2233",
        "赵敏 139−5300−2233",
    ],
)
def test_a_phone_with_dashes_at_the_contact_question_is_the_phone(chat: Chat, answer: str) -> None:
    chat.say(MATTER, nlu(MATTER, county="郓城县", township="郓州街道", entities=WHEN))
    chat.say("幸福小区5号楼")
    found = tuple((e.type, e.value) for e in extract(normalize(answer)))
    chat.say(answer, nlu(answer, "unknown", confidence=0.1, entities=found))
    assert slots(chat).phone == "13953002233"
