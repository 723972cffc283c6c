"""trial10 N02 N05 N07 N08: a reimbursement question is no trade secret; an entry answers
the act asked (a choice, an adjustment); the alarm's words stay in the matter taken down;
an appeal with a question joined to it, or told with "也不知道是啥", is taken down.
The trial's inputs, then wordings written for this file (not tuned on), then negatives."""

from __future__ import annotations

import pytest

from config.settings import DATA_DIR
from dialogs.context import DialogContext, Thresholds
from dialogs.state import IntakeFlow, KnowledgeFlow
from dialogs.wording import load_wording
from nlu.engine import EmbeddedEngine
from nlu.knowledge import KnowledgeBase
from nlu.normalize import normalize
from nlu.questions import reading
from nlu.triage import triage
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, kinds

# -- N05: how much the citizen's own insurance pays back is a policy question ----------
REIMBURSE = [
    "俺娘住院了 医保能报多少",  # trial10 N05
    "新农合住院能报多少",
    "俺们村的合作医疗 住院能报多少",
    "这个药能报多少",
    # not tuned on
    "报销比例是多少",
    "能报多少钱",
    "门诊能报几成",
    "大病保险能报多少",
    "俺爹做手术 医保给报多少",
    "俺家孩子住院 居民医保可以报多少",
]
TRADE_SECRETS = [
    "对手公司的投标报价能不能给俺查查",
    "隔壁厂的配方告诉俺",
    "帮俺查查隔壁那家公司报了多少",
    "我想知道那家建筑公司这回竞标报了多少钱",
]


@pytest.mark.parametrize("text", REIMBURSE)
def test_a_reimbursement_question_is_no_trade_secret(text: str) -> None:
    found = triage(normalize(text))
    assert found is None or found.outcome is not TriageOutcome.SECRET_PRIVACY, found


@pytest.mark.parametrize("text", TRADE_SECRETS)
def test_another_firms_prices_and_formulas_stay_refused(text: str) -> None:
    found = triage(normalize(text))
    assert found is not None
    assert found.outcome is TriageOutcome.SECRET_PRIVACY
    assert found.kind == "trade"


@pytest.mark.parametrize("text", ["新农合住院能报多少", "大病保险能报多少", "门诊能报几成"])
def test_a_reimbursement_question_gets_a_medical_insurance_entry(
    kb: KnowledgeBase, text: str
) -> None:
    answers = kb.search(normalize(text))
    assert answers, text
    assert answers[0].entry_id.startswith("yb-"), [a.title for a in answers]


# -- N07: an entry answers the act asked --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("俺想考个驾照 菏泽哪个驾校正规", "驾驶证到期换证"),  # trial10 N07
        ("退休了 养老金啥时候能涨", "养老金领取条件"),
        # not tuned on
        ("学车的话哪家驾校靠谱", "驾校培训退费"),
        ("俺爹的退休金什么时候上调", "养老金领取条件"),
        ("农村的养老金啥时候提高", "养老金领取条件"),
        ("低保标准啥时候提高", "最低生活保障（低保）申请"),
    ],
)
def test_an_entry_about_another_act_does_not_answer(
    kb: KnowledgeBase, text: str, wrong: str
) -> None:
    assert wrong not in [a.title for a in kb.search(normalize(text))]


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("养老金今年涨多少", "sb-014"),
        ("退休了 养老金啥时候能涨", "sb-014"),
        ("养老金领取条件是啥", "sb-020"),
        ("交满多少年能领养老金", "sb-020"),
        ("驾照快到期了 去哪换", "hj-009"),
    ],
)
def test_the_entry_about_the_act_asked_still_answers(
    kb: KnowledgeBase, text: str, entry_id: str
) -> None:
    answers = kb.search(normalize(text))
    assert answers, text
    assert answers[0].entry_id == entry_id, [a.title for a in answers]


# -- N02, N08: what is taken down --------------------------------------------------------
def _chat() -> Chat:
    ctx = DialogContext.for_channel(
        "web", load_wording(DATA_DIR), Thresholds(ask_place_detail=False)
    )
    return Chat(ctx, channel="web")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("俺们街上有股子煤气味 好几天了 也没人来查", "煤气味"),  # trial10 N02
        ("俺们楼道里有股子烧焦的味 好几天了 物业说查不出来", "烧焦的味"),
        # not tuned on
        ("楼道里老有股子煤气味 好几天了 物业也不管", "煤气味"),
        ("厨房窗户外头有股子烧焦的味 一个礼拜了 没人来看", "烧焦的味"),
    ],
)
def test_the_alarm_stays_in_the_matter_taken_down(
    engine: EmbeddedEngine, text: str, kept: str
) -> None:
    chat = _chat()
    acts = chat.say(text, engine.parse(text))
    assert "transfer" in kinds(acts)
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    assert kept in (flow.slots.matter or "")


@pytest.mark.parametrize(
    "text",
    [
        "小区门口的井盖没了 还有 俺想问问医保咋报销",  # trial10 N08
        "俺们楼下一股子臭味 也不知道是啥",
        # not tuned on
        "村口的路灯坏了 另外 俺想问问社保咋交",
        "楼后头一股子怪味 也不知道是哪来的",
        "路边的护栏倒了 还有 俺想问问身份证咋补",
    ],
)
def test_an_appeal_with_a_question_or_not_knowing_is_taken_down(
    engine: EmbeddedEngine, text: str
) -> None:
    chat = _chat()
    acts = chat.say(text, engine.parse(text))
    flow = chat.state.flow
    if "search_knowledge" in kinds(acts):
        # the question beside the appeal answered first, the intake kept (trial10 N08, t10)
        assert isinstance(flow, KnowledgeFlow)
        assert flow.slots.resume is not None
        assert flow.slots.facts.matter
        assert flow.slots.facts.matter not in flow.slots.query
        assert "想问问" in flow.slots.query
    else:
        assert "不知道" in text  # not knowing asks nothing
        assert isinstance(flow, IntakeFlow)


@pytest.mark.parametrize(
    "text",
    ["俺想问问医保咋报销", "还有 俺想问问医保咋报销", "不是投诉 就是想问问路灯归谁管"],
)
def test_a_question_alone_stays_a_question(text: str) -> None:
    assert reading(text) == "question"
