"""Closing small talk is stripped from the end of a text in time linear in its length
(trial5 F02: 「。」×4999 took 13 s in the tail pattern and held the event loop)."""

from __future__ import annotations

import time

from config.settings import DATA_DIR
from dialogs.spoken import strip_small_talk
from dialogs.wording import load_wording


def test_closing_small_talk_is_still_stripped() -> None:
    w = load_wording(DATA_DIR)
    assert strip_small_talk("你好，小区路灯坏了，谢谢", w).startswith("小区路灯坏了")
    long = "小区门口的路灯坏了，" * 50 + "谢谢"
    assert not strip_small_talk(long, w).endswith("谢谢")


def test_a_long_run_of_separators_costs_little() -> None:
    w = load_wording(DATA_DIR)
    strip_small_talk("你好", w)  # patterns compiled
    for text in ("。" * 4999, "，" * 4999, "～" * 4999):
        start = time.process_time()
        strip_small_talk(text, w)
        assert time.process_time() - start < 1.0  # 13 s of CPU before, for 「。」
