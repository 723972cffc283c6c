"""Trial 9 F04: a mobile and a landline side by side (「手机号13853001234、0530-8213456」)
were masked as one run, 「1385*******053****3456」: the separator lost and the shape unlike
every other number. Each number is masked on its own, in its own shape (the mobile
``138****1234``, the landline as every landline, ``053****3456``), and what the citizen
put between them stays."""

from __future__ import annotations

import re

import pytest

from nlu.pii import mask_text

MOBILE = "13853004567"
#: 0531 8216 543 (4-digit area code, 7-digit number) as citizens write it.
LANDLINES = ["0531-8216543", "(0531)8216543", "（0531）8216543", "05318216543", "0531 8216543"]
#: What citizens put between the two.
BETWEEN = ["、", ",", "，", "/", "和", "或者", " ", "；", " 或 "]
MOBILE_MASK = "138****4567"
LANDLINE_MASK = "053****6543"


def _leaks(masked: str) -> list[str]:
    """A middle group left readable, or a run of five digits or more."""
    return [g for g in ("5300", "8216", "0531") if g in masked] + re.findall(r"[0-9]{5,}", masked)


@pytest.mark.parametrize("landline", LANDLINES)
@pytest.mark.parametrize("between", BETWEEN)
def test_a_mobile_then_a_landline_are_each_masked(landline: str, between: str) -> None:
    masked = mask_text(f"手机号{MOBILE}{between}{landline} 谢谢", public=True)
    assert masked.startswith(f"手机号{MOBILE_MASK}{between}"), masked
    assert LANDLINE_MASK in masked, masked
    assert not _leaks(masked), masked


@pytest.mark.parametrize("landline", LANDLINES)
@pytest.mark.parametrize("between", BETWEEN)
def test_a_landline_then_a_mobile_are_each_masked(landline: str, between: str) -> None:
    masked = mask_text(f"电话{landline}{between}{MOBILE}", public=True)
    assert masked.endswith(f"{between}{MOBILE_MASK}"), masked
    assert LANDLINE_MASK in masked, masked
    assert not _leaks(masked), masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the trial's input: a 3-digit number after a 4-digit area code
        ("手机号13853001234、0530-8213456", "手机号138****1234、053****3456"),
        ("13853001234，(0530)8213456", "138****1234，053****3456"),
        # an 8-digit number after a 3-digit area code (010, 021)
        ("手机13953002222、010-62345678", "手机139****2222、010****5678"),
        ("座机021-52345678，手机15953001111", "座机021****5678，手机159****1111"),
        # two landlines
        ("0530-8213456、0530-5551234", "053****3456、053****1234"),
    ],
)
def test_each_number_keeps_its_shape(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked
    assert mask_text(text) == masked  # unit views alike


def test_a_published_landline_stays_readable_beside_a_masked_mobile() -> None:
    # a text the centre wrote to publish: the office landline is no personal data
    text = "咨询电话0530-8213456、13853001234"
    assert mask_text(text, published=True) == "咨询电话0530-8213456、138****1234"
