"""Flow tests across flows: channel wording, no NLU, determinism, and (state, event) tables."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.engine import step
from dialogs.model import (
    DialogState,
    Reply,
    UserMessage,
)
from dialogs.state import (
    EvaluateFlow,
    EvaluateSlots,
    IntakeFlow,
    IntakeSlots,
    KnowledgeFlow,
    Memory,
    Offer,
)
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, texts

APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"


# --------------------------------------------------------------------- misc / tables
def test_sms_uses_short_wording(sms_ctx: DialogContext, ctx: DialogContext) -> None:
    event = UserMessage(channel="sms", sender="u", text="你好", nlu=nlu("你好", "greet"), at=T0)
    _, short = step(DialogState(), event, sms_ctx)
    _, rich = step(DialogState(), event, ctx)
    assert len(texts(short)) < len(texts(rich))


def test_no_nlu_is_conservative(chat: Chat) -> None:
    acts = chat.say("嗯", None)
    assert chat.flow == "idle"
    assert isinstance(acts[0], Reply)
    assert acts[0].quick_replies
    chat.say(APPEAL, None)
    assert chat.flow == "intake"
    assert chat.state.step == "where"


def test_step_is_deterministic(ctx: DialogContext) -> None:
    event = UserMessage(channel="web", sender="u", text=APPEAL, nlu=nlu(APPEAL), at=T0)
    assert step(DialogState(), event, ctx) == step(DialogState(), event, ctx)


MENU = Memory(
    offered=[
        Offer(payload="/appeal", title="反映问题"),
        Offer(payload="/ask", title="政策咨询"),
        Offer(payload="/progress", title="查询工单进度"),
        Offer(payload="/human", title="转人工服务"),
    ]
)
TABLE = [
    # (state before, text, nlu intent) -> (flow, step, action types)
    (DialogState(), "你好", "greet", ("idle", "start", ["reply"])),
    (DialogState(), "谢谢", "thank", ("idle", "start", ["reply"])),
    (DialogState(memory=MENU), "1", None, ("intake", "what", ["reply"])),
    (DialogState(memory=MENU), "2", None, ("knowledge", "question", ["reply"])),
    (DialogState(memory=MENU), "3", None, ("progress", "number", ["reply"])),
    (DialogState(memory=MENU), "4", None, ("handoff", "waiting", ["reply", "handoff"])),
    (
        DialogState(flow=KnowledgeFlow(step="question")),
        "公积金怎么提取",
        None,
        ("knowledge", "searching", ["search_knowledge"]),
    ),
    (
        DialogState(flow=IntakeFlow(step="submitting", slots=IntakeSlots(matter="x"))),
        "好了吗",
        None,
        ("intake", "submitting", []),
    ),
    (
        DialogState(flow=EvaluateFlow(slots=EvaluateSlots(number="HZ1"))),
        "满意",
        None,
        ("idle", "start", ["record_evaluation", "reply"]),
    ),
    (DialogState(), "天气怎么样", "out_of_scope", ("idle", "start", ["reply"])),
]


@pytest.mark.parametrize(("state", "text", "intent", "expected"), TABLE)
def test_table(
    ctx: DialogContext,
    state: DialogState,
    text: str,
    intent: str | None,
    expected: tuple[str, str, list[str]],
) -> None:
    event = UserMessage(
        channel="web", sender="u", text=text, at=T0, nlu=nlu(text, intent) if intent else None
    )
    new, actions = step(state, event, ctx)
    assert (new.flow.name, new.step, kinds(actions)) == expected
