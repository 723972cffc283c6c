"""Live assist latency and inspection throughput (issue 17).

Assist: held-out appeal texts (``../shared/data/appeals-dev.csv``, read at run time, never
tuned on) are cut into sentences and fed as a call would be: for each sentence a partial
(its first half), then the final. Measured: from :meth:`AssistService.segment` being
called to the updated draft event arriving at a console subscriber (real NLU, real
knowledge base, similar-order index, console on SQLite).

Inspection: N finished conversations (citizen turns from the same texts, agent turns from a
mix of standard and forbidden wording) written to the database with their release
actions, then :meth:`InspectionService.inspect_pending` timed over all of them.

    .venv/bin/python bench/assist_bench.py --calls 200 --conversations 2000 [--db postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casebridge.db import create_engine_for, session_factory  # noqa: E402
from config.settings import DATA_DIR, Settings  # noqa: E402
from gateway.assist.service import AssistService  # noqa: E402
from gateway.console.models import ConsoleAudit, ConsoleTurn  # noqa: E402
from gateway.console.service import ConsoleService  # noqa: E402
from gateway.db import migrate  # noqa: E402
from gateway.inspection.rules import load_rules  # noqa: E402
from gateway.inspection.service import InspectionService  # noqa: E402
from gateway.kv.store import MemoryStore  # noqa: E402
from nlu.engine import load_engine  # noqa: E402
from nlu.knowledge import KnowledgeBase  # noqa: E402

CSV = REPO.parent / "shared" / "data" / "appeals-dev.csv"
SENTENCE = re.compile(r"[^。！？；，,.!?;\n]{4,60}")
AGENT_LINES = [
    "您好，菏泽12345热线，请讲。",
    "好的，请问具体在哪个县区、哪个位置？",
    "请问这个情况是从什么时候开始的？",
    "已为您登记，承办单位会尽快处理。",
    "感谢您的来电，再见。",
]
BAD_LINES = ["这不归我们管，你去找别人。", "你烦不烦啊。", "行了。"]


def texts(limit: int, seed: int = 17) -> list[list[str]]:
    """Appeals as lists of sentences (2 to 8 each)."""
    with CSV.open(encoding="utf-8") as f:
        rows = [r["text"] for r in csv.DictReader(f)]
    random.Random(seed).shuffle(rows)
    out = []
    for text in rows:
        parts = SENTENCE.findall(text)[:8]
        if len(parts) >= 2:
            out.append(parts)
        if len(out) >= limit:
            break
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def bench_assist(calls: int, url: str) -> None:
    settings = Settings()
    engine = create_engine_for(url)
    sessions = session_factory(engine)
    console = ConsoleService(sessions, MemoryStore())
    t0 = time.perf_counter()
    nlu = await asyncio.to_thread(load_engine, settings.effective_nlu_model_dir)
    kb = await asyncio.to_thread(KnowledgeBase.load, REPO / "config" / "knowledge")
    print(f"loaded NLU and KB in {time.perf_counter() - t0:.1f} s")
    assist = AssistService(nlu=nlu, knowledge=kb, console=console, sessions=sessions, engine=None)
    await assist.similar.refresh(force=True)
    nlu.parse("预热")  # first parse loads lazy parts; not a call's latency
    partial: list[float] = []
    final: list[float] = []
    with console.hub.subscribe("bench", True) as sub:
        for n, parts in enumerate(texts(calls)):
            key = f"voice:bench:+86139{n:08d}"
            for sentence in parts:
                for text, is_final in (
                    (sentence[: max(2, len(sentence) // 2)], False),
                    (sentence, True),
                ):
                    started = time.perf_counter()
                    task = asyncio.create_task(assist.segment(key, "inbound", text, is_final))
                    while True:
                        event = await sub.queue.get()
                        if event.get("type") == "assist" and event["key"] == key:
                            break
                    (final if is_final else partial).append(time.perf_counter() - started)
                    await task
    for name, xs in (("partial", partial), ("final", final), ("all", partial + final)):
        print(
            f"assist {name:7s} n={len(xs):5d} p50={pct(xs, 0.5):6.1f} ms "
            f"p95={pct(xs, 0.95):6.1f} ms p99={pct(xs, 0.99):6.1f} ms "
            f"mean={statistics.fmean(xs) * 1000:6.1f} ms"
        )
    await engine.dispose()


async def bench_inspection(conversations: int, url: str) -> None:
    engine = create_engine_for(url)
    sessions = session_factory(engine)
    kb = await asyncio.to_thread(KnowledgeBase.load, REPO / "config" / "knowledge")
    rules = load_rules(DATA_DIR)
    rng = random.Random(5)
    base = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    source = texts(conversations)
    t0 = time.perf_counter()
    async with sessions() as s, s.begin():
        for n in range(conversations):
            parts = source[n % len(source)]
            key = f"web:bench:{n}"
            at = base + timedelta(minutes=n)
            agent = f"agent{n % 12}"
            lines = list(AGENT_LINES)
            if rng.random() < 0.2:
                lines.insert(2, rng.choice(BAD_LINES))
            s.add(ConsoleAudit(at=at, actor=agent, action="claim", conversation_key=key, detail={}))
            for i in range(max(len(parts), len(lines))):
                when = at + timedelta(seconds=5 + 10 * i)
                if i < len(parts):
                    s.add(_turn(key, when, "in", parts[i], None))
                if i < len(lines):
                    s.add(_turn(key, when + timedelta(seconds=3), "agent", lines[i], agent))
            s.add(
                ConsoleAudit(
                    at=at + timedelta(minutes=1, seconds=59),
                    actor=agent,
                    action="release",
                    conversation_key=key,
                    detail={},
                )
            )
    print(f"wrote {conversations} conversations in {time.perf_counter() - t0:.1f} s")
    service = InspectionService(sessions, rules, knowledge=kb)
    t0 = time.perf_counter()
    done = 0
    while True:
        batch = await service.inspect_pending(limit=500)
        if not batch:
            break
        done += len(batch)
    elapsed = time.perf_counter() - t0
    print(
        f"inspection: {done} conversations in {elapsed:.1f} s"
        f" = {done / elapsed:.1f} conversations/s"
    )
    await engine.dispose()


def _turn(key: str, at: datetime, direction: str, text: str, author: str | None) -> ConsoleTurn:
    return ConsoleTurn(
        conversation_key=key,
        at=at,
        channel="web",
        direction=direction,
        author=author,
        text=text,
        attachments=[],
        nlu=None,
        actions=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--skip-assist", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        migrate(url)
        if not args.skip_assist:
            asyncio.run(bench_assist(args.calls, url))
        asyncio.run(bench_inspection(args.conversations, url))


if __name__ == "__main__":
    main()
