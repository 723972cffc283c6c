"""nlu.tokenize.segment: exactly jieba's ``lcut(text, HMM=False)`` with the same dictionary
(issue 16: the same words in about half the work)."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from nlu.tokenize import Segmenter, differences, get_tokenizer, segment, tokens, user_dict_path

# Sentences of every shape a citizen writes: chat lines, Heze places (user dictionary),
# letters and digits, phone numbers, whitespace of every kind, punctuation, emoji, dialect.
SENTENCES = [
    "",
    "你好",
    "确认",
    "匿名",
    "谢谢，辛苦了！",
    "小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "牡丹区大剧院附近的下水道堵了，污水溢到路面上",
    "曹县青菏街道办事处东边那条路坑坑洼洼的",
    "郓城县唐塔街道的暖气不热，家里只有十几度",
    "俺们村的自来水停了三天了咋整",
    "我的电话是13812345678，请回电",
    "WiFi密码是abc123，路由器在3楼",
    "iPhone15 Pro Max 买了三天就坏了",
    "A座B2层的电梯坏了",
    "a b c d",
    "车牌鲁R·12345的车堵在消防通道",
    "价格从99.5元涨到了120.8元，涨幅20%以上",
    "C++和C#课程的培训费#退费&维权",
    "两个空格  之间\t制表符\n换行\r\n回车\u3000全角空格",
    "全角字母ＡＢＣ和数字１２３",
    "表情😀😡不算字🙏",
    "《菏泽市城市管理条例》第十三条（三）规定",
    "结婚的和尚未结婚的",
    "研究生命的起源",
    "他说的确实在理",
    "一一一一一一一一一一一一一一一",
    "南京市长江大桥",
    "---___...%%%",
    "12345热线转到了住建局还是没人管" * 5,
]


@pytest.fixture(scope="module")
def tok() -> jieba.Tokenizer:
    return get_tokenizer()


@pytest.mark.parametrize("text", SENTENCES)
def test_segment_is_jieba_without_hmm(tok: jieba.Tokenizer, text: str) -> None:
    assert segment(text) == tok.lcut(text, HMM=False)
    assert segment(text) == tok.lcut(text, HMM=False)  # the second time from the run cache


def test_new_wordings_of_the_same_kinds_are_cut_the_same(tok: jieba.Tokenizer) -> None:
    mixed = [
        f"{a}{b}{c}"
        for a in ("定陶区", "单县", "东明县城", "ab", "12")
        for b in ("的", " ", "，", "x", "")
        for c in ("路灯不亮", "停水停电", "Z9", "噪音扰民到半夜")
    ]
    assert differences(mixed) == []
    assert differences(SENTENCES) == []


def test_the_cache_changes_nothing(tok: jieba.Tokenizer) -> None:
    plain = Segmenter(tok, cache_runs=0)
    small = Segmenter(tok, cache_runs=2)  # cleared again and again
    for text in SENTENCES * 2:
        assert plain.segment(text) == small.segment(text) == tok.lcut(text, HMM=False)


def test_tokens_drop_whitespace_only(tok: jieba.Tokenizer) -> None:
    text = "路灯 坏了\u3000三天\n了"
    assert tokens(text) == [w for w in tok.lcut(text, HMM=False) if w.strip()]
    assert " " not in tokens(text)
    assert "\u3000" not in tokens(text)
    assert tokens("") == []


def test_a_word_added_later_is_used(tmp_path: Path) -> None:
    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text("路灯杆子 5\n", encoding="utf-8")
    text = "小区的路灯杆子和花坛子都坏了"
    assert segment(text, user_dict) == get_tokenizer(user_dict).lcut(text, HMM=False)
    assert "路灯杆子" in segment(text, user_dict)
    get_tokenizer(user_dict).add_word("花坛子", 1000)
    assert "花坛子" in segment(text, user_dict)
    assert segment(text, user_dict) == get_tokenizer(user_dict).lcut(text, HMM=False)


def test_sentences_around_every_heze_dictionary_word(tok: jieba.Tokenizer) -> None:
    names = [line.split()[0] for line in user_dict_path().read_text(encoding="utf-8").splitlines()]
    assert len(names) > 100
    texts = [f"我住在{name}附近，{name}的路坏了" for name in names]
    assert differences(texts) == []


def _tiny(freq: dict[str, int], total: int) -> jieba.Tokenizer:
    """A jieba tokenizer over a dictionary of our own (prefixes included, as jieba keeps)."""
    tiny = jieba.Tokenizer()
    tiny.FREQ = dict(freq)
    tiny.total = total
    tiny.initialized = True
    return tiny


def test_a_tie_goes_to_the_longer_word_as_in_jieba() -> None:
    # log(2/4) + log(2/4) == log(1/4) exactly: 甲+乙 and 甲乙 score the same
    tiny = _tiny({"甲": 2, "乙": 2, "甲乙": 1}, 4)
    for text in ("甲乙", "甲乙甲乙", "丙甲乙丁", "甲 乙甲乙"):
        assert Segmenter(tiny).segment(text) == tiny.lcut(text, HMM=False)
    assert Segmenter(tiny).segment("甲乙") == ["甲乙"]


def test_prefixes_that_are_no_words_are_passed_over() -> None:
    # 甲乙 is only a prefix (frequency 0) of 甲乙丙; 乙 alone is no word at all
    tiny = _tiny({"甲": 3, "甲乙": 0, "甲乙丙": 5, "丙": 1}, 20)
    for text in ("甲乙", "甲乙丙", "甲乙乙丙", "乙乙", "x甲乙丙y1z", "甲乙丙甲乙"):
        assert Segmenter(tiny).segment(text) == tiny.lcut(text, HMM=False)
