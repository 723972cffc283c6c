"""Event-loop CPU per citizen message through the whole pipeline (issue 16): the
development sets of the simulated citizens (``tests/simulated/scenarios``, held-out sets
never run) against the gateway built in-process as ``hotline serve`` builds it.

Each ``Pipeline.handle`` is timed by this thread's CPU time (the event loop's own work:
NLU, dialogue steps, store calls; not the waits on SQLite's thread), so that a loaded,
shared machine gives comparable figures. The first ``--warm`` scenarios are run untimed
(lazily loaded tables) and not again; the NLU's LRU is cleared after them.
``--profile`` prints the top of a cProfile of ``nlu/`` and ``dialogs/`` by own time and
by cumulative time (``--dump FILE`` keeps it for ``pstats``).

Run from the repository whose code is measured:
    HOTLINE_NLU_MODEL_DIR=var/test-nlu-model OMP_NUM_THREADS=1 PYTHONPATH=. \\
        .venv/bin/python bench/pipeline_cpu.py [--sets dialog fresh] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import io
import pstats
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np

from channels.messages import OutboundMessage
from gateway.pipeline import Pipeline
from tests.simulated.harness import World, load_scenarios, scenario_files

#: Per-text caches of issue 16, cleared after the warm-up (looked up by name, so that this
#: script also measures code without them).
_TEXT_CACHES = (
    ("nlu.refusals", "_refusals"),
    ("nlu.refusals", "declined"),
    ("nlu.triage", "triage_concepts"),
    ("dialogs.facts", "_compiled"),
)

#: Sets never run here (bench/sim_citizens.py counts them; nothing of theirs is measured).
HELD_OUT = frozenset({"heldout", "fresh5", "fresh9", "fresh10"})


def _timed(
    pipeline: Pipeline, cpu_ms: list[float], said: list[str], prof: cProfile.Profile | None
) -> None:
    inner: Callable[..., Awaitable[list[OutboundMessage]]] = pipeline.handle

    async def handle(*args: object, **kwargs: object) -> list[OutboundMessage]:
        t0 = time.thread_time()
        if prof is not None:
            prof.enable()
        try:
            replies = await inner(*args, **kwargs)
        finally:
            if prof is not None:
                prof.disable()
            cpu_ms.append((time.thread_time() - t0) * 1000)
        said.append(" | ".join(r.text or f"[transfer {r.transfer_to}]" for r in replies))
        return replies

    pipeline.handle = handle  # type: ignore[method-assign]


async def run(
    sets: list[str], profile: bool, warm: int, dump: str | None
) -> tuple[np.ndarray, float, str, list[str]]:
    scenarios = load_scenarios(sets)
    cpu_ms: list[float] = []
    said: list[str] = []
    outcomes: list[str] = []
    prof = cProfile.Profile() if profile else None
    with tempfile.TemporaryDirectory() as tmp:
        world = await World.build(Path(tmp))
        try:
            for scenario in scenarios[:warm]:  # lazy tables and code paths, not measured
                await world.run(scenario)
            cache = getattr(world.services.nlu, "_cache", None)
            if cache is not None:
                cache.clear()  # the measured pass parses its texts afresh
            for module, name in _TEXT_CACHES:  # and reads them afresh (where they exist)
                func = getattr(importlib.import_module(module), name, None)
                clear = getattr(func, "cache_clear", None)
                if clear is not None:
                    clear()
            _timed(world.services.pipeline, cpu_ms, said, prof)
            started = time.thread_time()
            for scenario in scenarios[warm:]:  # the warm-up's own would be told as repeats
                result = await world.run(scenario)
                outcomes.append(f"{scenario.author}/{scenario.id} ok={result.ok}")
            cpu = time.thread_time() - started
        finally:
            await world.aclose()
    top = ""
    if prof is not None:
        if dump:
            prof.dump_stats(dump)
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("tottime").print_stats(r"nlu/|dialogs/|gateway/", 20)
        stats.sort_stats("cumulative").print_stats(r"nlu/|dialogs/", 20)
        top = out.getvalue()
    return np.asarray(cpu_ms), cpu, top, [*outcomes, *said]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", help="scenario sets (default: every development set)")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--dump", help="write the profile's stats to this file")
    ap.add_argument("--replies", help="write each scenario's outcome and every reply here")
    ap.add_argument("--warm", type=int, default=20, help="scenarios run first, untimed")
    args = ap.parse_args()
    sets = args.sets or [s for s in scenario_files() if s not in HELD_OUT]
    if HELD_OUT & set(sets):
        raise SystemExit("held-out sets are not run here")
    ms, cpu, top, said = asyncio.run(
        run(sets, args.profile or bool(args.dump), args.warm, args.dump)
    )
    print(
        f"sets={','.join(sets)} messages={len(ms)} "
        f"handle cpu p50={np.percentile(ms, 50):.2f}ms p99={np.percentile(ms, 99):.2f}ms "
        f"mean={ms.mean():.2f}ms max={ms.max():.1f}ms; "
        f"{len(ms) / ms.sum() * 1000:.0f} messages per CPU-second of handle "
        f"(whole run {cpu:.1f} s CPU)"
    )
    if args.replies:  # what the bot said, to compare two versions' behaviour line by line
        Path(args.replies).write_text("\n".join(said) + "\n", encoding="utf-8")
    if top:
        print(top)


if __name__ == "__main__":
    main()
