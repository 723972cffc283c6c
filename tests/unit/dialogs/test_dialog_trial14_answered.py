"""After a knowledge answer the citizen goes on (trial14 T01): 「没解决 俺要反映这个事」, the
place, a time or more of it turn the question answered into the appeal, its matter and its
unit; a message about another thing is another matter, another question is answered."""

from __future__ import annotations

import pytest

from dialogs.model import KnowledgeFound, SearchKnowledge
from dialogs.state import IntakeFlow, KnowledgeFlow
from nlu.types import Category, KnowledgeAnswer
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

FEE = "俺孩子学校又让交啥资料费 一人二百 这中不中"
FEE_ANSWER = KnowledgeAnswer(
    entry_id="jy-3",
    title="义务教育阶段收费规定",
    answer="义务教育阶段公办学校免除学杂费，不得强制征订教辅资料。",
    source_unit="菏泽市教育和体育局",
    updated="2025-03-01",
    score=0.8,
    category=Category("教育文体", "教育收费", 1.0, "department:教育"),
)
BUS = "俺们村那趟公交车咋说停就停了 俺娘去城里看病都没法坐车"
BUS_ANSWER = KnowledgeAnswer(
    entry_id="jt-2",
    title="公交线路和时刻查询",
    answer="可通过“菏泽公交”微信公众号查询线路走向和首末班时间。",
    source_unit="菏泽市交通运输局",
    updated="2025-01-01",
    score=0.8,
    category=Category("交通运输", "公共交通", 1.0, "department:交通"),
)
PENSION = "俺是退休的 听说养老金得认证 咋认证啊 俺不会用手机"
PENSION_ANSWER = KnowledgeAnswer(
    entry_id="rs-7",
    title="领取养老金资格认证",
    answer="可通过电子社保卡人脸识别自助认证，行动不便的可由社区工作人员上门协助。",
    source_unit="菏泽市人力资源和社会保障局",
    updated="2025-01-01",
    score=0.8,
    category=Category("劳动和社会保障", "养老保险", 1.0, "department:人社"),
)
HELP_ANSWER = KnowledgeAnswer(
    entry_id="sp-4",
    title="帮办代办服务",
    answer="各级政务服务中心设有帮办代办窗口，为老年人提供免费帮办代办服务。",
    source_unit="菏泽市行政审批服务局",
    updated="2025-01-01",
    score=0.8,
    category=None,
)


def _answered(chat: Chat, question: str, answer: KnowledgeAnswer) -> None:
    acts = chat.say(question, nlu(question, "ask_info", category="经济管理"))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    told = texts(chat.feed(KnowledgeFound(answers=(answer,))))
    assert "解决您的问题" in told


def _unit(chat: Chat) -> str | None:
    category = slots(chat).category
    return category.unit_type if category is not None else None


# ------------------------------------------------ "not solved, I want to report it"
@pytest.mark.parametrize(
    "said",
    [
        "没解决 俺要反映这个事",  # trial14 T01
        "还是没解决 俺想投诉一下",
        "没有解决 给俺登记上吧",
        "解决不了啊 俺要反映",
        "俺要反映这个事",
        "那就反映一下吧",
    ],
)
def test_not_solved_makes_the_question_the_appeal(chat: Chat, said: str) -> None:
    _answered(chat, FEE, FEE_ANSWER)
    acts = chat.say(said, nlu(said, category="经济管理"))
    assert isinstance(chat.state.flow, IntakeFlow)
    sl = slots(chat)
    assert sl.matter == FEE
    assert _unit(chat) == "department:教育"  # the answer's source, not the follow-up's
    assert "哪里" in texts(acts) or "县区" in texts(acts)


@pytest.mark.parametrize(
    ("said", "added"),
    [
        ("没解决 俺不会弄 恁能叫社区来个人帮帮俺不", "恁能叫社区来个人帮帮俺不"),  # T01
        ("还是没解决 俺家老人腿脚不好 出不了门", "出不了门"),
        ("没解决啊 俺眼神不好 手机上的字看不清", "字看不清"),
    ],
)
def test_not_solved_with_more_adds_it_to_the_question(chat: Chat, said: str, added: str) -> None:
    _answered(chat, PENSION, PENSION_ANSWER)
    chat.say(said, nlu(said, "ask_info", category="城乡建设"))
    assert isinstance(chat.state.flow, IntakeFlow)
    matter = slots(chat).matter
    assert matter.startswith(PENSION)
    assert "（补充）" in matter
    assert added in matter
    assert "没解决" not in matter
    assert _unit(chat) == "department:人社"


# ---------------------------------------------------- the place, a time, more of it
@pytest.mark.parametrize(
    ("said", "county", "township"),
    [
        ("成武县 文亭街道 实验小学", "成武县", "文亭街道"),  # trial14 T01
        ("郓城县 南赵楼镇 中心小学", "郓城县", "南赵楼镇"),
        ("俺是曹县普连集镇的", "曹县", "普连集镇"),
    ],
)
def test_the_place_after_an_answer_files_the_question(
    chat: Chat, said: str, county: str, township: str
) -> None:
    _answered(chat, FEE, FEE_ANSWER)
    acts = chat.say(said, nlu(said, county=county, township=township, category="教育文体"))
    assert isinstance(chat.state.flow, IntakeFlow)
    sl = slots(chat)
    assert sl.matter == FEE
    assert sl.place.county == county
    assert _unit(chat) == "department:教育"
    assert "具体说说遇到了什么问题" not in texts(acts)  # the matter is never asked again


def test_the_bus_stop_place_and_time_keep_the_bus_matter(chat: Chat) -> None:
    _answered(chat, BUS, BUS_ANSWER)
    said = "单县 徐寨镇 后刘庄 原来的17路"  # trial14 T01
    chat.say(said, nlu(said, county="单县", township="徐寨镇", category="教育文体"))
    chat.say("上个月起就没了", nlu("上个月起就没了", category="劳动和社会保障"))
    sl = slots(chat)
    assert sl.matter.startswith(BUS)
    assert sl.place.county == "单县"
    assert _unit(chat) == "department:交通"


@pytest.mark.parametrize(
    "said",
    ["上个月起就没了", "打今年开春就停了", "原来一天四趟 现在一趟都没有了"],
)
def test_more_of_it_after_an_answer_is_added_to_the_question(chat: Chat, said: str) -> None:
    _answered(chat, BUS, BUS_ANSWER)
    chat.say(said, nlu(said, category="劳动和社会保障"))
    assert isinstance(chat.state.flow, IntakeFlow)
    sl = slots(chat)
    assert sl.matter.startswith(BUS)
    assert _unit(chat) == "department:交通"


@pytest.mark.parametrize(
    "said",
    ["俺们小区门口的路灯也坏了", "还有个事 俺家楼下的下水道堵了"],
)
def test_another_thing_after_an_answer_is_another_matter(chat: Chat, said: str) -> None:
    _answered(chat, FEE, FEE_ANSWER)
    chat.say(said, nlu(said, category="城乡建设"))
    assert isinstance(chat.state.flow, IntakeFlow)
    matter = slots(chat).matter
    assert "资料费" not in matter


def test_a_second_answer_then_the_place_keeps_the_first_question(chat: Chat) -> None:
    _answered(chat, PENSION, PENSION_ANSWER)
    said = "俺不会弄 恁能叫社区来个人帮帮俺不"
    acts = chat.say(said, nlu(said, "ask_info"))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    chat.feed(KnowledgeFound(answers=(HELP_ANSWER,)))
    assert isinstance(chat.state.flow, KnowledgeFlow)
    where = "巨野县 麒麟镇 前王庄"  # trial14 T01
    chat.say(where, nlu(where, county="巨野县", township="麒麟镇"))
    assert isinstance(chat.state.flow, IntakeFlow)
    sl = slots(chat)
    assert sl.matter.startswith(PENSION)
    assert said in sl.matter
    assert sl.place.county == "巨野县"


def test_thanks_after_an_answer_still_ends_it(chat: Chat) -> None:
    _answered(chat, FEE, FEE_ANSWER)
    chat.say("解决了 谢谢")
    assert not isinstance(chat.state.flow, IntakeFlow)
