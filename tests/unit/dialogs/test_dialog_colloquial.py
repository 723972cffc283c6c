"""Colloquial and dialect answers (issue 12, second round): yes and no by meaning at the
read-back and elsewhere, a matter dropped mid-intake, times and names said in speech,
a short piece at the place question, a matter outside Heze, a surname or title only."""

from __future__ import annotations

import pytest

from dialogs.model import OpenWorkOrder
from dialogs.reading import read
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts
from tests.unit.dialogs.test_dialog_understanding import draft_of, to_read_back


# ------------------------------------------------------------------ yes and no by meaning
@pytest.mark.parametrize(
    "yes",
    [
        "中",
        "中中",
        "中 就这么着吧 谢谢恁啊",
        "行吧就这样",
        "妥了",
        "没毛病",
        "可以的",
        "嗯呐",
        "成 那就这么办",
        "得嘞 麻烦恁了",
        "中嘞 没啥问题",
        "好好好 辛苦师傅",
        "就这么着",
        "嗯 对头",
    ],
)
def test_yes_in_any_colloquial_wording_submits(chat: Chat, yes: str) -> None:
    to_read_back(chat)
    draft = draft_of(chat.say(yes)).draft
    assert "中" not in draft.text and "行" not in draft.text


@pytest.mark.parametrize("no", ["不中", "不行", "不行啊", "那可不中", "不太对", "不成"])
def test_a_negated_yes_is_no(chat: Chat, no: str) -> None:
    to_read_back(chat)
    acts = chat.say(no)
    assert "OpenWorkOrder" not in kinds(acts)
    assert chat.state.step == "amend"


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("中中中", True),
        ("那就这样吧 谢谢", True),
        ("不中啊", False),
        ("没错 就它了", True),
        ("中 不过电话改成13800000000", None),  # a correction: not a bare yes
        ("是我家楼下", None),  # a sentence, not an answer
    ],
)
def test_assent_is_read_by_its_parts(wording: Wording, text: str, yes: bool | None) -> None:
    r = read(text, None, wording, expecting="confirm")
    if yes is None:
        assert r.yes is not True or r.fix
    else:
        assert r.yes is yes
