"""After an emergency answer the appeal goes on with the citizen's words (trial11 N05):
more of the same matter that raised the alarm during an intake is kept as its 「（补充）」;
a matter answered with a number when nothing was under way opens the appeal the next
message goes on with (a place, a location, more words). A text channel records that the
number was told (「已告知122」, ``emergency_told``), never that it was put through; the
phone line, which dials it, keeps 「转接」 (``transferred``)."""

from __future__ import annotations

import pytest

from channels.messages import Location
from dialogs.context import DialogContext
from dialogs.model import OpenWorkOrder, RecordDisposition, Transfer
from dialogs.state import IdleFlow, IntakeFlow, Place
from dialogs.wording import Wording
from nlu.types import Category, Emergency, Intent, NluResult, Territory, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts


def _alarm(
    text: str,
    services: tuple[str, ...],
    category: str,
    reason: str = "有人员伤病，需要紧急医疗救护，已为您转接120",
) -> NluResult:
    """The NLU's rule alarm on ``text``, the text classified as ``category``."""
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.97),
        category=Category(category, None, 0.8, "department:环保"),
        triage=Triage(TriageOutcome.EMERGENCY, reason, service=services[0], services=services),
        emergency=Emergency("emergency", services, "medical", reason, 0.99, source="rule"),
        has_matter=True,
    )


def _order(chat: Chat, place: str, county: str) -> OpenWorkOrder:
    chat.say(place, nlu(place, "appeal", county=county))
    acts = chat.say("匿名", nlu("匿名", "deny"))
    acts += chat.say("确认", nlu("确认", "affirm"))
    found = [a for a in acts if isinstance(a, OpenWorkOrder)]
    assert found, texts(acts)
    return found[0]


# ------------------------------------------- more of the same matter raised the alarm
@pytest.mark.parametrize(
    ("matter", "more"),
    [
        ("俺们庄上那个砖厂天天冒黑烟", "熏得人喘不上气 衣服都不敢往外晾"),  # trial11 N05
        ("村西头那个化工厂天天往河里排黄水", "味儿呛得人直咳嗽 孩子都喘不上气"),
        ("养猪场的粪水都流到路上了", "臭得人头晕恶心 饭都吃不下"),
    ],
)
def test_words_that_raise_an_alarm_during_an_intake_stay_in_the_appeal(
    sms_ctx: DialogContext, matter: str, more: str
) -> None:
    chat = Chat(sms_ctx, channel="sms", phone="+8613953001234")
    chat.say(matter, nlu(matter, category="环境保护"))
    assert chat.state.step == "where"
    acts = chat.say(more, _alarm(more, ("120", "119"), "环境保护"))
    assert isinstance(acts[0], Transfer)  # the numbers first
    assert chat.state.step == "where"  # the question asked again
    assert slots(chat).matter == f"{matter}\n（补充）{more}"
    order = _order(chat, "单县 莱河镇 孙楼村", "单县")
    assert matter in order.draft.text
    assert more in order.draft.text


# ------------------------------- a matter answered with a number, then the appeal goes on
MANHOLE = "路边有个井盖没了"
TRAFFIC = "道路上有正在发生的交通危险，已为您转接122"


def _manhole_alarm(chat: Chat, text: str = MANHOLE) -> None:
    acts = chat.say(text, _alarm(text, ("122",), "城乡建设", TRAFFIC))
    assert isinstance(acts[0], Transfer)
    assert isinstance(chat.state.flow, IdleFlow)


@pytest.mark.parametrize(
    "matter", [MANHOLE, "小区门口的井盖让人偷走了", "村里大街上的下水道盖子没了"]
)
def test_a_location_after_an_emergency_answer_goes_on_with_its_matter(
    ctx: DialogContext, matter: str
) -> None:
    # trial11 N05 (WeChat): the manhole answered with 122, then a location outside Heze
    # (the gateway tells the citizen so and hands over the message without it)
    chat = Chat(ctx, channel="wechat")
    _manhole_alarm(chat, matter)
    chat.say("")
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == matter
    assert chat.state.step == "where"  # no place in Heze yet: asked, not the welcome
    # a location in Heze fills the place of the same appeal
    there = Chat(ctx, channel="wechat")
    _manhole_alarm(there, matter)
    point = Location(latitude=35.2335, longitude=115.4711, label="菏泽市牡丹区中华路")
    shared = Place(county="牡丹区", detail="中华路", latitude=35.2335, longitude=115.4711)
    there.say("", location=point, shared_place=shared)
    assert slots(there).matter == matter
    assert slots(there).place.county == "牡丹区"


@pytest.mark.parametrize(
    ("said", "result", "step"),
    [
        ("在牡丹区中华路上", nlu("在牡丹区中华路上", county="牡丹区"), "contact"),
        ("就在俺家门口 好几天了也没人管", nlu("就在俺家门口 好几天了也没人管"), "where"),
    ],
)
def test_the_next_words_after_an_emergency_answer_keep_the_first(
    ctx: DialogContext, said: str, result: NluResult, step: str
) -> None:
    chat = Chat(ctx, channel="wechat")
    _manhole_alarm(chat)
    chat.say(said, result)
    sl = slots(chat)
    assert sl.matter.startswith(MANHOLE), sl.matter
    assert chat.state.step == step


@pytest.mark.parametrize("said", ["好的 我这就打122", "已经报警了", "知道了 谢谢"])
def test_the_number_called_opens_no_appeal(ctx: DialogContext, said: str) -> None:
    chat = Chat(ctx, channel="wechat")
    _manhole_alarm(chat)
    chat.say(said)
    assert not isinstance(chat.state.flow, IntakeFlow)
    assert chat.state.memory.alarmed is None


# ------------------------------------------------------- told on text, put through on the phone
@pytest.mark.parametrize("channel", ["wechat", "sms", "web", "telegram"])
def test_a_text_channel_records_the_number_told(wording: Wording, channel: str) -> None:
    chat = Chat(DialogContext.for_channel(channel, wording), channel=channel)
    acts = chat.say(MANHOLE, _alarm(MANHOLE, ("122",), "城乡建设", TRAFFIC))
    record = next(a for a in acts if isinstance(a, RecordDisposition))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert record.disposition == "emergency_told"
    assert "已告知122" in record.reason, record.reason
    assert "转接" not in record.reason
    assert "转接" not in transfer.reason


def test_the_phone_line_records_the_transfer(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("voice", wording), channel="voice")
    text = "有人打起来了 动刀子了"
    said = NluResult(
        text=text,
        intent=Intent("appeal", 0.97),
        triage=Triage(TriageOutcome.EMERGENCY, "已为您转接110报警", service="110"),
        emergency=Emergency("emergency", ("110",), "violence", "警情", 1.0, source="rule"),
        territory=Territory(county="曹县"),
    )
    acts = chat.say(text, said)
    record = next(a for a in acts if isinstance(a, RecordDisposition))
    assert record.disposition == "transferred"
    assert "转接110" in record.reason
