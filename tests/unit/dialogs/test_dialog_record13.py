"""trial13 Q06: gas with someone unwell is told 119 and 120; the transfer (what the
emergency record is made from) carries every number told, 119 first, and the reason that
says someone is unwell (the gateway's report: tests/unit/gateway/test_emergency_also.py)."""

from __future__ import annotations

import pytest

from dialogs.model import RecordDisposition, Transfer
from nlu.types import Emergency, Intent, NluResult, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat

REASON = (
    "疑似燃气泄漏或爆炸，请立即关闭气阀、开窗通风、不要开关电器，已为您转接119；"
    "现场有人已身体不适，同时告知120医疗急救"
)


def _gas(text: str, services: tuple[str, ...]) -> NluResult:
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.97),
        triage=Triage(TriageOutcome.EMERGENCY, REASON, service=services[0], services=services),
        emergency=Emergency("emergency", services, "gas", REASON, 0.99, source="rule"),
        has_matter=True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "俺家厨房里一股子臭鸡蛋味 俺孩子说头晕想吐",  # trial13 Q06
        "俺家液化气罐子呲呲漏气 俺老伴闻了头晕乎乎的 站不稳",  # trial13 Q06
        "屋里煤气味呛人 俺娘躺床上叫不醒",  # fresh, same kind
    ],
)
def test_the_transfer_carries_every_number_told(chat: Chat, text: str) -> None:
    acts = chat.say(text, _gas(text, ("119", "120")))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert transfer.service == "119"
    assert transfer.also == ("120",)
    assert "120" in transfer.text
    assert "119" in transfer.text
    assert "身体不适" in transfer.reason
    assert "120" in transfer.reason
    disposition = next(a for a in acts if isinstance(a, RecordDisposition))
    assert disposition.reason.startswith("119+120:")


def test_one_number_told_has_no_further_one(chat: Chat) -> None:
    text = "楼道里着火了"
    acts = chat.say(text, _gas(text, ("119",)))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert transfer.also == ()
