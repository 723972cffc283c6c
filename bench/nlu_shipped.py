"""The shipped model (trained on config/nlu only) scored on ../shared/data/appeals-dev.csv:
first-level accuracy and macro-F1 with a FREE choice among all first-level categories the
model knows (15), and restricted to the file's 7 labels (as bench/nlu_cv.py --shipped).

Split half: errors may be looked at only on the ODD rows (1st, 3rd ... data row, i.e.
0-based indices 0, 2, 4 ...; ``--confusions`` and ``--errors`` show only those); the EVEN
rows (0-based 1, 3, 5 ...) are never read for errors, and their accuracy is the honest
figure next to the full file's. ``--looked-only`` prints the looked-at half's figures and
nothing from which the held-back half's could be derived (no whole-file figure), so a
round can compare its variants without seeing the held-back figure each time.

Run: PYTHONPATH=. OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_shipped.py [--confusions]
[--errors] [--looked-only]
The data is read at run time (HOTLINE_SHARED_DIR or ../shared); no row is copied.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from nlu.data import read_labelled_csv
from nlu.engine import EmbeddedEngine
from nlu.evaluate import macro_f1
from nlu.resources import shared_dir


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--confusions", action="store_true", help="largest confusions (odd rows only)")
    ap.add_argument("--errors", action="store_true", help="misclassified odd rows")
    ap.add_argument(
        "--looked-only", action="store_true", help="print the looked-at half's figures only"
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    engine = EmbeddedEngine.train()
    train_s = time.perf_counter() - t0
    texts, labels = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    if args.looked_only:  # the held-back rows are not even scored
        texts, labels = texts[0::2], labels[0::2]
    allowed = sorted(set(labels))
    free, restricted = [], []
    for text in texts:
        scores = engine.level1_scores(text)
        free.append(max(scores, key=lambda c: scores[c]))
        restricted.append(max(allowed, key=lambda c: scores.get(c, 0.0)))
    out: dict[str, object] = {
        "n": len(texts),
        "train_seconds": round(train_s, 1),
        "examples": engine.info.examples,
        "level1_classes": len({c.split("/")[0] for c in engine.model.heads["category"].classes}),
    }
    if args.looked_only:
        acc = sum(g == p for g, p in zip(labels, free, strict=True)) / len(labels)
        out["free_odd_rows"] = {
            "n": len(labels),
            "accuracy": round(acc, 4),
            "macro_f1": round(macro_f1(labels, free), 4),
        }
        print(json.dumps(out, ensure_ascii=False))
        _show(args, list(zip(texts, labels, free, strict=True)))
        return
    for name, pred in (("free", free), ("restricted_to_7", restricted)):
        acc = sum(g == p for g, p in zip(labels, pred, strict=True)) / len(labels)
        out[name] = {"accuracy": round(acc, 4), "macro_f1": round(macro_f1(labels, pred), 4)}
    for half, start in (("odd_rows", 0), ("even_rows", 1)):
        gold, pred = labels[start::2], free[start::2]
        acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
        out[f"free_{half}"] = {
            "n": len(gold),
            "accuracy": round(acc, 4),
            "macro_f1": round(macro_f1(gold, pred), 4),
        }
    print(json.dumps(out, ensure_ascii=False))
    _show(args, list(zip(texts[0::2], labels[0::2], free[0::2], strict=True)))


def _show(args: argparse.Namespace, odd: list[tuple[str, str, str]]) -> None:
    """Errors and confusions of the looked-at rows ``odd`` as (text, gold, predicted)."""
    if args.errors:
        for text, g, p in odd:
            if g != p:
                print(f"{g} -> {p}: {text[:120]}")
    if args.confusions:
        pairs = Counter((g, p) for _, g, p in odd if g != p)
        for (g, p), n in pairs.most_common(30):
            print(f"{n:4d}  {g} -> {p}")


if __name__ == "__main__":
    main()
