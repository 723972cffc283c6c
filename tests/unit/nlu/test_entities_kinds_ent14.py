"""Names and since-when in the NLU's entities, and the masker (trial12 P05, P19).

* 「俺叫个救护车」, 「我叫了车」: a measure word or an aspect after 叫 opens no name (the
  entity, and the masker: the emergency record read 「恁帮俺叫个**车吧」);
* 「联系人写王桂兰」, 「姓名填李强」: the field and the verb that fills it, then the name
  (never 「写王桂」);
* a refusal (名字就不留了) is no name.
"""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.pii import mask_text


def _names(text: str) -> list[str]:
    return [e.value for e in extract(text) if e.type == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "恁帮俺叫个救护车吧 俺手抖得拨不了号",  # trial12 P05
        "我叫了救护车 人已经拉走了",
        "俺叫个车过去看看",
        "名字就不留了",  # a refusal
    ],
)
def test_no_name_after_a_verb_of_calling_or_in_a_refusal(text: str) -> None:
    assert _names(text) == []
    assert "*" not in mask_text(text)  # nothing taken for a name is masked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("联系人写王桂兰", "王桂兰"),  # the field filled: never 写王桂
        ("姓名填李强 电话13853001234", "李强"),
        ("联系人就写孔令君", "孔令君"),
        ("俺叫孙德福", "孙德福"),  # the dialect lead with a name stays a name
    ],
)
def test_a_name_after_its_field_and_verb(text: str, name: str) -> None:
    assert _names(text) == [name]
    assert name not in mask_text(text)  # and the masker hides it
