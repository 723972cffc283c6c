"""Policy questions with no article (route13): the simulated citizens' 「暖气费咋交」 and a
sick-leave pay question got no answer, and 高温补贴 / 最低工资 got an article about another
thing (高龄津贴, 公积金缴存基数). The heating fee and six labour rights (sick leave, paid
annual leave, overtime, the minimum wage, high-temperature allowances, maternity leave) now
have articles; every answer names the rule it rests on or where the local figure is
published, and no local figure is invented. The questions are paraphrases written here,
not the articles' own questions."""

from __future__ import annotations

import pytest

from nlu.knowledge import KnowledgeBase
from nlu.knowledge_words import objects_in

ASKED = [
    ("暖气费咋交", "sd-023"),
    ("取暖费在网上能交不", "sd-023"),
    ("今年的热费交到哪儿", "sd-023"),
    ("暖气不热能退暖气费吗", "sd-009"),  # a refund: the article about the temperature
    ("病假工资", "ld-001"),
    ("请病假单位能扣全部工资不", "ld-001"),
    ("请了半个月病假 单位一分钱不给发 合法吗", "ld-001"),
    ("一年能休几天年假", "ld-002"),
    ("周末加班单位不给加班费", "ld-003"),
    ("俺们这最低工资是多少钱", "ld-004"),
    ("夏天在工地干活有没有高温补贴", "ld-005"),
    ("高温补贴", "ld-005"),
    ("生孩子能休多长时间产假", "ld-006"),
]


@pytest.mark.parametrize(("query", "entry"), ASKED)
def test_the_article_about_what_was_asked(kb: KnowledgeBase, query: str, entry: str) -> None:
    found = kb.search(query)
    assert found, query
    assert found[0].entry_id == entry, (query, [a.title for a in found])


@pytest.mark.parametrize(
    ("query", "wrong"),
    [
        ("高温补贴", "高龄"),
        ("最低工资标准是多少", "公积金"),
        ("生病请假单位给不给发工资", "拖欠工资"),
        ("暖气费咋交", "燃气"),
    ],
)
def test_never_an_article_about_another_thing(kb: KnowledgeBase, query: str, wrong: str) -> None:
    found = kb.search(query)
    assert found
    assert wrong not in found[0].title


@pytest.mark.parametrize(
    ("query", "entry"),
    [("暖气不热怎么办", "sd-009"), ("老板不给发工资找谁", "sb-009"), ("高龄补贴怎么领", None)],
)
def test_the_older_articles_keep_their_questions(
    kb: KnowledgeBase, query: str, entry: str | None
) -> None:
    found = kb.search(query)
    assert found
    if entry is not None:
        assert found[0].entry_id == entry
    assert found[0].entry_id not in {"ld-005", "sd-023"}


def test_labour_answers_name_their_rule_and_where_to_ask(kb: KnowledgeBase) -> None:
    for entry_id in ("ld-001", "ld-002", "ld-003", "ld-004", "ld-005", "ld-006"):
        answer = next(a for a in kb.search(_TITLES[entry_id]) if a.entry_id == entry_id)
        assert "《" in answer.answer  # the law or regulation it rests on
        assert any(w in answer.answer for w in ("投诉", "咨询", "12333"))
        assert answer.source_unit == "菏泽市人力资源和社会保障局"


_TITLES = {
    "ld-001": "病假工资和医疗期",
    "ld-002": "带薪年休假",
    "ld-003": "加班工资",
    "ld-004": "最低工资标准",
    "ld-005": "高温津贴",
    "ld-006": "产假和生育津贴",
}


def test_the_heating_fee_is_no_gas_fee(kb: KnowledgeBase) -> None:
    # 暖气费 holds 气费 (the gas object): read so, every heating article was filtered out
    assert objects_in("暖气费咋交", kb.objects) == frozenset({"暖气"})
    assert objects_in("燃气费咋交", kb.objects) == frozenset({"燃气"})
