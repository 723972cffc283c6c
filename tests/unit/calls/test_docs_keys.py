"""The docs name a call's conversation key in the one form the code builds."""

from __future__ import annotations

import re
from pathlib import Path

from gateway.kv import KEYS

ROOT = Path(__file__).resolve().parents[3]
MENTION = re.compile(r"`([a-z-]*:?voice:[^`]*)`")


def test_every_documented_call_key_is_the_form_the_code_builds() -> None:
    form = KEYS.conversation("voice", "<our number>", "<caller>")
    assert form == "voice:<our number>:<caller>"
    example = re.compile(r"^voice:\+?\d{3,20}:\+?\d{3,20}$")
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for key in MENTION.findall(doc.read_text(encoding="utf-8")):
            found.append((doc.name, key))
            assert key == form or example.match(key), f"{doc.name}: {key!r} is not {form!r}"
    assert any(name == "channels.md" for name, _ in found)
    assert any(name == "assist.md" for name, _ in found)
