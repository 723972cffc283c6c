"""Names (issue 11): a surname alone beside a phone, 我姓赵, and titles kept apart."""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.types import Entity


def _name(text: str) -> Entity | None:
    return next((e for e in extract(text) if e.type == "name"), None)


# (text, name, surname only, title)
NAMES = [
    ("李 13812345678", "李", True, None),  # a bare surname beside a phone
    ("13912345678 孙", "孙", True, None),
    ("联系电话 13700001111 姓名 周", "周", True, None),
    ("我姓赵", "赵", True, None),
    ("免贵姓钱 有事打我电话", "钱", True, None),
    ("俺姓马，电话13512341234", "马", True, None),
    ("王小明女士 13812345678", "王小明", False, "女士"),  # a title is not the name
    ("我是刘建国先生，住单县", "刘建国", False, "先生"),
    ("联系人李师傅 13912345678", "李", True, "师傅"),
    ("13812345678 陈女士", "陈", True, "女士"),
    ("我叫张伟，电话13812345678", "张伟", False, None),
    ("李四 13912345678", "李四", False, None),
]


@pytest.mark.parametrize(("text", "name", "surname_only", "title"), NAMES)
def test_name_surname_and_title(
    text: str, name: str, surname_only: bool, title: str | None
) -> None:
    found = _name(text)
    assert found is not None
    assert (found.value, found.surname_only, found.title) == (name, surname_only, title)


@pytest.mark.parametrize(
    "text",
    ["是 13812345678", "打 13812345678", "好的 13812345678", "我是业主 13812345678"],
)
def test_a_word_beside_a_phone_is_not_a_surname(text: str) -> None:
    assert _name(text) is None


def test_a_full_name_is_masked_a_surname_alone_is_not_a_secret() -> None:
    full = _name("王小明女士 13812345678")
    assert full is not None
    assert full.masked == "王**"
    alone = _name("李 13812345678")
    assert alone is not None
    assert alone.masked == "李"
