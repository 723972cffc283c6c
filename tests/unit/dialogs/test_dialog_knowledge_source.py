"""An appeal grown out of a knowledge answer goes to the unit type of the answer's own
source (trial3 F02): 新生儿医保 answered by 菏泽市医疗保障局 is the 医疗保障局's, not where the
question's words alone would send it (人社)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.model import KnowledgeFound
from nlu.types import Category, KnowledgeAnswer
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

Q = "孩子刚落户 城乡居民医保在哪交"
ANSWER = KnowledgeAnswer(
    entry_id="yb-9",
    title="新生儿参保",
    answer="持出生医学证明到户籍地医保经办机构办理。",
    source_unit="菏泽市医疗保障局",
    updated="2026-01-05",
    score=0.8,
    category=Category("劳动和社会保障", "城镇居民社会保险", 1.0, "department:医保"),
)


def _asked(chat: Chat, answer: KnowledgeAnswer) -> None:
    asked = nlu(Q, "ask_info", category="劳动和社会保障")  # unit type from the words: 住建
    chat.say(Q, asked)
    chat.feed(KnowledgeFound(answers=(answer,)))


def test_an_appeal_grown_out_of_an_answer_goes_to_the_answers_source(chat: Chat) -> None:
    _asked(chat, ANSWER)
    chat.say("看了还是不明白")
    assert chat.flow == "intake"
    category = slots(chat).category
    assert category is not None
    assert category.unit_type == "department:医保"
    assert category.level1 == "劳动和社会保障"


def test_a_source_the_catalogue_does_not_know_leaves_the_questions_category(chat: Chat) -> None:
    _asked(chat, replace(ANSWER, source_unit="菏泽市某某管理中心", category=None))
    chat.say("看了还是不明白")
    category = slots(chat).category
    assert category is not None
    assert category.unit_type == "department:住建"
