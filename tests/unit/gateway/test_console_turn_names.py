"""trial8 F03 in the agent console: a turn marked masked showed 「俺叫刘红」 in clear.
The console's turn view hides the name in every form the citizen writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from gateway.console.core import ConsoleCore


@dataclass(frozen=True)
class _Turn:
    text: str
    id: int = 1
    conversation_key: str = "web:web:v1"
    at: datetime = datetime(2026, 12, 2, tzinfo=UTC)
    direction: str = "in"
    author: str | None = None
    attachments: list[dict[str, Any]] | None = None
    nlu: dict[str, Any] | None = None
    actions: list[dict[str, Any]] | None = None


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("俺要找人工 俺叫刘红 电话13853009876", "红", "俺叫刘"),  # the trial's turn
        ("俺闺女叫李小花 在实验小学上学", "花", "俺闺女叫李"),
        ("我是赵 建 国 13853009876", "建", "我是赵"),
        ("联系人：Wang Xiuying", "Xiuying", "Wang"),
    ],
)
def test_a_masked_turn_shows_no_name(text: str, hidden: str, kept: str) -> None:
    view = ConsoleCore._turn_view(_Turn(text=text))
    assert view.masked
    assert hidden not in view.text, view.text
    assert kept in view.text, view.text
