"""trial17, consult questions through the shipped model's NLU and the shipped knowledge base
(config/knowledge): each reported input beside near twins written for this file.

* a how-to question about a benefit told with a kin's hardship (「农村低保咋申请 俺家老人
  没人管」) is answered from its entry (mz-001: apply at the 乡镇/街道 of household
  registration), not taken down as an appeal asked where; the citizen may then add a matter;
* drinking water gone off, asked whether to drink (「俺们村自来水黄的 能喝不」) is a matter
  taken down with a line not to drink it until tested, never the new-connection article.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from dialogs.model import Action, KnowledgeFound, SearchKnowledge
from dialogs.state import IntakeFlow
from nlu.engine import NluEngine, load_engine
from nlu.knowledge import KnowledgeBase
from nlu.resources import KNOWLEDGE_DIR
from tests.unit.dialogs.dialog_helpers import Chat, texts


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(KNOWLEDGE_DIR)


class Talk:
    """A chat whose knowledge searches are answered by the shipped knowledge base."""

    def __init__(self, ctx: DialogContext, engine: NluEngine, kb: KnowledgeBase) -> None:
        self.chat = Chat(ctx)
        self.engine = engine
        self.kb = kb
        self.found: list[str] = []  # the entry ids answered, in order

    def say(self, text: str) -> str:
        return texts(self._run(self.chat.say(text, self.engine.parse(text))))

    def _run(self, acts: list[Action]) -> list[Action]:
        out = list(acts)
        for a in acts:
            if isinstance(a, SearchKnowledge):
                hits = tuple(self.kb.search(a.query, k=3))
                self.found.extend(h.entry_id for h in hits[:1])
                out += self._run(self.chat.feed(KnowledgeFound(answers=hits)))
        return out


@pytest.fixture
def talk(ctx: DialogContext, engine: NluEngine, kb: KnowledgeBase) -> Talk:
    return Talk(ctx, engine, kb)


@pytest.mark.parametrize(
    "asked",
    [
        "农村低保咋申请 俺家老人没人管",  # reported
        "俺娘瘫在床上没人照顾 低保咋办",
        "低保去哪申请 俺爷爷岁数大了没人管",
    ],
)
def test_a_benefit_asked_about_beside_a_hardship_is_answered(talk: Talk, asked: str) -> None:
    told = talk.say(asked)
    assert talk.found[:1] == ["mz-001"], (talk.found, told)
    assert "户籍所在地乡镇" in told
    assert "发生在哪里" not in told
    assert not isinstance(talk.chat.state.flow, IntakeFlow)


def test_after_the_benefit_answer_the_citizen_may_file_a_matter(talk: Talk) -> None:
    talk.say("农村低保咋申请 俺家老人没人管")
    told = talk.say("未解决")
    assert isinstance(talk.chat.state.flow, IntakeFlow), told
    assert "登记" in told


@pytest.mark.parametrize(
    "said",
    [
        "俺们村自来水黄的 能喝不",  # reported
        "水龙头放出来的水浑的 还有味 能喝吗",
        "俺家井水发臭了 能不能喝",
    ],
)
def test_drinking_water_gone_off_is_a_matter_with_a_do_not_drink_line(
    talk: Talk, said: str
) -> None:
    told = talk.say(said)
    assert "报装" not in told
    assert "sd-001" not in talk.found
    assert "不要直接饮用" in told
    assert isinstance(talk.chat.state.flow, IntakeFlow), told


def test_an_ordinary_water_question_keeps_its_article(talk: Talk) -> None:
    told = talk.say("自来水开户需要啥材料")
    assert talk.found[:1] == ["sd-001"], (talk.found, told)
    assert "不要直接饮用" not in told
