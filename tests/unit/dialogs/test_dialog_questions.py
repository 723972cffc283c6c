"""Policy questions are answered, not filed (issue 12): one dialogue per kind.

- a question about a public service is searched in the knowledge base; a grievance asked as
  a question (the NLU's ``asks == "matter"``) is taken down at once;
- nothing found: said so courteously with where to ask (the service hall, an agent);
  filed only when the citizen asks for it or goes on as with an appeal;
- a question in the middle of an intake, or after an order, is answered and the intake
  (or the receipt) is not lost;
- a voice note's transcript is the question (the recording is no attachment of an appeal).
"""

from __future__ import annotations

from dataclasses import replace

from channels.messages import Attachment, AttachmentKind
from dialogs.context import DialogContext
from dialogs.model import (
    KnowledgeFound,
    OrderOpened,
    RecordDisposition,
    SearchKnowledge,
)
from nlu.types import KnowledgeAnswer, NluResult
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts

APPEAL = "牡丹区西城街道阳光小区门口的路灯坏了一个多星期了"


def _asks(result: NluResult, asks: str) -> NluResult:
    return replace(result, asks=asks)


def _hit(entry: str, title: str, answer: str = "持身份证到派出所办理。") -> KnowledgeFound:
    found = KnowledgeAnswer(
        entry_id=entry,
        title=title,
        answer=answer,
        source_unit="菏泽市公安局",
        updated="2025-01-01",
        score=0.8,
    )
    return KnowledgeFound(answers=(found,))


# ------------------------------------------------------------------ question or matter
def test_a_question_is_searched_and_a_grievance_asked_as_a_question_is_taken_down(
    chat: Chat,
) -> None:
    q = "残疾证在哪办 要带啥"
    acts = chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    assert kinds(acts) == ["search_knowledge"]
    grievance = "为啥俺们村的路灯坏了俩月了还没人修 有人管吗"
    chat2 = Chat(chat.ctx)
    acts = chat2.say(grievance, _asks(nlu(grievance, "appeal", county="曹县"), "matter"))
    assert chat2.flow == "intake"
    assert "search_knowledge" not in kinds(acts)
    assert slots(chat2).matter == grievance


def test_a_question_form_without_the_nlus_reading_is_still_searched(chat: Chat) -> None:
    q = "社区医院几点开门啊"
    acts = chat.say(q, nlu(q, "appeal", category="卫生健康"))  # no ``asks``: the words decide
    assert kinds(acts) == ["search_knowledge"]


# -------------------------------------------------------------------------- not found
def test_nothing_found_is_said_courteously_with_where_to_ask_and_nothing_is_filed(
    chat: Chat,
) -> None:
    q = "残疾人坐火车有没有优惠"
    chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    acts = chat.feed(KnowledgeFound(answers=()))
    said = texts(acts)
    assert "抱歉" in said
    assert "暂未查到" in said
    assert "政务服务中心" in said
    assert "转人工" in said
    assert chat.flow == "knowledge"
    assert not any(a.type == "open_work_order" for a in acts)
    acts = chat.say("知道了 谢谢")
    assert chat.flow == "idle"
    assert not any(a.type == "open_work_order" for a in acts)


def test_after_nothing_found_a_place_given_files_the_matter_with_it(chat: Chat) -> None:
    q = "俺们村的垃圾站归谁管"
    chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    chat.feed(KnowledgeFound(answers=()))
    place = "曹县庄寨镇张庄村"
    acts = chat.say(place, nlu(place, "appeal", county="曹县", township="庄寨镇"))
    assert chat.flow == "intake"
    assert slots(chat).matter == q
    assert slots(chat).place.county == "曹县"
    assert "登记" in texts(acts)


# ----------------------------------------------------------------- question mid-intake
def test_a_question_mid_intake_is_answered_and_the_intake_goes_on(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", township="西城街道"))
    assert chat.state.step == "contact"
    q = "对了 身份证丢了咋补办"
    acts = chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    assert acts == [SearchKnowledge(query="身份证丢了咋补办")]  # 对了 only leads it (Q07)
    acts = chat.feed(_hit("hj-002", "居民身份证换领补领"))
    said = texts(acts)
    assert "居民身份证换领补领" in said
    assert "菏泽市公安局" in said  # the source is cited
    assert "解决" not in said  # no "solved?": the intake's question follows
    assert RecordDisposition(disposition="answered_online", reason="knowledge:hj-002") in acts
    assert chat.flow == "intake"
    assert chat.state.step == "contact"
    assert slots(chat).matter == APPEAL  # nothing of the intake lost, the question not in it
    assert "联系" in said or "手机" in said
    acts = chat.say("匿名")
    assert chat.state.step == "confirm"
    assert "路灯" in texts(acts)


def test_a_question_at_the_read_back_not_found_then_the_read_back_again(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", township="西城街道"))
    chat.say("匿名")
    assert chat.state.step == "confirm"
    q = "工单一般几天能有回复"
    chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    acts = chat.feed(KnowledgeFound(answers=()))
    said = texts(acts)
    assert "暂未查到" in said
    assert chat.flow == "intake"
    assert chat.state.step == "confirm"
    assert "路灯" in said  # the read-back again
    acts = chat.say("确认")
    assert kinds(acts) == ["open_work_order"]


def test_an_answer_to_the_intakes_question_is_never_taken_for_a_side_question(
    chat: Chat,
) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    assert chat.state.step == "where"
    place = "牡丹区西城街道阳光小区"
    chat.say(place, _asks(nlu(place, "ask_info", county="牡丹区"), "question"))
    assert chat.flow == "intake"
    assert slots(chat).place.county == "牡丹区"


# ---------------------------------------------------------------- question after order
def test_a_question_after_the_order_is_answered(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", township="西城街道"))
    chat.say("匿名")
    chat.say("确认")
    chat.feed(OrderOpened(number="HZ20260302-000009", unit_name="牡丹区城管局", deadline=None))
    q = "那社保卡丢了咋补"
    acts = chat.say(q, _asks(nlu(q, "ask_info"), "question"))
    assert acts == [SearchKnowledge(query=q)]
    acts = chat.feed(_hit("sb-002", "社保卡补换领", "到社保卡服务网点补领。"))
    assert "社保卡补换领" in texts(acts)
    assert chat.state.memory.last_order == "HZ20260302-000009"  # the receipt is kept


# ----------------------------------------------------------------------------- voice
def test_a_voice_question_is_searched_not_taken_down(ctx: DialogContext) -> None:
    chat = Chat(ctx, channel="voice")
    words = "你好 我想问一下 失业金怎么领"
    note = Attachment(kind=AttachmentKind.AUDIO, transcript=words, transcript_confidence=0.92)
    acts = chat.say("", _asks(nlu(words, "ask_info"), "question"), attachments=(note,))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    assert chat.flow == "knowledge"


def test_a_correction_asked_as_a_question_at_the_read_back_is_a_correction(chat: Chat) -> None:
    chat.say(APPEAL, nlu(APPEAL, county="牡丹区", township="西城街道"))
    chat.say("匿名")
    assert chat.state.step == "confirm"
    fix = "地点写错了 能不能改一下"
    acts = chat.say(fix, _asks(nlu(fix, "ask_info"), "question"))
    assert "search_knowledge" not in kinds(acts)
    assert chat.flow == "intake"
    place = "牡丹区南城街道和平小区"
    chat.say(place, nlu(place, county="牡丹区", township="南城街道"))
    assert slots(chat).place.township == "南城街道"
