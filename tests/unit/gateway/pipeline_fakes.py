"""The fakes of the pipeline tests (test_pipeline and the gateway tests that drive a
pipeline): a tiny dialogue step, an in-memory case port and console, a counting NLU, the
pipeline built on them (with the tiny step or the real engine) and web chat messages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from casebridge.intake import AppealDraft, OrderReceipt, ProgressView
from channels.messages import Attachment, InboundMessage, Location, MessageKind
from config.settings import DATA_DIR
from dialogs import model as dm
from dialogs.context import DialogContext
from dialogs.engine import context_for_channel
from dialogs.wording import load_wording
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from nlu.types import Intent, NluResult, Triage, TriageOutcome

WORDING = load_wording(DATA_DIR)


def context_for(channel: str) -> DialogContext:
    return context_for_channel(WORDING, channel)


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

    async def record_urging(self, *args: Any) -> bool:
        return True


STEPS: list[dm.Event] = []


def fake_step(
    state: dm.DialogState, event: dm.Event, ctx: DialogContext
) -> tuple[dm.DialogState, list[dm.Action]]:
    """Opens an order for every message; says the number; reports failures."""
    STEPS.append(event)
    if isinstance(event, dm.UserMessage):
        if event.nlu is not None and event.nlu.triage is not None:
            return state, [dm.Transfer(service="119", reason="fire", text="请立即拨打119")]
        if event.text.startswith("查询"):
            return state, [dm.LookupOrder(number=event.text[2:])]
        return state.model_copy(update={"turns": state.turns + 1}), [
            dm.OpenWorkOrder(draft=dm.WorkOrderDraft(text=event.text, county="牡丹区"))
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
        wait: bool = True,
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
        context_for=context_for,
    )


def web_message(
    ext: str,
    kind: MessageKind,
    *,
    sender: str = "u1",
    text: str = "",
    location: Location | None = None,
    attachments: tuple[Attachment, ...] = (),
    event: str | None = None,
) -> InboundMessage:
    """A message of ``kind`` from the web chat's citizen ``sender`` (``ext``: its id)."""
    return InboundMessage(
        channel="web",
        account="web",
        external_id=ext,
        sender=sender,
        kind=kind,
        text=text,
        location=location,
        attachments=attachments,
        event=event,
    )


def msg(text: str, ext: str = "1", sender: str = "u1") -> InboundMessage:
    """A text message from the web chat's citizen ``sender``."""
    return web_message(ext, MessageKind.TEXT, sender=sender, text=text)


def make_real(cases: FakeCases, console: FakeConsole) -> Pipeline:
    """The pipeline with the real dialogue engine (only the NLU and case store are fakes)."""
    from dialogs.engine import step

    p = make(cases, console)
    p.step = step
    return p


def recording(p: Pipeline) -> list[dm.Event]:
    """Wrap the pipeline's step to see the events the engine gets."""
    seen: list[dm.Event] = []
    inner = p.step

    def step(
        state: dm.DialogState, event: dm.Event, ctx: DialogContext
    ) -> tuple[dm.DialogState, list[dm.Action]]:
        seen.append(event)
        return inner(state, event, ctx)

    p.step = step
    return seen
