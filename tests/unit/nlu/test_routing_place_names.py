"""Places named in a message are where the matter is, not what it is (nlu/place_words.py).

- the kinds of the places named (estate, road, school, hospital, village, township ...)
  become ``P:<kind>`` features, in a block of their own weighted well under the words;
- only the category heads learn from them: the intent and emergency heads' weights for
  the block are zero, so a place never makes an intent or a danger;
- a school, a hospital, an estate or a village named before another family's matter does
  not pull the message to education, health or housing (paraphrases written for this
  file, none of them a training line).
"""

from __future__ import annotations

import numpy as np
import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.place_words import PLACE, PLACE_WEIGHT, place_kinds
from nlu.resources import CONFIG_DIR


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("牡丹区西城街道和平小区南门的路灯坏了", ["P:township", "P:estate"]),
        ("曹县第二中学初中部门口堵车", ["P:school"]),
        ("牡丹区 菏泽市立医院 挂号排队太久", ["P:hospital"]),
        ("成武县伯乐街道东关村的垃圾没人清理", ["P:township", "P:village"]),
        ("开发区长江东路佳和城11号楼", ["P:road", "P:estate"]),
        ("县汽车站门口黑车拉客", ["P:station"]),
        ("东关村东边的养猪场臭得很", ["P:village", "P:site"]),
    ],
)
def test_the_kinds_of_the_places_named(text: str, kinds: list[str]) -> None:
    assert place_kinds(text) == kinds


@pytest.mark.parametrize(
    "text",
    ["路灯坏了", "小区门口的垃圾桶满了", "路面全是坑", "村委不公开账目", "街上太吵"],
)
def test_words_that_name_no_place_give_no_kind(text: str) -> None:
    # a kind's word alone at the start, or street furniture (路灯, 路面), names no place
    assert "P:road" not in place_kinds(text)
    assert "P:estate" not in place_kinds(text)
    assert "P:village" not in place_kinds(text)


def test_the_place_block_weighs_less_than_the_words() -> None:
    assert 0 < PLACE_WEIGHT < 0.5


def test_only_the_category_heads_learn_from_places(engine: EmbeddedEngine) -> None:
    model = engine.model
    cols = [i for t, i in model.featurizer.vocab.items() if t.startswith(PLACE)]
    assert len(cols) >= 8
    rows = model.w[cols]
    for head in ("intent", "level", "situation"):
        h = model.heads[head]
        assert not np.any(rows[:, h.start : h.stop]), head
    cat = model.heads["category"]
    assert np.any(rows[:, cat.start : cat.stop])


@pytest.mark.parametrize(
    "text",
    ["和平小区三号楼着火了 火很大", "菏泽市立医院门口有人倒地不动了", "第二中学门口的路灯坏了"],
)
def test_a_place_changes_no_intent_nor_emergency_score(engine: EmbeddedEngine, text: str) -> None:
    model = engine.model
    places = {i for t, i in model.featurizer.vocab.items() if t.startswith(PLACE)}
    idx, val = model.featurizer.row(text)
    assert places & set(idx.tolist()), "the text names a place"
    keep = np.asarray([i not in places for i in idx.tolist()])
    with_places = val @ model.w[idx] + model.b
    without = val[keep] @ model.w[idx[keep]] + model.b
    for head in ("intent", "level", "situation"):
        h = model.heads[head]
        assert np.allclose(with_places[h.start : h.stop], without[h.start : h.stop]), head
    cat = model.heads["category"]
    assert not np.allclose(with_places[cat.start : cat.stop], without[cat.start : cat.stop])


PLACE_THEN_MATTER = [
    # (text, the place's family it must not go to, families that are right)
    ("育才小学门口的人行道砖全碎了", "教育文体", {"城乡建设"}),
    ("单县实验小学门口的减速带被压坏了", "教育文体", {"城乡建设", "交通运输"}),
    ("曹县第一中学门口的小吃摊天天占道", "教育文体", {"城乡建设"}),
    ("单县第二实验小学附近的饭店油烟熏人", "教育文体", {"环境保护"}),
    ("市中医院南边的路灯晚上不亮", "卫生计生", {"城乡建设"}),
    ("牡丹区人民医院东边那条路的下水道返臭水", "卫生计生", {"城乡建设"}),
    ("郓城县妇幼保健院旁边工地晚上施工吵得睡不着", "卫生计生", {"环境保护", "城乡建设"}),
    ("东明县城关街道西关社区的低保评得不公平", "农村农业", {"民政"}),
    ("鄄城县古泉街道南关村有人在麦地里烧秸秆", "农村农业", {"环境保护"}),
]


def test_the_paraphrases_are_not_training_lines() -> None:
    seen = {e.text for e in load_examples(CONFIG_DIR)}
    assert not [t for t, _, _ in PLACE_THEN_MATTER if t in seen]


@pytest.mark.parametrize(("text", "place_family", "right"), PLACE_THEN_MATTER)
def test_the_matter_decides_not_the_place(
    engine: EmbeddedEngine, text: str, place_family: str, right: set[str]
) -> None:
    best = engine.classify(text)[0]
    assert best.level1 != place_family
    assert best.level1 in right, (text, best)
