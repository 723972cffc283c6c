"""5-fold cross-validation of the default classifier on ../shared/data/appeals-dev.csv, and
the shipped model (trained on config/nlu only) mapped onto the same 7 labels.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_cv.py [--folds 5] [--shipped]
The data is read at run time (HOTLINE_SHARED_DIR or ../shared); no row is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlu.classifier import ClassifierConfig, TextClassifier
from nlu.data import read_labelled_csv
from nlu.evaluate import macro_f1, peak_rss_mb
from nlu.resources import shared_dir


def cross_validate(
    texts: list[str], labels: list[str], folds: int, config: ClassifierConfig
) -> dict[str, float]:
    y = np.array(labels)
    gold: list[str] = []
    pred: list[str] = []
    train_s: list[float] = []
    timings: list[float] = []
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, y):
        t0 = time.perf_counter()
        model = TextClassifier(config).fit([texts[i] for i in train_idx], list(y[train_idx]))
        train_s.append(time.perf_counter() - t0)
        for i in test_idx:
            q0 = time.perf_counter()
            pred.append(model.predict([texts[i]])[0])
            timings.append((time.perf_counter() - q0) * 1000)
            gold.append(labels[i])
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {
        "accuracy": round(acc, 4),
        "macro_f1": round(macro_f1(gold, pred), 4),
        "train_seconds_mean": round(float(np.mean(train_s)), 2),
        "parse_ms_p50": round(float(np.percentile(timings, 50)), 3),
        "parse_ms_p99": round(float(np.percentile(timings, 99)), 3),
    }


def shipped(texts: list[str], labels: list[str]) -> dict[str, float]:
    """The model trained on config/nlu only; its best level-1 among the gold labels."""
    from nlu.engine import EmbeddedEngine

    with tempfile.TemporaryDirectory():
        engine = EmbeddedEngine.train()
    allowed = sorted(set(labels))
    pred = []
    for text in texts:
        scores = engine.level1_scores(text)
        pred.append(max(allowed, key=lambda c: scores.get(c, 0.0)))
    acc = sum(g == p for g, p in zip(labels, pred, strict=True)) / len(labels)
    return {"accuracy": round(acc, 4), "macro_f1": round(macro_f1(labels, pred), 4)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--shipped", action="store_true", help="also score the shipped model")
    ap.add_argument("--c", type=float, default=None)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts, labels = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    config = ClassifierConfig() if args.c is None else ClassifierConfig(c=args.c)
    out: dict[str, object] = {
        "n": len(texts),
        "folds": args.folds,
        "default_engine": cross_validate(texts, labels, args.folds, config),
    }
    if args.shipped:
        out["shipped_model"] = shipped(texts, labels)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
