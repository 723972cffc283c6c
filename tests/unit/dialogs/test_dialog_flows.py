"""Flow tests: whole dialogues through the pure engine, and (state, event) tables."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from channels.messages import Attachment, AttachmentKind, Location
from dialogs.context import DialogContext
from dialogs.engine import step
from dialogs.model import (
    ActionFailed,
    AgentReleased,
    DialogState,
    Handoff,
    HandoffQueued,
    KnowledgeFound,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    OrderOpened,
    RecordDisposition,
    RecordEvaluation,
    Reply,
    SearchKnowledge,
    Transfer,
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
    appeal_facts,
)
from nlu.types import KnowledgeAnswer, TriageOutcome
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, slots, texts

APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"
APPEAL2 = "我家小区门口的路灯坏了，晚上走路很不安全"  # since when not told
DEADLINE = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # 17:00 in Heze


def test_intake_to_work_order(chat: Chat) -> None:
    acts = chat.say(APPEAL, nlu(APPEAL, category="城乡建设"))
    assert chat.state.step == "where"
    assert "哪里" in texts(acts)
    acts = chat.say(
        "牡丹区西城街道阳光小区",
        nlu("牡丹区西城街道阳光小区", county="牡丹区", township="西城街道"),
    )
    # "坏了一个多星期" in the first message: since when is known, never asked
    assert chat.state.step == "contact"
    assert "匿名" in texts(acts)
    assert slots(chat).since == "一个多星期"
    photo = Attachment(kind=AttachmentKind.IMAGE, mime="image/jpeg", blob_key="b/1")
    acts = chat.say("我叫王芳 13853001234", attachments=(photo,))
    assert "附件1个" in texts(acts) or "1个附件" in texts(acts)
    assert chat.state.step == "confirm"
    summary = texts(acts)
    assert "牡丹区西城街道" in summary
    assert "王芳 138****1234" in summary
    assert "13853001234" not in summary
    assert "附件：1个" in summary
    reply = acts[-1]
    assert isinstance(reply, Reply)
    assert [q.payload for q in reply.quick_replies] == ["yes", "no"]
    acts = chat.say("1")  # the numbered form of the first quick reply
    assert kinds(acts) == ["open_work_order"]
    draft = acts[0].draft  # type: ignore[union-attr]
    assert draft.text == APPEAL
    assert draft.county == "牡丹区"
    assert draft.contact_phone == "13853001234"
    assert draft.contact_name == "王芳"
    assert draft.anonymous is False
    assert draft.since == "一个多星期"
    assert draft.attachments[0].blob_key == "b/1"
    assert draft.category_level1 == "城乡建设"
    assert not {"idempotency_key", "channel", "sender", "conversation_id"} & {
        f.name for f in dataclasses.fields(draft)
    }
    acts = chat.feed(
        OrderOpened(number="HZ20260302-000001", unit_name="牡丹区西城街道办事处", deadline=DEADLINE)
    )
    assert "HZ20260302-000001" in texts(acts)
    assert "2026年3月9日17时" in texts(acts)
    assert chat.flow == "idle"
    assert chat.state.memory.last_order == "HZ20260302-000001"
    assert appeal_facts(chat.state) is None


def test_since_is_asked_when_not_told(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    text = "我家小区门口的路灯坏了，晚上走路很不安全"
    chat.say(text, nlu(text, county="牡丹区"))
    assert chat.state.step == "since"
    chat.say("上周一开始的")
    assert slots(chat).since == "上周一开始的"
    assert chat.state.step == "contact"


def test_intake_everything_in_one_message_skips_questions(ctx: DialogContext) -> None:
    chat = Chat(ctx, channel="sms", phone="+8613953001234")
    text = "曹县青岗集镇自来水从昨天开始停水了，一直没人管"
    acts = chat.say(
        text, nlu(text, county="曹县", category="公共服务", entities=(("date", "昨天"),))
    )
    # territory, time and a phone the channel vouches for: straight to the read-back
    assert chat.state.step == "confirm"
    assert "139****1234" in texts(acts)
    acts = chat.say("确认")
    draft = acts[0].draft  # type: ignore[union-attr]
    assert draft.contact_phone == "13953001234"
    assert draft.since == "昨天"


def test_anonymity_is_respected(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    chat.say(APPEAL2, nlu(APPEAL2, county="郓城县"))
    chat.say("不清楚")
    acts = chat.say("匿名")
    assert "匿名" in texts(acts)
    assert chat.state.step == "confirm"
    acts = chat.say("确认提交")
    draft = acts[0].draft  # type: ignore[union-attr]
    assert draft.anonymous is True
    assert draft.contact_phone is None
    assert draft.since == "未说明"
    chat.feed(OrderOpened(number="HZ20260302-000002", unit_name="郓城县住建局", deadline=None))
    # the anonymous citizen asks the progress of the order filed here: no phone check asked
    acts = chat.say("查询进度", nlu("查询进度", "ask_progress"))
    assert acts == [LookupOrder(number="HZ20260302-000002", phone_last4=None)]


def test_location_resolves_territory_and_where_is_asked_until_resolvable(
    since_ctx: DialogContext,
) -> None:
    chat = Chat(since_ctx)
    chat.say(APPEAL2, nlu(APPEAL2))
    acts = chat.say("就在我家楼下", nlu("就在我家楼下"))
    assert chat.state.step == "where"
    assert "县区" in texts(acts)
    chat.say("", location=Location(latitude=35.23, longitude=115.48, label="菏泽市牡丹区某路"))
    assert chat.state.step == "since"
    assert slots(chat).place.latitude == 35.23


def test_not_knowing_the_county_twice_goes_to_an_agent_without_a_third_ask(
    chat: Chat,
) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    first = chat.say("不知道具体地址", nlu("不知道具体地址"))
    assert chat.state.step == "where"
    assert "县区" in texts(first)
    acts = chat.say("不知道", nlu("不知道"))
    assert kinds(acts) == ["reply", "handoff"]
    assert acts[1].reason == "address_unresolved"  # type: ignore[union-attr]
    assert chat.flow == "handoff"


def test_unresolvable_place_goes_to_an_agent(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    chat.say("楼下", nlu("楼下"))
    chat.say("门口", nlu("门口"))
    acts = chat.say("路边", nlu("路边"))
    assert kinds(acts) == ["reply", "handoff"]
    assert acts[1].reason == "address_unresolved"  # type: ignore[union-attr]
    assert chat.flow == "handoff"


def test_amend_at_confirmation(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", entities=(("date", "上周"),)))
    chat.say("匿名")
    acts = chat.say("修改")
    assert chat.state.step == "amend"
    acts = chat.say(
        "地址是定陶区滨河街道", nlu("地址是定陶区滨河街道", county="定陶区", township="滨河街道")
    )
    assert chat.state.step == "confirm"
    assert "定陶区滨河街道" in texts(acts)
    acts = chat.say("还有路面也坏了")
    assert "（补充）还有路面也坏了" in slots(chat).matter
    acts = chat.say("好的")
    assert acts[0].draft.county == "定陶区"  # type: ignore[union-attr]


def test_order_failure_keeps_the_appeal_then_escalates(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", entities=(("date", "上周"),)))
    chat.say("匿名")
    chat.say("确认")
    acts = chat.feed(ActionFailed(action="open_work_order", reason="db down"))
    assert chat.state.step == "confirm"
    assert "保留" in texts(acts)
    assert chat.say("确认")[0].type == "open_work_order"
    acts = chat.feed(ActionFailed(action="OpenWorkOrder", reason="db down"))  # class name too
    assert kinds(acts) == ["reply", "handoff"]


def test_staff_complaint_is_its_own_order_type(chat: Chat) -> None:
    acts = chat.say("我要投诉", nlu("我要投诉", "complain_staff"))
    assert "工作人员" in texts(acts)
    assert chat.state.step == "what"
    text = "巨野县某所窗口工作人员态度恶劣，让我来回跑了三次"
    chat.say(text, nlu(text, county="巨野县", entities=(("date", "本周二"),)))
    chat.say("匿名")
    acts = chat.say("确认")
    assert acts[0].draft.order_type == "staff_complaint"  # type: ignore[union-attr]


# ----------------------------------------------------------------- 第十三条 outcomes
@pytest.mark.parametrize(
    ("service", "number"), [("110", "110"), ("119", "119"), ("120", "120"), ("122", "122")]
)
def test_emergency_first_even_mid_intake(chat: Chat, service: str, number: str) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    acts = chat.say(
        "快来人", nlu("快来人", triage=TriageOutcome.EMERGENCY, service=service, reason="紧急")
    )
    assert isinstance(acts[0], Transfer)
    assert acts[0].service == service
    assert number in acts[0].text
    assert "立即拨打" in acts[0].text
    assert kinds(acts) == ["transfer", "record_disposition"]
    assert chat.flow == "idle"


def test_emergency_without_nlu_uses_keywords(chat: Chat) -> None:
    acts = chat.say("楼道里着火了", None)
    assert isinstance(acts[0], Transfer)
    assert acts[0].service == "119"


def test_emergency_overrides_throttle(chat: Chat) -> None:
    chat.state = chat.state.model_copy(update={"throttled_until": T0 + timedelta(hours=1)})
    acts = chat.say("有人持刀", nlu("有人持刀", triage=TriageOutcome.EMERGENCY, service="110"))
    assert acts[0].type == "transfer"


TRIAGE_TABLE = [
    (TriageOutcome.LEGAL_CHANNEL, "referred", "法定途径"),
    (TriageOutcome.SECRET_PRIVACY, "explained", "个人信息"),
    (TriageOutcome.UNLAWFUL, "persuaded", "法律"),
    (TriageOutcome.UNACCEPTABLE, "rejected", "不予受理"),
]


@pytest.mark.parametrize(("outcome", "disposition", "phrase"), TRIAGE_TABLE)
def test_triage_outcomes(chat: Chat, outcome: TriageOutcome, disposition: str, phrase: str) -> None:
    text = "这件事我已经起诉到法院了，请热线帮我催一下"
    acts = chat.say(text, nlu(text, triage=outcome, reason="不属于行政管理事项"))
    assert kinds(acts) == ["reply", "record_disposition"]
    assert phrase in texts(acts)
    assert acts[1] == RecordDisposition(disposition=disposition, reason="不属于行政管理事项")
    assert chat.flow == "idle"


def test_repeat_matter_tells_progress(chat: Chat) -> None:
    text = "HZ20260301-000009 这个路灯的事又来问一下"
    acts = chat.say(
        text,
        nlu(
            text,
            triage=TriageOutcome.REPEAT,
            reason="同一诉求",
            entities=(("order_no", "HZ20260301-000009"),),
        ),
    )
    assert kinds(acts)[:2] == ["record_disposition", "reply"]
    assert chat.flow == "progress"
    assert chat.state.step == "phone"


# ------------------------------------------------------------------------- progress
def test_progress_and_evaluation_unsatisfied(chat: Chat) -> None:
    acts = chat.say("查一下工单", nlu("查一下工单", "ask_progress"))
    assert "工单编号" in texts(acts)
    acts = chat.say("hz20260301-000123")
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


# ------------------------------------------------------------------------ knowledge
def test_knowledge_answer_solved(chat: Chat) -> None:
    q = "居住证怎么办理"
    acts = chat.say(q, nlu(q, "ask_info"))
    assert acts == [SearchKnowledge(query=q)]
    answer = KnowledgeAnswer(
        entry_id="kb-7",
        title="居住证办理",
        answer="携带身份证到派出所办理。",
        source_unit="菏泽市公安局",
        updated="2026-01-05",
        score=0.8,
    )
    acts = chat.feed(KnowledgeFound(answers=(answer,)))
    assert "菏泽市公安局" in texts(acts)
    assert "2026-01-05" in texts(acts)
    acts = chat.say("已解决")
    assert acts[0] == RecordDisposition(disposition="answered_online", reason="knowledge:kb-7")


def test_knowledge_unsolved_becomes_intake(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    q = "牡丹区老旧小区改造什么时候开始"
    chat.say(q, nlu(q, "ask_info", county="牡丹区"))
    low = KnowledgeAnswer(
        entry_id="kb-1",
        title="t",
        answer="a",
        source_unit="u",
        updated="2026-01-01",
        score=0.9,
    )
    chat.feed(KnowledgeFound(answers=(low,)))
    acts = chat.say("没解决")
    assert chat.flow == "intake"
    assert slots(chat).matter == q
    assert chat.state.step == "since"  # county known from the question
    assert "登记" in texts(acts)


def test_knowledge_nothing_found_goes_to_intake(chat: Chat) -> None:
    q = "单县某村的排水沟谁负责清理"
    chat.say(q, nlu(q, "ask_info"))
    weak = KnowledgeAnswer(
        entry_id="kb-2",
        title="t",
        answer="a",
        source_unit="u",
        updated="2026-01-01",
        score=0.01,
    )
    acts = chat.feed(KnowledgeFound(answers=(weak,)))
    assert chat.flow == "intake"
    assert chat.state.step == "where"
    assert "暂时无法在线答复" in texts(acts)


# --------------------------------------------------------------------------- handoff
def test_ask_human_anytime_then_queue_position_and_release(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    acts = chat.say("转人工")
    assert kinds(acts) == ["reply", "handoff"]
    handoff = acts[1]
    assert isinstance(handoff, Handoff)
    assert handoff.reason == "citizen_request"
    assert "路灯" in handoff.summary
    acts = chat.feed(HandoffQueued(position=3))
    assert "第3位" in texts(acts)
    assert kinds(chat.say("还要等多久")) == ["reply"]
    assert chat.say("在吗") == []  # told once, then every turn just waits for the agent
    chat.state = chat.state.model_copy(update={"agent": "agent1"})
    assert chat.say("你好") == []  # held by an agent: the bot stays silent
    acts = chat.feed(AgentReleased(agent="agent1", at=T0 + timedelta(minutes=5)))
    assert "人工服务已结束" in texts(acts)
    assert chat.flow == "idle"
    assert chat.state.agent is None


# ----------------------------------------------------------------------------- abuse
def test_repeated_identical_messages_warn_then_throttle(chat: Chat) -> None:
    chat.say("你们到底管不管啊")
    chat.say("你们到底管不管啊")
    acts = chat.say("你们到底管不管啊")
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert "第十一条" in texts(acts)
    assert acts[1].kind == "repeat"  # type: ignore[union-attr]
    acts = chat.say("你们到底管不管啊")
    assert kinds(acts) == ["flag_abuse", "reply", "handoff"]
    assert chat.state.throttled_until is not None
    assert chat.say("你们到底管不管啊") == []  # throttled: silent (the turn is still recorded)


def test_insult_with_genuine_appeal_is_still_taken_down(chat: Chat) -> None:
    text = "你们这帮废物！巨野县我家门口的下水道堵了半个月了"
    acts = chat.say(text, nlu(text, abusive=True, county="巨野县", category="城乡建设"))
    assert kinds(acts)[:2] == ["reply", "flag_abuse"]
    assert acts[1].kind == "insult"  # type: ignore[union-attr]
    assert chat.flow == "intake"
    assert "下水道" in slots(chat).matter


def test_pure_insult_is_warned_and_not_an_appeal(chat: Chat) -> None:
    acts = chat.say("废物", nlu("废物", "unknown", abusive=True))
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert chat.flow == "idle"


def test_threat_is_its_own_kind(chat: Chat) -> None:
    acts = chat.say("再不办我让你们好看", None)
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert acts[1].kind == "threat"  # type: ignore[union-attr]


def test_flooding(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    flagged = []
    for i in range(14):
        chat.at = T0 + timedelta(seconds=i * 2) - timedelta(seconds=10)
        acts = chat.say(f"第{i}条消息内容")
        flagged += [a for a in acts if a.type == "flag_abuse"]
    assert flagged
    assert flagged[0].kind == "flood"


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


def test_open_order_and_effects_are_typed(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="东明县", entities=(("date", "三天前"),)))
    chat.say("匿名")
    (action,) = chat.say("确认")
    assert isinstance(action, OpenWorkOrder)


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


def test_questions_are_answered_online_first(chat: Chat) -> None:
    q = "请问租房子能提公积金吗"
    acts = chat.say(q, nlu(q, "greet", confidence=0.3))  # an unsure NLU guess
    assert acts == [SearchKnowledge(query="租房子能提公积金吗")]  # "请问" is not the question
    acts = chat.feed(KnowledgeFound(answers=()))
    assert chat.flow == "intake"
    assert slots(chat).matter == "租房子能提公积金吗"
    assert "暂时无法在线答复" in texts(acts)
    # a sure greeting is a greeting
    chat2 = Chat(chat.ctx)
    assert chat2.say("你好", nlu("你好", "greet"))[0].quick_replies  # type: ignore[union-attr]


def test_an_answer_word_at_the_contact_step_is_not_taken_for_a_name(
    since_ctx: DialogContext,
) -> None:
    chat = Chat(since_ctx)
    chat.say(APPEAL2, nlu(APPEAL2, county="郓城县"))
    chat.say("不清楚")
    chat.say("确认", nlu("确认", "affirm"))  # a citizen answering by reflex
    assert slots(chat).name != "确认"
    chat.say("李明")
    assert slots(chat).name == "李明"


def test_contact_answered_at_the_since_step_is_understood(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    chat.say(APPEAL2, nlu(APPEAL2, county="郓城县"))
    acts = chat.say("不用留联系方式，匿名吧")
    assert slots(chat).anonymous is True
    assert slots(chat).since != "不用留联系方式，匿名吧"
    assert chat.state.step == "confirm"
    assert "匿名" in texts(acts)


def test_a_complaint_word_at_the_since_step_is_a_time_not_a_refusal(
    since_ctx: DialogContext,
) -> None:
    chat = Chat(since_ctx)
    chat.say(APPEAL2, nlu(APPEAL2, county="郓城县"))
    chat.say("一个月了，很不方便")
    assert slots(chat).since == "一个月"
    assert not slots(chat).anonymous
