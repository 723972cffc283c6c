"""trial8 F04: two numbers side by side unmasked each other (``138-5300-1234
13953002222`` was read as one long card and published ``138-5300***********2222``).
Each number is masked on its own, whatever separates the two and however each is
written (dashes, dots, spaces, full width, spoken digits, digits spaced one by one)."""

from __future__ import annotations

import re

import pytest

from nlu.pii import mask_text

#: How a citizen writes 138 5300 4567 (the first number).
FIRST = [
    "13853004567", "138-5300-4567", "138 5300 4567", "138.5300.4567", "１３８－５３００－４５６７",
    "1 3 8 5 3 0 0 4 5 6 7", "一三八五三零零四五六七", "幺三八 5300 四五六七", "138—5300—4567",
]  # fmt: skip
#: How the second (159 3300 9876) follows it.
SECOND = [
    "15933009876", "159-3300-9876", "159 3300 9876", "1 5 9 3 3 0 0 9 8 7 6",
    "１５９３３００９８７６", "一五九三三零零九八七六",
]  # fmt: skip
BETWEEN = [" ", "  ", "，", "、", "/", "；", "\u3000"]


def _leaks(masked: str) -> list[str]:
    """The middle groups (5300, 3300) or a run of more than four digits left readable."""
    digits = re.sub(r"[^0-9*]", "", masked)
    return [g for g in ("5300", "3300") if g in digits.replace("*", "|")] + [
        r for r in re.findall(r"[0-9]{8,}", digits)
    ]


@pytest.mark.parametrize("first", FIRST)
@pytest.mark.parametrize("second", SECOND)
def test_two_numbers_side_by_side_are_each_masked(first: str, second: str) -> None:
    masked = mask_text(f"楼道灯坏了 电话{first} {second}", public=True)
    assert "138****4567" in masked, masked
    assert "159****9876" in masked, masked
    assert not _leaks(masked), masked


@pytest.mark.parametrize("sep", BETWEEN)
def test_whatever_stands_between_them(sep: str) -> None:
    masked = mask_text(f"手机138-5300-4567{sep}159 3300 9876 都能打")
    assert "138****4567" in masked, masked
    assert "159****9876" in masked, masked


def test_glued_numbers_are_two_mobiles() -> None:
    assert mask_text("电话1385300456715933009876") == "电话138****4567159****9876"


def test_an_id_number_beside_a_mobile_keeps_its_own_mask() -> None:
    masked = mask_text("身份证371702199001011234 电话15933009876")
    assert "3717**********1234" in masked, masked
    assert "159****9876" in masked, masked


def test_a_card_beside_a_mobile_keeps_its_own_mask() -> None:
    masked = mask_text("卡号6222021380001234567 15933009876")
    assert "6222***********4567" in masked, masked
    assert "159****9876" in masked, masked


@pytest.mark.parametrize(
    "text",
    [
        "2023.10.15 13853004567",
        "+86 (138) 5300 4567",
        "面积120.5 13853004567",
        "6222 0213 8000 1234 567",
    ],
)
def test_one_number_with_figures_beside_it_is_masked_as_before(text: str) -> None:
    masked = mask_text(text)
    assert "5300" not in masked, masked
    assert "0213" not in masked, masked


# the trial's own inputs (Open311 descriptions) and what they showed
TRIAL = [
    ("路灯坏了 电话138-5300-1234 13953002222", "电话138****1234 139****2222"),
    ("路灯坏了 电话13853001234 1 3 9 5 3 0 0 2 2 2 2", "电话138****1234 139****2222"),
    ("路灯坏了 手机 一三八五三零零一二三四 1 3 8 5 3 0 0 1 2 3 4", "手机 138****1234 138****1234"),
]


@pytest.mark.parametrize(("text", "shown"), TRIAL)
def test_trial8_f04(text: str, shown: str) -> None:
    masked = mask_text(text, public=True)
    assert shown in masked, masked
    assert "5300" not in masked, masked
