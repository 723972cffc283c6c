"""Agents read Chinese, never a code: every hand-off reason the dialogues use has a label
(trial4 F18: 原因：progress_without_phone)."""

from __future__ import annotations

import re
from pathlib import Path

from gateway.console.views import REASON_LABELS, reason_label

DIALOGS = Path(__file__).resolve().parents[3] / "dialogs"


def test_every_hand_off_reason_of_the_dialogues_has_a_chinese_label() -> None:
    used = {
        m.group(1)
        for path in DIALOGS.glob("*.py")
        for m in re.finditer(r'handoff\(\s*\w+,\s*"([a-z_]+)"', path.read_text("utf-8"))
    }
    assert used  # the scan found the dialogues' hand-offs
    assert used <= set(REASON_LABELS), sorted(used - set(REASON_LABELS))
    for reason in used:
        assert re.search(r"[\u4e00-\u9fff]", reason_label(reason))


def test_an_unknown_reason_is_not_shown_as_its_code() -> None:
    label = reason_label("some_new_reason:detail")
    assert "some_new_reason" not in label
    assert re.search(r"[\u4e00-\u9fff]", label)
