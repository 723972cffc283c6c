"""Flow tests of progress look-ups, evaluation and the callback after a unit's reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dialogs.model import (
    LookupOrder,
    OrderFound,
    RecordEvaluation,
)
from tests.unit.dialogs.dialog_helpers import T0, Chat, nlu, not_theirs, own_orders, texts

APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"
DEADLINE = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # 17:00 in Heze


# ------------------------------------------------------------------------- progress
def test_progress_and_evaluation_unsatisfied(chat: Chat) -> None:
    acts = own_orders(chat, chat.say("查一下工单", nlu("查一下工单", "ask_progress")))
    assert "工单编号" in texts(acts)
    acts = not_theirs(chat, chat.say("hz20260301-000123"))
    assert "后四位" in texts(acts)
    acts = chat.say("1234")
    assert acts == [LookupOrder(number="HZ20260301-000123", phone_last4="1234")]
    acts = chat.feed(
        OrderFound(
            found=True,
            number="HZ20260301-000123",
            state="replied",
            state_label="已答复",
            unit_name="牡丹区城管局",
            deadline=DEADLINE,
            result="路灯已于3月5日修复",
            can_evaluate=True,
        )
    )
    assert "已答复" in texts(acts)
    assert "路灯已于3月5日修复" in texts(acts)
    assert chat.flow == "evaluate"
    acts = chat.say("3")
    assert "原因" in texts(acts)
    acts = chat.say("修好第二天又坏了")
    assert acts[0] == RecordEvaluation(
        number="HZ20260301-000123", satisfaction="unsatisfied", reason="修好第二天又坏了"
    )
    assert chat.flow == "idle"


@pytest.mark.parametrize(
    ("answer", "rating"),
    [("满意", "satisfied"), ("基本满意", "basic"), ("2", "basic"), ("非常满意", "satisfied")],
)
def test_evaluation_ratings(chat: Chat, answer: str, rating: str) -> None:
    chat.say("查询 HZ20260301-000123 尾号5678")
    chat.feed(
        OrderFound(
            found=True,
            number="HZ20260301-000123",
            state="replied",
            state_label="已答复",
            unit_name="单位",
            can_evaluate=True,
        )
    )
    acts = chat.say(answer)
    assert acts[0] == RecordEvaluation(number="HZ20260301-000123", satisfaction=rating)


def test_progress_not_found(chat: Chat) -> None:
    acts = chat.say("查询HZ20260301-000123，手机13800001111")
    assert acts == [LookupOrder(number="HZ20260301-000123", phone_last4="1111")]
    acts = chat.feed(OrderFound(found=False, number="HZ20260301-000123"))
    assert "未查询到" in texts(acts)
    assert chat.flow == "idle"


def test_progress_words_win_over_a_confident_appeal_guess(chat: Chat) -> None:
    text = "查询HZ20260301-000123 1234"
    acts = chat.say(text, nlu(text, "appeal"))
    assert acts == [LookupOrder(number="HZ20260301-000123", phone_last4="1234")]


def test_callback_after_the_unit_replied(chat: Chat) -> None:
    from dialogs.model import CallbackDue

    due = CallbackDue(
        number="HZ20260301-000123", result="已修复", unit_name="城管局", at=T0 + timedelta(days=3)
    )
    acts = chat.feed(due)
    assert "已修复" in texts(acts)
    assert chat.flow == "evaluate"
    assert chat.say("满意")[0] == RecordEvaluation(
        number="HZ20260301-000123", satisfaction="satisfied"
    )
    # never in the middle of an intake
    chat.say(APPEAL, nlu(APPEAL))
    assert chat.feed(due) == []
    assert chat.flow == "intake"
