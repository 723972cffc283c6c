"""Text features computed straight into one sparse row: character 1-2 grams and jieba words
(plus optional concept tokens), and optionally the kinds of the places named
(:mod:`nlu.place_words`), each block TF-IDF weighted (sublinear tf, smoothed idf, L2 norm
per block, the place block times its own weight), with the vocabulary and idf fixed at fit
time.

One ``Featurizer`` serves every linear head of the engine (intents, categories, the
emergency detector), so a message is analysed once and scored by one matrix product
(issue 16: parse in tenths of a millisecond). ``row`` costs O(len(text)); texts are cut
to ``max_chars`` first, so a 20,000-character paste costs as much as ``max_chars``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse

import numpy as np
import scipy.sparse as sp

from nlu.tokenize import tokens

_WS_RE = re.compile(r"\s+")
#: Prefix of word features, so a one-character word and a character unigram differ.
WORD = "w:"


#: Function characters left out as unigrams (they stay inside bigrams): alone they say
#: nothing about a matter, and in a two-character message ("妥了") they would decide it.
STOP_CHARS = frozenset(
    "了的啊吧呢吗么呀哦嗯着过是在有和与及也都就还又很太把被给让我你他她它们这那"
    "个一不没，。！？、,.!? "
)


def char_grams(text: str, n: int = 2) -> list[str]:
    """Character 1..``n`` grams of lower-cased ``text`` (whitespace collapsed), without
    function characters as unigrams."""
    t = _WS_RE.sub(" ", text.lower())
    out = list(filterfalse(STOP_CHARS.__contains__, t))
    if n >= 2:  # pairs joined in C (the same strings as t[i : i + 2])
        out += map(str.__add__, t[:-1], t[1:])
    for k in range(3, n + 1):
        out += [t[i : i + k] for i in range(len(t) - k + 1)]
    return out


#: Prefix of title features (:func:`title_grams`).
TITLE = "t:"


def title_grams(text: str, chars: int, n: int = 2) -> list[str]:
    """Character 1..``n`` grams of the first ``chars`` characters of ``text``, prefixed
    so they never collide with the grams of the whole text."""
    return [TITLE + g for g in char_grams(text[:chars], n)]


def words(text: str) -> list[str]:
    """jieba words of ``text``, prefixed so they never collide with character grams."""
    return [WORD + w.lower() for w in tokens(text) if w not in STOP_CHARS]


@dataclass
class Featurizer:
    """Vocabulary and idf of the char block and the word block, fitted on training texts.

    ``concepts`` adds tokens of its own (concept classes) to the word block; ``places``
    gives a third block (place kinds, weighted ``place_weight``); both must be module-level
    functions so the fitted featurizer pickles.
    """

    max_chars: int = 600
    word_chars: int = 600  # jieba reads this much of the text (the costliest step)
    char_n: int = 2
    word_weight: float = 1.0
    min_df: int = 1
    max_features: int = 400_000
    concepts: Callable[[str], list[str]] | None = None
    places: Callable[[str], list[str]] | None = None
    place_weight: float = 0.15
    #: A block of the character grams of the first ``title_chars`` characters (0: none),
    #: weighted ``title_weight``: what a message names first is its matter (bench/nlu.md).
    title_chars: int = 0
    title_weight: float = 1.0
    #: What the text is read as before any block (:func:`nlu.neutral.without_people`:
    #: names and phone numbers out, trial10 N10); a module-level function, ``None``: as is.
    neutral: Callable[[str], str] | None = None
    vocab: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    n_char: int = 0  # features [0, n_char) are character grams, the rest words/extras

    @property
    def size(self) -> int:
        """Number of features (columns of a row)."""
        return len(self.vocab)

    def _read(self, text: str) -> str:
        """``text`` cut to ``max_chars`` and read through ``neutral``."""
        text = text[: self.max_chars]
        return self.neutral(text) if self.neutral is not None else text

    def _blocks(self, text: str) -> tuple[list[str], list[str], list[str]]:
        text = text[: self.max_chars]
        w = words(text[: self.word_chars])
        if self.concepts is not None:  # concept tokens share the word block (measured better)
            w.extend(self.concepts(text))
        p = self.places(text) if self.places is not None else []
        return char_grams(text, self.char_n), w, p

    def _title(self, text: str) -> list[str]:
        """The title block's tokens (none when ``title_chars`` is 0)."""
        return title_grams(text, self.title_chars, self.char_n) if self.title_chars > 0 else []

    def fit(self, texts: Iterable[str]) -> Featurizer:
        """Fix vocabulary and idf on ``texts`` (documents frequencies, smoothed idf)."""
        df_char: Counter[str] = Counter()
        df_word: Counter[str] = Counter()
        n = 0
        for text in map(self._read, texts):
            c, w, p = self._blocks(text)
            title = self._title(text)
            df_char.update(set(c))
            # place kinds are ``P:`` words, title grams ``t:`` ones: no collision
            df_word.update(set(w) | set(p) | set(title))
            n += 1
        keep_c = _keep(df_char, self.min_df, self.max_features // 2)
        keep_w = _keep(df_word, self.min_df, self.max_features - len(keep_c))
        self.vocab = {t: i for i, t in enumerate(keep_c)}
        self.n_char = len(keep_c)
        for t in keep_w:
            self.vocab[t] = len(self.vocab)
        idf = np.empty(len(self.vocab), dtype=np.float32)
        for t, i in self.vocab.items():
            df = df_char[t] if i < self.n_char else df_word[t]
            idf[i] = math.log((1 + n) / (1 + df)) + 1.0
        self.idf = idf
        return self

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and values of one text (each block L2-normalised)."""
        text = self._read(text)
        c, w, p = self._blocks(text)
        title = self._title(text)
        idx_c, val_c = self._block(c, 1.0)
        idx_w, val_w = self._block(w, self.word_weight)
        for extra, weight in ((p, self.place_weight), (title, self.title_weight)):
            if extra:
                idx_e, val_e = self._block(extra, weight)
                if len(idx_e):
                    idx_w, val_w = np.concatenate((idx_w, idx_e)), np.concatenate((val_w, val_e))
        if not len(idx_w):
            return idx_c, val_c
        if not len(idx_c):
            return idx_w, val_w
        return np.concatenate((idx_c, idx_w)), np.concatenate((val_c, val_w))

    def _block(self, toks: list[str], weight: float) -> tuple[np.ndarray, np.ndarray]:
        get = self.vocab.get
        counts = Counter(toks)  # counted in C, then one lookup per distinct token
        found: list[int] = []
        tfs: list[int] = []
        for t, n in counts.items():
            i = get(t)
            if i is not None:
                found.append(i)
                tfs.append(n)
        if not found:
            return _EMPTY_I, _EMPTY_F
        idx = np.array(found, dtype=np.int64)
        tf = np.array(tfs, dtype=np.float32)
        val = (1.0 + np.log(tf)) * self.idf[idx]
        val *= weight / float(np.sqrt(val @ val))
        return idx, val

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The rows of ``texts`` as one CSR matrix (training and batch scoring)."""
        indptr = [0]
        idx_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        for text in texts:
            idx, val = self.row(text)
            idx_parts.append(idx)
            val_parts.append(val)
            indptr.append(indptr[-1] + len(idx))
        indices = np.concatenate(idx_parts) if idx_parts else _EMPTY_I
        data = np.concatenate(val_parts) if val_parts else _EMPTY_F
        return sp.csr_matrix(
            (data, indices, np.asarray(indptr, dtype=np.int64)), shape=(len(texts), self.size)
        )


_EMPTY_I = np.zeros(0, dtype=np.int64)
_EMPTY_F = np.zeros(0, dtype=np.float32)


def _keep(df: Counter[str], min_df: int, limit: int) -> list[str]:
    items = [(t, n) for t, n in df.items() if n >= min_df]
    if len(items) > limit:
        items.sort(key=lambda kv: (-kv[1], kv[0]))
        items = items[:limit]
    return sorted(t for t, _ in items)
