"""Full ``EmbeddedEngine.parse`` latency on one core (issue 16): normalize, rules (triage,
entities, address), one feature row and one product for the four heads, acts.

Chat lines are parsed with the LRU (and the per-text caches inside the parse) cleared
before each one (cold), so the figure is the work, not the cache; the cache's own figure
is given apart. Long appeals are the dev messages (read at run time, never copied) and
pasted texts of 2,000 to 20,000 characters.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/nlu_parse.py [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import pstats
import time
from pathlib import Path

import numpy as np

from nlu.data import read_labelled_csv
from nlu.engine import EmbeddedEngine
from nlu.evaluate import peak_rss_mb
from nlu.resources import shared_dir

CHAT = [
    "你好",
    "在吗",
    "我家停水了",
    "转人工",
    "谢谢",
    "确认",
    "匿名",
    "是的",
    "不对",
    "算了不用了",
    "公积金怎么提取",
    "路灯坏了好几天了",
    "我的工单HZ20250101-000123进度",
    "楼下饭店油烟太大",
    "着火了快来人",
    "暖气不热，屋里才十几度",
    "牡丹区西城街道和平小区南门",
    "地址是牡丹区中华路与人民路交叉口",
    "李四 13912345678",
    "名字就不留了",
    "每天晚上十一点以后还在施工，已经持续两个星期了",
    "社保卡丢了 咋补办啊",
    "我不是投诉 就是想问问",
    "小区门口天天有人摆摊，城管也不管",
    "老板拖欠俺们三个月工资了",
    "孩子上学划片不合理，离家太远",
    "出租车不打表，乱要价",
    "楼上装修天天砸墙，吵死了",
    "俺村的路坑坑洼洼，下雨就没法走",
    "曹县第二中学初中部门口天天堵车",
    "刚下班回来发现家门被撬了",
    "有人在小区里遛狗不拴绳",
    "燃气表没气了",
    "宽带老是断网",
    "医院乱收费，做了好多没必要的检查",
    "工厂半夜偷偷排废气",
    "[发怒][发怒]",
    "我們小區停電了，請幫忙",
    "电话１３８１２３４５６７８",
    "好的，提交吧",
]


CLOCK = time.perf_counter


#: Per-text caches inside the parse (issue 16), cleared with the LRU for a cold figure
#: (looked up by name, so that this script also measures code without them).
_TEXT_CACHES = (
    ("nlu.refusals", "_refusals"),
    ("nlu.refusals", "declined"),
    ("nlu.triage", "triage_concepts"),
)


def _clear(engine: EmbeddedEngine) -> None:
    engine._cache.clear()
    for module, name in _TEXT_CACHES:
        clear = getattr(getattr(importlib.import_module(module), name, None), "cache_clear", None)
        if clear is not None:
            clear()


def _timings(engine: EmbeddedEngine, texts: list[str], cold: bool) -> np.ndarray:
    out = []
    for text in texts:
        if cold:
            _clear(engine)
        t0 = CLOCK()
        engine.parse(text)
        out.append((CLOCK() - t0) * 1000)
    return np.asarray(out)


def _line(name: str, ms: np.ndarray) -> str:
    return (
        f"{name}: n={len(ms)} p50={np.percentile(ms, 50):.3f}ms "
        f"p99={np.percentile(ms, 99):.3f}ms max={ms.max():.3f}ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", action="store_true", help="print a cProfile top (cumulative)")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="measure this thread's CPU time instead of wall time (a shared, "
        "loaded machine preempts the process: CPU time is the work done)",
    )
    args = ap.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.thread_time
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    t0 = time.perf_counter()
    engine = EmbeddedEngine.train()
    train_s = time.perf_counter() - t0
    dev, _ = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    pasted = [
        ("小区门口的路灯坏了一个多月，晚上很黑，老人摔了好几次。" * 800)[:n]
        for n in (2000, 5000, 10000, 20000)
    ] * 25
    _timings(engine, CHAT, cold=True)  # warm up code paths, jieba, the gazetteer
    chat = _timings(engine, CHAT * 25, cold=True)
    cached = _timings(engine, CHAT * 25, cold=False)
    long = _timings(engine, dev, cold=True)
    paste = _timings(engine, pasted, cold=True)
    print(_line("chat lines (cold)", chat))
    print(_line("chat lines (LRU)", cached))
    print(_line("dev appeals (median 235 chars)", long))
    print(_line("pasted 2k-20k chars", paste))
    print(_line("all long", np.concatenate((long, paste))))
    heavy = sum(engine.is_heavy(t) for t in dev) / len(dev)
    print(
        f"is_heavy share of dev appeals: {heavy:.2f}; train_s={train_s:.1f} "
        f"examples={engine.info.examples} peak_rss_mb={peak_rss_mb():.0f}"
    )
    if args.profile:
        CLOCK = time.perf_counter  # the profiler itself makes thread_time costly
        prof = cProfile.Profile()
        prof.enable()
        _timings(engine, CHAT * 50, cold=True)
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("tottime").print_stats(14)
        stats.sort_stats("cumulative").print_stats(r"nlu/", 14)
        print(buf.getvalue())


if __name__ == "__main__":
    main()
