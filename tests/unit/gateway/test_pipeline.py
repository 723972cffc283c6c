"""The pipeline with a tiny dialogue and an in-memory case port: dedup, silence, pending."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from casebridge.intake import AppealDraft, OrderReceipt, ProgressView
from channels.errors import SendError
from channels.messages import InboundMessage, MessageKind, OutboundMessage
from dialogs import model as dm
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from nlu.types import Intent, NluResult, Triage, TriageOutcome


class CountingNlu:
    def __init__(self) -> None:
        self.calls = 0

    def parse(self, text: str) -> NluResult:
        self.calls += 1
        triage = None
        if "着火" in text:
            triage = Triage(TriageOutcome.EMERGENCY, "fire", service="119")
        return NluResult(text=text, intent=Intent("appeal", 0.9), triage=triage)


class FakeCases:
    def __init__(self, fail: bool = False) -> None:
        self.orders: dict[str, AppealDraft] = {}
        self.fail = fail

    async def open_work_order(self, draft: AppealDraft) -> OrderReceipt:
        await asyncio.sleep(0.01)  # let concurrent duplicates interleave
        if self.fail:
            raise RuntimeError("database down for 13812345678")
        for number, d in self.orders.items():
            if d.idempotency_key == draft.idempotency_key:
                return OrderReceipt(number, "某单位", None, created=False)
        number = f"HZ20250101-{len(self.orders) + 1:06d}"
        self.orders[number] = draft
        return OrderReceipt(number, "某单位", None, created=True)

    async def progress(
        self,
        number: str,
        phone_last4: str | None,
        *,
        channel: str | None = None,
        sender: str | None = None,
    ) -> ProgressView | None:
        d = self.orders.get(number)
        if d is None or (d.sender != sender):
            return None
        return ProgressView(number, "dispatched", "已派单", "某单位", datetime.now(UTC), None)

    async def record_evaluation(self, *args: Any) -> bool:
        return True


def fake_step(state: dm.DialogState, event: Any, ctx: Any) -> tuple[dm.DialogState, list[Any]]:
    """Opens an order for every message; says the number; reports failures."""
    if isinstance(event, dm.UserMessage):
        if event.nlu is not None and event.nlu.triage is not None:
            return state, [dm.Transfer(service="119", reason="fire", text="请立即拨打119")]
        if event.text.startswith("查询"):
            return state, [dm.LookupOrder(number=event.text[2:])]
        return state.model_copy(update={"turns": state.turns + 1}), [
            dm.OpenWorkOrder(draft={"text": event.text, "county": "牡丹区", "bogus": 1})
        ]
    if isinstance(event, dm.OrderOpened):
        return state, [dm.Reply(text=f"工单号 {event.number}")]
    if isinstance(event, dm.OrderFound):
        return state, [
            dm.Reply(text=f"{event.number} {event.state_label if event.found else '未找到'}")
        ]
    if isinstance(event, dm.ActionFailed):
        return state, [dm.Reply(text=f"抱歉：{event.reason}")]
    return state, []


class FakeConsole:
    def __init__(self) -> None:
        self.held: dict[str, str] = {}
        self.turns: list[tuple[str, str, str]] = []
        self.notified: list[str] = []

    async def record_turn(
        self,
        key: str,
        channel: str,
        account: str,
        sender: str,
        direction: str,
        text: str,
        *rest: Any,
        author: str | None = None,
    ) -> None:
        self.turns.append((key, direction, text))

    async def enqueue(self, *args: Any) -> int:
        return 1

    async def holder(self, key: str) -> str | None:
        return self.held.get(key)

    async def notify_inbound(self, key: str, text: str, attachments: Any) -> None:
        self.notified.append(text)


def make(cases: FakeCases | None = None, console: FakeConsole | None = None) -> Pipeline:
    return Pipeline(
        store=MemoryStore(),
        nlu=CountingNlu(),
        knowledge=None,
        cases=cases or FakeCases(),
        console=console,
        media=None,
        adapters={},
        step=fake_step,
        context_for=lambda c: None,
    )


def msg(text: str, ext: str = "1", sender: str = "u1") -> InboundMessage:
    return InboundMessage(
        channel="web",
        account="web",
        external_id=ext,
        sender=sender,
        kind=MessageKind.TEXT,
        text=text,
    )


async def test_message_opens_order_and_replies_with_its_number() -> None:
    cases = FakeCases()
    p = make(cases)
    replies = await p.handle(msg("路灯坏了"))
    assert [r.text for r in replies] == ["工单号 HZ20250101-000001"]
    draft = cases.orders["HZ20250101-000001"]
    assert (draft.channel, draft.sender, draft.county) == ("web", "u1", "牡丹区")
    assert draft.idempotency_key == "web:1:order"


async def test_concurrent_duplicates_get_one_answer_and_one_order() -> None:
    cases = FakeCases()
    p = make(cases)
    results = await asyncio.gather(*(p.handle(msg("路灯坏了", ext="same")) for _ in range(10)))
    assert len(cases.orders) == 1
    assert all([r.text for r in res] == ["工单号 HZ20250101-000001"] for res in results)
    assert isinstance(p.nlu, CountingNlu)
    assert p.nlu.calls == 1


async def test_sequential_repeat_gets_same_answer() -> None:
    cases = FakeCases()
    p = make(cases)
    first = await p.handle(msg("路灯坏了", ext="a"))
    again = await p.handle(msg("路灯坏了", ext="a"))
    assert first == again
    assert len(cases.orders) == 1
    third = await p.handle(msg("路灯坏了", ext="b"))
    assert third[0].text.endswith("000002")


async def test_failed_action_is_reported_and_masked() -> None:
    p = make(FakeCases(fail=True))
    replies = await p.handle(msg("路灯坏了"))
    assert replies[0].text.startswith("抱歉")
    assert "13812345678" not in replies[0].text


async def test_crash_releases_the_claim_so_a_retry_runs() -> None:
    calls = 0

    def exploding(state: dm.DialogState, event: Any, ctx: Any) -> tuple[dm.DialogState, list[Any]]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom")
        return fake_step(state, event, ctx)

    p = make()
    p.step = exploding
    with pytest.raises(RuntimeError):
        await p.handle(msg("路灯坏了", ext="x"))
    replies = await p.handle(msg("路灯坏了", ext="x"))
    assert replies
    assert replies[0].text.startswith("工单号")


async def test_progress_lookup_only_for_the_filer() -> None:
    p = make()
    await p.handle(msg("路灯坏了", ext="1", sender="u1"))
    mine = await p.handle(msg("查询HZ20250101-000001", ext="2", sender="u1"))
    theirs = await p.handle(msg("查询HZ20250101-000001", ext="3", sender="u2"))
    assert mine[0].text == "HZ20250101-000001 已派单"
    assert theirs[0].text == "HZ20250101-000001 未找到"


async def test_bot_is_silent_while_an_agent_holds_the_conversation() -> None:
    console = FakeConsole()
    cases = FakeCases()
    p = make(cases, console)
    console.held["web:web:u1"] = "agent-7"
    replies = await p.handle(msg("我要找人工"))
    await p.delivery.drain()
    assert replies == []
    assert cases.orders == {}
    assert console.notified == ["我要找人工"]
    assert ("web:web:u1", "in", "我要找人工") in console.turns


async def test_agent_reply_kept_when_citizen_unreachable_then_delivered_first() -> None:
    console = FakeConsole()
    p = make(FakeCases(), console)
    await p.handle(msg("路灯坏了", ext="1"))
    delivered: list[OutboundMessage] = []

    async def offline(out: OutboundMessage) -> None:
        raise SendError("not connected", retryable=False)

    p.delivery.pushers["web"] = offline
    await p.send_to_citizen("web:web:u1", "您好，我是话务员小李。", author="agent-7")
    replies = await p.handle(msg("在吗", ext="2"))
    assert replies[0].text == "您好，我是话务员小李。"
    assert replies[1].text.startswith("工单号")

    async def online(out: OutboundMessage) -> None:
        delivered.append(out)

    p.delivery.pushers["web"] = online
    await p.send_to_citizen("web:web:u1", "请问还有什么需要？", author="agent-7")
    assert [d.text for d in delivered] == ["请问还有什么需要？"]
    assert ("web:web:u1", "agent", "请问还有什么需要？") in console.turns


async def test_emergency_gets_the_number_even_while_an_agent_holds() -> None:
    console = FakeConsole()
    p = make(FakeCases(), console)
    console.held["web:web:u1"] = "agent-7"
    replies = await p.handle(msg("楼下着火了"))
    await p.delivery.drain()
    assert [(r.text, r.transfer_to) for r in replies] == [("请立即拨打119", "119")]
    assert ("web:web:u1", "out", "请立即拨打119") in console.turns


async def test_media_failure_keeps_the_appeal_and_tells_the_citizen() -> None:
    from channels.media import MediaTooLarge
    from channels.messages import Attachment, AttachmentKind

    class RefusingMedia:
        async def ingest(self, adapter: Any, att: Attachment) -> Any:
            raise MediaTooLarge("12 MB over the limit")

        async def store_upload(self, *args: Any) -> Any:
            raise AssertionError("not used")

    cases = FakeCases()
    p = make(cases)
    p.media = RefusingMedia()
    p.adapters = {"web": object()}  # type: ignore[dict-item]
    photo = Attachment(kind=AttachmentKind.IMAGE, source_url="https://example.invalid/p.jpg")
    m = msg("路灯坏了，见照片").model_copy(update={"attachments": (photo,)})
    replies = await p.handle(m)
    assert "过大" in replies[0].text
    assert replies[1].text.startswith("工单号")
    assert len(cases.orders) == 1


async def test_delivery_pushes_in_the_background_in_order_and_keeps_what_fails() -> None:
    from gateway.kv import KEYS, MemoryStore
    from gateway.pipeline import Delivery

    store = MemoryStore()
    delivery = Delivery(store, {})
    sent: list[str] = []

    async def flaky(out: OutboundMessage) -> None:
        if out.text == "二":
            raise SendError("provider down", retryable=False)
        sent.append(out.text)

    delivery.pushers["web"] = flaky
    replies = [
        OutboundMessage(channel="web", account="web", recipient="u1", text=t)
        for t in ("一", "二", "三")
    ]
    delivery.push_later(replies)
    await delivery.drain()
    assert sent == ["一", "三"]
    kept = await store.lrange(KEYS.pending("web:web:u1"))
    assert [OutboundMessage.model_validate_json(k).text for k in kept] == ["二"]
    # the kept message goes out first with the citizen's next answer
    now = OutboundMessage(channel="web", account="web", recipient="u1", text="四")
    assert [r.text for r in await delivery.with_pending("web:web:u1", [now])] == ["二", "四"]
    assert await store.lrange(KEYS.pending("web:web:u1")) == []
