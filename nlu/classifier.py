"""The default text classifier of ``hotline nlu eval`` and the benchmarks: character n-gram
and jieba word TF-IDF features (:mod:`nlu.features`) with a linear SVM whose margins become
calibrated probabilities (:mod:`nlu.linear`).

The shipped engine uses the same pieces with several heads over one featurizer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlu.errors import TrainingDataError
from nlu.features import Featurizer
from nlu.linear import LinearModel, fit_head
from nlu.normalize import normalize


@dataclass(frozen=True)
class ClassifierConfig:
    """Feature and model settings (the defaults: bench/nlu_search.py, bench/nlu.md)."""

    char_ngrams: tuple[int, int] = (1, 2)
    word_weight: float = 1.0
    c: float = 2.0
    calibrate: bool = True
    max_chars: int = 1500  # the matter is in the first part; keeps p99 low (bench/nlu.md)
    class_weight: str | None = None


class TextClassifier:
    """A multi-class text classifier; ``fit`` on normalized or raw texts."""

    def __init__(self, config: ClassifierConfig | None = None) -> None:
        self.config = config or ClassifierConfig()
        self.model: LinearModel | None = None
        self.classes: list[str] = []

    def _prep(self, texts: Sequence[str]) -> list[str]:
        return [normalize(t, max_chars=self.config.max_chars) for t in texts]

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> TextClassifier:
        """Train on ``texts`` with one label each; raises TrainingDataError on bad data."""
        if len(texts) != len(labels):
            raise TrainingDataError("texts and labels differ in length")
        prepped = self._prep(texts)
        if not any(prepped):
            raise TrainingDataError("training texts are all empty")
        feats = Featurizer(
            max_chars=self.config.max_chars,
            char_n=self.config.char_ngrams[1],
            word_weight=self.config.word_weight,
        ).fit(prepped)
        head = fit_head(
            feats.matrix(prepped),
            labels,
            c=self.config.c,
            calibrate=self.config.calibrate,
            class_weight=self.config.class_weight,
        )
        self.model = LinearModel(feats, {"label": head})
        self.classes = list(head.classes)
        return self

    def _model(self) -> LinearModel:
        if self.model is None:
            raise TrainingDataError("classifier is not trained")
        return self.model

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, columns in the order of ``self.classes``."""
        model = self._model()
        return model.batch_probs(model.featurizer.matrix(self._prep(texts)), "label")

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable label of each text."""
        model = self._model()
        out = []
        for text in self._prep(texts):
            out.append(model.rank(model.margins(text), "label", 1)[0][0])
        return out

    def rank(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` best labels of one text with their probabilities."""
        model = self._model()
        return model.rank(model.margins(self._prep([text])[0]), "label", k)
