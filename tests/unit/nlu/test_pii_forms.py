"""trial5 F08 and the bracketed mobile: a number after 电话/座机 is masked whatever its
length (``电话 5551234`` was in clear), a vehicle plate is masked in public answers
(``车牌号鲁R·12345`` was in clear), and ``电话(139)53001234`` is masked whole in every
written form, never ``电话(139****1234`` with half a bracket pair."""

from __future__ import annotations

import re

import pytest

from nlu.pii import mask_text

BRACKETED = [
    "(139)53001234", "（139）53001234", "(139) 5300 1234", "（１３９）５３００１２３４",
    "(139)5300-1234", "（139）5300—1234", "（一三九）五三零零一二三四", "(幺三九)5300 1234",
    "+86 (139) 5300 1234",
]  # fmt: skip


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("（") == text.count("）")


@pytest.mark.parametrize("form", BRACKETED)
@pytest.mark.parametrize("public", [False, True])
def test_a_bracketed_mobile_is_masked_whole(form: str, public: bool) -> None:
    masked = mask_text(f"联系电话{form}，楼道灯坏了", public=public)
    assert "139****1234" in masked, masked
    assert "5300" not in masked
    assert "五三零零" not in masked
    assert _balanced(masked), masked
    assert masked.endswith("，楼道灯坏了")


@pytest.mark.parametrize("form", ["(13953001234)", "（13953001234）", "（139 5300 1234）"])
def test_a_mobile_inside_brackets_keeps_the_pair(form: str) -> None:
    masked = mask_text(f"我的手机{form}")
    assert "139****1234" in masked
    assert _balanced(masked), masked


@pytest.mark.parametrize(
    "text",
    [
        "电话 5551234 路灯坏了",
        "座机5551234",
        "座机：8765432，白天有人",
        "电话：55512345",
        "联系电话 555-1234",
        "固话５５５１２３４",
        "电话是 (555) 1234",
        "Tel 555 12 34",
    ],
)
@pytest.mark.parametrize("public", [False, True])
def test_a_number_after_a_phone_word_is_masked_whatever_its_length(text: str, public: bool) -> None:
    masked = mask_text(text, public=public)
    digits = re.sub(r"[^0-9]", "", masked)
    assert len(digits) <= 2, masked  # at most the last two digits stay


def test_an_offices_published_local_number_stays_readable() -> None:
    assert "5551234" in mask_text("咨询电话：5551234", published=True)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("车牌号鲁R·12345 占道", "12345"),
        ("鲁R12345的车天天堵门", "12345"),
        ("车牌鲁Ｒ１２３４５", "12345"),
        ("京A·D12345新能源车", "D12345"),
        ("一辆鲁R 8K9J7 货车", "8K9J7"),
        ("挂车鲁R1234挂", "1234"),
    ],
)
def test_a_vehicle_plate_is_masked_in_public(text: str, hidden: str) -> None:
    masked = mask_text(text, public=True)
    assert hidden not in masked, masked
    assert re.search("[鲁京][A-Z]", masked)  # province and office letter stay


@pytest.mark.parametrize(
    "text",
    ["电话打了3次没人接", "电话2024年就打过", "新A款手机坏了", "鲁西南大道12号", "第12345条"],
)
def test_words_and_counts_beside_them_stay(text: str) -> None:
    assert re.sub(r"[*]", "", mask_text(text)) == re.sub(r"[*]", "", text)
    assert "*" not in mask_text(text) or "号" in text
