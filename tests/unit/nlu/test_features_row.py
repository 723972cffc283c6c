"""nlu.features: character grams and the TF-IDF row, built with fewer Python steps per
token (issue 16), give the same grams and the same floats as the plain definitions."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pytest

from nlu.features import STOP_CHARS, WORD, Featurizer, char_grams

TEXTS = [
    "",
    "好",
    "你好",
    "小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "楼下烧烤店油烟太大  每天晚上\t噪音扰民\n",
    "WiFi坏了ABC123，电话13812345678",
    "了的啊吧呢吗",
    "暖气不热，家里只有十几度！！！",
    "牡丹区某某小区3号楼，楼下的下水道堵了，污水溢到路面" * 3,
]


def _plain_grams(text: str, n: int) -> list[str]:
    t = re.sub(r"\s+", " ", text.lower())
    out = [c for c in t if c not in STOP_CHARS]
    for k in range(2, n + 1):
        out += [t[i : i + k] for i in range(len(t) - k + 1)]
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_char_grams_are_the_plain_definition(text: str) -> None:
    for n in (1, 2, 3, 4):
        assert char_grams(text, n) == _plain_grams(text, n)


def _plain_block(fz: Featurizer, toks: list[str], weight: float) -> dict[int, float]:
    counts = Counter(t for t in toks if t in fz.vocab)
    raw = {fz.vocab[t]: (1.0 + math.log(n)) * float(fz.idf[fz.vocab[t]]) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {i: weight * v / norm for i, v in raw.items()}


def test_the_row_is_tf_idf_per_block() -> None:
    fz = Featurizer(word_weight=0.7).fit([*TEXTS[3:], "路灯不亮", "噪音扰民", "停水停电"])
    for text in [*TEXTS, "路灯路灯路灯不亮", "没见过的字词"]:
        idx, val = fz.row(text)
        assert idx.dtype == np.int64
        assert val.dtype == np.float32
        assert len(set(idx.tolist())) == len(idx)
        got = dict(zip(idx.tolist(), val.tolist(), strict=True))
        c, w, p = fz._blocks(text)
        want = _plain_block(fz, c, 1.0) if any(t in fz.vocab for t in c) else {}
        if any(t in fz.vocab for t in w):
            want.update(_plain_block(fz, w, 0.7))
        if any(t in fz.vocab for t in p):
            want.update(_plain_block(fz, p, fz.place_weight))
        assert got.keys() == want.keys()
        for i, v in want.items():
            assert got[i] == pytest.approx(v, rel=1e-5)
        assert all(t.startswith(WORD) for t in w)


def test_the_place_block_is_its_own_tf_idf_block() -> None:
    """route8's place kinds (``P:`` tokens) form a third block weighted ``place_weight``."""
    from nlu.place_words import place_kinds

    fz = Featurizer(word_weight=0.7, places=place_kinds, place_weight=0.15)
    fz.fit([*TEXTS[3:], "和平小区门口路灯不亮", "第二中学门口噪音扰民", "人民医院停车乱收费"])
    seen_places = 0
    for text in [*TEXTS, "和平小区门口的路灯不亮", "第二中学门口有人摆摊"]:
        idx, val = fz.row(text)
        got = dict(zip(idx.tolist(), val.tolist(), strict=True))
        c, w, p = fz._blocks(text)
        want = _plain_block(fz, c, 1.0) if any(t in fz.vocab for t in c) else {}
        if any(t in fz.vocab for t in w):
            want.update(_plain_block(fz, w, 0.7))
        if any(t in fz.vocab for t in p):
            seen_places += 1
            want.update(_plain_block(fz, p, 0.15))
        assert got.keys() == want.keys()
        for i, v in want.items():
            assert got[i] == pytest.approx(v, rel=1e-5)
    assert seen_places >= 2
