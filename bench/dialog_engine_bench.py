"""The pure dialogue engine alone: a full intake conversation, step by step.

.venv/bin/python bench/dialog_engine_bench.py --conversations 2000
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.settings import DATA_DIR
from dialogs.engine import context_for_channel, step
from dialogs.model import DialogState, OrderOpened, UserMessage
from dialogs.wording import load_wording
from nlu.types import Intent, NluResult, Territory


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=2000)
    args = ap.parse_args()
    ctx = context_for_channel(load_wording(DATA_DIR), "web")
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    first = "牡丹区某小区门口的路灯坏了一个多星期"
    script = [
        (first, NluResult(first, Intent("appeal", 0.9), territory=Territory(county="牡丹区"))),
        ("匿名", None),
        ("确认", None),
    ]
    steps = 0
    started = time.perf_counter()
    for i in range(args.conversations):
        state = DialogState()
        for n, (text, nlu) in enumerate(script):
            msg = UserMessage(
                channel="web",
                sender=f"u{i}",
                text=text,
                nlu=nlu,
                at=t0 + timedelta(seconds=30 * n),
                message_key=f"web:{i}:{n}",
            )
            state, actions = step(state, msg, ctx)
            state = DialogState.model_validate_json(state.model_dump_json())  # the store trip
            steps += 1
        state, actions = step(
            state, OrderOpened(number=f"HZ{i}", unit_name="单位", deadline=None), ctx
        )
        assert "HZ" in actions[0].text  # type: ignore[union-attr]
        steps += 1
    elapsed = time.perf_counter() - started
    print(
        f"{args.conversations} conversations, {steps} steps in {elapsed:.2f}s: "
        f"{steps / elapsed:,.0f} steps/s, {elapsed / steps * 1e6:.0f} µs per step "
        f"(including the JSON round trip of the state)"
    )


if __name__ == "__main__":
    main()
