"""How the reply names 119 (第十三条(一), issue 11): 「火警」 only for a fire or gas, 「消防救援」
for any other rescue (casebridge.emergency.naming), on the shipped model's findings; the
numbers told in the order the NLU decided (nlu.emergency_numbers). Wordings are this file's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.model import Reply, Transfer
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


@pytest.mark.parametrize(
    ("said", "first", "name", "not_named"),
    [
        ("俺家后院柴火垛着火了 火越烧越大", "119", "（火警", "消防救援"),
        ("楼下饭馆液化气罐漏气了 一股子味 人都往外跑", "119", "（火警", "消防救援"),
        ("俺被困在电梯里了 电梯卡在半截不动了", "119", "（消防救援", "火警"),
        ("村东头坑塘里有个孩子掉下去了 在水里扑腾", "119", "（消防救援", "火警"),
        ("路口俩车撞了 骑电动车的躺地上流血", "120", "120、122（医疗急救、交通事故报警）", "火警"),
    ],
)
def test_the_reply_names_the_numbers_as_the_situation_is(
    chat: Chat, engine: NluEngine, said: str, first: str, name: str, not_named: str
) -> None:
    acts = chat.say(said, engine.parse(said))
    transfers = [a for a in acts if isinstance(a, Transfer)]
    assert transfers, (said, acts)
    assert transfers[0].service == first, (said, transfers[0])
    told = transfers[0].text + "".join(a.text for a in acts if isinstance(a, Reply))
    assert name in told, told
    assert not_named not in told, told
