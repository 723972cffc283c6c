"""Shandong first-person words (俺, 俺们, 咱们) are read like 我 / 我们 in every keyword list
of the wording table, and in names (俺叫…); a compound opener ("有个事想反映") is not the
matter."""

from __future__ import annotations

from dialogs.wording import Wording, with_dialect
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots


def test_first_person_words_get_their_dialect_variants_once() -> None:
    got = with_dialect(("我想问一下", "我们不想留", "匿名"))
    assert got[:3] == ("我想问一下", "我们不想留", "匿名")  # the table's own words first
    assert {"俺想问一下", "俺们不想留", "咱们不想留"} <= set(got)
    assert len(got) == len(set(got))


def test_the_loaded_table_has_them(wording: Wording) -> None:
    assert "俺想问一下" in wording.words("ask_intro")
    assert "俺要反映" in wording.words("appeal_intro")


def test_a_dialect_opener_is_not_the_matter(chat: Chat) -> None:
    text = "俺想问一下 单县的 俺家孩子上幼儿园 学费一下子涨了一千多 也木有通知"
    chat.say(text, nlu(text, county="单县"))
    assert not slots(chat).matter.startswith("俺想问一下")
    assert "问一下" not in slots(chat).matter


def test_a_compound_opener_waits_for_the_matter(chat: Chat) -> None:
    chat.say("喂 有个事想反映", nlu("喂 有个事想反映"))
    text = "俺们小区的电梯又坏了 停了五天了"
    chat.say(text, nlu(text))
    assert slots(chat).matter.startswith("俺们小区的电梯又坏了")


def test_a_dialect_name_is_taken(chat: Chat) -> None:
    text = "郓城县唐塔街道胜利街阳光花园小区东门 每天晚上有人摆烧烤摊吵闹 俺叫孙丽"
    chat.say(text, nlu(text, county="郓城县"))
    assert slots(chat).name == "孙丽"
