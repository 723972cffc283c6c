"""Assemble the training sets of the shipped engine and train its heads.

Heads over one featurizer (:mod:`nlu.linear`):

* ``intent``: dialogue intents of ``config/nlu/nlu.yml``; every appeal example is ``appeal``;
* ``category``: ``level1/level2`` of the appeal examples (``appeal__<l1>__<l2>`` intents,
  domain lookup tables) plus, when given, a centre's history (``--history``);
* ``level1`` (linear SVM) and ``level1_nb`` (complement naive Bayes): the family of each
  category example, mixed into the family score (``engine._family_vector``);
* ``level`` and ``situation``: the emergency detector (:mod:`nlu.emergency`); every appeal
  and dialogue example is also a ``none`` example of the level head, except those of the
  files marked ``routing_only`` (:func:`nlu.data.load_examples`).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from nlu.data import load_examples
from nlu.emergency import LEVEL_CLASS_WEIGHT, NONE, EmergencyCorpus, concept_tokens
from nlu.errors import TrainingDataError
from nlu.features import TITLE, Featurizer
from nlu.linear import HeadFit, LinearModel, fit_head, fit_nb_head
from nlu.neutral import without_people
from nlu.normalize import normalize
from nlu.place_words import PLACE, PLACE_WEIGHT, place_kinds

#: Characters of a message the classifiers read (the matter is at the start; p99).
ANALYSIS_CHARS = 600
#: Characters segmented into words by jieba (the costliest step; bench/nlu.md).
WORD_CHARS = 120
#: The title block of the category heads (:class:`nlu.features.Featurizer`): character
#: grams of the first ``TITLE_CHARS`` characters, weighted ``TITLE_WEIGHT``. Chosen on the
#: dev file's looked-at rows (weights 0.3 / 0.5 / 0.7 / 1 at 40 characters, 25 and 60 at
#: 0.5: all 0.3-0.7 within 0.4 points of one another, bench/nlu.md).
TITLE_CHARS = 40
TITLE_WEIGHT = 0.5


@dataclass(frozen=True)
class HistoryRow:
    """One finished order of a centre's history: its text and final category (and unit)."""

    text: str
    category: str  # "level1" or "level1/level2"
    unit: str | None = None


def read_history(path: Path) -> list[HistoryRow]:
    """Rows of a CSV with columns ``text,category`` (optional ``unit``).

    TrainingDataError for a missing column, an unreadable file or no usable row; rows
    with an empty text or category are skipped.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or not {"text", "category"} <= set(reader.fieldnames):
                raise TrainingDataError(f"{path}: expected columns text,category[,unit]")
            rows = []
            for row in reader:
                text = (row.get("text") or "").strip()
                cat = (row.get("category") or "").strip().replace("__", "/")
                if text and cat:
                    rows.append(HistoryRow(text, cat, (row.get("unit") or "").strip() or None))
    except OSError as exc:
        raise TrainingDataError(f"cannot read {path}: {exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"{path}: {exc}") from exc
    if not rows:
        raise TrainingDataError(f"{path}: no rows with text and category")
    return rows


@dataclass(frozen=True)
class TrainingSet:
    """Normalized texts and labels of every head."""

    intent: tuple[list[str], list[str]]
    category: tuple[list[str], list[str]]
    level: tuple[list[str], list[str]]
    situation: tuple[list[str], list[str]]
    routing_only: frozenset[str] = frozenset()

    def all_texts(self) -> list[str]:
        """Every distinct text but the routing-only ones (the featurizer's statistics)."""
        seen: dict[str, None] = {}
        for texts, _ in (self.intent, self.category, self.level, self.situation):
            seen.update(dict.fromkeys(texts))
        return [t for t in seen if t not in self.routing_only]


def _norm(texts: Sequence[str]) -> list[str]:
    return [normalize(t, max_chars=ANALYSIS_CHARS) for t in texts]


def training_set(
    data_dir: Path, corpus: EmergencyCorpus, history: Sequence[HistoryRow] = ()
) -> TrainingSet:
    """The texts and labels of every head from ``data_dir`` (and a centre's history)."""
    examples = load_examples(data_dir)
    intent_t = _norm([e.text for e in examples])
    intent_y = [e.dialogue_intent for e in examples]
    cats = [(t, str(e.category)) for t, e in zip(intent_t, examples, strict=True) if e.category]
    if len({c for _, c in cats}) < 2:
        raise TrainingDataError("need appeal examples of at least two categories")
    cat_t = [t for t, _ in cats] + _norm([h.text for h in history])
    cat_y = [c for _, c in cats] + [h.category for h in history]
    lv_t, lv_y = corpus.level_examples()
    lv_t = _norm(lv_t)
    known = set(lv_t)
    # appeals written for routing kinds only are no negatives of the emergency detector
    routing_only = {t for t, e in zip(intent_t, examples, strict=True) if e.routing_only}
    extra = [t for t in intent_t if t not in known and t not in routing_only]
    sit_t, sit_y = corpus.situation_examples()
    return TrainingSet(
        intent=(intent_t, intent_y),
        category=(cat_t, cat_y),
        level=(lv_t + extra, lv_y + [NONE] * len(extra)),
        situation=(_norm(sit_t), sit_y),
        routing_only=frozenset(routing_only - set(lv_t) - set(_norm(sit_t))),
    )


def new_featurizer(n_texts: int) -> Featurizer:
    """The engine's featurizer; large corpora (history) drop features seen once."""
    return Featurizer(
        max_chars=ANALYSIS_CHARS,
        word_chars=WORD_CHARS,
        concepts=concept_tokens,
        places=place_kinds,
        place_weight=PLACE_WEIGHT,
        min_df=2 if n_texts > 20_000 else 1,
        max_features=300_000,
        title_chars=TITLE_CHARS,
        title_weight=TITLE_WEIGHT,
        neutral=without_people,
    )


def split_history(
    rows: Sequence[HistoryRow], share: float, seed: int = 0
) -> tuple[list[HistoryRow], list[HistoryRow]]:
    """(train, held-out) rows: ``share`` of the rows, drawn with a fixed seed."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = int(len(order) * share)
    held = set(order[:cut])
    return (
        [r for i, r in enumerate(rows) if i not in held],
        [r for i, r in enumerate(rows) if i in held],
    )


def train_model(
    ts: TrainingSet, *, units: Sequence[HistoryRow] = (), calibration: Sequence[HistoryRow] = ()
) -> LinearModel:
    """Fit the featurizer and the heads (``unit`` too when history rows name units).

    ``calibration``: held-out history rows whose margins set the category head's
    temperature (a large history is not cross-validated: it takes too long).
    """
    cat_t, cat_y = ts.category
    # the vocabulary and idf come from every text but the routing-only ones, so those
    # lines move no feature of the emergency detector (their own new words are not kept)
    feats = new_featurizer(len(cat_t)).fit(ts.all_texts())
    big = len(cat_t) > 20_000
    # place kinds and the title block feed the category heads only (nlu.place_words): the
    # other heads are trained with those blocks zeroed, so their weights for them stay 0
    keep = np.ones(feats.size, dtype=np.float32)
    keep[[i for t, i in feats.vocab.items() if t.startswith((PLACE, TITLE))]] = 0.0
    unplaced = sp.diags(keep, format="csr")
    held = (
        (feats.matrix(_norm([r.text for r in calibration])), [r.category for r in calibration])
        if calibration
        else None
    )
    cat_x = feats.matrix(cat_t)
    heads: dict[str, HeadFit] = {
        "intent": fit_head(feats.matrix(ts.intent[0]) @ unplaced, ts.intent[1], c=1.0),
        "category": fit_head(cat_x, cat_y, c=1.0, calibrate=not big, holdout=held),
        # the family of departments decided by a head of its own: measured better on the
        # dev file's odd rows than summing the category head's probabilities (bench/nlu.md)
        "level1": fit_head(
            cat_x,
            [c.split("/")[0] for c in cat_y],
            c=1.0,
            calibrate=not big,
            holdout=(held[0], [c.split("/")[0] for c in held[1]]) if held else None,
        ),
        # the family again by complement naive Bayes (a linear head too): another
        # inductive bias, mixed into the family score (engine.NB_WEIGHT, bench/nlu.md)
        "level1_nb": fit_nb_head(cat_x, [c.split("/")[0] for c in cat_y]),
        "level": fit_head(
            feats.matrix(ts.level[0]) @ unplaced,
            ts.level[1],
            c=1.0,
            class_weight=LEVEL_CLASS_WEIGHT,
        ),
        "situation": fit_head(feats.matrix(ts.situation[0]) @ unplaced, ts.situation[1], c=1.0),
    }
    with_unit = [r for r in units if r.unit]
    if len({r.unit for r in with_unit}) >= 2:
        heads["unit"] = fit_head(
            feats.matrix(_norm([r.text for r in with_unit])),
            [str(r.unit) for r in with_unit],
            c=1.0,
            calibrate=len(with_unit) <= 20_000,
        )
    return LinearModel(feats, heads)
