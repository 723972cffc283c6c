"""A question about the hotline itself (trial17), told from a matter or another body's
hours (nlu/hotline_questions.py)."""

from __future__ import annotations

import pytest

from nlu.hotline_questions import hotline_query, hotline_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你们几点上班", "hours"),
        ("周末有人值班不", "hours"),
        ("你好 你们24小时有人吗", "hours"),
        ("晚上有人工吗", "hours"),
        ("周六周日你们上班不", "hours"),
        ("过年期间12345有人接吗", "hours"),
        ("恁这热线晚上几点下班", "hours"),
        ("能投诉啥", "scope"),
        ("你们这能投诉哪些问题", "scope"),
        ("12345是干啥的", "what"),
        ("打12345要钱吗", "cost"),
        ("反映问题会不会泄露俺的信息", "privacy"),
        ("你们会回访吗", "review"),
    ],
)
def test_a_question_about_the_hotline_has_its_topic(text: str, topic: str) -> None:
    assert hotline_topic(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "医院几点上班",
        "车管所周末上班不",
        "礼拜天政务大厅上班不",
        "这个路灯晚上不亮",
        "政务服务中心几点上班",
        "俺家暖气咋还不热啊",
        "路灯啥时候能修好",
        "社保卡丢了咋补办",
        "物业乱收费",
        "收费站收费不合理",
        "学校收费吗",
        "营业执照办理要钱吗",
        "这个是干啥的 天天半夜在俺家门口挖土",
        "俺不是要反映啥 光想问一下",
        "你们这个热线有啥用",
        "恁这能反映事儿不",
        "你们管不管",
    ],
)
def test_a_matter_or_another_bodys_question_is_no_hotline_question(text: str) -> None:
    assert hotline_topic(text) is None


def test_the_query_names_the_hotline_and_the_topic() -> None:
    query = hotline_query("你们几点上班", "hours")
    assert "热线服务时间" in query
    assert query.endswith("你们几点上班")
