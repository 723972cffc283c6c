"""第十三条 kinds other than emergencies, counted through the whole engine (issue 11).

Reads a file shaped like ``tests/unit/nlu/data/triage_dev3.yml`` (``positives``: rows of
``text`` and ``outcome``, ``outside`` meaning outside Heze (outcome ``unacceptable``);
``negatives``: ordinary appeals) and prints, per kind, how many phrasings got their
outcome and how many ordinary appeals got any finding. Counts only, unless ``--show``
(then the misses too: use it on a development set, never on a held-out one).

Run: OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python bench/triage_kinds.py FILE [--show]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

import yaml

from nlu.engine import EmbeddedEngine, load_engine


def outcome(engine: EmbeddedEngine, text: str) -> str | None:
    """The engine's 第十三条 outcome of ``text`` (None: an ordinary appeal)."""
    triage = engine.parse(text).triage
    return None if triage is None else triage.outcome.value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    doc = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    model = Path(os.environ.get("HOTLINE_NLU_MODEL_DIR", "var/test-nlu-model"))
    engine = load_engine(model)
    assert isinstance(engine, EmbeddedEngine)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in doc["positives"]:
        kind = row.get("kind", row["outcome"])
        total[kind] += 1
        got = outcome(engine, row["text"])
        if got == row["outcome"]:
            right[kind] += 1
        elif args.show:
            print(f"MISS {kind}: {row['text']} → {got}")
    caught = 0
    for text in doc["negatives"]:
        got = outcome(engine, text)
        if got is not None:
            caught += 1
            if args.show:
                print(f"CAUGHT: {text} → {got}")
    for kind in sorted(total):
        print(f"{kind}: {right[kind]}/{total[kind]}")
    print(f"all: {sum(right.values())}/{sum(total.values())}")
    print(f"negatives with a finding: {caught}/{len(doc['negatives'])}")


if __name__ == "__main__":
    main()
