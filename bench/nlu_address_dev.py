"""How many messages of an evaluation file yield a place, and how many of those outputs a
change alters (aggregate figures only; no row is printed or stored in the repository).

Run: .venv/bin/python bench/nlu_address_dev.py [--data ../shared/data/appeals-dev.csv]
     [--save OUT.json] [--against BEFORE.json]

Counts, over the ``text`` column: messages where :func:`nlu.address.find_address` gives a
county, a township, a detail, and where :func:`nlu.address.address_span` finds an address.
``--save`` keeps the outputs by row id (outside the repository, for comparing two
branches); ``--against`` counts the rows whose outputs differ from a saved run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an install

from nlu.address import address_span, find_address

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "appeals-dev.csv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--save", type=Path)
    ap.add_argument("--against", type=Path)
    args = ap.parse_args()
    outputs: dict[str, list[str | None]] = {}
    with args.data.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["text"]
            found = find_address(text)
            span = address_span(text)
            outputs[row["id"]] = [
                found.county,
                found.township,
                found.detail,
                text[span[0] : span[1]] if span else None,
            ]
    n = len(outputs)
    county, township, detail, spans = (
        sum(v[i] is not None for v in outputs.values()) for i in range(4)
    )
    print(f"messages {n}: county {county}, township {township}, detail {detail}, span {spans}")
    if args.against:
        before: dict[str, list[str | None]] = json.loads(args.against.read_text(encoding="utf-8"))
        changed = sum(before.get(k) != v for k, v in outputs.items())
        print(f"changed against {args.against.name}: {changed}")
    if args.save:
        args.save.write_text(json.dumps(outputs, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
