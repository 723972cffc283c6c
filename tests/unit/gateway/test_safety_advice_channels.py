"""trial3 F34: a gas leak gets the same safety advice first (关闭阀门、开窗通风、不要开关电器、
到室外拨打) on every channel, not only on the phone line; the transfer still goes out."""

from __future__ import annotations

import pytest

from channels.messages import InboundMessage, MessageKind
from dialogs.engine import step
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from nlu.types import Emergency, Intent, NluResult, Triage, TriageOutcome
from tests.unit.gateway.pipeline_fakes import FakeCases, FakeConsole, context_for


class GasNlu:
    def parse(self, text: str) -> NluResult:
        return NluResult(
            text=text,
            intent=Intent("appeal", 0.9),
            triage=Triage(TriageOutcome.EMERGENCY, "燃气泄漏", service="119", services=("119",)),
            emergency=Emergency("emergency", ("119",), "gas", "燃气泄漏", 0.99, source="rule"),
        )


@pytest.mark.parametrize("channel", ["web", "sms", "wechat", "telegram"])
async def test_a_gas_leak_gets_the_safety_advice_before_the_number(channel: str) -> None:
    p = Pipeline(
        store=MemoryStore(),
        nlu=GasNlu(),
        knowledge=None,
        cases=FakeCases(),
        console=FakeConsole(),
        media=None,
        adapters={},
        step=step,
        context_for=context_for,
    )
    replies = await p.handle(
        InboundMessage(
            channel=channel,
            account=channel,
            external_id="1",
            sender="u1",
            kind=MessageKind.TEXT,
            text="闻着一股煤气味 整个楼道都是",
        )
    )
    transfer = next(r for r in replies if r.transfer_to)
    assert transfer.transfer_to == "119"
    for advice in ("关闭燃气阀门", "开窗通风", "不要开关电"):
        assert advice in transfer.text
    assert transfer.text.index("阀门") < transfer.text.index("119")
