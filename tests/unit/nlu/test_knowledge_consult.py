"""Who handles it: a citizen asking where to turn is answered from the knowledge base
(第十二条), not taken into an intake (trial5 F29: ``共享单车乱停放找谁`` got the place
question although the knowledge base has 「共享电单车管理」).

The wording of the finding, and new wordings of the same kind written for this test (none
of them a knowledge entry's question nor a training line); a grievance or a request that
also asks who handles it stays a matter to file.
"""

from __future__ import annotations

import pytest

from config.settings import DATA_DIR
from dialogs.context import DialogContext, Thresholds
from dialogs.wording import load_wording
from nlu.engine import EmbeddedEngine
from nlu.knowledge import KnowledgeBase
from nlu.questions import parts, reading
from tests.unit.dialogs.dialog_helpers import Chat, kinds

F29 = ["共享单车乱停放找谁", "共享单车乱停放归哪个部门管", "共享单车乱停放该找谁"]
# the same kind in other words (who handles a public nuisance or service)
COMPETENCE = [
    "小区门口有人占道摆摊 这个归谁管",
    "楼上装修周末一大早就砸墙 应该找哪个部门",
    "饭店的油烟直接排到楼道里 向哪个部门反映",
    "工地晚上十二点还在打桩 找哪里",
    "路边的广告牌歪了 是哪个部门负责",
    "共享电动车堆在盲道上 该找哪个单位",
]
# reproach, a wait already spent, repeated contacts, or asking someone to come: a matter
STILL_MATTERS = [
    "多次反映了没人管 到底找谁",
    "共享单车堵了俺家门口 打了好几次电话了 还没人来 该找谁",
    "路灯坏了 能派人来修一下吗 找谁都行",
    "出租车司机绕路多收钱 这事谁管",
    "为什么共享单车乱停放一直没人管",
]


@pytest.mark.parametrize("text", F29 + COMPETENCE)
def test_asking_who_handles_it_is_a_question(text: str) -> None:
    assert parts(text).competence
    assert reading(text) == "question"


@pytest.mark.parametrize("text", STILL_MATTERS)
def test_a_grievance_or_a_request_that_asks_who_handles_it_stays_a_matter(text: str) -> None:
    assert reading(text) == "matter"


@pytest.mark.parametrize("text", F29)
def test_the_engine_reads_the_trial_wordings_as_questions(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert result.asks == "question"
    assert result.intent.name == "ask_info"
    assert result.triage is None


@pytest.mark.parametrize("text", [*F29, "共享电单车到处乱停该找哪个部门"])
def test_the_knowledge_base_has_the_answer(kb: KnowledgeBase, text: str) -> None:
    found = kb.search(text, 1)
    assert found, text
    assert found[0].title == "共享电单车管理"
    assert found[0].source_unit


@pytest.mark.parametrize("text", F29)
def test_the_dialogue_searches_the_knowledge_base_instead_of_starting_an_intake(
    engine: EmbeddedEngine, text: str
) -> None:
    ctx = DialogContext.for_channel(
        "sms", load_wording(DATA_DIR), Thresholds(ask_place_detail=False)
    )
    chat = Chat(ctx, channel="sms", phone="13900000000")
    acts = chat.say(text, engine.parse(text))
    assert kinds(acts) == ["search_knowledge"]
    assert chat.flow == "knowledge"
