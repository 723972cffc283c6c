"""The README's conversation with a correction is real: replayed through the gateway as
``hotline chat --local`` runs it (same channel, the shipped NLU model and wording), the
bot says what the README shows, word for word (order numbers and dates aside)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from channels.messages import InboundMessage, MessageKind
from tests.simulated.harness import World

README = Path(__file__).resolve().parents[2] / "README.md"
_CHOICE = re.compile(r"^\s+\d+\. ")
# what changes from run to run: the order number and the deadline
_VARIES = re.compile(r"HZ\d{8}-\d{6}|\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时(?:\d{2}分)?")


def _conversation() -> list[tuple[str, list[str]]]:
    """(what the citizen says, what the bot answers) of the README's block."""
    text = README.read_text(encoding="utf-8")
    start = text.index("一段真实运行的对话")
    first = text.index("```\n", start) + 4
    block = text[first : text.index("\n```", first)]
    turns: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("您："):
            turns.append((line.removeprefix("您："), []))
        elif line.startswith("热线："):
            turns[-1][1].append(line.removeprefix("热线："))
        elif _CHOICE.match(line):
            turns[-1][1].append(line.strip())
        else:
            turns[-1][1][-1] += "\n" + line
    return turns


def _shown(text: str, choices: list[str]) -> list[str]:
    return [_VARIES.sub("…", text)] + [f"{i}. {c}" for i, c in enumerate(choices, 1)]


async def test_the_readme_conversation_is_what_the_bot_says(tmp_path: Path) -> None:
    turns = _conversation()
    assert len(turns) >= 5
    assert any(said.startswith("不对") for said, _ in turns)  # it shows a correction
    world = await World.build(tmp_path)
    sender = "readme-" + uuid.uuid4().hex[:6]
    at = datetime.now(UTC)
    try:
        for said, expected in turns:
            at += timedelta(seconds=20)
            msg = InboundMessage(
                channel="web",
                account="web",
                external_id=uuid.uuid4().hex,
                sender=sender,
                kind=MessageKind.TEXT,
                text=said,
                received_at=at,
            )
            replies = await world.services.pipeline.handle(msg)
            got = [x for r in replies for x in _shown(r.text, [q.title for q in r.quick_replies])]
            assert got == [_VARIES.sub("…", e) for e in expected], said
    finally:
        await world.aclose()
