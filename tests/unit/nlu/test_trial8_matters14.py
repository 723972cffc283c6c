"""trial8 F16, F20, F24 (helper forbid14): each kind on the trial's input and on wordings
written for this file (none of them a training line: checked below).

- F16: a suggestion (建议/希望/能不能多…/最好…) is a matter to file, never a knowledge answer
  sharing its words (「建议…多装几个路灯」 got 路灯报修): ``nlu.suggestions``;
- F20: a question about the hotline's own handling time (「你们多久能给处理啊」) gets the
  handling-time entry (config/knowledge/rexian.yml, 第十五条/第十六条), and a question
  whose subject is only a word of when or of a common act (多久, 处理) needs a higher score
  (``nlu.knowledge.LIGHT_THRESHOLD``): never an unrelated entry (临时身份证办理);
- F24: a blocked or occupied fire lane has one label, 城乡建设/安全生产 (CXJS-01, the
  emergency management bureau in config/data/catalogue.yaml; no fire-service unit exists),
  whatever else the message names (物业也不管).
"""

from __future__ import annotations

import pytest

from casebridge.catalogue import load_catalogue
from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.knowledge import KnowledgeBase
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, REPO_ROOT
from nlu.suggestions import question_or_matter, suggests

SUGGESTIONS = [
    "建议在万福河边多装几个路灯 晚上散步的人多",  # trial8 F16
    "希望在俺村口安个红绿灯 车太快了",
    "能不能在二中门口多设几个减速带",
    "俺建议21路公交晚上再多开一班",
    "最好在人民广场多放几个垃圾桶",
    "提个建议 老城区停车位太少 能不能多划点",
]
NOT_SUGGESTIONS = [
    "有什么好的建议吗",
    "投诉建议渠道是啥",
    "路灯坏了 啥时候修",
    "身份证丢了怎么补办",
    "临时身份证多久能拿",
]


@pytest.mark.parametrize("text", SUGGESTIONS)
def test_a_suggestion_is_a_matter_to_file(text: str) -> None:
    assert suggests(normalize(text))
    assert question_or_matter(normalize(text)) == "matter"


@pytest.mark.parametrize("text", NOT_SUGGESTIONS)
def test_a_question_is_no_suggestion(text: str) -> None:
    assert not suggests(normalize(text))


@pytest.mark.parametrize("text", SUGGESTIONS[:3])
def test_the_engine_files_a_suggestion(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.asks == "matter"
    assert result.intent.name == "appeal"


HANDLING_TIME = [
    "你们多久能给处理啊",  # trial8 F20
    "你们多久能给俺处理好",
    "反映的事几天能有结果",
    "工单几天能办结",
]


@pytest.mark.parametrize("text", HANDLING_TIME)
def test_the_hotline_handling_time_gets_its_answer(kb: KnowledgeBase, text: str) -> None:
    answers = kb.search(text)
    assert answers, text
    assert answers[0].entry_id == "rx-001"
    assert "5个工作日" in answers[0].answer


@pytest.mark.parametrize("text", ["多久能处理", "几天能解决", "啥时候给答复"])
def test_a_when_word_alone_gets_no_unrelated_entry(kb: KnowledgeBase, text: str) -> None:
    # trial9 F20: how long the handling takes, however worded, is the hotline's time limit
    # (nlu.knowledge_handling); never a procedure's entry
    assert [a.entry_id for a in kb.search(text)] == ["rx-001"]


def test_a_procedure_time_keeps_its_own_entry(kb: KnowledgeBase) -> None:
    ids = [a.entry_id for a in kb.search("临时身份证多久能拿")]
    assert ids[:1] == ["hj-013"]


FIRE_LANES = [
    "俺们小区消防通道天天被私家车占着 物业也不管",  # trial8 F24
    "楼下的消防通道让几辆车堵得严严实实",
    "超市后门消防通道堆的全是纸箱子",
    "小区物业在消防车道上划了停车位收钱",
]


@pytest.mark.parametrize("text", FIRE_LANES)
def test_a_blocked_fire_lane_is_safety(engine: EmbeddedEngine, text: str) -> None:
    category = engine.parse(text).category
    assert category is not None
    assert (category.level1, category.level2) == ("城乡建设", "安全生产")


def test_the_fire_lane_label_is_in_the_catalogue() -> None:
    catalogue = load_catalogue(REPO_ROOT / "config" / "data")
    entries = [
        e for e in catalogue.entries.values() if (e.level1, e.level2) == ("城乡建设", "安全生产")
    ]
    assert entries
    assert {e.unit_type for e in entries} == {"department:应急"}


def test_every_fire_lane_example_has_the_one_label() -> None:
    labels = {
        e.intent
        for e in load_examples(CONFIG_DIR)
        if e.intent.startswith("appeal__") and ("消防通道" in e.text or "消防车道" in e.text)
    }
    assert labels == {"appeal__城乡建设__安全生产"}


def test_these_wordings_are_not_training_lines() -> None:
    lines = {e.text for e in load_examples(CONFIG_DIR)}
    mine = [*SUGGESTIONS, *HANDLING_TIME, *FIRE_LANES]
    assert not [t for t in mine if t in lines]
