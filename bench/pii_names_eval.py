"""Recall and precision of names read from the words around them in public text
(trial10 N04), on the table of ``tests/unit/nlu/pii_names_rows.py`` (names in varied
positions, look-alikes that name no one).

Run: PYTHONPATH=. .venv/bin/python bench/pii_names_eval.py [--misses]
"""

from __future__ import annotations

import argparse
import json

from nlu.pii import mask_text
from tests.unit.nlu.pii_names_rows import LOOKALIKES, NAMES, expected, score


def _public(text: str) -> str:
    return mask_text(text, public=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true", help="rows masked otherwise than expected")
    args = ap.parse_args()
    s = score(_public)
    out = {
        "sentences_with_names": len(NAMES),
        "lookalikes": len(LOOKALIKES),
        "names": s.names,
        "found": s.found,
        "false_masks": s.false,
        "recall": round(s.recall, 3),
        "precision": round(s.precision, 3),
    }
    print(json.dumps(out, ensure_ascii=False))
    if args.misses:
        for text, names in [*NAMES, *((t, ()) for t in LOOKALIKES)]:
            got, want = _public(text), expected(text, names)
            if got != want:
                print(f"  {got}  (want {want})")


if __name__ == "__main__":
    main()
