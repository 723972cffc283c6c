"""trial3 F21: the console showed ``hotline_service`` (the raw reason) where other hand-off
reasons have a Chinese label; every reason the dialogue hands off with has one."""

from __future__ import annotations

import re
from pathlib import Path

import dialogs
from gateway.console.views import reason_label

_HANDOFF = re.compile(r"""handoff\(\s*s,\s*f?["']([a-z_]+)""")


def _reasons() -> set[str]:
    root = Path(dialogs.__file__).parent
    return {m.group(1) for p in root.glob("*.py") for m in _HANDOFF.finditer(p.read_text())}


def test_the_dialogue_hands_off_with_several_reasons() -> None:
    assert {"citizen_request", "hotline_service", "address_unresolved"} <= _reasons()


def test_every_hand_off_reason_has_a_chinese_label() -> None:
    for reason in sorted(_reasons()):
        label = reason_label(reason)
        assert re.search(r"[\u4e00-\u9fff]", label), reason
        assert reason_label(reason + ":detail") == label
