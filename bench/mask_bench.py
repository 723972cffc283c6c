"""What masking costs: ``nlu.pii.mask_text`` private and public, each public stage, and
the log formatter (``gateway.logging``) on the lines the gateway writes per message.

    .venv/bin/python bench/mask_bench.py [--csv ../shared/data/appeals-dev.csv] [--rounds 3]

Texts: chat-length lines (each appeal's first sentence, at most 60 characters) and whole
appeals from the CSV (read at run time, measured only), and log lines as the gateway
writes them on a WeChat message (uvicorn's access line, the ``conversation outcome``
record with its extra fields, a warning quoting a citizen's text). Prints the mean
microseconds of CPU per text of each function; ``--profile FILE`` writes a cProfile of the
public mask over the chat lines (``--top N`` functions by own time printed).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import logging
import pstats
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway.logging import JsonFormatter, scrub
from nlu import pii, pii_bare, pii_context, pii_names, pii_numbers

_DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "appeals-dev.csv"
_SENTENCE = re.compile(r"[。！？!?\n]")


def _texts(path: Path, limit: int) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8") as f:
        appeals = [row["text"] for row in csv.DictReader(f)][:limit]
    chat = [(_SENTENCE.split(t.strip(), maxsplit=1)[0] or t)[:60] for t in appeals]
    return chat, appeals


def _log_records(chat: Sequence[str]) -> list[logging.LogRecord]:
    """The records the gateway logs around a WeChat message (INFO level)."""
    out: list[logging.LogRecord] = []
    for i, text in enumerate(chat):
        access = logging.LogRecord(
            "uvicorn.access",
            logging.INFO,
            "h11_impl.py",
            1,
            '%s - "%s %s HTTP/%s" %d',
            ("127.0.0.1:5" + str(i % 9999), "POST", "/wechat?signature=ab&nonce=1", "1.1", 200),
            None,
        )
        outcome = logging.LogRecord(
            "gateway.pipeline.actions", logging.INFO, "actions.py", 1, "conversation outcome",
            (), None,
        )  # fmt: skip
        outcome.conversation = f"wechat:oUpF8u{i:05d}AJO_M2pxb1Q9zNjWeS"  # an openid
        outcome.action = {"type": "record_disposition", "outcome": "answered", "note": text}
        warning = logging.LogRecord(
            "gateway.pipeline.reading", logging.WARNING, "reading.py", 1,
            "media ingest failed; kept as reference", (), None,
        )  # fmt: skip
        warning.error = f"fetch failed for {text}"
        out += [access, outcome, warning]
    return out


def _forget() -> None:
    """Empty ``mask_text``'s cache of short texts (absent before it existed)."""
    cached = getattr(pii, "_mask_cached", None)
    if cached is not None:
        cached.cache_clear()


def _time(
    fn: Callable[[str], object], texts: Sequence[str], rounds: int, *, cold: bool = True
) -> float:
    """Mean microseconds of CPU a text (the process's CPU time: on a shared machine the
    wall clock counts the other processes too), best of ``rounds`` passes after one warm
    pass; ``cold``: ``mask_text``'s cache emptied before each pass (every text new to it)."""
    for t in texts:
        fn(t)
    best = float("inf")
    for _ in range(rounds):
        if cold:
            _forget()
        start = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - start)
    return best / len(texts) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=_DEFAULT_CSV)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    chat, appeals = _texts(args.csv, args.limit)
    pii.mask_text("隔壁王建国家 13800000000", public=True)  # jieba's dictionary loaded
    stages: list[tuple[str, Callable[[str], object]]] = [
        ("mask_text private", pii.mask_text),
        ("mask_text public", lambda t: pii.mask_text(t, public=True)),
        ("  mask_numbers", pii_numbers.mask_numbers),
        ("  names", pii_names.names),
        ("  staff_names", pii_names.staff_names),
        ("  context_names", pii_context.context_names),
        ("  bare_names", pii_bare.bare_names),
        ("log scrub (public)", scrub),
    ]
    mean_chat = sum(map(len, chat)) / len(chat)
    mean_appeal = sum(map(len, appeals)) / len(appeals)
    print(f"{len(chat)} chat lines (mean {mean_chat:.0f} chars), "
          f"{len(appeals)} appeals (mean {mean_appeal:.0f} chars)")  # fmt: skip
    print(f"{'function':<22} {'chat µs':>9} {'appeal µs':>10}")
    for name, fn in stages:
        print(f"{name:<22} {_time(fn, chat, args.rounds):>9.1f} "
              f"{_time(fn, appeals, args.rounds):>10.1f}")  # fmt: skip
    again = _time(lambda t: pii.mask_text(t, public=True), chat, args.rounds, cold=False)
    print(f"{'public, seen before':<22} {again:>9.1f}  (a text masked before: cached)")
    formatter = JsonFormatter()
    records = _log_records(chat)
    by_kind = {"access": records[0::3], "outcome": records[1::3], "warning": records[2::3]}
    for kind, recs in by_kind.items():
        per = _time(formatter.format, recs, args.rounds)  # type: ignore[arg-type]
        print(f"log line: {kind:<12} {per:>9.1f} µs")
    if args.profile is not None:
        _forget()
        prof = cProfile.Profile()
        prof.enable()
        for t in chat:
            pii.mask_text(t, public=True)
        prof.disable()
        prof.dump_stats(str(args.profile))
        pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
