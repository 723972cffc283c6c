"""Linear heads over one :class:`~nlu.features.Featurizer`, scored in one product.

Each head is a linear SVM (liblinear) whose margins become probabilities by a softmax with
a temperature fitted on cross-validated (or held-out) margins, so 0.8 means right about
80 % of the time. All heads' weights sit side by side in one dense float32 matrix ``W``
(features × all classes): a message's sparse row ``(idx, val)`` is scored by
``val @ W[idx] + b``, one gather and one small product whatever the number of heads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from nlu.errors import TrainingDataError
from nlu.features import Featurizer


@dataclass(frozen=True)
class HeadFit:
    """One trained head: coefficient rows per class, intercepts, temperature."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)
    temperature: float


def fit_head(
    x: sp.csr_matrix,
    labels: Sequence[str],
    *,
    c: float = 1.0,
    calibrate: bool = True,
    class_weight: dict[str, float] | str | None = None,
    holdout: tuple[sp.csr_matrix, Sequence[str]] | None = None,
    sample_weight: np.ndarray | None = None,
) -> HeadFit:
    """Train a linear SVM head; TrainingDataError with fewer than two labels.

    The temperature comes from ``holdout`` margins when given, else from 3-fold
    cross-validated margins (``calibrate``), else stays 3.0. ``sample_weight``: one weight
    per row (the hinge loss of a row counts that much; default 1).
    """
    counts = Counter(labels)
    if len(counts) < 2:
        raise TrainingDataError("training data needs at least two labels")
    y = np.asarray(list(labels))
    svm = LinearSVC(C=c, dual="auto", max_iter=5000, class_weight=class_weight)
    svm.fit(x, y, sample_weight=sample_weight)
    classes = tuple(str(v) for v in svm.classes_)
    coef = np.asarray(svm.coef_, dtype=np.float32)
    intercept = np.asarray(svm.intercept_, dtype=np.float32)
    if len(classes) == 2:  # liblinear keeps one row for two classes: margin of the second
        coef = np.vstack((-coef[0], coef[0]))
        intercept = np.asarray((-intercept[0], intercept[0]), dtype=np.float32)
    temperature = 3.0
    if holdout is not None and holdout[0].shape[0]:
        held = np.asarray(holdout[0] @ coef.T, dtype=np.float64) + intercept
        temperature = fit_temperature(held, np.asarray(list(holdout[1])), list(classes))
    elif calibrate and min(counts.values()) >= 2:
        folds = min(3, min(counts.values()))
        margins = np.zeros((len(y), len(classes)))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
            part = LinearSVC(C=c, dual="auto", max_iter=5000, class_weight=class_weight)
            part.fit(x[train], y[train], None if sample_weight is None else sample_weight[train])
            dec = np.asarray(part.decision_function(x[test]))
            if dec.ndim == 1:
                dec = np.stack((-dec, dec), axis=1)
            cols = [classes.index(str(k)) for k in part.classes_]
            margins[np.ix_(test, cols)] = dec
        temperature = fit_temperature(margins, y, list(classes))
    return HeadFit(classes, coef, intercept, temperature)


#: Smoothing of the complement naive Bayes head (chosen among 0.1, 0.3, 1 on the dev file's
#: looked-at rows, bench/nlu.md).
NB_ALPHA = 0.3


def fit_nb_head(x: sp.csr_matrix, labels: Sequence[str], alpha: float = NB_ALPHA) -> HeadFit:
    """A complement naive Bayes head: its joint log-likelihoods are linear in the row
    (``x @ feature_log_prob.T``), so it sits in the same product as the SVM heads, and its
    probabilities are their softmax (temperature 1). TrainingDataError with < 2 labels."""
    if len(set(labels)) < 2:
        raise TrainingDataError("training data needs at least two labels")
    nb = ComplementNB(alpha=alpha)
    nb.fit(x, np.asarray(list(labels)))
    classes = tuple(str(v) for v in nb.classes_)
    coef = np.asarray(nb.feature_log_prob_, dtype=np.float32)
    return HeadFit(classes, coef, np.zeros(len(classes), dtype=np.float32), 1.0)


def softmax(margins: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise softmax of ``margins * temperature``."""
    z = margins * temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def fit_temperature(margins: np.ndarray, y: np.ndarray, classes: list[str]) -> float:
    """The softmax temperature minimising the log loss of ``margins`` against ``y``."""
    index = {c: i for i, c in enumerate(classes)}
    keep = np.array([str(v) in index for v in y])
    if not keep.any():
        return 3.0
    margins, y = margins[keep], y[keep]
    rows = np.arange(len(y))
    cols = np.array([index[str(v)] for v in y])
    best, best_loss = 3.0, math.inf
    for t in np.geomspace(0.25, 30.0, 40):
        p = softmax(margins, float(t))[rows, cols]
        loss = float(-np.log(np.clip(p, 1e-12, 1.0)).mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


@dataclass(frozen=True)
class HeadSlice:
    """Where one head's classes sit in the stacked matrix."""

    name: str
    classes: tuple[str, ...]
    start: int
    temperature: float

    @property
    def stop(self) -> int:
        """One past the head's last column."""
        return self.start + len(self.classes)


class LinearModel:
    """Several heads over one featurizer, weights stacked into one matrix."""

    def __init__(self, featurizer: Featurizer, heads: dict[str, HeadFit]) -> None:
        self.featurizer = featurizer
        total = sum(len(h.classes) for h in heads.values())
        self.w = np.zeros((featurizer.size, total), dtype=np.float32)
        self.b = np.zeros(total, dtype=np.float32)
        self.heads: dict[str, HeadSlice] = {}
        col = 0
        for name, h in heads.items():
            n = len(h.classes)
            self.w[:, col : col + n] = h.coef.T
            self.b[col : col + n] = h.intercept
            self.heads[name] = HeadSlice(name, h.classes, col, h.temperature)
            col += n

    def margins(self, text: str) -> np.ndarray:
        """Margins of every head's classes for one text (one gather, one product)."""
        idx, val = self.featurizer.row(text)
        if not len(idx):
            return self.b.copy()
        return np.asarray(val @ self.w[idx] + self.b)

    def probs(self, margins: np.ndarray, head: str) -> np.ndarray:
        """Calibrated probabilities of ``head``'s classes from :meth:`margins`."""
        h = self.heads[head]
        return softmax(margins[h.start : h.stop], h.temperature)

    def rank(self, margins: np.ndarray, head: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` most probable classes of ``head`` with their probabilities."""
        p = self.probs(margins, head)
        order = np.argsort(-p)[:k]
        classes = self.heads[head].classes
        return [(classes[int(i)], float(p[int(i)])) for i in order]

    def batch_probs(self, x: sp.csr_matrix, head: str) -> np.ndarray:
        """Probabilities of ``head`` for the rows of ``x`` (evaluation)."""
        h = self.heads[head]
        m = np.asarray(x @ self.w[:, h.start : h.stop]) + self.b[h.start : h.stop]
        return softmax(m, h.temperature)
