"""trial10 F12 F16 F20 N08 N15 with the shipped NLU and the dialogue: a suggestion (more
bus runs, longer hours) is an appeal taken down, never a timetable answered; how long after
an appeal the answer comes is the time-limit question in any wording; an appeal and a
question in one message are both dealt with; a one-line appeal's place is 发生地点's, not
repeated in 诉求内容; 「说错了 是X 不是Y」 corrects the township and keeps the estate.
The trial's inputs, then wordings written for this file (not tuned on), then negatives."""

from __future__ import annotations

import pytest

from config.settings import DATA_DIR
from dialogs.context import DialogContext, Thresholds
from dialogs.model import SearchKnowledge
from dialogs.state import IntakeFlow, KnowledgeFlow
from dialogs.wording import load_wording
from nlu.engine import EmbeddedEngine
from nlu.knowledge_handling import only_handling_time
from nlu.normalize import normalize
from nlu.suggestions import suggests
from tests.unit.dialogs.dialog_helpers import Chat, texts


def _chat(detail: bool = False) -> Chat:
    th = Thresholds() if detail else Thresholds(ask_place_detail=False)
    return Chat(DialogContext.for_channel("web", load_wording(DATA_DIR), th), channel="web")


# -- F16: more of a public service asked for is a suggestion to take down ---------------
SUGGESTIONS = [
    "能不能在汽车站加开一趟去鄄城的公交",  # trial10 F16
    # not tuned on
    "可不可以把去曹县的班车多开几趟",
    "能不能把3路公交的末班车往后延一延",
    "俺们这边能不能通个公交 老人进城太难了",
    "希望政务大厅延长一下周末的办公时间",
]
NOT_SUGGESTIONS = [
    "能不能坐公交去鄄城",
    "汽车站几点有去鄄城的车",
    "公交卡能不能在网上开通",
    "能不能提前预约办身份证",
]


@pytest.mark.parametrize("text", SUGGESTIONS)
def test_more_of_a_service_asked_for_is_a_suggestion(text: str) -> None:
    assert suggests(normalize(text))


@pytest.mark.parametrize("text", NOT_SUGGESTIONS)
def test_riding_or_asking_a_time_is_no_suggestion(text: str) -> None:
    assert not suggests(normalize(text))


@pytest.mark.parametrize("text", SUGGESTIONS)
def test_a_suggestion_is_taken_down_never_answered(engine: EmbeddedEngine, text: str) -> None:
    chat = _chat()
    acts = chat.say(text, engine.parse(text))
    assert not [a for a in acts if isinstance(a, SearchKnowledge)], texts(acts)
    assert isinstance(chat.state.flow, IntakeFlow)


@pytest.mark.parametrize(
    "text",
    [
        "希望增设一条从开发区到火车站的公交线路",
        "建议在开发区多建几个公厕",
        "能不能在汽车站加开一趟去鄄城的公交",  # trial10 F16
    ],
)
def test_a_suggestion_is_the_content_and_its_wish_no_place(
    engine: EmbeddedEngine, text: str
) -> None:
    chat = _chat()
    chat.say(text, engine.parse(text))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert flow.slots.matter == text
    where = flow.slots.place.address() or ""
    assert "建议" not in where
    assert "希望" not in where


# -- F20: how long until the answer, after the appeal is told ----------------------------
HANDLING_TIME = [
    "反映了以后多长时间能有回音",  # trial10 F20
    # not tuned on
    "俺打了电话以后得等几天才有回复",
    "登记完了一般啥时候给答复",
    "提交上去多久能有个说法",
    "留了言以后啥时候有人回话",
]


@pytest.mark.parametrize("text", HANDLING_TIME)
def test_how_long_after_the_appeal_is_the_time_limit_question(
    engine: EmbeddedEngine, text: str
) -> None:
    assert only_handling_time(normalize(text))
    parsed = engine.parse(text)
    assert parsed.intent.name == "ask_info", parsed.intent
    acts = _chat().say(text, parsed)
    assert [a for a in acts if isinstance(a, SearchKnowledge)], texts(acts)


@pytest.mark.parametrize("text", ["身份证补办多久能办好", "低保申请多久有结果", "电话卡多久能办好"])
def test_a_procedures_own_time_is_not_the_hotlines(text: str) -> None:
    assert not only_handling_time(normalize(text))


# -- N08: an appeal and a question in one message -----------------------------------------
@pytest.mark.parametrize(
    ("text", "matter", "asked"),
    [
        ("小区门口的井盖没了 还有 俺想问问医保咋报销", "井盖", "医保"),  # trial10 N08
        # not tuned on
        ("俺们村的路灯坏了好几个 另外想打听一下身份证丢了咋补办", "路灯", "身份证"),
        ("楼下饭店油烟太大 顺便问问 低保咋申请", "油烟", "低保"),
    ],
)
def test_an_appeal_and_a_question_are_both_dealt_with(
    engine: EmbeddedEngine, text: str, matter: str, asked: str
) -> None:
    chat = _chat()
    acts = chat.say(text, engine.parse(text))
    queries = [a.query for a in acts if isinstance(a, SearchKnowledge)]
    assert len(queries) == 1, texts(acts)
    assert asked in queries[0]
    assert matter not in queries[0]
    flow = chat.state.flow
    assert isinstance(flow, KnowledgeFlow)
    assert flow.slots.resume is not None  # the intake goes on after the answer
    assert matter in flow.slots.facts.matter
    assert asked not in flow.slots.facts.matter


# -- N15: the place of a one-line appeal --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "matter", "where"),
    [
        ("牡丹区 西城街道 阳光小区 楼道灯坏了", "楼道灯坏了", "阳光小区"),  # trial10 N15
        # not tuned on
        ("郓城县 唐塔街道 水浒小区 路面塌了个坑", "路面塌了个坑", "水浒小区"),
        ("巨野县 凤凰街道 书香苑小区 水管爆了", "水管爆了", "书香苑小区"),
        ("成武县 文亭街道 东关社区 路灯不亮", "路灯不亮", "东关社区"),
    ],
)
def test_a_one_line_appeals_place_is_not_in_its_content(
    engine: EmbeddedEngine, text: str, matter: str, where: str
) -> None:
    chat = _chat()
    chat.say(text, engine.parse(text))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert flow.slots.matter == matter
    assert where in (flow.slots.place.address() or "")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("东城街道 俺们小区的垃圾没人清", "小区"),  # trial10 N15 (a township of two counties)
        ("牡丹区 西城街道 俺们小区的路灯坏了一半", "小区"),
        ("单县 北城街道 俺们村的路让大车压坏了", "村"),
    ],
)
def test_our_estate_is_asked_by_name(engine: EmbeddedEngine, text: str, kind: str) -> None:
    chat = _chat(detail=True)
    acts = chat.say(text, engine.parse(text))
    if "哪个县区" in texts(acts):  # 东城街道: 牡丹区 and 单县 both have one
        acts = chat.say("单县", engine.parse("单县"))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert f"俺们{kind}" not in (flow.slots.place.address() or "")
    assert f"在哪个{kind}" in texts(acts), texts(acts)


# -- F12: 「说错了 是X 不是Y」 ------------------------------------------------------------
@pytest.mark.parametrize(
    ("opening", "fix", "address"),
    [
        (
            "牡丹区 西城街道 阳光小区 路灯坏了",
            "说错了 是东城街道 不是西城街道",
            "牡丹区东城街道阳光小区",
        ),
        # not tuned on
        (
            "单县 园艺街道 幸福小区 楼道堆满杂物",
            "说错了 是北城街道 不是园艺街道",
            "单县北城街道幸福小区",
        ),
        (
            "定陶区 天中街道 锦绣小区 下水道堵了",
            "俺说错了 是滨河街道 不是天中街道",
            "定陶区滨河街道锦绣小区",
        ),
        (
            "郓城县 唐塔街道 水浒小区 路灯坏了",
            "刚才说错了 应该是郓州街道 不是唐塔街道",
            "郓城县郓州街道水浒小区",
        ),
    ],
)
def test_said_wrong_is_x_not_y_corrects_the_township(
    engine: EmbeddedEngine, opening: str, fix: str, address: str
) -> None:
    chat = _chat()
    chat.say(opening, engine.parse(opening))
    chat.say(fix, engine.parse(fix))  # to the question after the opening
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert flow.slots.place.address() == address
    assert "说错" not in flow.slots.matter
    assert "街道" not in flow.slots.matter
    chat = _chat()
    chat.say(opening, engine.parse(opening))
    acts = chat.say("匿名", engine.parse("匿名"))
    if "核对" not in texts(acts):
        acts = chat.say("匿名", engine.parse("匿名"))
    acts = chat.say(fix, engine.parse(fix))  # at the read-back
    assert f"发生地点：{address}" in texts(acts)
    assert "说错" not in texts(acts)


@pytest.mark.parametrize("answer", ["不知道", "说不上来", "记不清了"])
def test_an_answer_to_since_when_is_never_joined_to_a_short_matter(
    engine: EmbeddedEngine, answer: str
) -> None:
    chat = _chat()
    opening = "单县 园艺街道 幸福小区 楼道堆满杂物"
    chat.say(opening, engine.parse(opening))
    chat.say(answer, engine.parse(answer))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert flow.slots.matter == "楼道堆满杂物"
