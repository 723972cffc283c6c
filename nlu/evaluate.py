"""``hotline nlu eval``: train the default classifier on one CSV, score it on another."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

import numpy as np

from nlu.classifier import ClassifierConfig, TextClassifier
from nlu.data import read_labelled_csv


def per_class_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of every gold or predicted label."""
    labels = sorted(set(gold) | set(pred))
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": sum(1 for g in gold if g == label),
        }
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over the labels that occur in ``gold``."""
    scores = per_class_scores(gold, pred)
    present = sorted(set(gold))
    return sum(scores[label]["f1"] for label in present) / len(present) if present else 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class EvalReport(TypedDict):
    """``hotline nlu eval``'s JSON object."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    train_seconds: float
    parse_ms_p50: float
    parse_ms_p99: float
    peak_rss_mb: float


def evaluate(train: Path, test: Path, config: ClassifierConfig | None = None) -> EvalReport:
    """Train on ``train`` (id,label,text), test on ``test``; the contract's JSON object."""
    train_texts, train_labels = read_labelled_csv(train)
    test_texts, test_labels = read_labelled_csv(test)
    started = time.perf_counter()
    model = TextClassifier(config).fit(train_texts, train_labels)
    train_seconds = time.perf_counter() - started
    predictions: list[str] = []
    timings: list[float] = []
    for text in test_texts:  # one text at a time, as the bot parses messages
        t0 = time.perf_counter()
        predictions.append(model.predict([text])[0])
        timings.append((time.perf_counter() - t0) * 1000)
    correct = sum(1 for g, p in zip(test_labels, predictions, strict=True) if g == p)
    per_class = {
        k: {m: v[m] for m in ("precision", "recall", "f1")}
        for k, v in per_class_scores(test_labels, predictions).items()
    }
    return {
        "n": len(test_texts),
        "accuracy": round(correct / len(test_texts), 4),
        "macro_f1": round(macro_f1(test_labels, predictions), 4),
        "per_class": per_class,
        "train_seconds": round(train_seconds, 3),
        "parse_ms_p50": round(float(np.percentile(timings, 50)), 3),
        "parse_ms_p99": round(float(np.percentile(timings, 99)), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
