"""Full ``EmbeddedEngine.parse`` latency (normalize, triage, entities, territory, intent,
category) on one core, over the dev messages (read at run time) and short chat lines.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_parse.py
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from nlu.data import read_labelled_csv
from nlu.engine import EmbeddedEngine
from nlu.evaluate import peak_rss_mb
from nlu.resources import shared_dir

SHORT = [
    "你好",
    "我家停水了",
    "转人工",
    "谢谢",
    "公积金怎么提取",
    "路灯坏了好几天了",
    "我的工单HZ20250101-000123进度",
    "楼下饭店油烟太大",
    "着火了快来人",
]


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    t0 = time.perf_counter()
    engine = EmbeddedEngine.train()
    train_s = time.perf_counter() - t0
    texts, _ = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    for name, batch in (("dev messages", texts), ("short chat lines", SHORT * 100)):
        engine.parse(batch[0])
        timings = []
        for text in batch:
            q0 = time.perf_counter()
            engine.parse(text)
            timings.append((time.perf_counter() - q0) * 1000)
        print(
            f"{name}: n={len(batch)} p50={np.percentile(timings, 50):.2f}ms "
            f"p99={np.percentile(timings, 99):.2f}ms"
        )
    print(
        f"shipped model train_s={train_s:.1f} examples={engine.info.examples} "
        f"peak_rss_mb={peak_rss_mb():.0f}"
    )


if __name__ == "__main__":
    main()
