"""The top of a py-spy profile: where the sampled time goes, by function.

    py-spy record --format raw -o /tmp/p.folded -- .venv/bin/python bench/cases_bench.py ...
    .venv/bin/python bench/profile_top.py /tmp/p.folded --top 15

Prints each function's share of the samples it was running in itself ("self") and
anywhere on the stack ("total"), highest self first.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def top(path: Path, n: int) -> list[tuple[str, float, float]]:
    """(function, self share, total share) of the ``n`` functions with most self time."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        k = int(count)
        frames = [f.split(" (")[0] for f in stack.split(";")]
        samples += k
        own[frames[-1]] += k
        for f in set(frames):
            total[f] += k
    return [(f, c / samples, total[f] / samples) for f, c in own.most_common(n)] if samples else []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folded", type=Path)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    print(f"{'self':>6} {'total':>6}  function")
    for f, s, t in top(args.folded, args.top):
        print(f"{s:6.1%} {t:6.1%}  {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
