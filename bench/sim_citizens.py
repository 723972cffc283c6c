"""The simulated-citizen suite (issue 12) as figures: success rate and turns to an order.

Runs every scenario of ``tests/simulated/scenarios/*.yml`` against the real gateway built
in-process (``tests/simulated/harness.py``: SQLite case store migrated by Alembic, the
shipped NLU model, knowledge base, repeat detection, console) and prints, per author set:
conversations ending the way a call-taker would end them, the median citizen turns to a
work order, the failures, and the top of a profile of the dialogue engine's own time.

.venv/bin/python bench/sim_citizens.py [--profile] [--show-failures]

The held-out sets (``HELD_OUT``) are scored but never shown: no failure, transcript or
conversation id of theirs is printed, so that reading this output cannot tune to them.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.simulated.harness import Result, World, load_scenarios, scenario_files, summarize

#: Author sets kept apart to measure generalisation: counted, never printed line by line.
HELD_OUT = frozenset({"heldout", "fresh5", "fresh9", "fresh10", "fresh11"})


async def run(profile: bool) -> tuple[list[Result], float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        world = await World.build(Path(tmp))
        prof = cProfile.Profile() if profile else None
        started = time.perf_counter()
        results = []
        try:
            for scenario in load_scenarios():
                if prof is not None:
                    prof.enable()
                results.append(await world.run(scenario))
                if prof is not None:
                    prof.disable()
        finally:
            await world.aclose()
        elapsed = time.perf_counter() - started
    top = ""
    if prof is not None:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(r"dialogs/", 12)
        top = out.getvalue()
    return results, elapsed, top


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", action="store_true", help="top of a profile of dialogs/")
    ap.add_argument("--show-failures", action="store_true", help="print failed transcripts")
    args = ap.parse_args()
    results, elapsed, top = asyncio.run(run(args.profile))
    messages = sum(r.turns for r in results)
    for name in scenario_files():
        part = [r for r in results if r.scenario.author == name]
        print(summarize(name, part).line())
    print(summarize("all", results).line())
    turns = [r.turns for r in results if r.ok and r.scenario.expect.outcome == "order"]
    if turns:
        mean = statistics.mean(turns)
        print(f"turns to an order: min {min(turns)}, max {max(turns)}, mean {mean:.2f}")
    print(f"{len(results)} conversations, {messages} citizen messages in {elapsed:.1f}s")
    told = [
        r
        for r in results
        if r.safety_lines
        and r.scenario.expect.outcome != "emergency"
        and r.scenario.author not in HELD_OUT
    ]
    print(
        f"safety line (如遇危险…请立即拨打) told in {len(told)} conversations that were no "
        f"emergency (held-out sets not listed): {', '.join(r.scenario.id for r in told) or '-'}"
    )
    for r in results:
        if not r.ok and r.scenario.author not in HELD_OUT:
            print(f"FAIL {r.scenario.author}/{r.scenario.id} ({r.scenario.flow}): {r.problems}")
            if args.show_failures:
                for who, text in r.transcript:
                    print(f"    {who}: {text[:150]!r}")  # one line each
    if top:
        print(top)


if __name__ == "__main__":
    main()
