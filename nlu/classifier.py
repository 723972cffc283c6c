"""The default text classifier of ``hotline nlu eval`` and the benchmarks: character n-gram,
jieba word and title TF-IDF features (:mod:`nlu.features`) with a linear SVM whose margins
become calibrated probabilities (:mod:`nlu.linear`).

A centre's own labelled messages are few for some classes; the project's developer-written
appeals (``config/nlu``, the shipped engine's training data) join them as examples of
lower weight (:attr:`ClassifierConfig.base_weight`), each under the given label that is its
category or its category's first level (``城乡建设/物业管理`` → ``城乡建设`` when the labels
are first levels); examples of no given label are left out, so labels of another scheme
(``a``/``b``) get none.

The shipped engine uses the same pieces with several heads over one featurizer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlu.data import load_examples
from nlu.errors import TrainingDataError
from nlu.features import Featurizer
from nlu.linear import LinearModel, fit_head
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR


@dataclass(frozen=True)
class ClassifierConfig:
    """Feature and model settings (the defaults: bench/nlu_search.py, bench/nlu.md)."""

    char_ngrams: tuple[int, int] = (1, 2)
    word_weight: float = 1.0
    c: float = 2.0
    calibrate: bool = True
    max_chars: int = 1500  # the matter is in the first part; keeps p99 low (bench/nlu.md)
    class_weight: str | None = None
    #: Characters of the title block (a message's first words name its matter; 0: none).
    title_chars: int = 40
    #: Weight of each developer-written example of ``base_dir`` (0: none; a given row: 1).
    base_weight: float = 0.3
    base_dir: Path = CONFIG_DIR


def base_examples(labels: set[str], data_dir: Path) -> tuple[list[str], list[str]]:
    """The appeal examples of ``data_dir`` under the label of ``labels`` that is their
    category or its first level (texts, labels); none for other labels."""
    texts: list[str] = []
    out: list[str] = []
    for example in load_examples(data_dir):
        category = example.category
        if category is None:
            continue
        label = category if category in labels else category.split("/")[0]
        if label in labels:
            texts.append(example.text)
            out.append(label)
    return texts, out


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
        config = self.config
        labels = list(labels)
        weights = [1.0] * len(labels)
        if config.base_weight > 0:
            base_t, base_y = base_examples(set(labels), config.base_dir)
            prepped += self._prep(base_t)
            labels += base_y
            weights += [config.base_weight] * len(base_y)
        feats = Featurizer(
            max_chars=config.max_chars,
            char_n=config.char_ngrams[1],
            word_weight=config.word_weight,
            title_chars=config.title_chars,
        ).fit(prepped)
        head = fit_head(
            feats.matrix(prepped),
            labels,
            c=config.c,
            calibrate=config.calibrate,
            class_weight=config.class_weight,
            sample_weight=np.asarray(weights),
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
