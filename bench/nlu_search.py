"""The feature and model search behind the classifier defaults: 5-fold CV (StratifiedKFold,
shuffle, seed 0; the same folds for every variant) on ../shared/data/appeals-dev.csv.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_search.py [--folds 5]
The data is read at run time (HOTLINE_SHARED_DIR or ../shared); no row is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from nlu.classifier import ClassifierConfig
from nlu.data import read_labelled_csv
from nlu.resources import shared_dir

sys.path.insert(0, str(Path(__file__).parent))
from nlu_cv import cross_validate

VARIANTS: dict[str, ClassifierConfig] = {
    "char 1-2 + words, C=2 (default)": ClassifierConfig(),
    "char 1-2 + words, C=1": ClassifierConfig(c=1.0),
    "char 1-2 + words, C=5": ClassifierConfig(c=5.0),
    "char 1-3 + words, C=2": ClassifierConfig(char_ngrams=(1, 3)),
    "char 1-2 + words x0.5, C=2": ClassifierConfig(word_weight=0.5),
    "char 1-2 + words, C=2, balanced classes": ClassifierConfig(class_weight="balanced"),
    "char 1-2 + words, C=2, first 600 chars": ClassifierConfig(max_chars=600),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts, labels = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    for name, config in VARIANTS.items():
        result = cross_validate(texts, labels, args.folds, config)
        print(json.dumps({"variant": name, **result}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
