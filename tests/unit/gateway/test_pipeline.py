"""The pipeline with a tiny dialogue and an in-memory case port: dedup, silence, pending."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from channels.errors import SendError
from channels.messages import Attachment, InboundMessage, Location, MessageKind, OutboundMessage
from dialogs import model as dm
from dialogs.context import DialogContext
from gateway.kv import KEYS
from gateway.pipeline import UnknownConversation
from tests.unit.gateway.pipeline_fakes import (
    STEPS,
    CountingNlu,
    FakeCases,
    FakeConsole,
    fake_step,
    make,
    make_real,
    msg,
    recording,
    web_message,
)


async def test_message_opens_order_and_replies_with_its_number() -> None:
    cases = FakeCases()
    p = make(cases)
    replies = await p.handle(msg("路灯坏了"))
    assert [r.text for r in replies] == ["工单号 HZ20250101-000001"]
    draft = cases.orders["HZ20250101-000001"]
    assert (draft.channel, draft.sender, draft.county) == ("web", "u1", "牡丹区")
    # the key names the channel, account and sender, never the message id alone (issue 13)
    assert draft.idempotency_key == "web:web:u1:1:order"


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
    STEPS.clear()
    first = await p.handle(msg("路灯坏了", ext="a"))
    again = await p.handle(msg("路灯坏了", ext="a"))
    assert first == again
    assert len(cases.orders) == 1
    # the dialogue ran once for the message (and once for its result), not for the retry
    # (the fake store's idempotency alone would also keep one order)
    assert [type(e).__name__ for e in STEPS] == ["UserMessage", "OrderOpened"]
    assert isinstance(p.nlu, CountingNlu)
    assert p.nlu.calls == 1
    third = await p.handle(msg("路灯坏了", ext="b"))
    assert third[0].text.endswith("000002")


async def test_failed_action_is_reported_and_masked() -> None:
    p = make(FakeCases(fail=True))
    replies = await p.handle(msg("路灯坏了"))
    assert replies[0].text.startswith("抱歉")
    assert "13812345678" not in replies[0].text


async def test_crash_releases_the_claim_so_a_retry_runs() -> None:
    calls = 0

    def exploding(
        state: dm.DialogState, event: dm.Event, ctx: DialogContext
    ) -> tuple[dm.DialogState, list[dm.Action]]:
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
    p = make_real(cases, console)
    console.held["web:web:u1"] = "agent-7"  # what the console's claim records
    replies = await p.handle(msg("我要找人工"))
    await p.delivery.drain()
    assert replies == []
    assert cases.orders == {}
    assert console.notified == ["我要找人工"]
    assert ("web:web:u1", "in", "我要找人工") in console.turns


async def test_emergency_during_a_takeover_gets_the_number_at_once() -> None:
    console = FakeConsole()
    p = make_real(FakeCases(), console)
    console.held["web:web:u1"] = "agent-7"
    replies = await p.handle(msg("楼下着火了，好大的烟"))
    await p.delivery.drain()
    assert [r.transfer_to for r in replies] == ["119"]
    assert "119" in replies[0].text
    assert console.notified == ["楼下着火了，好大的烟"]  # the agent sees it too
    assert any(d == "out" and "119" in t for _, d, t in console.turns)


async def test_a_units_reply_during_a_takeover_waits_for_the_agent() -> None:
    console = FakeConsole()
    p = make_real(FakeCases(), console)
    pushed: list[OutboundMessage] = []

    async def collect(out: OutboundMessage) -> None:
        pushed.append(out)

    p.delivery.pushers["web"] = collect
    await p.handle(msg("谢谢"))  # the conversation exists (idle)
    console.held["web:web:u1"] = "agent-7"  # an agent claims it
    due = dm.CallbackDue(
        number="HZ20250101-000009", result="路灯已修复", unit_name="城管局", at=datetime.now(UTC)
    )
    await p.notify("web:web:u1", due)
    await p.delivery.drain()
    assert pushed == []  # nothing pushed over the agent's conversation
    notes = [t for _, d, t in console.turns if d == "system"]
    assert len(notes) == 1
    assert "HZ20250101-000009" in notes[0]
    assert "路灯已修复" in notes[0]
    # the agent hands back: the citizen now gets the result and the rating question
    del console.held["web:web:u1"]
    await p.release("web:web:u1", "agent-7")
    await p.delivery.drain()
    said = [o.text for o in pushed]
    assert "人工服务已结束" in said[0]
    assert any("路灯已修复" in t for t in said[1:])
    assert [q.title for q in pushed[-1].quick_replies] == ["满意", "基本满意", "不满意"]


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


# ---------------------------------------------------------------- bad input (issue 12)


async def test_ten_messages_in_two_seconds_lose_nothing_and_never_stick() -> None:
    from datetime import timedelta

    console = FakeConsole()
    p = make_real(FakeCases(), console)
    t0 = datetime.now(UTC)
    burst = [
        msg(f"第{i}条：小区门口的路灯坏了", ext=f"b{i}").model_copy(
            update={"received_at": t0 + timedelta(milliseconds=200 * i)}
        )
        for i in range(10)
    ]
    answers = await asyncio.gather(*(p.handle(m) for m in burst))
    await p.delivery.drain()
    assert all(isinstance(a, list) for a in answers)
    assert sum(bool(a) for a in answers) >= 1
    got = [t for _, d, t in console.turns if d == "in"]
    assert sorted(got) == sorted(m.text for m in burst)  # every message recorded
    raw = await p.store.get(KEYS.session("web:web:u1"))
    assert raw is not None
    state = dm.DialogState.model_validate_json(raw)
    # never stuck: still taking the appeal down, or queued for an agent with what was said
    assert state.flow.name in ("intake", "handoff")
    facts = dm.appeal_facts(state)
    assert facts is not None
    assert "路灯坏了" in facts.matter


async def test_an_unknown_event_type_is_ignored_and_changes_nothing() -> None:
    p = make_real(FakeCases(), FakeConsole())
    await p.handle(msg("小区门口的路灯坏了，晚上很黑", ext="1"))
    before = await p.store.get(KEYS.session("web:web:u1"))
    odd = web_message("ev1", MessageKind.EVENT, event="view_miniprogram:abc")
    assert await p.handle(odd) == []
    after = await p.store.get(KEYS.session("web:web:u1"))
    assert before is not None
    assert after is not None
    assert dm.DialogState.model_validate_json(before).flow == (
        dm.DialogState.model_validate_json(after).flow
    )


async def test_an_empty_text_gets_the_welcome() -> None:
    p = make_real(FakeCases(), FakeConsole())
    replies = await p.handle(msg("", ext="e1"))
    assert replies
    assert "有什么可以帮您" in replies[0].text


async def test_twenty_thousand_characters_get_a_defined_reply() -> None:
    cases = FakeCases()
    p = make_real(cases, FakeConsole())
    text = "小区门口的路灯坏了，" * 2000
    replies = await p.handle(msg(text, ext="long"))
    assert replies
    assert "哪里" in replies[-1].text
    raw = await p.store.get(KEYS.session("web:web:u1"))
    assert raw is not None
    state = dm.DialogState.model_validate_json(raw)
    facts = dm.appeal_facts(state)
    assert facts is not None
    assert facts.matter == text.rstrip("，")  # kept whole (the store keeps 20,000)


async def test_a_voice_transcript_is_read_once() -> None:
    from channels.messages import Attachment, AttachmentKind

    p = make_real(FakeCases(), FakeConsole())
    seen = recording(p)
    said = "郓城县黄安镇的桥栏杆断了好几根"
    att = Attachment(kind=AttachmentKind.AUDIO, blob_key="v/1", transcript=said)
    voice = InboundMessage(
        channel="wechat",
        account="gh",
        external_id="v1",
        sender="u1",
        kind=MessageKind.VOICE,
        text=said,
        attachments=(att,),
    )
    await p.handle(voice)
    first = seen[0]
    assert isinstance(first, dm.UserMessage)
    assert first.text == said


async def test_bot_commands_and_location_labels_are_not_speech() -> None:

    p = make_real(FakeCases(), FakeConsole())
    seen = recording(p)
    start = msg("/start", ext="c1")
    replies = await p.handle(start)
    assert isinstance(seen[0], dm.ProviderEvent)
    assert seen[0].kind == "command"
    assert seen[0].key == "start"
    assert "有什么可以帮您" in replies[0].text
    point = Location(latitude=35.23, longitude=115.47, label="菏泽市牡丹区中华路")
    where = InboundMessage(
        channel="wechat",
        account="gh",
        external_id="l1",
        sender="u9",
        kind=MessageKind.LOCATION,
        text=point.label or "",
        location=point,
    )
    await p.handle(where)
    located = seen[-1]
    assert isinstance(located, dm.UserMessage)
    assert located.text == ""
    assert located.location == point


async def test_a_session_of_the_old_shape_is_replaced_not_fatal() -> None:
    p = make_real(FakeCases(), FakeConsole())
    old = '{"flow": "intake", "step": "where", "slots": {"text": "路灯坏了", "p_number": "x"}}'
    await p.store.set(KEYS.session("web:web:u1"), old)
    replies = await p.handle(msg("你好", ext="o1"))
    assert "有什么可以帮您" in replies[0].text
    raw = await p.store.get(KEYS.session("web:web:u1"))
    assert raw is not None
    assert dm.DialogState.model_validate_json(raw).flow.name == "idle"


async def test_unsure_speech_on_a_call_is_read_back_first() -> None:
    p = make_real(FakeCases(), FakeConsole())
    call = InboundMessage(
        channel="voice",
        account="12345",
        external_id="CA1:1",
        sender="+8613853001234",
        kind=MessageKind.VOICE,
        text="成武县汶上集镇有人在河道里挖沙",
        contact_phone="+8613853001234",
        transcript_confidence=0.3,
    )
    replies = await p.handle(call)
    assert "您说的是" in replies[0].text


async def test_a_units_reply_reaches_a_citizen_whose_session_the_store_lost() -> None:
    """trial3 F27: after a restart with the in-process store (or past the session's time to
    live) the notice of a unit's reply was dropped ("conversation unknown"): the
    conversation key itself names the channel, account and sender."""
    console = FakeConsole()
    p = make_real(FakeCases(), console)
    pushed: list[OutboundMessage] = []

    async def collect(out: OutboundMessage) -> None:
        pushed.append(out)

    p.delivery.pushers["wechat"] = collect
    due = dm.CallbackDue(
        number="HZ20250101-000010", result="下水道已疏通", unit_name="城管局", at=datetime.now(UTC)
    )
    await p.notify("wechat:gh_trial3:oWX001", due)  # never seen by this store
    await p.delivery.drain()
    assert pushed, "the citizen was not told"
    assert all(o.channel == "wechat" and o.recipient == "oWX001" for o in pushed)
    assert any("下水道已疏通" in o.text for o in pushed)


async def test_a_key_that_names_no_conversation_is_still_unknown() -> None:
    p = make_real(FakeCases(), FakeConsole())
    for key in ("nonsense", "web:", "::", "web::u1"):
        with pytest.raises(UnknownConversation):
            await p.notify(key, dm.AgentReleased(agent="a", at=datetime.now(UTC)))
