"""The default text classifier: character n-gram and jieba word TF-IDF features with a
linear SVM; confidences are a softmax of its margins with a temperature fitted on
cross-validated margins (so 0.8 means right about 80 % of the time), one matrix product
per parse.

One class serves the shipped engine (intents, categories) and ``hotline nlu eval``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from nlu.errors import TrainingDataError
from nlu.normalize import normalize
from nlu.tokenize import tokens


@lru_cache(maxsize=256)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def word_analyzer(text: str) -> list[str]:
    """jieba words of an already normalized text (module level so models pickle).

    Cached: the intent and category models segment the same message once between them.
    """
    return list(_cached_tokens(text))


@dataclass(frozen=True)
class ClassifierConfig:
    """Feature and model settings (the defaults were tuned by 5-fold CV, bench/nlu.md)."""

    char_ngrams: tuple[int, int] = (1, 2)
    word_weight: float = 1.0
    c: float = 2.0
    calibrate: bool = True
    max_chars: int = 1500  # the matter is in the first part; keeps p99 low (bench/nlu.md)


class TextClassifier:
    """A multi-class text classifier; ``fit`` on normalized or raw texts."""

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        self.config = config or ClassifierConfig()
        self._char = TfidfVectorizer(
            analyzer="char",
            ngram_range=self.config.char_ngrams,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self._word = TfidfVectorizer(analyzer=word_analyzer, sublinear_tf=True, dtype=np.float32)
        self._model: LinearSVC | None = None
        self.classes: list[str] = []
        self.temperature = 3.0

    def _prep(self, texts: Sequence[str]) -> list[str]:
        return [normalize(t, max_chars=self.config.max_chars) for t in texts]

    def _features(self, texts: list[str], fit: bool) -> sp.csr_matrix:
        if not fit:
            return self._fast_features(texts)
        if fit:
            xc = self._char.fit_transform(texts)
            xw = self._word.fit_transform(texts)
        else:
            xc = self._char.transform(texts)
            xw = self._word.transform(texts)
        if self.config.word_weight != 1.0:
            xw = xw * self.config.word_weight
        return sp.hstack([xc, xw], format="csr")

    def _fast_features(self, texts: list[str]) -> sp.csr_matrix:
        """The same TF-IDF rows as ``transform`` without sklearn's per-call validation,
        which costs more than the arithmetic for one short message."""
        blocks = []
        for vec, weight in ((self._char, 1.0), (self._word, self.config.word_weight)):
            analyze = vec.build_analyzer()
            vocab: dict[str, int] = vec.vocabulary_
            idf = vec.idf_
            indptr, indices, values = [0], [], []
            for text in texts:
                counts = Counter(t for t in analyze(text) if t in vocab)
                if counts:
                    idx = np.fromiter((vocab[t] for t in counts), dtype=np.int64, count=len(counts))
                    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
                    val = (1.0 + np.log(tf)) * idf[idx]  # sublinear_tf, then idf
                    val *= weight / np.linalg.norm(val)
                    indices.extend(idx.tolist())
                    values.extend(val.tolist())
                indptr.append(len(indices))
            blocks.append(
                sp.csr_matrix(
                    (
                        np.asarray(values, dtype=np.float32),
                        np.asarray(indices, dtype=np.int64),
                        np.asarray(indptr, dtype=np.int64),
                    ),
                    shape=(len(texts), len(idf)),
                )
            )
        return sp.hstack(blocks, format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> TextClassifier:
        """Train on ``texts`` with one label each; raises TrainingDataError on bad data."""
        if len(texts) != len(labels):
            raise TrainingDataError("texts and labels differ in length")
        counts = Counter(labels)
        if len(counts) < 2:
            raise TrainingDataError("training data needs at least two labels")
        prepped = self._prep(texts)
        if not any(prepped):
            raise TrainingDataError("training texts are all empty")
        x = self._features(prepped, fit=True)
        y = np.asarray(list(labels))
        self._model = LinearSVC(C=self.config.c, dual="auto", max_iter=5000)
        folds = min(3, min(counts.values()))
        if self.config.calibrate and folds >= 2:
            cv = StratifiedKFold(folds, shuffle=True, random_state=0)
            margins = cross_val_predict(
                LinearSVC(C=self.config.c, dual="auto", max_iter=5000),
                x,
                y,
                cv=cv,
                method="decision_function",
            )
            classes = sorted(counts)
            self.temperature = _fit_temperature(np.asarray(margins), y, classes)
        self._model.fit(x, y)
        self.classes = [str(c) for c in self._model.classes_]
        return self

    def _scores(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            raise TrainingDataError("classifier is not trained")
        x = self._features(self._prep(texts), fit=False)
        return _softmax(_margins(self._model, x), self.temperature)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, columns in the order of ``self.classes``."""
        return self._scores(texts)

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable label of each text."""
        probs = self._scores(texts)
        return [self.classes[int(i)] for i in probs.argmax(axis=1)]

    def rank(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` best labels of one text with their probabilities."""
        probs = self._scores([text])[0]
        order = np.argsort(-probs)[:k]
        return [
            (self.classes[int(i)], float(probs[int(i)]))
            for i in order
            if not math.isnan(float(probs[int(i)]))
        ]


def _margins(model: LinearSVC, x: sp.csr_matrix) -> np.ndarray:
    # the linear decision function itself (decision_function re-validates every call)
    dec = np.asarray(x @ model.coef_.T, dtype=np.float64) + model.intercept_
    if dec.shape[1] == 1:
        dec = dec[:, 0]
    if dec.ndim == 1:  # binary SVM: one column of margins
        dec = np.stack([-dec, dec], axis=1)
    return np.asarray(dec)


def _softmax(margins: np.ndarray, temperature: float) -> np.ndarray:
    z = margins * temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _fit_temperature(margins: np.ndarray, y: np.ndarray, classes: list[str]) -> float:
    """The softmax temperature minimizing the log loss of cross-validated margins."""
    if margins.ndim == 1:
        margins = np.stack([-margins, margins], axis=1)
    index = {c: i for i, c in enumerate(classes)}
    rows = np.arange(len(y))
    cols = np.array([index[str(v)] for v in y])
    best, best_loss = 3.0, math.inf
    for t in np.geomspace(0.25, 30.0, 40):
        p = _softmax(margins, float(t))[rows, cols]
        loss = float(-np.log(np.clip(p, 1e-12, 1.0)).mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best
