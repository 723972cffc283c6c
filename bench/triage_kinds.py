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
import csv
import os
from collections import Counter
from pathlib import Path

import yaml

from nlu.engine import EmbeddedEngine, load_engine


def outcome(engine: EmbeddedEngine, text: str) -> str | None:
    """The engine's 第十三条 outcome of ``text`` (None: an ordinary appeal)."""
    triage = engine.parse(text).triage
    return None if triage is None else triage.outcome.value


def appeals(engine: EmbeddedEngine, path: Path, show: bool) -> None:
    """Print how many real appeals of ``path`` (id, label, text) get a non-emergency
    第十三条 finding (they are ordinary appeals: every one is a false triage)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    caught: Counter[str] = Counter()
    emergencies = 0
    for row in rows:
        triage = engine.parse(row["text"]).triage
        if triage is None:
            continue
        if triage.outcome.value == "emergency":
            emergencies += 1
            continue
        key = f"{triage.outcome.value}/{triage.kind or '-'}"
        caught[key] += 1
        if show:
            print(f"CAUGHT {row['id']}: {key} ({triage.matched})")
    for key, n in sorted(caught.items()):
        print(f"{key}: {n}")
    print(f"appeals with a special-case finding: {sum(caught.values())}/{len(rows)}")
    print(f"appeals with an emergency finding (not this room's): {emergencies}/{len(rows)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path, nargs="?")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--appeals", type=Path, help="CSV of real appeals (id, label, text)")
    args = ap.parse_args()
    model = Path(os.environ.get("HOTLINE_NLU_MODEL_DIR", "var/test-nlu-model"))
    engine = load_engine(model)
    assert isinstance(engine, EmbeddedEngine)
    if args.appeals is not None:
        appeals(engine, args.appeals, args.show)
        return
    if args.file is None:
        ap.error("FILE or --appeals CSV is required")
    doc = yaml.safe_load(args.file.read_text(encoding="utf-8"))
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
