"""trial9 N04, F16, F20 (issue 12): a knowledge answer answers what was asked, the thing
and the act (materials for a licence, reissuing a lost certificate), or nothing; a
citizen's suggestion for a place is taken down; every wording of "how long will you take"
gets the handling-time entry. Each kind on the trial's inputs and on wordings written for
this file (none of them a training line or an entry's question: checked below).

- N04: an entry about another act on the same thing (the e-version, the annual report,
  changing or cancelling, insuring a newborn) is no answer to "what do I bring to get it"
  or "I lost it, how do I get another" (``nlu.knowledge_acts``); nor is an entry about
  the same act on another thing (身份证补领 for a lost 出生证明);
- F16: 「能不能/应该/最好 在<place> 设个/装个/建个 <thing>」 is a suggestion to file
  (``nlu.suggestions``), never a knowledge answer telling the citizen to call 12345;
- F20: 「这事得几天能办好」, 「大概啥时候有人来修」, 「恁啥时候能给俺答复」 ask how long the
  handling takes: the handling-time entry (rx-001), never a procedure's entry.
"""

from __future__ import annotations

import re

import pytest

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.knowledge import KnowledgeBase
from nlu.knowledge_entry import read_entries
from nlu.normalize import normalize
from nlu.resources import CONFIG_DIR, KNOWLEDGE_DIR
from nlu.suggestions import question_or_matter, suggests

# -- N04: the thing asked and the act asked --------------------------------------------------
#: What to bring to get a licence: never the e-version, the annual report, a change or
#: closing down; answered by an entry about getting one (its materials in the answer).
LICENCE_MATERIALS = [
    "俺想办个营业执照 得带啥",  # trial9 N04
    "开个小卖部办执照要准备啥材料",
    "申请营业执照都要哪些东西",
    "俺闺女想开个服装店 营业执照咋申请",
]
_NOT_OBTAINING = ("电子营业执照", "营业执照年报", "营业执照变更和注销")


@pytest.mark.parametrize("asked", LICENCE_MATERIALS)
def test_licence_materials_get_an_entry_about_getting_one(kb: KnowledgeBase, asked: str) -> None:
    answers = kb.search(asked)
    assert answers, asked
    assert not [a.title for a in answers if a.title in _NOT_OBTAINING], [a.title for a in answers]
    assert "营业执照" in answers[0].title or "登记" in answers[0].title, answers[0].title
    assert "身份证" in answers[0].answer  # what to bring is in the answer


#: The same thing, another act asked: the entry about that act, not the one about getting it.
@pytest.mark.parametrize(
    ("asked", "entry_id"),
    [
        ("营业执照的电子版从哪下载", "qy-006"),
        ("电子执照在手机上咋弄", "qy-006"),
        ("个体户的执照每年都得年报吗", "qy-005"),
        ("店不开了 营业执照咋注销", "qy-004"),
    ],
)
def test_another_act_on_the_licence_keeps_its_entry(
    kb: KnowledgeBase, asked: str, entry_id: str
) -> None:
    answers = kb.search(asked)
    assert answers, asked
    assert answers[0].entry_id == entry_id, [a.title for a in answers]


#: A lost certificate whose reissue no entry is about... or one that is: never an entry that
#: only names the certificate as a material of another service (新生儿参保, 出生登记).
LOST_BIRTH_CERTIFICATE = [
    "孩子的出生证明丢了 咋补啊",  # trial9 N04
    "出生医学证明让俺弄丢了 还能再补一张不",
    "娃的出生证找不着了 上学要用 咋办",
]


@pytest.mark.parametrize("asked", LOST_BIRTH_CERTIFICATE)
def test_a_lost_birth_certificate_is_not_answered_with_another_service(
    kb: KnowledgeBase, asked: str
) -> None:
    answers = kb.search(asked)
    titles = [a.title for a in answers]
    assert not [t for t in titles if t in ("新生儿参保", "新生儿出生登记", "居民身份证换领补领")]
    assert not answers or "补" in answers[0].answer, titles


@pytest.mark.parametrize(
    ("asked", "wrong"),
    [
        ("驾驶证丢了咋补", "驾驶证到期换证"),  # the entry is about expiry, not loss
        ("结婚证丢了 能补办吗", "结婚登记和离婚登记"),  # about marrying, not a lost certificate
        ("第一次办社保卡要带啥", "社保卡补换领"),  # about replacing, not a first card
        ("孩子出生证明上名字写错了咋改", "新生儿参保"),
    ],
)
def test_an_entry_about_another_act_on_the_thing_is_no_answer(
    kb: KnowledgeBase, asked: str, wrong: str
) -> None:
    assert wrong not in [a.title for a in kb.search(asked)]


#: Real policy questions of the same shapes still get their entry.
@pytest.mark.parametrize(
    ("asked", "entry_id"),
    [
        ("户口本让俺弄丢了 咋补", "hj-019"),
        ("身份证丢了 能补一张不", "hj-002"),
        ("刚生的娃咋交医保", "yb-004"),
        ("俺家孩子刚出生 户口咋上", "hj-001"),
        ("社保卡找不着了 咋补", "sb-002"),
        ("医保电子凭证在哪激活", "yb-005"),
        ("驾照快到期了 去哪换", "hj-009"),
        ("领结婚证得带啥", "mz-007"),
    ],
)
def test_a_question_of_the_same_shape_keeps_its_entry(
    kb: KnowledgeBase, asked: str, entry_id: str
) -> None:
    answers = kb.search(asked)
    assert answers, asked
    assert answers[0].entry_id == entry_id, [(a.entry_id, a.title) for a in answers]


#: In a longer message the act asked is that of the asking clause: the acts of the story
#: told before it (灯坏了也没人换, 换了个电瓶) filter nothing.
STORIES = [
    (
        "俺们小区是老小区 楼道灯坏了也没人换 物业都换了好几茬了 俺就想问问老旧小区改造咋申请",
        "zf-010",
    ),
    ("前年买的电动车 去年换了个电瓶 俺想问问电动车上牌得带啥", "hj-010"),
    ("俺家去年换了新电表 电费一下子涨了不少 俺想问问阶梯电价咋算的", "sd-012"),
    ("孩子去年转学过一回 户口也迁过 俺就想问问小学一年级报名得带啥", "jy-001"),
    ("以前的暖气片换过两回了 今年想问问供暖咋报停", "sd-010"),
]


@pytest.mark.parametrize(("asked", "entry_id"), STORIES)
def test_the_acts_of_a_story_are_not_the_act_asked(
    kb: KnowledgeBase, asked: str, entry_id: str
) -> None:
    ids = [a.entry_id for a in kb.search(asked)]
    assert ids[:1] == [entry_id], ids


# -- F16: a suggestion for a place is a matter ------------------------------------------------
PLACE_SUGGESTIONS = [
    "能不能在实验小学门口设个红绿灯 孩子过马路太危险",  # trial9 F16
    "应该在菜市场路口装个监控 老丢东西",
    "可不可以在俺村东头修个公厕",
    "最好在汽车站对面建个天桥",
    "二中门口能不能画条斑马线 学生过马路没地方走",
    "能不能给俺们小区装几个充电桩",
]
PLACE_QUESTIONS = [
    "能不能在网上办居住证",
    "可不可以在菏泽开个公司 要啥手续",
    "能不能在派出所开个无犯罪证明",
    "应该在哪办营业执照",
    "路口的红绿灯该找谁反映",
]


@pytest.mark.parametrize("text", PLACE_SUGGESTIONS)
def test_a_suggestion_for_a_place_is_a_matter(text: str) -> None:
    assert suggests(normalize(text)), text
    assert question_or_matter(normalize(text)) == "matter"


@pytest.mark.parametrize("text", PLACE_QUESTIONS)
def test_a_question_about_a_place_or_a_procedure_is_no_suggestion(text: str) -> None:
    assert not suggests(normalize(text)), text


@pytest.mark.parametrize("text", PLACE_SUGGESTIONS[:3])
def test_the_engine_files_a_suggestion_for_a_place(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.asks == "matter"
    assert result.intent.name == "appeal"


_CALL_US = re.compile(r"(?:拨打|打|致电|拨)[^，。；]{0,6}12345(?!\d)")


def test_no_entry_tells_the_citizen_to_call_the_hotline_it_is_talking_to() -> None:
    told = [e.id for e in read_entries(KNOWLEDGE_DIR) if _CALL_US.search(e.answer)]
    assert told == []


# -- F20: how long the handling takes ---------------------------------------------------------
HANDLING_TIME = [
    "这事得几天能办好",  # trial9 F20
    "大概啥时候有人来修",  # trial9 F20
    "恁啥时候能给俺答复",  # trial9 F20
    "俺这个事多长时间能处理完",
    "啥时候能给个回音啊",
    "一般得多少天能有结果",
    "处理下来得多久",
]


@pytest.mark.parametrize("text", HANDLING_TIME)
def test_every_wording_of_the_handling_time_gets_its_entry(kb: KnowledgeBase, text: str) -> None:
    answers = kb.search(text)
    assert [a.entry_id for a in answers][:1] == ["rx-001"], [a.title for a in answers]


#: How long a procedure takes is the procedure's own entry, or nothing; never rx-001.
@pytest.mark.parametrize(
    ("asked", "entry_id"),
    [
        ("临时身份证当天能拿到不", "hj-013"),
        ("公积金贷款批下来多久放款", "gjj-006"),
        ("新房子多长时间能办下来不动产证", "zf-001"),
    ],
)
def test_a_procedures_time_keeps_its_own_entry(
    kb: KnowledgeBase, asked: str, entry_id: str
) -> None:
    ids = [a.entry_id for a in kb.search(asked)]
    assert ids[:1] == [entry_id], ids


@pytest.mark.parametrize("asked", ["种粮补贴啥时候发", "养老金几号到账", "身份证补办几天能拿到"])
def test_when_a_payment_or_a_document_comes_is_not_the_handling_time(
    kb: KnowledgeBase, asked: str
) -> None:
    assert "rx-001" not in [a.entry_id for a in kb.search(asked)]


def test_these_wordings_are_not_training_lines_nor_entry_questions() -> None:
    lines = {e.text for e in load_examples(CONFIG_DIR)}
    asked = {q for e in read_entries(KNOWLEDGE_DIR) for q in (e.title, *e.questions)}
    mine = [
        *LICENCE_MATERIALS,
        *LOST_BIRTH_CERTIFICATE,
        *(t for t, _ in STORIES),
        *PLACE_SUGGESTIONS,
        *PLACE_QUESTIONS,
        *HANDLING_TIME,
    ]
    assert not [t for t in mine if t in lines or t in asked]
