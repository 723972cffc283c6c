"""trial10 N08 N15 F13 F11 in the dialogue (hand-made NLU results): an appeal with a question
beside it is taken down and the question answered (or said not found) before the intake
goes on; the place said before the matter is 发生地点's, never repeated in 诉求内容, and
「俺们小区」 names no place; a matter told as reported before gets how to follow the earlier
order; a phone refused beside a name is only an answer, whatever a model alarm says.
The trial's inputs first, then wordings written for this file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.context import DialogContext
from dialogs.model import KnowledgeFound, SearchKnowledge, Transfer
from dialogs.state import IntakeFlow, KnowledgeFlow
from dialogs.wording import Wording
from nlu.types import (
    Category,
    Emergency,
    Intent,
    KnowledgeAnswer,
    NluResult,
    Territory,
    Triage,
    TriageOutcome,
)
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

ANSWER = KnowledgeAnswer(
    entry_id="kb-1",
    title="医保报销",
    answer="持医保电子凭证到医保经办窗口办理。",
    source_unit="菏泽市医疗保障局",
    updated="2026-01-05",
    score=0.9,
)


def _appeal(text: str, asks: str | None = None) -> NluResult:
    return replace(nlu(text, "appeal", category="城乡建设"), asks=asks)


# ------------------------------------------------ N08: an appeal and a question in one
BESIDE = [
    ("小区门口的井盖没了 还有 俺想问问医保咋报销", "小区门口的井盖没了", "俺想问问医保咋报销"),
    (
        "俺们楼下的路灯坏了好几天了 另外想打听一下身份证丢了咋补",
        "俺们楼下的路灯坏了好几天了",
        "想打听一下身份证丢了咋补",
    ),
    (
        "村里的垃圾堆了半个月没人拉，顺便问问低保咋申请",
        "村里的垃圾堆了半个月没人拉",
        "问问低保咋申请",
    ),
    (
        "俺们小区门口的路灯坏了 还有 反映了以后多久能有回复",
        "俺们小区门口的路灯坏了",
        "反映了以后多久能有回复",
    ),
    (
        "楼上天天半夜剁肉 吵得睡不着 对了 居住证在哪办",
        "楼上天天半夜剁肉 吵得睡不着",
        "居住证在哪办",
    ),
]


@pytest.mark.parametrize(("said", "matter", "question"), BESIDE)
def test_an_appeal_with_a_question_is_taken_down_and_the_question_answered(
    chat: Chat, said: str, matter: str, question: str
) -> None:
    acts = chat.say(said, _appeal(said))
    searched = [a for a in acts if isinstance(a, SearchKnowledge)]
    assert [a.query for a in searched] == [question], acts
    flow = chat.state.flow
    assert isinstance(flow, KnowledgeFlow)
    assert flow.slots.resume is not None
    assert flow.slots.facts.matter == matter  # the appeal kept, the question no part of it
    acts = chat.feed(KnowledgeFound(answers=(ANSWER,)))
    said_back = texts(acts)
    assert "医保经办窗口" in said_back
    assert "哪里" in said_back or "县区" in said_back  # the intake's question again
    assert slots(chat).matter == matter


@pytest.mark.parametrize(("said", "matter", "question"), BESIDE[:2])
def test_a_question_not_found_is_said_so_and_the_appeal_goes_on(
    chat: Chat, said: str, matter: str, question: str
) -> None:
    chat.say(said, _appeal(said))
    acts = chat.feed(KnowledgeFound(answers=()))
    assert "暂未查到" in texts(acts)
    assert slots(chat).matter == matter
    assert chat.state.flow.step == "where"


@pytest.mark.parametrize(
    "said",
    [
        "楼道里的灯不亮了 还有 门口的路灯也坏了",  # a second matter, no question
        "医保咋报销 还有 社保卡咋补办",  # two questions, no appeal
    ],
)
def test_no_question_beside_a_matter_is_no_split(chat: Chat, said: str) -> None:
    acts = chat.say(said, _appeal(said))
    assert not [a for a in acts if isinstance(a, SearchKnowledge) and a.query != said]


# ------------------------------------------------ N15: the place said before the matter
def _placed(text: str, county: str | None, township: str, detail: str | None) -> NluResult:
    where = Territory(county=county, township=township, detail=detail)
    return NluResult(text=text, intent=Intent("appeal", 0.8), territory=where)


@pytest.mark.parametrize(
    ("said", "county", "township", "detail", "matter"),
    [
        ("牡丹区 西城街道 阳光小区 楼道灯坏了", "牡丹区", "西城街道", "阳光小区", "楼道灯坏了"),
        ("曹县 磐石街道 万福小区，下水道又堵了", "曹县", "磐石街道", "万福小区", "下水道又堵了"),
        (
            "郓城县郓州街道水浒小区 楼下的垃圾三天没人清",
            "郓城县",
            "郓州街道",
            "水浒小区",
            "楼下的垃圾三天没人清",
        ),
        (
            "定陶区 滨河街道 陈集社区：路灯一到晚上就灭",
            "定陶区",
            "滨河街道",
            "陈集社区",
            "路灯一到晚上就灭",
        ),
    ],
)
def test_the_place_said_first_is_not_repeated_in_the_content(
    chat: Chat, said: str, county: str, township: str, detail: str, matter: str
) -> None:
    chat.say(said, _placed(said, county, township, detail))
    sl = slots(chat)
    assert sl.matter == matter
    assert sl.place.address() == f"{county}{township}{detail}"


@pytest.mark.parametrize(
    ("said", "detail"),
    [
        ("牡丹区西城街道阳光小区门口的路灯坏了", "阳光小区门口"),  # inside the sentence
        ("成武县文亭街道伯乐大街的建筑工地 天天半夜打桩", "伯乐大街的建筑工地"),  # its subject
    ],
)
def test_a_place_that_is_part_of_the_sentence_stays_in_it(
    chat: Chat, said: str, detail: str
) -> None:
    county, township = said[:3], said[3:7]
    chat.say(said, _placed(said, county, township, detail))
    assert slots(chat).matter == said


@pytest.mark.parametrize(
    ("said", "township", "spot", "kind"),
    [
        ("东城街道 俺们小区的垃圾没人清", "东城街道", "俺们小区", "小区"),  # trial10 N15
        ("西城街道 俺们村的路让大车压坏了", "西城街道", "俺们村", "村"),
        ("南城街道 我们小区里头的路灯全不亮", "南城街道", "我们小区", "小区"),
        ("丹阳街道 俺家这 停水两天了", "丹阳街道", "俺家这", None),
    ],
)
def test_our_estate_is_no_place_name_and_its_name_is_asked(
    wording: Wording, said: str, township: str, spot: str, kind: str | None
) -> None:
    chat = Chat(DialogContext.for_channel("web", wording))
    acts = chat.say(said, _placed(said, "牡丹区", township, spot))
    sl = slots(chat)
    assert sl.place.detail is None, sl.place
    assert sl.place.village is None, sl.place
    assert spot not in (sl.place.address() or "")
    assert chat.state.flow.step == "where"
    if kind is not None:
        assert f"在哪个{kind}" in texts(acts)


# ------------------------------------------------ F13: told before, no order number
@pytest.mark.parametrize(
    "said",
    [
        "俺上个月报过一回下水道的事 到现在还没人来修 咋回事",  # trial10 F13
        "前些天反映过一次路灯不亮 到今天也没人管",
        "楼上漏水这个事俺年初就打过电话 到现在也没个说法",
        "小区垃圾的事都投诉两回了 还是没人来拉",
        "给你们打过两次电话了 村口的路灯还是不亮",
    ],
)
def test_a_matter_told_before_gets_how_to_follow_the_earlier_order(chat: Chat, said: str) -> None:
    acts = chat.say(said, _appeal(said, asks="matter"))  # read as a matter, as the NLU does
    told = texts(acts)
    assert "工单编号" in told, told
    assert "查询" in told
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter  # the matter taken down again, never lost


@pytest.mark.parametrize(
    "said",
    [
        "俺找物业反映过好几回 楼道灯一直不亮",  # told to the property company
        "跟邻居说过好几次了 他家的狗还是乱叫",
        "俺报过警了 隔壁还是天天半夜吵",
        "村口的路灯不亮了 另外 反映了以后多久能有回复",  # the appeal told now, not before
        "楼道灯坏了一个礼拜了",
    ],
)
def test_a_matter_told_elsewhere_is_no_earlier_appeal(chat: Chat, said: str) -> None:
    assert "工单编号" not in texts(chat.say(said, _appeal(said, asks="matter")))


# ------------------------------------------------ F11: a name and the phone refused
@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("电话号码俺不说 你记上俺叫郑玉兰吧", "郑玉兰"),
        ("手机号就不留了 你记下俺叫孙桂兰", "孙桂兰"),
        ("俺叫刘长顺 号码不给了", "刘长顺"),
    ],
)
def test_a_model_alarm_on_a_name_and_a_refused_phone_is_out_of_context(
    since_ctx: DialogContext, answer: str, name: str
) -> None:
    from nlu.refusals import declined

    chat = Chat(since_ctx)
    opening = "牡丹区 南城街道 和平小区 楼下饭店油烟太大"
    chat.say(opening, _placed(opening, "牡丹区", "南城街道", "和平小区"))
    chat.say("不知道", nlu("不知道", "unknown", confidence=0.1))
    alarm = Emergency("emergency", ("120",), "unconscious", "模型", 0.93, source="model")
    said = NluResult(
        text=answer,
        intent=Intent("deny", 0.8),
        declined=declined(answer),
        emergency=alarm,
        triage=Triage(TriageOutcome.EMERGENCY, "模型", service="120", services=("120",)),
    )
    acts = chat.say(answer, said)
    assert not [a for a in acts if isinstance(a, Transfer)]
    sl = slots(chat)
    assert (sl.name, sl.phone, sl.anonymous) == (name, None, False)
    assert name not in sl.matter


def test_the_matter_category_is_untouched(chat: Chat) -> None:
    said = BESIDE[0][0]
    chat.say(said, replace(_appeal(said), category=Category("城乡建设", None, 0.8, "x")))
    flow = chat.state.flow
    assert isinstance(flow, KnowledgeFlow)
    assert flow.slots.facts.category is not None


@pytest.mark.parametrize(("said", "matter", "question"), BESIDE[2:])
def test_the_matter_asked_for_with_a_question_beside_it(
    chat: Chat, said: str, matter: str, question: str
) -> None:
    chat.say("俺想反映个事", nlu("俺想反映个事", "appeal"))
    assert chat.state.flow.step == "what"
    acts = chat.say(said, _appeal(said))
    assert [a.query for a in acts if isinstance(a, SearchKnowledge)] == [question]
    chat.feed(KnowledgeFound(answers=(ANSWER,)))
    assert slots(chat).matter == matter
