"""Composed letters (nlu.training.compose_letters): synthetic multi-sentence appeals made
of one category's own examples, added to the category and family heads' training data."""

from __future__ import annotations

from pathlib import Path

from nlu.emergency import EmergencyCorpus
from nlu.resources import CONFIG_DIR
from nlu.training import LETTER_MIN_CHARS, compose_letters, training_set

TEXTS = [
    "楼下饭店油烟直往屋里灌",
    "烧烤摊的烟熏得窗户都不敢开",
    "饭馆排风扇对着卧室吹",
    "工资拖了三个月没发",
    "老板跑了工钱找谁要",
    "加班费一分没给过",
    "物价",  # vocabulary entry: too short to be a sentence of a letter
    "一个人的类别里只有这一句",
]
LABELS = [
    *["环境保护/大气污染"] * 3,
    *["劳动和社会保障/劳动关系"] * 3,
    "商贸旅游/物价",
    "政法/其他",
]


def _parts(letter: str) -> list[str]:
    return letter.split("，")


def test_a_letter_is_made_of_distinct_sentences_of_its_own_category() -> None:
    texts, labels = compose_letters(TEXTS, LABELS, sentences=3, share=2.0)
    of = dict(zip(TEXTS, LABELS, strict=True))
    assert texts
    for letter, label in zip(texts, labels, strict=True):
        parts = _parts(letter)
        assert len(parts) == len(set(parts)) == 3
        assert {of[p] for p in parts} == {label}


def test_vocabulary_entries_and_lone_sentences_make_no_letter() -> None:
    texts, labels = compose_letters(TEXTS, LABELS, sentences=2, share=1.0)
    assert set(labels) == {"环境保护/大气污染", "劳动和社会保障/劳动关系"}
    assert all(len(p) >= LETTER_MIN_CHARS for t in texts for p in _parts(t))
    assert labels.count("环境保护/大气污染") == 3  # int(share * usable examples)


def test_letters_are_deterministic_and_follow_the_seed() -> None:
    first = compose_letters(TEXTS, LABELS, sentences=2, share=3.0)
    assert first == compose_letters(TEXTS, LABELS, sentences=2, share=3.0)
    assert first != compose_letters(TEXTS, LABELS, sentences=2, share=3.0, seed=1)


def test_the_shipped_training_set_has_letters_only_when_asked() -> None:
    corpus = EmergencyCorpus.load(Path(CONFIG_DIR) / "emergency.yml")
    plain = training_set(CONFIG_DIR, corpus, letters=False)
    with_letters = training_set(CONFIG_DIR, corpus)
    n = len(plain.category[0])
    assert with_letters.category[0][:n] == plain.category[0]
    extra = list(zip(*with_letters.category, strict=True))[n:]
    assert len(extra) > n // 2
    assert plain.intent == with_letters.intent  # only the category data grows
    own: dict[str, set[str]] = {}
    for text, label in zip(*plain.category, strict=True):
        own.setdefault(text, set()).add(label)
    found = 0
    for letter, label in extra:
        for part in _parts(letter):  # parts with a comma of their own are not looked up
            if part in own:
                assert label in own[part]
                found += 1
    assert found > len(extra)
