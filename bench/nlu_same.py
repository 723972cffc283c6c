"""``nlu.tokenize.segment`` against jieba (``lcut(text, HMM=False)``, same dictionary):
identical output over the dev appeals and the training texts, and the cost of each.

Texts: every ``text`` of ``<shared>/data/appeals-dev.csv`` (read at run time, never copied)
and every training example of ``config/nlu``, each as written and normalized
(:func:`nlu.normalize.normalize`, what the featurizer reads). Prints ``D/N differ`` (the
contract is 0) and, for chat-length pieces (the first ``--chars`` characters, as
``nlu.training.WORD_CHARS``), the CPU of each side in alternating rounds of the same run
(``time.process_time``; the run cache of ``segment`` is off for the timing, so the figure is
the algorithm's own). Ratios within one run only: the machine is shared.

    PYTHONPATH=. .venv/bin/python bench/nlu_same.py [--rounds 5] [--chars 120]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nlu.data import load_examples, read_labelled_csv
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, shared_dir
from nlu.tokenize import Segmenter, get_tokenizer, segment


def texts() -> list[str]:
    """The dev appeals and training texts, as written and normalized, without repeats."""
    dev, _ = read_labelled_csv(Path(shared_dir()) / "data" / "appeals-dev.csv")
    train = [e.text for e in load_examples(CONFIG_DIR)]
    out = dict.fromkeys([*dev, *train, *(normalize(t) for t in (*dev, *train))])
    return [t for t in out if t]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--chars", type=int, default=120, help="chat-length piece for the timing")
    args = ap.parse_args()
    tok = get_tokenizer()
    corpus = texts()
    differ = [t for t in corpus if segment(t) != tok.lcut(t, HMM=False)]
    print(f"{len(differ)}/{len(corpus)} differ (dev appeals + config/nlu training texts)")
    for t in differ[:5]:
        print(f"  first words differ at length {len(t)}")
    pieces = [t[: args.chars] for t in corpus]
    fresh = Segmenter(tok, cache_runs=0)
    spent = {"jieba": 0.0, "segment": 0.0}
    for r in range(args.rounds):
        order = ("jieba", "segment") if r % 2 == 0 else ("segment", "jieba")
        for side in order:
            t0 = time.process_time()
            if side == "jieba":
                for p in pieces:
                    tok.lcut(p, HMM=False)
            else:
                for p in pieces:
                    fresh.segment(p)
            spent[side] += time.process_time() - t0
    n = args.rounds * len(pieces)
    chars = sum(len(p) for p in pieces) / len(pieces)
    print(
        f"{len(pieces)} pieces of up to {args.chars} characters (mean {chars:.0f}), "
        f"{args.rounds} alternating rounds: jieba {1e6 * spent['jieba'] / n:.0f} µs, "
        f"segment {1e6 * spent['segment'] / n:.0f} µs CPU per piece; "
        f"segment / jieba = {spent['segment'] / spent['jieba']:.3f}"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
