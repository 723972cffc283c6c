"""trial17 kinds of the knowledge base and 第十三条 through the shipped model's NLU and the
shipped knowledge base (config/knowledge).

* a question about the hotline itself (its hours, scope, what it is, its cost) is
  answered from its own entries (rexian.yml), never taken down as an appeal;
* a question and a matter in one message, the question first, joined by 另外/还有/对了:
  the question answered and the matter taken down (its content the matter only);
* 「匿名」, 「不留名」 after an answer, after none, or before the place is known is the
  appeal's anonymity, said back; never a place not understood nor a goodbye;
* a problem asked as a question (「俺家暖气咋还不热啊」) is an appeal; a policy question
  (「社保卡丢了咋补办」) is answered;
* 第十三条(二)-(六): a matter in arbitration, review, a petition or a court, something the
  law forbids, a post demanded outright, someone's stay records or a camp's secrets: the
  proper body and procedure told, no order; the citizen may go on;
* an open order said solved or withdrawn after its progress: the withdrawal recorded and
  a courteous close.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    Action,
    Handoff,
    KnowledgeFound,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    RecordDisposition,
    SearchKnowledge,
)
from dialogs.state import IntakeFlow
from nlu.engine import NluEngine, load_engine
from nlu.knowledge import KnowledgeBase
from nlu.resources import KNOWLEDGE_DIR
from tests.unit.dialogs.dialog_helpers import Chat, slots, texts


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
        return texts(self.acts(text))

    def acts(self, text: str) -> list[Action]:
        return self._run(self.chat.say(text, self.engine.parse(text)))

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


# ------------------------------------------------------------ 1. the hotline itself
@pytest.mark.parametrize(
    ("asked", "entry"),
    [
        ("你们几点上班", "rx-002"),
        ("恁几点下班啊", "rx-002"),
        ("12345晚上有人接吗", "rx-002"),
        ("节假日有人上班吗", "rx-002"),
        ("请问12345晚上能打通吗", "rx-002"),
        ("能投诉啥", "rx-004"),
        ("你们这个热线能管哪些事", "rx-004"),
        ("啥事都能反映吗", "rx-004"),
        ("你们都管啥", "rx-004"),
        ("12345是干啥的", "rx-005"),
        ("热线是做什么的", "rx-005"),
        ("打12345要钱吗", "rx-007"),
        ("这个热线收费不", "rx-007"),
        ("反映问题会不会泄露俺的信息", "rx-008"),
        ("对处理结果不满意咋办", "rx-009"),
        ("多久能回复", "rx-001"),
    ],
)
def test_a_question_about_the_hotline_is_answered_from_its_own_entries(
    talk: Talk, asked: str, entry: str
) -> None:
    told = talk.say(asked)
    assert talk.found[:1] == [entry], (talk.found, told)
    assert "来源：菏泽市12345政务服务便民热线工作机构" in told, told
    assert not isinstance(talk.chat.state.flow, IntakeFlow)


@pytest.mark.parametrize("asked", ["公积金中心几点上班", "政务服务中心几点上班"])
def test_another_bodys_hours_are_its_own_entry(talk: Talk, asked: str) -> None:
    talk.say(asked)
    assert talk.found, asked
    assert not talk.found[0].startswith("rx-"), talk.found


def test_a_hotline_question_in_an_intake_is_answered_and_the_intake_goes_on(talk: Talk) -> None:
    talk.say("俺们小区门口路灯坏了 晚上黑咕隆咚的")
    assert talk.chat.state.step == "where"
    told = talk.say("你们晚上有人值班吗")
    assert talk.found[-1:] == ["rx-002"], talk.found
    assert "二十四小时" in told
    assert isinstance(talk.chat.state.flow, IntakeFlow)
    assert talk.chat.state.step == "where"
    assert "值班" not in talk.chat.state.flow.slots.matter


# ------------------------------------------------------------ 3. anonymity at any step
ANON = ["匿名", "不留名", "俺不想留名", "名字电话都不留"]


@pytest.mark.parametrize("anon", ANON)
def test_anonymity_after_no_answer_files_the_question_anonymously(talk: Talk, anon: str) -> None:
    talk.say("俺家狗证咋办")
    assert talk.chat.state.step == "unfound"
    told = talk.say(anon)
    assert "匿名受理" in told, told
    assert isinstance(talk.chat.state.flow, IntakeFlow)
    assert slots(talk.chat).anonymous is True
    assert "狗证" in slots(talk.chat).matter
    assert anon not in slots(talk.chat).matter


@pytest.mark.parametrize("anon", ANON[:2])
def test_anonymity_after_an_answer_files_it_anonymously(talk: Talk, anon: str) -> None:
    talk.say("电动车咋上牌")
    assert talk.chat.state.step == "solved"
    told = talk.say(anon)
    assert "匿名受理" in told, told
    assert slots(talk.chat).anonymous is True


def test_filing_asked_with_anonymity_after_no_answer_keeps_it(talk: Talk) -> None:
    talk.say("俺家狗证咋办")
    talk.say("登记转办吧 俺不留名")
    assert slots(talk.chat).anonymous is True


@pytest.mark.parametrize("anon", ANON)
def test_anonymity_before_the_county_is_known_is_said_back_and_the_place_asked(
    talk: Talk, anon: str
) -> None:
    talk.say("小区门口的路灯坏了")
    assert talk.chat.state.step == "where"
    told = talk.say(anon)
    assert "匿名受理" in told, told
    assert "暂未能确定" not in told, told
    assert talk.chat.state.step == "where"
    assert slots(talk.chat).anonymous is True
    talk.say("牡丹区西城街道阳光小区")
    assert talk.chat.state.step == "confirm"


@pytest.mark.parametrize("anon", ANON[:2])
def test_anonymity_at_the_start_is_kept_for_the_matter(talk: Talk, anon: str) -> None:
    talk.say(anon)
    talk.say("小区门口路灯坏了")
    assert slots(talk.chat).anonymous is True


# ------------------------------------------------------------ 2. a question, then a matter
@pytest.mark.parametrize(
    ("said", "entry", "matter"),
    [
        ("办居住证要啥材料 另外俺小区门口路灯坏了", "hj-005", "路灯"),
        ("身份证丢了咋补办 还有俺们村的路坑坑洼洼的没人修", "hj-002", "坑坑洼洼"),
        ("社保卡丢了咋补办 另外 俺家门口下水道堵了好几天了", "sb-002", "下水道"),
        ("电动车咋上牌 对了 俺们楼道灯不亮了", "hj-010", "楼道灯"),
    ],
)
def test_a_question_then_a_matter_answers_the_one_and_takes_down_the_other(
    talk: Talk, said: str, entry: str, matter: str
) -> None:
    told = talk.say(said)
    assert talk.found[:1] == [entry], (talk.found, told)
    assert isinstance(talk.chat.state.flow, IntakeFlow)
    taken = slots(talk.chat).matter
    assert matter in taken, taken
    assert said.split()[0] not in taken, taken


def test_two_questions_are_no_matter(talk: Talk) -> None:
    talk.say("办居住证要啥材料 另外户口咋迁")
    assert not isinstance(talk.chat.state.flow, IntakeFlow)


# ------------------------------------------------------------ 4. a problem asked as a question
@pytest.mark.parametrize(
    "said",
    [
        "俺家暖气咋还不热啊",
        "路灯啥时候能修好",
        "俺们楼道灯咋还不亮",
        "村里的自来水咋又停了",
        "小区门口的垃圾咋还没人拉",
    ],
)
def test_a_problem_asked_as_a_question_is_an_appeal(talk: Talk, said: str) -> None:
    acts = talk.acts(said)
    assert not any(isinstance(a, SearchKnowledge) for a in acts), acts
    assert isinstance(talk.chat.state.flow, IntakeFlow)


@pytest.mark.parametrize(
    ("said", "entry"),
    [
        ("社保卡丢了咋补办", "sb-002"),
        ("电动车咋上牌", "hj-010"),
        ("新买的电瓶车 上牌子去哪上", "hj-010"),
        ("电驴子咋上牌子", "hj-010"),
    ],
)
def test_a_policy_question_is_answered(talk: Talk, said: str, entry: str) -> None:
    talk.say(said)
    assert talk.found[:1] == [entry]


# ------------------------------------------------------------ 5. 第十三条(二)-(六)
def _disposition(acts: list[Action]) -> list[str]:
    return [a.disposition for a in acts if isinstance(a, RecordDisposition)]


@pytest.mark.parametrize(
    ("said", "disposition", "body"),
    [
        ("俺跟厂里的劳动仲裁一直没出结果 恁帮俺催催", "referred", "仲裁委员会"),
        ("仲裁委立了案快仨月了 还不开庭", "referred", "仲裁委员会"),
        ("俺申请了行政复议 复议机关一直拖着不给决定", "referred", "行政复议"),
        ("复议申请交上去一个月了没动静", "referred", "行政复议"),
        ("俺去信访局上访好几回了 没人管", "referred", "信访"),
        ("俺写给信访局的信转到镇上了 一直没回音", "referred", "信访"),
        ("这个事法院已经判了 俺不服 想让你们管管", "referred", "人民法院"),
        ("过年俺就要在城里放炮 凭啥不让放", "persuaded", "法律"),
        ("俺家拆下来的碎砖烂瓦 半夜倒到河沟里中不中", "persuaded", "法律"),
        ("恁政府给俺儿安排到事业单位吧 他毕业一直没活干", "rejected", "公开招聘"),
        ("俺想查查俺男人最近在哪个宾馆开过房 他外头有人了", "explained", "个人信息"),
        ("城东那个部队大院里头是干啥的 恁给俺说说", "explained", "国家秘密"),
        ("政府能不能给俺闺女分配个正式工作 进机关也中", "rejected", "公开招聘"),
        ("俺想在快手上发视频说村支书拿了低保的钱 证据俺是没有", "persuaded", "诽谤"),
        ("俺想在网上发帖说邻居偷东西 没凭没据的 就是看他不顺眼", "persuaded", "诽谤"),
    ],
)
def test_a_matter_for_another_channel_or_against_the_law_is_told_the_proper_way(
    talk: Talk, said: str, disposition: str, body: str
) -> None:
    acts = talk.acts(said)
    assert _disposition(acts) == [disposition], (acts, texts(acts))
    assert body in texts(acts)
    assert not any(isinstance(a, OpenWorkOrder) for a in acts)
    assert not isinstance(talk.chat.state.flow, IntakeFlow)


def test_after_a_referral_the_citizen_goes_on(talk: Talk) -> None:
    told = talk.say("俺跟厂里的劳动仲裁一直没出结果 恁帮俺催催")
    assert "欢迎继续留言" in told
    talk.say("那俺再问个事 社保卡丢了咋补办")
    assert talk.found[-1:] == ["sb-002"]


# ------------------------------------------------------------ 6. withdrawal after progress
NUMBER = "HZ20260301-000007"


def _told_progress(talk: Talk) -> None:
    acts = talk.acts(f"查询{NUMBER} 1234")
    looked = [a for a in acts if isinstance(a, LookupOrder)]
    assert looked, acts
    talk.chat.feed(OrderFound(found=True, number=NUMBER, state="dispatched", state_label="办理中"))


@pytest.mark.parametrize(
    "said",
    [
        "已经修好了 不用管了",
        "撤回吧",
        "问题解决了 工单撤了吧",
        "路灯已经亮了 不用再派人来了",
        "来水了 不用了",
    ],
)
def test_an_open_order_withdrawn_after_its_progress_is_recorded_and_closed(
    talk: Talk, said: str
) -> None:
    _told_progress(talk)
    acts = talk.acts(said)
    assert _disposition(acts) == ["withdrawn"], acts
    told = texts(acts)
    assert NUMBER in told
    assert "撤回" in told
    hand = [a for a in acts if isinstance(a, Handoff)]
    assert hand
    assert NUMBER in hand[0].summary


@pytest.mark.parametrize("said", ["好的 谢谢", "算了", "那个工单撤销了吗"])
def test_thanks_or_a_question_after_progress_withdraws_nothing(talk: Talk, said: str) -> None:
    _told_progress(talk)
    acts = talk.acts(said)
    assert "withdrawn" not in _disposition(acts)
