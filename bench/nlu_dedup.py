"""Near-duplicate index at a million orders: build time, query latency, planted-pair recall.

Run: .venv/bin/python bench/nlu_dedup.py [--n 1000000] [--queries 1000]
Texts are synthetic (templates × Heze places × random details); no evaluation data used.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from nlu.dedup import NearDupIndex
from nlu.territory import Gazetteer

PROBLEMS = [
    "路灯坏了好几天，晚上走路看不见",
    "自来水停了三天也没有通知",
    "暖气不热屋里太冷",
    "楼道垃圾没人清理臭气熏天",
    "饭店油烟直排扰民",
    "工地夜间施工噪音太大",
    "老板拖欠工资不给",
    "小区电梯经常坏物业不修",
    "路面有大坑电动车摔倒",
    "井盖丢失很危险",
    "广场舞音响声音太大",
    "养殖场臭味影响生活",
    "孩子上学划片不合理",
    "公交车班次太少等不到车",
    "下水道堵塞污水外溢",
    "违章建筑挡住采光",
    "占道经营堵塞交通",
    "燃气开户一直办不下来",
    "医保报销太慢",
    "村里修路集资款不公开",
]
DETAILS = list(
    "东西南北前后左右一二三四五六七八九十号楼单元门口附近旁边对面路口胡同大街小巷"
    "我们家里今天昨天已经好几次反映过没有人管希望有关部门尽快处理谢谢这个那个问题情况"
    "时间晚上早上中午下午白天夜里每天经常总是一直还是又再次多次严重影响生活休息出行安全"
    "老人孩子居民群众业主商户车辆行人道路门前院里屋里楼下楼上对门隔壁邻居村口集市学校医院"
)


def make_text(rng: random.Random, places: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    county, town, village = rng.choice(places)
    problem = rng.choice(PROBLEMS)
    detail = "".join(rng.choices(DETAILS, k=rng.randint(4, 10)))
    extra = "".join(rng.choices(DETAILS, k=rng.randint(2, 6)))
    return f"{county}{town}{village}{detail}{problem}{extra}", problem, county


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(7)
    gaz = Gazetteer.load()
    places = [(c, t, v) for (v, c), t in gaz.villages.items()]
    index = NearDupIndex()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    planted: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    batch = []
    for i in range(args.n):
        text, problem, county = make_text(rng, places)
        batch.append(
            (
                f"HZ{i:09d}",
                text,
                problem,
                county,
                f"u{rng.randrange(args.n // 3)}",
                start + timedelta(minutes=i),
            )
        )
        if i % (args.n // args.queries or 1) == 0 and len(planted) < args.queries:
            # a near-copy (not a real rewording): 很 dropped, 不给→不发, a phrase added
            para = text.replace("很", "").replace("不给", "不发") + "请尽快处理"
            planted.append((f"HZ{i:09d}", para))
        if len(batch) == 50_000:
            index.add_many(batch)
            batch = []
    index.add_many(batch)
    build = time.perf_counter() - t0
    timings, hits, cands = [], 0, []
    for order_id, para in planted:
        q0 = time.perf_counter()
        res = index.similar(para, k=10)
        timings.append((time.perf_counter() - q0) * 1000)
        hits += any(h.order_id == order_id for h in res)
        cands.append(len(res))
    # filtered query: same county and category
    f_timings = []
    for _order_id, para in planted[:200]:
        q0 = time.perf_counter()
        index.similar(para, category=PROBLEMS[0], county="曹县", k=10)
        f_timings.append((time.perf_counter() - q0) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"orders={len(index)} build_s={build:.1f} ({len(index) / build:.0f}/s)")
    print(
        f"query_ms p50={np.percentile(timings, 50):.2f} "
        f"p99={np.percentile(timings, 99):.2f} "
        f"filtered p50={np.percentile(f_timings, 50):.2f} "
        f"p99={np.percentile(f_timings, 99):.2f}"
    )
    print(f"planted near-copy recall@10={hits / len(planted):.3f} mean_hits={np.mean(cands):.1f}")
    print(f"peak_rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
