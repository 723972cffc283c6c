"""Flow tests of answers online first (the knowledge base) and of a hand-off to an agent."""

from __future__ import annotations

from datetime import timedelta

from dialogs.context import DialogContext
from dialogs.model import (
    AgentReleased,
    Handoff,
    HandoffQueued,
    KnowledgeFound,
    RecordDisposition,
    SearchKnowledge,
)
from nlu.types import KnowledgeAnswer
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, slots, texts

APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"


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


def test_knowledge_nothing_found_says_where_to_ask_and_files_only_on_request(chat: Chat) -> None:
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
    assert chat.flow == "knowledge"  # no intake the citizen did not ask for
    assert "暂未查到" in texts(acts)
    assert "政务服务中心" in texts(acts)
    reply = acts[-1]
    assert [q.payload for q in reply.quick_replies] == ["/human", "file"]  # type: ignore[union-attr]
    acts = chat.say("2")  # 登记转办
    assert chat.flow == "intake"
    assert slots(chat).matter == q
    assert chat.state.step == "where"


def test_knowledge_nothing_found_then_an_agent_or_thanks(chat: Chat) -> None:
    q = "残疾人坐火车有没有优惠"
    chat.say(q, nlu(q, "ask_info"))
    chat.feed(KnowledgeFound(answers=()))
    acts = chat.say("转人工服务")
    assert chat.flow == "handoff"
    assert any(isinstance(a, Handoff) for a in acts)
    chat2 = Chat(chat.ctx)
    chat2.say(q, nlu(q, "ask_info"))
    chat2.feed(KnowledgeFound(answers=()))
    chat2.say("好的 谢谢")
    assert chat2.flow == "idle"


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


def test_questions_are_answered_online_first(chat: Chat) -> None:
    q = "请问租房子能提公积金吗"
    acts = chat.say(q, nlu(q, "greet", confidence=0.3))  # an unsure NLU guess
    assert acts == [SearchKnowledge(query="租房子能提公积金吗")]  # "请问" is not the question
    acts = chat.feed(KnowledgeFound(answers=()))
    assert chat.flow == "knowledge"
    assert "暂未查到" in texts(acts)
    chat.say("那帮我登记一下吧")
    assert chat.flow == "intake"
    assert slots(chat).matter == "租房子能提公积金吗"
    # a sure greeting is a greeting
    chat2 = Chat(chat.ctx)
    assert chat2.say("你好", nlu("你好", "greet"))[0].quick_replies  # type: ignore[union-attr]
