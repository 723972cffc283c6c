"""trial13 Q06: the emergency report made from a transfer keeps every number told after
the first (gas with someone unwell: 119, then 120) and the reason."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.model import NoteEmergency, Transfer, UserMessage
from gateway.pipeline.emergency import report_for
from nlu.types import Emergency, Intent, NluResult, Triage, TriageOutcome

REASON = "疑似燃气泄漏，已告知119；现场有人已身体不适，同时告知120医疗急救"
TEXT = "俺家厨房里一股子臭鸡蛋味 俺孩子说头晕想吐"


def _message() -> UserMessage:
    services = ("119", "120")
    nlu = NluResult(
        text=TEXT,
        intent=Intent("appeal", 0.97),
        triage=Triage(TriageOutcome.EMERGENCY, REASON, service="119", services=services),
        emergency=Emergency("emergency", services, "gas", REASON, 0.99, source="rule"),
    )
    return UserMessage(
        channel="web", sender="w1", text=TEXT, nlu=nlu, at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    )


def test_the_report_keeps_the_further_numbers() -> None:
    msg = _message()
    action = Transfer(service="119", also=("120",), reason=REASON)
    report = report_for("web:acct:w1", action, msg, "web:m1")
    assert report.service == "119"
    assert report.also == ("120",)
    assert report.reason == REASON
    assert report.idempotency_key == "web:m1:119"


def test_a_note_after_the_numbers_adds_no_further_number() -> None:
    report = report_for("web:acct:w1", NoteEmergency(service="119", reason=REASON), _message(), "k")
    assert report.also == ()
