"""Issue 12: provider events as events, ways out of every prompt, speech to confirm,
long appeals, a unit's reply while the citizen is busy, the wording of greetings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from channels.messages import Attachment, AttachmentKind, Location
from dialogs.context import DialogContext
from dialogs.model import (
    AgentReleased,
    CallbackDue,
    LookupOrder,
    OpenWorkOrder,
    ProviderEvent,
    ProviderEventKind,
    Reply,
    TellAgent,
)
from dialogs.state import EvaluateFlow, IdleFlow, IntakeFlow, Place, ProgressFlow
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, not_theirs, slots, texts

LAMP = "我家楼下路灯坏了，晚上黑乎乎的"


def event(kind: ProviderEventKind, key: str = "", lat: float | None = None) -> ProviderEvent:
    point = Location(latitude=lat, longitude=115.47) if lat is not None else None
    return ProviderEvent(kind=kind, key=key, location=point, channel="wechat", sender="u1", at=T0)


# ------------------------------------------------------------------ provider events
def test_position_reports_update_the_known_position_silently(chat: Chat) -> None:
    assert chat.feed(event("location_report", lat=35.24)) == []
    assert isinstance(chat.state.flow, IdleFlow)  # no welcome menu every 5 seconds
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert chat.state.step == "where"
    assert chat.feed(event("location_report", lat=35.25)) == []
    assert chat.state.step == "where"  # never taken as the answer to "where?"
    assert not slots(chat).place.known
    assert chat.state.memory.position is not None
    assert chat.state.memory.position.latitude == 35.25


def test_a_location_message_fills_the_place(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    point = Location(latitude=35.2335, longitude=115.4711, label="菏泽市牡丹区中华路")
    chat.say("", location=point)
    assert slots(chat).place.latitude == 35.2335
    assert slots(chat).matter == LAMP  # the label is not the matter
    assert chat.state.step == "contact"


def test_a_shared_location_is_the_place_once_never_doubled(chat: Chat) -> None:
    """The gateway reads the label as an address and locates the point; the engine takes
    that place as the answer to "where?" and reads it back once."""
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    label = "山东省菏泽市牡丹区中华路与人民路交叉口"
    point = Location(latitude=35.2466, longitude=115.481, label=label)
    shared = Place(
        county="牡丹区",
        detail="中华路与人民路交叉口",
        label=label,
        latitude=point.latitude,
        longitude=point.longitude,
    )
    chat.say("", location=point, shared_place=shared)
    place = slots(chat).place
    assert place.address() == "牡丹区中华路与人民路交叉口"
    assert place.latitude == 35.2466
    assert slots(chat).matter == LAMP
    assert chat.state.step == "contact"


def test_a_shared_location_without_a_county_keeps_the_one_said(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.say("曹县", nlu("曹县", county="曹县"))
    assert slots(chat).place.county == "曹县"
    shared = Place(detail="青年路", label="青年路", latitude=34.82, longitude=115.54)
    chat.say("", location=Location(latitude=34.82, longitude=115.54), shared_place=shared)
    place = slots(chat).place
    assert (place.county, place.detail, place.latitude) == ("曹县", "青年路", 34.82)


@pytest.mark.parametrize(
    ("kind", "key"), [("subscribe", ""), ("scan", "poster"), ("command", "start")]
)
def test_follow_scan_and_start_greet(chat: Chat, kind: ProviderEventKind, key: str) -> None:
    acts = chat.feed(event(kind, key))
    assert "有什么可以帮您" in texts(acts)
    assert acts[0].quick_replies  # type: ignore[union-attr]


def test_a_greeting_event_does_not_interrupt_an_intake(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert chat.feed(event("subscribe")) == []
    assert chat.state.step == "where"


def test_unsubscribe_ends_the_session(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert chat.feed(event("unsubscribe")) == []
    assert isinstance(chat.state.flow, IdleFlow)
    assert chat.state.memory.history == []


@pytest.mark.parametrize("text", ["[发怒]", "[发怒][流泪]", "/::<", "😡😡", "[强]"])
def test_stickers_and_emoticons_ask_for_a_description(chat: Chat, text: str) -> None:
    acts = chat.say(text)
    assert "描述" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)
    acts = chat.feed(event("sticker"))
    assert "描述" in texts(acts)


def test_menu_clicks(chat: Chat) -> None:
    acts = chat.feed(event("click", "appeal"))
    assert chat.state.step == "what"
    assert "具体说说" in texts(acts)
    acts = chat.feed(event("click", "progress"))
    assert isinstance(chat.state.flow, ProgressFlow)
    assert "工单编号" in texts(acts)


def test_unknown_events_are_ignored_quietly(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    before = chat.state.flow.model_copy(deep=True)
    assert chat.feed(event("unknown", "VIEW_MINIPROGRAM")) == []
    assert chat.state.flow == before


# ------------------------------------------------------------- ways out of prompts
@pytest.mark.parametrize(("said", "reply"), [("谢谢", "不客气"), ("算了", "好的")])
def test_the_phone_check_prompt_has_a_way_out(chat: Chat, said: str, reply: str) -> None:
    acts = chat.say("查询HZ20260101-999999", nlu("查询HZ20260101-999999", "ask_progress"))
    acts = not_theirs(chat, acts)
    assert "后四位" in texts(acts)
    acts = chat.say(said, nlu(said, "thank" if said == "谢谢" else "deny"))
    assert reply in texts(acts)
    assert "后四位" not in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)


def test_a_new_matter_at_a_prompt_is_taken_down(chat: Chat) -> None:
    chat.say("查询HZ20260101-999999", nlu("查询HZ20260101-999999", "ask_progress"))
    acts = chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert isinstance(chat.state.flow, IntakeFlow)
    assert "哪里" in texts(acts)


def test_the_last_four_digits_in_any_form(chat: Chat) -> None:
    not_theirs(
        chat, chat.say("查询HZ20260101-999999", nlu("查询HZ20260101-999999", "ask_progress"))
    )
    acts = chat.say("尾号是１２３４")
    assert acts == [LookupOrder(number="HZ20260101-999999", phone_last4="1234")]


def test_the_rating_prompt_has_a_way_out(chat: Chat) -> None:
    chat.feed(CallbackDue(number="HZ20260101-000001", result="已修复", at=T0))
    assert isinstance(chat.state.flow, EvaluateFlow)
    acts = chat.say("算了")
    assert isinstance(chat.state.flow, IdleFlow)
    assert texts(acts)


# ------------------------------------------------------------------ speech
def voice(text: str, confidence: float) -> Attachment:
    return Attachment(
        kind=AttachmentKind.AUDIO,
        blob_key="v/1",
        transcript=text,
        transcript_confidence=confidence,
    )


def test_low_confidence_speech_is_confirmed_first(chat: Chat) -> None:
    said = "东明县大屯镇的路灯坏了一个月了"
    acts = chat.say(said, nlu(said, county="东明县"), attachments=(voice(said, 0.41),))
    assert "您说的是" in texts(acts)
    assert said in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)
    acts = chat.say("对")
    assert slots(chat).matter == said
    assert slots(chat).place.county == "东明县"


def test_misheard_speech_is_asked_again(chat: Chat) -> None:
    said = "东明县大屯镇的路等坏了"
    chat.say(said, nlu(said), attachments=(voice(said, 0.3),))
    acts = chat.say("不是")
    assert "再说一遍" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)


def test_clear_speech_is_taken_at_once(chat: Chat) -> None:
    said = "东明县大屯镇的路灯坏了"
    chat.say(said, nlu(said, county="东明县"), attachments=(voice(said, 0.93),))
    assert slots(chat).matter == said


def test_the_threshold_is_the_contexts(wording: Wording) -> None:
    from dialogs.context import Thresholds

    strict = Chat(
        DialogContext.for_channel("voice", wording, Thresholds(min_speech_confidence=0.95))
    )
    said = "东明县大屯镇的路灯坏了"
    acts = strict.say(said, nlu(said), attachments=(voice(said, 0.93),))
    assert "您说的是" in texts(acts)


# ---------------------------------------------------------------- long appeals
def test_a_long_appeal_is_kept_whole(chat: Chat) -> None:
    body = "我们村的路修了一半就停工了，" * 170  # about 2,400 characters
    text = body + "地址是郓城县张鲁集镇杨庄村，希望尽快把路修完。"
    assert len(text) > 2400
    chat.say(text, nlu(text, county="郓城县", category="城乡建设"))
    chat.say("匿名")
    (order,) = chat.say("确认")
    assert isinstance(order, OpenWorkOrder)
    assert order.draft.text == text  # the end (address and demand) is on the order


def test_beyond_the_store_limit_the_citizen_is_told_what_was_kept(chat: Chat) -> None:
    text = "路灯坏了。" * 4100  # 20,500 characters
    acts = chat.say(text, nlu(text[:100], county="郓城县", category="城乡建设"))
    told = texts(acts)
    assert "20500" in told
    assert "20000" in told
    assert len(slots(chat).matter) == 20000


# ------------------------------------------------- a unit's reply, the agent, wording
def test_a_units_reply_waits_while_an_agent_holds_the_chat(chat: Chat) -> None:
    chat.state = chat.state.model_copy(update={"agent": "agent-7"})
    due = CallbackDue(number="HZ20260101-000009", result="已修复", unit_name="城管局", at=T0)
    acts = chat.feed(due)
    assert kinds(acts) == ["tell_agent"]
    assert isinstance(acts[0], TellAgent)
    assert "HZ20260101-000009" in acts[0].text
    acts = chat.feed(AgentReleased(agent="agent-7", at=T0 + timedelta(minutes=3)))
    assert "人工服务已结束" in texts(acts)
    assert "已修复" in texts(acts)
    assert isinstance(chat.state.flow, EvaluateFlow)


def test_a_units_reply_waits_until_the_intake_is_done(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    due = CallbackDue(number="HZ20260101-000009", result="已修复", at=T0)
    assert chat.feed(due) == []
    assert isinstance(chat.state.flow, IntakeFlow)
    chat.say("匿名")
    chat.say("确认")
    from dialogs.model import OrderOpened

    acts = chat.feed(OrderOpened(number="HZ20260101-000010", unit_name="城管局", deadline=None))
    assert "HZ20260101-000010" in texts(acts)  # the receipt first
    assert "已修复" in texts(acts)  # then the earlier order's result and its rating
    assert isinstance(chat.state.flow, EvaluateFlow)


def test_an_emergency_while_an_agent_holds_the_chat(chat: Chat) -> None:
    from nlu.types import TriageOutcome

    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.state = chat.state.model_copy(update={"agent": "agent-7"})
    acts = chat.say("着火了", nlu("着火了", triage=TriageOutcome.EMERGENCY, service="119"))
    assert kinds(acts) == ["transfer", "record_disposition"]
    assert isinstance(chat.state.flow, IntakeFlow)  # the agent's conversation is kept


def test_the_greeting_never_takes_a_role_for_a_name(wording: Wording) -> None:
    joined = wording.say("agent_joined", "rich", agent="值班长")
    assert "值班长" not in joined
    assert "工作人员" in joined
    moved = wording.say("agent_transferred", "rich", agent="a2")
    assert "a2" not in moved


def test_quick_reply_titles_map_back_to_their_choice(chat: Chat) -> None:
    acts = chat.say("你好", nlu("你好", "greet"))
    menu = acts[0]
    assert isinstance(menu, Reply)
    titles = [q.title for q in menu.quick_replies]
    assert titles == ["反映问题", "政策咨询", "查询工单进度", "转人工服务"]
    chat.say("查询工单进度")
    assert isinstance(chat.state.flow, ProgressFlow)


def test_state_survives_the_store_with_every_flow(chat: Chat) -> None:
    """Old sessions of another shape fail to load (and are replaced by the gateway)."""
    from pydantic import ValidationError

    from dialogs.state import DialogState

    with pytest.raises(ValidationError):
        DialogState.model_validate_json('{"flow": "intake", "step": "what", "slots": {}}')
    assert DialogState.model_validate_json(DialogState().model_dump_json()) == DialogState()


def test_a_voice_calls_speech_result_is_confirmed_when_unsure(chat: Chat) -> None:
    """Twilio's <Gather> speech result: the text itself is the transcript (issue 14)."""
    said = "成武县汶上集镇有人在河道里挖沙"
    acts = chat.say(said, nlu(said, county="成武县"), transcript_confidence=0.35)
    assert "您说的是" in texts(acts)
    chat.say("是的")
    assert slots(chat).matter == said


# ------------------------------------------------------------------ a burst of messages
def test_ten_split_messages_in_two_seconds_keep_every_fact(chat: Chat) -> None:
    """A citizen typing in bursts: ten messages within two seconds, each answered or met
    with silence, none dropped, none flagged as flooding, and the intake goes on."""
    burst = [
        ("在吗", nlu("在吗", "greet")),
        ("喂", nlu("喂", "greet")),
        ("我要反映个事儿", nlu("我要反映个事儿", "appeal", confidence=0.6)),
        ("俺庄里的自来水", nlu("俺庄里的自来水")),
        ("停了三天了", nlu("停了三天了", category="城乡建设")),
        ("做饭都得去邻村挑水", nlu("做饭都得去邻村挑水", category="城乡建设")),
        ("曹县", nlu("曹县", county="曹县")),
        ("普连集镇张庄村", nlu("普连集镇张庄村", township="普连集镇")),
        ("我叫张秀英", nlu("我叫张秀英")),
        ("13853007701", nlu("13853007701")),
    ]
    for i, (text, result) in enumerate(burst):
        chat.at = T0 + timedelta(milliseconds=200 * i) - timedelta(seconds=10)
        acts = chat.say(text, result)
        assert all(a.type != "flag_abuse" for a in acts), text
    sl = slots(chat)
    for words in ("自来水", "停了三天", "挑水"):
        assert words in sl.matter
    assert "在吗" not in sl.matter
    assert sl.place.county == "曹县"
    assert "张庄村" in (sl.place.address() or "")
    assert (sl.name, sl.phone) == ("张秀英", "13853007701")
    assert chat.state.step == "confirm"
