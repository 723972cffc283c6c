from __future__ import annotations

import pytest

from nlu.normalize import MAX_CHARS, has_content, normalize


def test_nfkc_full_width_digits_and_letters() -> None:
    assert normalize("电话１３８１２３４５６７８，ＡＢＣ") == "电话13812345678,ABC"


def test_traditional_to_simplified() -> None:
    assert normalize("菏澤市牡丹區發現煤氣洩漏") == "菏泽市牡丹区发现煤气泄漏"


def test_mixed_traditional_and_simplified() -> None:
    assert normalize("我们小區的暖氣不热") == "我们小区的暖气不热"


def test_simplified_text_is_unchanged() -> None:
    text = "我们小区的物业不作为。楼道里的垃圾没人清理"
    assert normalize(text) == text


def test_full_width_punctuation_is_folded() -> None:
    assert normalize("不作为，没人管！") == "不作为,没人管!"


@pytest.mark.parametrize("text", ["", "   ", "\n\t\u3000", "\x00\x01\x02"])
def test_blank_inputs_become_empty(text: str) -> None:
    assert normalize(text) == ""


def test_controls_and_lone_surrogates_are_removed() -> None:
    assert normalize("停水\x00了\ud800\x7f三天") == "停水了三天"


def test_whitespace_is_collapsed() -> None:
    assert normalize("  停水  了 \r\n\r\n\n三天 ") == "停水 了 \n三天"


def test_long_text_is_capped() -> None:
    assert len(normalize("停水" * 20000)) == MAX_CHARS


def test_non_str_is_converted() -> None:
    assert normalize(12345) == "12345"  # type: ignore[arg-type]


def test_has_content() -> None:
    assert has_content("停水")
    assert has_content("123")
    assert not has_content("😀😀！！")
    assert not has_content("")
