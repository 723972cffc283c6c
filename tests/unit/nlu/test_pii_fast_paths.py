"""The cheap ways through the public mask (issue 16: logs pay it on every line) change
no result: a text with no Han character, a text with no surname character, a text
masked before."""

from __future__ import annotations

import pytest

from nlu import pii
from nlu.pii_bare import bare_names
from nlu.pii_context import context_names, name_starts, surnames
from nlu.pii_names import COMPOUND_SURNAMES, names, staff_names
from nlu.pii_numbers import mask_numbers


def _every_rule(text: str) -> str:
    """The public mask with no shortcut: every rule in order."""
    masked = names(mask_numbers(pii._visible(text)))
    return pii._plates(
        pii._estates(pii._house_numbers(bare_names(context_names(staff_names(masked)))))
    )


ASCII_LINES = [
    '127.0.0.1:51234 - "POST /wechat HTTP/1.1" 200',
    "contact Wang Xiuying at 13800001111",
    "WANG XIUYING 0530-5551234 id 37290119900101123X",
    "room 5-2-301, building 12-3-402",
    "GET /open311/v2/requests/HZ20261203-000017.json",
    "mail zhang.san@example.com card 6222021234567890123",
    "",
    "   ",
]


@pytest.mark.parametrize("line", ASCII_LINES)
def test_a_line_without_han_characters_is_masked_as_by_every_rule(line: str) -> None:
    assert pii.mask_text(line, public=True) == _every_rule(line)


def test_ascii_shorthand_addresses_and_pinyin_names_are_still_masked() -> None:
    assert pii.mask_text("room 5-2-301 ok", public=True) == "room *-*-*** ok"
    assert "Xiuying" not in pii.mask_text("contact Wang Xiuying", public=True)
    assert pii.mask_text("call 13800001111", public=True) == "call 138****1111"


NO_SURNAME = ["您好，请问需要帮助吗？", "确认", "匿名", "好的", "俺咋办啊", "嗯嗯"]


@pytest.mark.parametrize("text", NO_SURNAME)
def test_no_surname_character_no_name_read(text: str) -> None:
    assert name_starts().isdisjoint(text)
    assert context_names(text) is text
    assert bare_names(text) is text
    assert pii.mask_text(text, public=True) == _every_rule(text)


def test_the_first_character_of_every_compound_surname_opens_a_name() -> None:
    starts = name_starts()
    assert surnames() <= starts
    assert all(c[0] in starts for c in COMPOUND_SURNAMES)
    # a compound surname whose first character is no surname of its own is still read
    assert pii.mask_text("有事找欧阳娜娜", public=True) == "有事找欧阳**"


NAMED = [
    "已联系赵红梅（电话13800001111）",
    "有事找刘桂芝",
    "隔壁王建国家天天唱歌",
    "俺们村王老五天天喝酒",
    "窗口的工作人员李秀英态度差",
    "俺家在东方红小区12栋502室",
]


@pytest.mark.parametrize("text", NAMED)
def test_a_text_masked_again_gets_the_same_answer(text: str) -> None:
    first = pii.mask_text(text, public=True)
    assert first == _every_rule(text)
    assert pii.mask_text(text, public=True) == first
    assert pii.mask_text(text) == pii.mask_text(text)  # private: its own entry
    assert pii.mask_text(text) != first or "*" in first


def test_long_texts_are_masked_but_not_remembered() -> None:
    text = "隔壁王建国家天天唱歌，" * 60  # longer than the remembered size
    assert len(text) > pii._CACHED_CHARS
    before = pii._mask_cached.cache_info().currsize
    masked = pii.mask_text(text, public=True)
    assert "王建国" not in masked
    assert masked == _every_rule(text)
    assert pii._mask_cached.cache_info().currsize == before
