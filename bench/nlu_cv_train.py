"""The shipped model's family decision in k-fold CV on its OWN training data (issue 11).

The dev file's looked-at half says whether a routing change helps on real appeals; this
script says whether it helps on the developer-written data it is trained from, without
reading any dev row. Folds: StratifiedKFold on the family of each category example of
``config/nlu`` (shuffle, seed 0). Per fold, the engine's pieces are refitted on the other
folds (featurizer, ``category``, ``level1`` and ``level1_nb`` heads of
:func:`nlu.training.train_model`) and the family score is mixed as
``EmbeddedEngine._family_vector`` does (``LEVEL1_WEIGHT``, ``NB_WEIGHT``). Keyword
overrides are left out: they decide by pattern, not by what was learned.

Printed: family accuracy, macro-F1 over all families, and accuracy over the examples of
the seven largest families (the families the dev file labels).

Run: PYTHONPATH=. OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_cv_train.py [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from nlu.emergency import EmergencyCorpus
from nlu.engine import LEVEL1_WEIGHT, NB_WEIGHT
from nlu.evaluate import macro_f1
from nlu.linear import HeadFit, fit_head, fit_nb_head, softmax
from nlu.resources import CONFIG_DIR
from nlu.training import new_featurizer, training_set


def _probs(head: HeadFit, x: sp.csr_matrix) -> np.ndarray:
    return softmax(np.asarray(x @ head.coef.T) + head.intercept, head.temperature)


def family_scores(
    texts: list[str], labels: list[str], test: list[str], names: list[str]
) -> np.ndarray:
    """Family scores (rows: ``test``, columns: ``names``) of heads fitted on ``texts``."""
    fams = [c.split("/")[0] for c in labels]
    feats = new_featurizer(len(texts)).fit(texts)
    x, xt = feats.matrix(texts), feats.matrix(test)
    col = {n: i for i, n in enumerate(names)}
    cat = fit_head(x, labels, c=1.0)
    vec = np.zeros((len(test), len(names)))
    p_cat = _probs(cat, xt)
    for j, c in enumerate(cat.classes):
        vec[:, col[c.split("/")[0]]] += p_cat[:, j]
    for head, weight in (
        (fit_head(x, fams, c=1.0), LEVEL1_WEIGHT),
        (fit_nb_head(x, fams), NB_WEIGHT),
    ):
        mixed = np.zeros_like(vec)
        mixed[:, [col[c] for c in head.classes]] = _probs(head, xt)
        vec = vec * (1 - weight) + weight * mixed
    return vec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    from sklearn.model_selection import StratifiedKFold

    t0 = time.perf_counter()
    ts = training_set(CONFIG_DIR, EmergencyCorpus.load(Path(CONFIG_DIR) / "emergency.yml"))
    texts, labels = ts.category
    fams = np.asarray([c.split("/")[0] for c in labels])
    names = sorted(set(fams.tolist()))
    gold: list[str] = []
    pred: list[str] = []
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in folds.split(np.zeros(len(fams)), fams):
        vec = family_scores(
            [texts[i] for i in train],
            [labels[i] for i in train],
            [texts[i] for i in test],
            names,
        )
        gold += [str(fams[i]) for i in test]
        pred += [names[int(k)] for k in vec.argmax(axis=1)]
    big = {f for f, _ in Counter(gold).most_common(7)}
    in_big = [(g, p) for g, p in zip(gold, pred, strict=True) if g in big]
    out = {
        "examples": len(gold),
        "families": len(names),
        "folds": args.folds,
        "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])), 4),
        "macro_f1": round(macro_f1(gold, pred), 4),
        "accuracy_7_largest": round(float(np.mean([g == p for g, p in in_big])), 4),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
