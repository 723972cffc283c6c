"""Time a retrain from a centre's history of 100,000 finished orders (issue 11).

The orders are synthetic (no real appeals exist here): each text joins two or three
developer-written examples of one category from config/nlu with a Heze place and a
sentence of filler, labelled with that category and its catalogue unit type. The retrain
is what the scheduled job runs: config/nlu plus the history, a held-out tenth to compare
the new model with the serving one.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_history.py [--orders 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.evaluate import peak_rss_mb
from nlu.resources import CONFIG_DIR
from nlu.retrain import retrain
from nlu.training import HistoryRow

PLACES = [
    "牡丹区西城街道",
    "曹县庄寨镇",
    "单县园艺街道",
    "郓城县张营街道",
    "定陶区天中街道",
    "巨野县凤凰街道",
    "东明县城关街道",
    "鄄城县古泉街道",
    "成武县文亭街道",
]
FILLER = [
    "希望有关部门尽快处理",
    "已经反映过好几次了",
    "请尽快安排人来看看",
    "谢谢你们",
    "这个问题影响了很多人",
    "麻烦给个答复",
]


def synthetic_history(n: int, seed: int = 0) -> list[HistoryRow]:
    """``n`` orders built from the category examples of config/nlu."""
    rng = random.Random(seed)
    engine_units = EmbeddedEngine.train().routing
    by_cat: dict[str, list[str]] = defaultdict(list)
    for e in load_examples(CONFIG_DIR):
        if e.category:
            by_cat[e.category].append(e.text)
    cats = sorted(by_cat)
    rows = []
    for _ in range(n):
        cat = rng.choice(cats)
        parts = rng.sample(by_cat[cat], k=min(len(by_cat[cat]), rng.randint(1, 3)))
        text = f"{rng.choice(PLACES)}，{'，'.join(parts)}，{rng.choice(FILLER)}"
        l1, _, l2 = cat.partition("/")
        rows.append(HistoryRow(text, cat, engine_units.unit_type(l1, l2 or None)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=100_000)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rows = synthetic_history(args.orders)
    current = EmbeddedEngine.train()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = retrain(current, rows, Path(tmp) / "nlu")
    total = time.perf_counter() - t0
    print(
        json.dumps(
            {
                **report.as_dict(),
                "wall_seconds": round(total, 1),
                "peak_rss_mb": round(peak_rss_mb(), 0),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
