"""Knowledge answers only when the entry answers the question (trial3 F48, F07): a word
of when or of a common act (几点开门, 登记) shared with an entry is not enough; a service
wanted for oneself (我要办居住证) is a question, answered from its own entry."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.knowledge import KnowledgeBase
from nlu.questions import reading
from nlu.sources import source_category


@pytest.mark.parametrize(
    "asked",
    [
        "博物馆几点开门",
        "俺想问问新华书店礼拜天开不开门",
        "孩子咳嗽得厉害 卫生院晚上几点关门",
        "驾校报名需要啥材料",
        "文化馆周末开门吗",
    ],
)
def test_an_entry_sharing_only_a_word_of_when_or_of_an_act_is_no_answer(
    kb: KnowledgeBase, asked: str
) -> None:
    titles = [a.title for a in kb.search(asked)]
    assert not any(w in t for t in titles for w in ("体育场馆", "出生登记", "办公时间")), titles


@pytest.mark.parametrize(
    ("asked", "word"),
    [
        ("领结婚证要带什么", "结婚"),
        ("体育场几点开放", "体育场馆"),
        ("社保卡丢了咋补办", "社保卡"),
        ("俺在菏泽打工 居住证咋办", "居住证"),
    ],
)
def test_the_entry_about_the_thing_asked_is_still_found(
    kb: KnowledgeBase, asked: str, word: str
) -> None:
    answers = kb.search(asked)
    assert answers, asked
    assert word in answers[0].title


@pytest.mark.parametrize(
    "said", ["我要办居住证", "俺想补办社保卡", "我想申请个低保", "我要开个无犯罪证明"]
)
def test_a_service_wanted_is_a_question(engine: EmbeddedEngine, said: str) -> None:
    assert reading(said) == "question"
    parsed = engine.parse(said)
    assert parsed.asks == "question"
    assert parsed.intent.name == "ask_info"


@pytest.mark.parametrize(
    "said", ["我要办居住证 派出所推来推去不给办", "我要反映物业乱收费", "我想换个路灯 这个坏了"]
)
def test_a_service_with_a_grievance_or_a_broken_thing_is_not_a_plain_question(said: str) -> None:
    assert reading(said) != "question"


@pytest.mark.parametrize(
    ("asked", "unit_type"),
    [
        ("孩子刚出生 医保咋参保", "department:医保"),
        ("在菏泽上班半年了 居住证咋申请", "department:公安"),
    ],
)
def test_an_answer_carries_its_sources_unit_type(
    kb: KnowledgeBase, asked: str, unit_type: str
) -> None:
    """F02: the category of the answer's own source, for an appeal grown out of it."""
    best = kb.search(asked)[0]
    assert best.category is not None
    assert best.category.unit_type == unit_type


def test_a_source_outside_the_catalogue_has_no_category() -> None:
    assert source_category("菏泽市某某管理中心") is None
    found = source_category("菏泽市医疗保障局")
    assert found is not None
    assert found.unit_type == "department:医保"
