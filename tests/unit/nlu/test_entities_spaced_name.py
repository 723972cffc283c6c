"""trial8 F15: a name typed with a space between its characters and no lead word
(孙 立 新 139 5300 6678, or 王 强 as the whole answer) is the name as said, without the
spaces; only the surname was kept (contact 「孙」)."""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.normalize import normalize


def _names(text: str) -> list[str]:
    return [e.value for e in extract(normalize(text)) if e.type == "name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("孙 立 新 １３９ ５３００ ６６７８", "孙立新"),  # the trial's WeChat message
        ("王 强", "王强"),  # the trial's web chat answer
        ("赵　丽　华 13953004455", "赵丽华"),
        ("韩 梅，13853001234", "韩梅"),
        ("联系我 周 文 13853001234", "周文"),
        ("邓 小 军", "邓小军"),
    ],
)
def test_a_spaced_bare_name_is_read_whole(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize("text", ["好 的", "我 要 投诉", "是 的 13853001234", "路 灯 坏 了"])
def test_spaced_words_that_are_no_name_stay_nameless(text: str) -> None:
    assert _names(text) == []
