"""Issue 12: at most one question a turn, and what is known never asked again, checked
over whole conversations of different shapes (split openings, everything at once,
corrections, refusals, "told you already", a question that becomes an appeal)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.model import Action, KnowledgeFound, OpenWorkOrder
from dialogs.wording import Wording
from nlu.types import KnowledgeAnswer, NluResult
from tests.unit.dialogs.dialog_helpers import Chat, nlu, texts

Turn = tuple[str, NluResult | None]


def _asks(acts: Sequence[Action]) -> int:
    """Question marks the bot's words of one turn hold (every question of the wording
    table ends with one; the read-back asks by "请回复…")."""
    said = texts(list(acts))
    return said.count("？") + said.count("?")


CONVERSATIONS: dict[str, list[Turn]] = {
    "split opening": [
        ("在吗", nlu("在吗", "greet")),
        ("我要反映个事", nlu("我要反映个事", "appeal", confidence=0.6)),
        ("小区门口的垃圾桶满了没人清", nlu("小区门口的垃圾桶满了没人清", category="城乡建设")),
        ("单县南城街道", nlu("单县南城街道", county="单县", township="南城街道")),
        ("翠湖花园东门", nlu("翠湖花园东门")),
        ("王磊 13853005555", nlu("王磊 13853005555")),
        ("确认", nlu("确认", "affirm")),
    ],
    "everything at once": [
        (
            "曹县倪集街道东街的路灯坏了半个月了 我叫赵红 13853006666",
            nlu(
                "曹县倪集街道东街的路灯坏了半个月了 我叫赵红 13853006666",
                county="曹县",
                township="倪集街道",
                category="城乡建设",
            ),
        ),
        ("对", nlu("对", "affirm")),
    ],
    "corrections": [
        ("楼上天天半夜装修 吵得睡不着", nlu("楼上天天半夜装修 吵得睡不着", category="环境保护")),
        ("牡丹区北城街道", nlu("牡丹区北城街道", county="牡丹区", township="北城街道")),
        ("阳光小区5号楼", nlu("阳光小区5号楼")),
        ("13853007777", nlu("13853007777")),
        ("电话打错了 是13853007778", nlu("电话打错了 是13853007778")),
        ("地点改成阳光小区6号楼", nlu("地点改成阳光小区6号楼")),
        ("不对，是从上周开始的", nlu("不对，是从上周开始的", "deny")),
        ("没问题", nlu("没问题", "affirm")),
    ],
    "refusals and told-already": [
        ("青年路上井盖没了", nlu("青年路上井盖没了", entities=(("address", "青年路"),))),
        ("刚才不是说了吗", nlu("刚才不是说了吗")),
        ("牡丹区", nlu("牡丹区", county="牡丹区")),
        ("不想留电话", nlu("不想留电话")),
        ("好的", nlu("好的", "affirm")),
    ],
    "thanks, empty and emoticons mid-intake": [
        ("村里的自来水停了三天了", nlu("村里的自来水停了三天了", category="城乡建设")),
        ("谢谢", nlu("谢谢", "thank")),
        ("", None),
        ("[发怒][发怒]", nlu("[发怒][发怒]")),
        ("东明县城关街道李庄村", nlu("东明县城关街道李庄村", county="东明县", township="城关街道")),
        ("匿名", nlu("匿名")),
        ("算了 还是不提交了", nlu("算了 还是不提交了", "cancel")),
    ],
}


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_at_most_one_question_a_turn_and_none_asked_again(wording: Wording, name: str) -> None:
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds()))
    asked: list[str] = []
    for text, result in CONVERSATIONS[name]:
        acts = chat.say(text, result)
        assert _asks(acts) <= 1, (text, texts(acts))
        questions = [t for t in texts(acts).splitlines() if "？" in t]
        for q in questions:
            # an unanswered question (empty, thanks, emoticons) may come again; an
            # answered one never does
            if q in asked and text.strip() and text not in ("谢谢",) and "[" not in text:
                pytest.fail(f"asked again after {text!r}: {q}")
            asked.append(q)
    assert chat.flow in ("idle", "intake")


def test_the_knowledge_answer_and_its_intake_ask_one_thing_at_a_time(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds()))
    q = "郓城县的老年人乘车卡在哪办"
    assert _asks(chat.say(q, nlu(q, "ask_info", county="郓城县"))) == 0
    hit = KnowledgeAnswer(
        entry_id="kb-1",
        title="老年卡",
        answer="持身份证到公交公司办理。",
        source_unit="交通运输局",
        updated="2026-01-01",
        score=0.9,
    )
    assert _asks(chat.feed(KnowledgeFound(answers=(hit,)))) == 1
    acts = chat.say("没解决", nlu("没解决", "deny"))
    # the first missing fact only: the county is known and a question has no village or
    # road, so the contact (its wording asks by "请留下…", without a question mark)
    assert _asks(acts) <= 1
    assert chat.state.step == "contact"
    assert "郓城县" not in texts(acts)


def test_the_corrections_conversation_ends_with_what_was_corrected(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds()))
    *before, (yes, yes_nlu) = CONVERSATIONS["corrections"]
    for text, result in before:
        chat.say(text, result)
    (order,) = chat.say(yes, yes_nlu)
    assert isinstance(order, OpenWorkOrder)
    draft = order.draft
    assert draft.contact_phone == "13853007778"
    assert draft.address == "牡丹区北城街道阳光小区6号楼"
    assert draft.since == "上周"
    assert draft.text == "楼上天天半夜装修 吵得睡不着"
