"""The classifier of ``hotline nlu eval`` (and of the 5-fold CV bench): the project's
developer-written appeals join a centre's few labelled rows as examples of lower weight,
under the given label that is their category or its first level; and a title block (the
first words of a message) feeds the classifier and the shipped engine's category heads only.

The messages below were written for this file (none is a training line: checked).
"""

from __future__ import annotations

import numpy as np
import pytest

from nlu.classifier import ClassifierConfig, TextClassifier, base_examples
from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.features import TITLE, Featurizer
from nlu.resources import CONFIG_DIR

#: A centre's history that names two families with one row each.
FEW = [
    ("小区门口的路灯坏了一个礼拜", "城乡建设"),
    ("孩子学校乱收补课费", "教育文体"),
]
#: Matters of those families in words the two rows never use.
UNSEEN = [
    ("楼上住户私自改了承重墙 整栋楼都裂缝了", "城乡建设"),
    ("物业把电梯停了三天也不修", "城乡建设"),
    ("幼儿园老师体罚小朋友 家长都很气愤", "教育文体"),
    ("培训机构收了一年学费就跑路了", "教育文体"),
]
TITLED = [
    "暖气一点都不热 屋里才十几度 打电话给热力公司也没人接 已经半个月了",
    "饭店排油烟管道直接对着我家窗户 每天中午晚上都熏得开不了窗",
]


def test_the_messages_are_not_training_lines() -> None:
    lines = {e.text for e in load_examples(CONFIG_DIR)}
    assert not lines & ({t for t, _ in FEW + UNSEEN} | set(TITLED))


def test_the_base_examples_go_under_the_given_first_levels() -> None:
    texts, labels = base_examples({"城乡建设", "教育文体"}, CONFIG_DIR)
    assert len(texts) == len(labels) > 100
    assert set(labels) == {"城乡建设", "教育文体"}


def test_labels_of_another_scheme_get_no_base_example() -> None:
    assert base_examples({"a", "b"}, CONFIG_DIR) == ([], [])
    model = TextClassifier().fit(["路灯坏了", "学校乱收费"], ["a", "b"])
    assert model.classes == ["a", "b"]


def test_a_second_level_label_takes_the_examples_of_that_category_only() -> None:
    cats = sorted(
        {e.category for e in load_examples(CONFIG_DIR) if e.category and "/" in e.category}
    )
    one = cats[0]
    texts, labels = base_examples({one, one.split("/")[0] + "/不存在的类"}, CONFIG_DIR)
    assert texts
    assert set(labels) == {one}


def test_a_few_rows_learn_the_families_from_the_base_examples() -> None:
    texts, labels = [t for t, _ in FEW], [y for _, y in FEW]
    with_base = TextClassifier().fit(texts, labels)
    without = TextClassifier(ClassifierConfig(base_weight=0.0)).fit(texts, labels)
    got = with_base.predict([t for t, _ in UNSEEN])
    assert got == [y for _, y in UNSEEN]
    # the two rows alone do not carry these matters
    assert without.predict([t for t, _ in UNSEEN]) != got


def test_the_title_block_reads_the_first_characters_only() -> None:
    docs = ["路灯不亮好几天了", "学校乱收费", "暖气不热", "噪音扰民"]
    fz = Featurizer(title_chars=4, title_weight=0.5).fit(docs)
    plain = Featurizer().fit(docs)
    assert not any(t.startswith(TITLE) for t in plain.vocab)
    text = "路灯不亮好几天了"
    titles = {i for t, i in fz.vocab.items() if t.startswith(TITLE)}
    idx, val = fz.row(text)
    in_title = [i in titles for i in idx.tolist()]
    grams = {t for t, i in fz.vocab.items() if i in set(idx[in_title].tolist())}
    assert grams == {TITLE + g for g in ("路", "灯", "不", "亮", "路灯", "灯不", "不亮")} - {
        TITLE + "不"  # a function character is no unigram
    }
    # a block of its own, L2 norm = its weight
    assert float(np.linalg.norm(val[in_title])) == pytest.approx(0.5, rel=1e-5)
    # the other blocks are the same as without a title block
    base_idx, base_val = plain.row(text)
    rest = {t: v for t, v in zip(idx.tolist(), val.tolist(), strict=True) if t not in titles}
    inv = {i: t for t, i in fz.vocab.items()}
    base_inv = {i: t for t, i in plain.vocab.items()}
    assert {inv[i]: pytest.approx(v) for i, v in rest.items()} == {
        base_inv[i]: v for i, v in zip(base_idx.tolist(), base_val.tolist(), strict=True)
    }


@pytest.fixture(scope="module")
def engine() -> EmbeddedEngine:
    return EmbeddedEngine.train()


@pytest.mark.parametrize("text", TITLED)
def test_the_title_changes_no_intent_nor_emergency_score(engine: EmbeddedEngine, text: str) -> None:
    model = engine.model
    titles = {i for t, i in model.featurizer.vocab.items() if t.startswith(TITLE)}
    idx, val = model.featurizer.row(text)
    assert titles & set(idx.tolist()), "the text has title features"
    keep = np.asarray([i not in titles for i in idx.tolist()])
    with_title = val @ model.w[idx] + model.b
    without = val[keep] @ model.w[idx[keep]] + model.b
    for head in ("intent", "level", "situation"):
        h = model.heads[head]
        assert np.allclose(with_title[h.start : h.stop], without[h.start : h.stop]), head
    for head in ("category", "level1"):
        h = model.heads[head]
        assert not np.allclose(with_title[h.start : h.stop], without[h.start : h.stop]), head
