"""Knowledge answers agree with what was asked (trial3 F48, F07, fresh3's housing-fund
question), tried on pairs other than the trial's: a question about opening hours is
answered only by an entry about hours (健身房周末开不开门 is not the prepaid-card dispute
whose question says 店关门了); a question naming two things (a house bought and the
housing fund) gets the entry that names both; a service wanted in a plain statement
(想补办身份证, 我要办个房产证) finds its own entry."""

from __future__ import annotations

import pytest

from nlu.knowledge import KnowledgeBase
from nlu.sources import source_category


@pytest.mark.parametrize(
    ("asked", "wrong"),
    [
        ("健身房周末开不开门", "预付卡"),
        ("游泳池礼拜天开门不", "预付卡"),
        ("婚姻登记处几点下班", "结婚登记"),
        ("卫生院周六有人上班吗", "办公时间"),
        ("政务大厅周日上班吗", "位置和大厅布局"),
    ],
)
def test_hours_asked_are_answered_only_by_an_entry_about_hours(
    kb: KnowledgeBase, asked: str, wrong: str
) -> None:
    titles = [a.title for a in kb.search(asked)]
    assert not any(wrong in t for t in titles), titles


@pytest.mark.parametrize(
    ("asked", "title"),
    [
        ("派出所户籍室周末办不办业务", "户籍窗口办公时间"),
        ("公积金那边礼拜六上班不", "住房公积金中心办公时间"),
        ("在菏泽上班快一年了 想办个居住证", "居住证办理"),
    ],
)
def test_an_entry_about_hours_or_naming_work_is_still_found(
    kb: KnowledgeBase, asked: str, title: str
) -> None:
    answers = kb.search(asked)
    assert answers, asked
    assert answers[0].title == title, [a.title for a in answers]


@pytest.mark.parametrize(
    "asked",
    [
        "刚买了一套新房 公积金能不能提",
        "俺家买了套二手房 住房公积金咋提取",
        "买了房想把公积金里的钱用上",
        "买了个二手房 公积金能提吗",
    ],
)
def test_a_house_bought_and_the_housing_fund_get_a_withdrawal_for_the_purchase(
    kb: KnowledgeBase, asked: str
) -> None:
    answers = kb.search(asked)
    assert answers, asked
    fits = ("购买自住住房提取住房公积金", "住房公积金提取的情形和办理渠道")
    assert answers[0].title in fits, [a.title for a in answers]
    # the dialogue answers with the best score: the first answer must also score highest
    assert answers[0].score == max(a.score for a in answers)


@pytest.mark.parametrize(
    ("said", "title_word"),
    [
        ("想补办身份证", "身份证"),
        ("俺要换领一张社保卡", "社保卡"),
        ("我要办个房产证", "不动产登记"),
        ("我俩打算领结婚证", "结婚登记"),
        ("想把住房公积金提出来", "公积金提取"),
        ("来菏泽打工了 要办居住证", "居住证"),
    ],
)
def test_a_common_service_wanted_finds_its_entry(
    kb: KnowledgeBase, said: str, title_word: str
) -> None:
    answers = kb.search(said)
    assert answers, said
    assert title_word in answers[0].title, [a.title for a in answers]


def test_a_general_withdrawal_question_gets_the_overview_not_one_case(kb: KnowledgeBase) -> None:
    for asked in ("公积金咋往外取", "住房公积金什么情况能提取"):
        answers = kb.search(asked)
        assert answers, asked
        assert "情形" in answers[0].title, (asked, [a.title for a in answers])


@pytest.mark.parametrize(
    ("source", "unit_type"),
    [
        ("菏泽市自然资源和规划局（不动产登记中心）", "department:自然资源"),
        ("菏泽市民政局(婚姻登记处)", "department:民政"),
        ("菏泽市公安局交通警察支队", "department:交警"),
    ],
)
def test_an_office_in_brackets_is_its_units(source: str, unit_type: str) -> None:
    category = source_category(source)
    assert category is not None
    assert category.unit_type == unit_type


def test_a_function_in_brackets_is_not_an_office() -> None:
    assert source_category("菏泽市城市管理局（燃气管理）") is None
