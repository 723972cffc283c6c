"""Near-duplicate index at a million orders: build time, query latency, planted-pair recall;
and the repeat judgement (第十三条(三)) on developer-written pairs.

Run: .venv/bin/python bench/nlu_dedup.py [--n 1000000] [--queries 1000]
     .venv/bin/python bench/nlu_dedup.py --pairs   (the repeat judgement only)
Texts are synthetic (templates × Heze places × random details); no evaluation data used.

``--pairs``: one citizen's earlier order and a new message, judged by the gateway's
:class:`~gateway.pipeline.repeats.RepeatDetector` as the pipeline calls it (text, the
wording table's repeat cues; no NLU category): is the new message the same matter (its
progress) or another (a new order)? :data:`PAIRS` are written by hand, in three kinds: the
same matter in other words, another matter at the same place, the same kind of thing at
another place.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an install

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


# (earlier order, new message, same matter?)
PAIRS: tuple[tuple[str, str, bool], ...] = (
    # the same matter in other words
    ("牡丹区东城街道翠园小区北门的路灯坏了", "翠园那边晚上黑乎乎的 灯一直不亮", True),
    ("牡丹区东城街道翠园小区北门的路灯坏了", "北门那个灯到现在还是不着", True),
    ("曹县倪集街道新华路上的路灯不亮了", "新华路晚上的灯咋还是黑的", True),
    ("单县北园街道锦华小区停水两天了", "俺家水龙头拧开啥也没有", True),
    ("单县北园街道锦华小区停水两天了", "锦华小区到现在还是没来水", True),
    ("郓城县唐塔街道水浒花园暖气不热", "屋里冻得伸不出手 暖气片冰凉", True),
    ("郓城县唐塔街道水浒花园暖气不热", "供暖的事还是没解决 家里才十度", True),
    ("巨野县凤凰街道一个工地夜里施工太吵", "那个工地半夜又开始干了 叮叮当当的", True),
    ("巨野县凤凰街道一个工地夜里施工太吵", "晚上打桩的声音还是那么大", True),
    ("成武县永昌街道文化路垃圾堆了好多天没人清", "文化路那一堆东西还在那 没人拉", True),
    ("东明县城关街道金都小区电梯坏了", "俺们楼电梯又不动了 还没修", True),
    ("东明县城关街道金都小区电梯坏了", "金都小区那部电梯到现在也没人管", True),
    ("鄄城县陈王街道烧烤店油烟太大", "楼下那家烧烤的烟还是呛得人没法开窗", True),
    ("定陶区滨河街道青年路下水道堵了", "青年路那个下水口还往外冒脏水", True),
    ("牡丹区万福街道长江路上一个大坑", "长江路那个坑到现在还没填上", True),
    ("牡丹区北城街道一家公司欠俺两个月工资", "俺那工钱老板还是不给", True),
    ("牡丹区北城街道一家公司欠俺两个月工资", "公司欠的钱到现在一分没给", True),
    ("开发区岳程街道广场舞太吵", "晚上跳舞那帮人的喇叭还是震天响", True),
    ("曹县青菏街道楼道灯坏了", "楼道里的灯还是不亮 上下楼摸黑", True),
    ("郓城县张营街道小区门口的井盖没了", "门口那个井口还是敞着 没人盖", True),
    ("单县东城街道燃气灶打不着 燃气公司不来修", "天然气的事还是没人来看", True),
    ("成武县伯乐街道自来水发黄", "家里的水还是黄乎乎的有铁锈味", True),
    ("巨野县永丰街道停电一整天了", "俺们那片到现在还没电", True),
    ("定陶区天中街道红绿灯坏了", "那个路口的信号灯还是不亮", True),
    # another matter at the same place
    ("牡丹区东城街道翠园小区北门的路灯坏了", "翠园小区北门的井盖被人偷了", False),
    ("牡丹区东城街道翠园小区北门的路灯坏了", "翠园小区门口天天有人摆摊占道", False),
    ("单县北园街道锦华小区停水两天了", "锦华小区物业乱收停车费", False),
    ("单县北园街道锦华小区停水两天了", "锦华小区楼道里垃圾没人清", False),
    ("郓城县唐塔街道水浒花园暖气不热", "水浒花园的电梯坏了三天了", False),
    ("郓城县唐塔街道水浒花园暖气不热", "水浒花园里有人私搭乱建", False),
    ("巨野县凤凰街道一个工地夜里施工太吵", "凤凰街道那个工地的渣土车把路压坏了 坑坑洼洼", False),
    ("成武县永昌街道文化路垃圾堆了好多天没人清", "文化路的路灯也坏了", False),
    ("东明县城关街道金都小区电梯坏了", "金都小区消防通道被车堵死了", False),
    ("东明县城关街道金都小区电梯坏了", "金都小区楼顶漏水 屋里墙都湿了", False),
    ("鄄城县陈王街道烧烤店油烟太大", "陈王街道那家烧烤店门口的下水道堵了", False),
    ("定陶区滨河街道青年路下水道堵了", "青年路上的树枝挂着电线", False),
    ("牡丹区万福街道长江路上一个大坑", "长江路的红绿灯不亮了", False),
    ("牡丹区北城街道一家公司欠俺两个月工资", "俺们那个公司还不给交社保", False),
    ("开发区岳程街道广场舞太吵", "岳程街道那个广场的路灯晚上不亮", False),
    ("曹县青菏街道楼道灯坏了", "青菏街道俺们楼的电梯也坏了", False),
    ("郓城县张营街道小区门口的井盖没了", "小区门口的路灯还是不亮", False),
    ("单县东城街道燃气灶打不着 燃气公司不来修", "东城街道俺们小区停水了", False),
    # the same kind of thing at another place
    ("牡丹区东城街道翠园小区北门的路灯坏了", "人民路和中华路路口的路灯也不亮", False),
    ("曹县倪集街道新华路上的路灯不亮了", "曹县青菏街道光明路的路灯也坏了", False),
    ("单县北园街道锦华小区停水两天了", "单县南城街道幸福小区也停水了", False),
    ("郓城县唐塔街道水浒花园暖气不热", "俺娘住的宋江花园暖气也不热", False),
    ("东明县城关街道金都小区电梯坏了", "俺闺女住的银座小区电梯也坏了", False),
    ("定陶区滨河街道青年路下水道堵了", "定陶区天中街道兴华路下水道也堵了", False),
    ("牡丹区万福街道长江路上一个大坑", "黄河路上也有个大坑", False),
    ("成武县永昌街道文化路垃圾堆了好多天没人清", "伯乐街道健康路的垃圾也没人清", False),
)


def pairs_figures() -> dict[str, float]:
    """Recall (same matters found) and false repeats (other matters taken as the earlier
    order) of the gateway's repeat judgement on :data:`PAIRS`."""
    from config.settings import DATA_DIR
    from dialogs.spoken import has_word, plain
    from dialogs.wording import load_wording
    from gateway.pipeline.repeats import RepeatDetector

    cues = load_wording(DATA_DIR).words("repeat_cue")
    same = found = other = taken = 0
    misses: list[str] = []
    for i, (before, after, is_same) in enumerate(PAIRS):
        detector = RepeatDetector()
        detector.remember(f"HZ{i:06d}", before, f"c{i}")
        hit = detector.find(after, f"c{i}", cued=has_word(cues, plain(after))) is not None
        if is_same:
            same += 1
            found += hit
        else:
            other += 1
            taken += hit
        if hit != is_same:
            misses.append(f"{'missed' if is_same else 'false'}: {before} → {after}")
    for line in misses:
        print("  ", line)
    return {
        "same": same,
        "recall": found / same,
        "other": other,
        "false_repeat_rate": taken / other,
    }


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
    ap.add_argument("--pairs", action="store_true", help="the repeat judgement only")
    args = ap.parse_args()
    figures = pairs_figures()
    print(
        f"repeat judgement: same matter found {figures['recall']:.3f} of {figures['same']:.0f}, "
        f"other matters taken as the earlier order {figures['false_repeat_rate']:.3f} "
        f"of {figures['other']:.0f}"
    )
    if args.pairs:
        return
    rng = random.Random(7)
    gaz = Gazetteer.load()
    places = sorted((c, t, v) for v, homes in gaz.villages.items() for t, c in homes)
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
