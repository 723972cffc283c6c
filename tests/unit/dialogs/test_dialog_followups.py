"""Issue 12: a citizen coming back to what they said before: an earlier appeal's progress
asked in words, "I told you already", "I only wanted to ask" after an online answer."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    Handoff,
    KnowledgeFound,
    LookupOrder,
    OrderOpened,
    RecordDisposition,
    SearchKnowledge,
)
from dialogs.reading import has_word, plain
from dialogs.state import IdleFlow
from dialogs.wording import Wording
from nlu.types import KnowledgeAnswer
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, own_orders, slots, texts

NUMBER = "HZ20260302-000031"


def file_an_order(chat: Chat) -> None:
    """One appeal filed in this conversation (its number is remembered)."""
    text = "牡丹区南城街道青年路上的井盖丢了，晚上很危险"
    chat.say(text, nlu(text, county="牡丹区", township="南城街道", category="城乡建设"))
    chat.say("刘强 13953001111")
    chat.say("确认")
    chat.feed(OrderOpened(number=NUMBER, unit_name="牡丹区城管局", deadline=None))
    assert isinstance(chat.state.flow, IdleFlow)


# ------------------------------------------------------------ progress asked in words
@pytest.mark.parametrize(
    "asked",
    [
        "上礼拜我投诉的那个问题 现在有进展没",
        "我之前反映的事到底办了没",
        "前天打电话说的那个情况 有消息吗",
        "咱反映过的那个事处理得咋样了啊",
    ],
)
def test_progress_asked_in_words_is_a_progress_query(chat: Chat, asked: str) -> None:
    """Without an order number, and whatever the NLU guessed (an appeal here)."""
    file_an_order(chat)
    acts = chat.say(asked, nlu(asked, "appeal", confidence=0.7))
    assert chat.flow == "progress"
    # the citizen's own orders: the one filed here is looked up at once, nothing asked
    acts = own_orders(chat, acts, NUMBER)
    assert acts == [LookupOrder(number=NUMBER, own=True)]


@pytest.mark.parametrize("asked", ["我要查个工单", "帮俺查查单子", "查一下我的诉求"])
def test_looking_an_order_up_in_words_asks_for_its_number(chat: Chat, asked: str) -> None:
    acts = chat.say(asked, nlu(asked, "appeal", confidence=0.6))
    assert chat.flow == "progress"
    acts = own_orders(chat, acts)  # none from this channel identity
    assert "工单编号" in texts(acts)


def test_progress_asked_in_words_by_a_new_citizen_asks_for_the_number(chat: Chat) -> None:
    asked = "我上个月反映的那个问题 现在怎么样了"
    acts = chat.say(asked, nlu(asked, "ask_progress", confidence=0.9))
    assert chat.flow == "progress"
    acts = own_orders(chat, acts)
    assert "工单编号" in texts(acts)


@pytest.mark.parametrize("answer", ["单号忘了", "不记得编号了", "没有单号", "不知道"])
def test_a_citizen_without_the_number_is_never_stuck(chat: Chat, answer: str) -> None:
    own_orders(chat, chat.say("查一下我的工单", nlu("查一下我的工单", "ask_progress")))
    acts = chat.say(answer, nlu(answer, "deny", confidence=0.8))
    assert "handoff" in kinds(acts)
    assert chat.flow == "handoff"
    assert any(isinstance(a, Handoff) and "number" in a.reason for a in acts)


@pytest.mark.parametrize(
    "appeal",
    [
        "我要反映的问题是小区门口的路灯坏了",
        "说的就是这个情况，楼上天天往下扔垃圾",
        "我说的那个事就是物业不给办了房产证",
        "我要查处违章建筑 就在村东头",
    ],
)
def test_an_appeal_that_mentions_反映_is_not_a_progress_query(chat: Chat, appeal: str) -> None:
    chat.say(appeal, nlu(appeal, category="城乡建设"))
    assert chat.flow == "intake"
    assert slots(chat).matter


# --------------------------------------------------------------- "I told you already"
SAID = ["我刚不是讲了吗", "都跟你说过了", "前面说过了呀", "俺早说了"]
MANHOLE = "青年路上的井盖丢了，晚上骑车很危险"


@pytest.mark.parametrize("said", SAID)
def test_told_already_at_the_place_shows_what_is_known_and_asks_only_the_county(
    chat: Chat, said: str
) -> None:
    first = chat.say(MANHOLE, nlu(MANHOLE, entities=(("address", "青年路"),)))
    assert chat.state.step == "where"
    acts = chat.say(said, nlu(said, "deny", confidence=0.6))
    assert texts(acts) != texts(first)  # never the same question again
    assert "青年路" in texts(acts)
    assert "县区" in texts(acts)
    assert slots(chat).matter == MANHOLE  # "说过了" is not the matter
    chat.say("牡丹区", nlu("牡丹区", county="牡丹区"))
    assert slots(chat).place.address() == "牡丹区青年路"
    assert chat.state.step == "contact"


def test_told_already_with_no_place_known_asks_in_other_words_and_never_loops(
    chat: Chat,
) -> None:
    text = "垃圾站好几天没人清了"
    first = chat.say(text, nlu(text, category="城乡建设"))
    seen = {texts(first)}
    for _ in range(5):
        acts = chat.say("刚才说了", nlu("刚才说了"))
        if chat.flow == "handoff":
            break
        assert texts(acts) not in (texts(first),)
        seen.add(texts(acts))
    assert chat.flow == "handoff"  # an agent finds the place; never stuck


def test_told_already_at_the_contact_uses_the_phone_given_earlier(chat: Chat) -> None:
    file_an_order(chat)  # 13953001111 given for the first appeal
    text = "东明县城关街道黄河路的红绿灯坏了，一直闪黄灯"
    chat.say(text, nlu(text, county="东明县", township="城关街道", category="交通运输"))
    assert chat.state.step == "contact"
    acts = chat.say("前面不是说了吗", nlu("前面不是说了吗"))
    assert chat.state.step == "confirm"
    assert "139****1111" in texts(acts)


def test_told_already_at_the_contact_without_a_known_phone_is_asked_in_other_words(
    chat: Chat,
) -> None:
    text = "东明县城关街道黄河路的红绿灯坏了，一直闪黄灯"
    first = chat.say(text, nlu(text, county="东明县", township="城关街道", category="交通运输"))
    acts = chat.say("说过了", nlu("说过了"))
    assert chat.state.step == "contact"
    assert texts(acts) != texts(first)
    assert "电话" in texts(acts)
    acts = chat.say("说过了", nlu("说过了"))
    assert chat.state.step == "confirm"  # asked twice at most: the read-back follows


def test_told_already_at_an_optional_question_moves_on(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    text = "曹县青菏街道的下水道堵了，污水漫到路上"
    chat.say(text, nlu(text, county="曹县", township="青菏街道", category="城乡建设"))
    assert chat.state.step == "since"
    chat.say("都跟你说过了", nlu("都跟你说过了"))
    assert chat.state.step == "contact"
    assert slots(chat).since is None


def test_a_message_with_more_than_told_already_is_read_for_what_it_adds(chat: Chat) -> None:
    chat.say(MANHOLE, nlu(MANHOLE, entities=(("address", "青年路"),)))
    said = "说过了 在牡丹区"
    chat.say(said, nlu(said, county="牡丹区"))
    assert slots(chat).place.county == "牡丹区"
    assert chat.state.step == "contact"


# ------------------------------------------------- "not a complaint, only a question"
ONLY_ASKING = ["我不是来投诉的 只想了解一下", "俺不是要反映啥 光想问一下", "就是咨询咨询"]


def answered(chat: Chat, question: str) -> None:
    """A policy question answered online; "solved?" is on screen."""
    acts = chat.say(question, nlu(question, "ask_info"))
    assert acts == [SearchKnowledge(query=question)]
    hit = KnowledgeAnswer(
        entry_id="kb-gjj",
        title="住房公积金提取",
        answer="购房、租房、退休等情形可申请提取，携带身份证到公积金中心办理。",
        source_unit="菏泽市住房公积金管理中心",
        updated="2026-01-10",
        score=0.8,
    )
    chat.feed(KnowledgeFound(answers=(hit,)))
    assert chat.flow == "knowledge"


@pytest.mark.parametrize("said", ONLY_ASKING)
def test_only_asking_after_an_online_answer_files_nothing(chat: Chat, said: str) -> None:
    answered(chat, "公积金怎么提取出来")
    acts = chat.say(said, nlu(said, "ask_info", confidence=0.3))
    assert chat.flow == "knowledge"  # the answer stands: no intake, no order
    assert "不会登记为投诉" in texts(acts)
    assert "解决" in texts(acts)  # "solved?" asked again
    acts = chat.say("明白了 谢谢")
    assert RecordDisposition(disposition="answered_online", reason="knowledge:kb-gjj") in acts


@pytest.mark.parametrize("said", ONLY_ASKING)
def test_only_asking_during_an_intake_turns_it_into_the_question(chat: Chat, said: str) -> None:
    text = "我们小区物业费今年一下涨了两百块"
    chat.say(text, nlu(text, "appeal", confidence=0.8))
    assert chat.flow == "intake"
    acts = chat.say(said, nlu(said, "ask_info", confidence=0.3))
    assert acts == [SearchKnowledge(query=text)]  # the question, never "就是想问问"


@pytest.mark.parametrize("said", ONLY_ASKING)
def test_only_asking_with_nothing_said_yet_asks_what_about(chat: Chat, said: str) -> None:
    acts = chat.say(said, nlu(said, "ask_info", confidence=0.3))
    assert chat.flow == "knowledge"
    assert "咨询哪方面" in texts(acts)


@pytest.mark.parametrize(
    "again",
    [
        "这事俺给恁讲过一回了 到现在还没弄",
        "上礼拜就说过一次 路灯还是不亮",
        "反映了好几次了 没人管",
    ],
)
def test_told_before_cues_the_repeat_check(wording: Wording, again: str) -> None:
    """The gateway's repeat check (第十三条(三)) lowers its bar for the citizen's own
    orders when their words say it is the same matter again (``repeat_cue``)."""
    assert has_word(wording.words("repeat_cue"), plain(again))


@pytest.mark.parametrize("said", ["还是不太明白", "看不懂啊", "没啥用", "俺去了还是办不了"])
def test_an_online_answer_that_did_not_help_in_words_becomes_the_appeal(
    chat: Chat, said: str
) -> None:
    question = "公积金怎么提取出来"
    answered(chat, question)
    acts = chat.say(said, nlu(said, "appeal", confidence=0.5))
    assert chat.flow == "intake"
    assert "没能解决" in texts(acts)
    assert slots(chat).matter == question  # the question, never "看不懂啊"
    assert slots(chat).question == question
