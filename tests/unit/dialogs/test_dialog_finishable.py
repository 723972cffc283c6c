"""Conversations a citizen can finish (issue 12): split messages, a wish to report said
first, digits after a failed phone check, an order without a phone, the rating given in
words, a confirmation sent twice, the questions for the place."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    CallbackDue,
    FlagAbuse,
    KnowledgeFound,
    LookupOrder,
    OrderFound,
    OrderOpened,
    RecordEvaluation,
    SearchKnowledge,
    Transfer,
)
from dialogs.state import IdleFlow
from dialogs.wording import Wording
from nlu.types import KnowledgeAnswer
from tests.unit.dialogs.dialog_helpers import (
    T0,
    Chat,
    kinds,
    nlu,
    not_theirs,
    own_orders,
    slots,
    texts,
)

NUMBER = "HZ20260302-000077"


# ------------------------------------------------------ a wish to report, then the matter
@pytest.mark.parametrize("intro", ["我想反映一下", "俺要反映个情况", "有件事想反映"])
def test_a_wish_to_report_is_never_a_progress_query(chat: Chat, intro: str) -> None:
    # even when the NLU guesses "ask_progress" for it
    acts = chat.say(intro, nlu(intro, "ask_progress"))
    assert chat.flow == "intake"
    assert "工单编号" not in texts(acts)
    assert "什么问题" in texts(acts)


def test_the_matter_told_in_pieces_while_where_is_asked_is_kept(chat: Chat) -> None:
    chat.say("我想反映一下", nlu("我想反映一下", "ask_progress"))
    chat.say("俺们小区的物业")
    assert chat.state.step == "where"
    acts = chat.say("天天晚上十点多还在那装修")
    # kept as a supplement, asked "where?" again without the county apology
    assert "天天晚上十点多还在那装修" in slots(chat).matter
    assert "抱歉" not in texts(acts)
    assert "哪里" in texts(acts)
    # when it happens, with no place in it, is more of the matter, never the place
    said = "天天半夜还在外头烧烤"
    acts = chat.say(said, nlu(said, entities=(("recurring", "天天半夜"),)))
    assert "烧烤" in slots(chat).matter
    assert not slots(chat).place.known
    acts = chat.say("吵得俺一家老小都睡不着觉")
    assert "睡不着" in slots(chat).matter
    assert chat.flow == "intake"
    assert "Handoff" not in kinds(acts)
    chat.say("牡丹区牡丹街道", nlu("牡丹区牡丹街道", county="牡丹区", township="牡丹街道"))
    assert slots(chat).place.county == "牡丹区"
    assert slots(chat).matter.startswith("俺们小区的物业")


# ------------------------------------------------------------------ the questions for where
def test_a_known_spot_without_a_county_is_asked_for_the_county_without_an_apology(
    chat: Chat,
) -> None:
    text = "有人在幸福小区门口乱倒建筑垃圾"
    acts = chat.say(text, nlu(text, entities=(("address", "幸福小区门口"),)))
    assert slots(chat).place.detail == "幸福小区门口"
    assert "县区" in texts(acts)
    assert "抱歉" not in texts(acts)
    acts = chat.say("不清楚")
    assert "抱歉" in texts(acts)  # asked again: now the apology and the list


def test_the_township_given_is_not_asked_again_with_the_spot(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording))  # asks the village or road
    text = "路灯坏了一个多月了"
    chat.say(text, nlu(text, category="城乡建设"))
    acts = chat.say("曹县普连集镇", nlu("曹县普连集镇", county="曹县", township="普连集镇"))
    assert "乡镇" not in texts(acts)
    assert "村" in texts(acts) or "小区" in texts(acts)


# ------------------------------------------------------------------ a failed phone check
def test_digits_after_a_failed_phone_check_retry_the_check(chat: Chat) -> None:
    not_theirs(chat, chat.say(f"查询{NUMBER}"))
    assert chat.state.step == "phone"
    acts = chat.say("0000")
    assert acts == [LookupOrder(number=NUMBER, phone_last4="0000")]
    acts = chat.feed(OrderFound(found=False, number=NUMBER))
    assert chat.flow == "progress"
    acts = chat.say("1111")
    assert acts == [LookupOrder(number=NUMBER, phone_last4="1111")]
    assert chat.flow == "progress"
    # a second miss ends the query: never an appeal with "2222" as its matter
    acts = chat.feed(OrderFound(found=False, number=NUMBER))
    assert "未查询到" in texts(acts)
    assert chat.flow == "idle"
    acts = chat.say("2222", nlu("2222", "appeal"))
    assert chat.flow == "idle"
    assert "查询" in texts(acts)


def test_an_order_without_a_phone_from_another_chat_goes_to_an_agent(chat: Chat) -> None:
    not_theirs(chat, chat.say(f"查一下{NUMBER}办得怎么样了"))
    acts = chat.say("没留电话")
    assert acts == [LookupOrder(number=NUMBER, phone_last4=None)]
    acts = chat.feed(OrderFound(found=False, number=NUMBER))
    # the path the prompt offered ends at a person who can find it, not at "not found"
    assert chat.flow == "handoff"
    assert "未查询到" not in texts(acts)
    assert "人工" in texts(acts)


# -------------------------------------------------------------------------- the rating
def rating_asked(chat: Chat) -> None:
    chat.feed(CallbackDue(number=NUMBER, result="已修复", unit_name="城管局", at=T0))
    assert chat.flow == "evaluate"


@pytest.mark.parametrize(
    "said", ["路灯还是不亮啊，根本没修", "压根就没人来处理", "跟原来一样 一点没变"]
)
def test_the_work_not_done_in_words_is_an_unsatisfied_rating_with_its_reason(
    chat: Chat, said: str
) -> None:
    rating_asked(chat)
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert acts[0] == RecordEvaluation(number=NUMBER, satisfaction="unsatisfied", reason=said)
    assert chat.flow == "idle"


@pytest.mark.parametrize(
    "said",
    [
        "还没收呢 垃圾还在那堆着",  # trial3 F26: another verb, and "still there"
        "垃圾还在那堆着没人拉",
        "井盖到现在也没盖上",
        "还没来人看呢",
        "水到现在还没来",
        "那个坑依然在那",
    ],
)
def test_the_work_not_done_with_any_verb_or_still_there_is_an_unsatisfied_rating(
    chat: Chat, said: str
) -> None:
    rating_asked(chat)
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert acts[0] == RecordEvaluation(number=NUMBER, satisfaction="unsatisfied", reason=said)
    assert chat.flow == "idle"


@pytest.mark.parametrize("said", ["满意", "还行吧", "挺好的 谢谢"])
def test_a_plain_rating_is_still_read_as_said(chat: Chat, said: str) -> None:
    rating_asked(chat)
    acts = chat.say(said)
    assert isinstance(acts[0], RecordEvaluation)
    assert acts[0].satisfaction in ("satisfied", "basic")


def test_a_bare_unsatisfied_still_asks_the_reason(chat: Chat) -> None:
    rating_asked(chat)
    acts = chat.say("很不满意")
    assert "原因" in texts(acts)
    acts = chat.say("没人来看过")
    assert acts[0] == RecordEvaluation(
        number=NUMBER, satisfaction="unsatisfied", reason="没人来看过"
    )


# ---------------------------------------------------------------- the same yes again
def test_confirming_again_after_the_receipt_repeats_the_number_and_is_never_abuse(
    chat: Chat,
) -> None:
    text = "牡丹区南城街道青年路上的井盖丢了"
    chat.say(text, nlu(text, county="牡丹区", township="南城街道", category="城乡建设"))
    chat.say("刘强 13953001111")
    chat.say("确认")
    chat.feed(OrderOpened(number=NUMBER, unit_name="牡丹区城管局", deadline=None))
    for _ in range(20):
        chat.at += timedelta(seconds=-9)  # twenty taps within a few seconds
        acts = chat.say("确认")
        assert NUMBER in texts(acts)
        assert "您好" not in texts(acts)
        assert not any(isinstance(a, FlagAbuse | Transfer) for a in acts)
    assert isinstance(chat.state.flow, IdleFlow)
    assert chat.state.warnings == 0


# ---------------------------------------------------------------------- a surname only
@pytest.mark.parametrize(("said", "label"), [("我姓赵", "赵"), ("免贵姓钱", "钱")])
def test_a_surname_alone_is_kept_as_given(chat: Chat, said: str, label: str) -> None:
    text = "定陶区天中街道兴华小区暖气不热"
    chat.say(text, nlu(text, county="定陶区", township="天中街道", category="城乡建设"))
    acts = chat.say(f"{said}，手机13953001122")
    assert slots(chat).name == label
    assert f"{label} 139****1122" in texts(acts)
    assert "先生" not in texts(acts)
    assert "女士" not in texts(acts)


def test_a_title_the_citizen_gave_is_kept(chat: Chat) -> None:
    text = "定陶区天中街道兴华小区暖气不热"
    chat.say(text, nlu(text, county="定陶区", township="天中街道", category="城乡建设"))
    chat.say("赵女士 13953001122")
    assert slots(chat).name == "赵女士"


# ------------------------------------------------------ a question the answer did not solve
def test_an_unsolved_policy_question_asks_only_the_county_to_route_it(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording))  # asks the village or road
    q = "医保异地报销需要啥材料"
    chat.say(q, nlu(q, "ask_info"))
    found = KnowledgeAnswer(
        entry_id="yb-001",
        title="异地就医备案",
        answer="可在线办理备案。",
        source_unit="市医保局",
        updated="2025-01-01",
        score=0.9,
    )
    chat.feed(KnowledgeFound(answers=(found,)))
    acts = chat.say("没有解决")
    assert chat.flow == "intake"
    assert "发生在哪里" not in texts(acts)
    assert "县区" in texts(acts)
    acts = chat.say("单县", nlu("单县", county="单县"))
    # no village, estate or road for a question: straight on to the contact
    assert chat.state.step == "contact"
    assert "村" not in texts(acts)


# --------------------------------------------- the citizen's own earlier matter, by name
@pytest.mark.parametrize(
    "asked", ["我反映的红绿灯修了没有", "俺上回投诉的那个路灯修好了吗", "咱报修的下水道管了没"]
)
def test_asking_after_the_matter_filed_here_is_its_progress(chat: Chat, asked: str) -> None:
    text = "东明县城关街道人民路和黄河路路口的红绿灯坏了"
    chat.say(text, nlu(text, county="东明县", township="城关街道", category="城乡建设"))
    chat.say("匿名")
    chat.say("确认")
    chat.feed(OrderOpened(number=NUMBER, unit_name="东明县公安局", deadline=None))
    acts = chat.say(asked, nlu(asked, "appeal", category="城乡建设"))
    acts = own_orders(chat, acts, NUMBER)
    assert acts == [LookupOrder(number=NUMBER, own=True)]


def test_asking_after_a_named_matter_without_an_order_here_asks_the_number(chat: Chat) -> None:
    asked = "我反映的红绿灯修了没有"
    acts = chat.say(asked, nlu(asked, "appeal", category="城乡建设"))
    assert chat.flow == "progress"
    acts = own_orders(chat, acts)
    assert "工单编号" in texts(acts)


def test_opening_hours_are_a_question_answered_online_first(chat: Chat) -> None:
    asked = "我家孩子发烧了 社区医院几点开门"
    acts = chat.say(asked, nlu(asked, "appeal", category="卫生健康"))
    assert kinds(acts) == ["search_knowledge"]
    assert isinstance(acts[0], SearchKnowledge)


# --------------------------------------------------------- a follow-up policy question
def _answer(entry: str, title: str) -> KnowledgeFound:
    hit = KnowledgeAnswer(
        entry_id=entry,
        title=title,
        answer="按规定办理。",
        source_unit="市公积金中心",
        updated="2025-01-01",
        score=0.8,
    )
    return KnowledgeFound(answers=(hit,))


def test_a_follow_up_question_keeps_the_subject_of_the_one_before(chat: Chat) -> None:
    q = "公积金怎么提取啊"
    chat.say(q, nlu(q, "ask_info"))
    chat.feed(_answer("gjj-003", "离职提取"))
    acts = chat.say("那租房能提吗", nlu("那租房能提吗", "ask_info"))
    assert acts == [SearchKnowledge(query="那租房能提吗")]
    # alone it finds nothing: searched again with the subject before it, never an intake
    acts = chat.feed(KnowledgeFound(answers=()))
    assert len(acts) == 1
    assert isinstance(acts[0], SearchKnowledge)
    assert "公积金" in acts[0].query
    assert "租房" in acts[0].query
    acts = chat.feed(_answer("gjj-002", "租房提取"))
    assert "租房提取" in texts(acts)
    assert chat.flow == "knowledge"


def test_a_follow_up_that_finds_nothing_even_with_its_subject_becomes_the_appeal_on_request(
    chat: Chat,
) -> None:
    q = "公积金怎么提取啊"
    chat.say(q, nlu(q, "ask_info"))
    chat.feed(_answer("gjj-003", "离职提取"))
    chat.say("装修能提吗", nlu("装修能提吗", "ask_info"))
    chat.feed(KnowledgeFound(answers=()))
    acts = chat.feed(KnowledgeFound(answers=()))
    assert chat.flow == "knowledge"  # told so and where to ask; nothing filed unasked
    assert "暂未查到" in texts(acts)
    acts = chat.say("登记转办")
    assert chat.flow == "intake"
    assert "公积金" in slots(chat).matter
    assert "发生在哪里" not in texts(acts)


# ------------------------------------------------------ an opinion of the hotline itself
@pytest.mark.parametrize(
    "said", ["你们这个热线有啥用 办事效率太低了 垃圾", "恁这12345打不通 好不容易打通了还敷衍俺"]
)
def test_an_opinion_of_the_hotline_itself_goes_to_the_duty_staff(chat: Chat, said: str) -> None:
    acts = chat.say(said, nlu(said, "appeal", category="其他"))
    assert chat.flow == "handoff"
    assert "哪里" not in texts(acts)
    assert "意见" in texts(acts)


def test_a_unit_named_with_the_hotline_in_passing_is_still_an_appeal(chat: Chat) -> None:
    said = "牡丹区南城街道青年路的路灯坏了 打了12345也没用 还是不亮"
    chat.say(said, nlu(said, "appeal", county="牡丹区", township="南城街道", category="城乡建设"))
    assert chat.flow == "intake"


@pytest.mark.parametrize("said", ["不满意", "根本没人管"])
def test_a_judgement_of_the_work_is_never_a_place(chat: Chat, said: str) -> None:
    text = "小区的路灯坏了一个多月了"
    chat.say(text, nlu(text, category="城乡建设"))
    assert chat.state.step == "where"
    chat.say(said)
    assert not slots(chat).place.known
