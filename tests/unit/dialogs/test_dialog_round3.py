"""Third round of conversations a citizen can finish (issue 12, trials 3 and 4): urging
during an intake, a person asked for after an order, the matching legal channel, safety
advice with an emergency, an insult kept out of the matter, a service for a relative."""

from __future__ import annotations

import pytest

from dialogs.asides import without_insulting_clauses
from dialogs.context import DialogContext
from dialogs.model import Handoff, OrderOpened, Transfer
from dialogs.state import HandoffFlow
from dialogs.wording import Wording
from nlu.types import Emergency, Intent, NluResult, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import NO_DETAIL, Chat, kinds, nlu, slots, texts

NUMBER = "HZ20260302-000123"


def _at_contact(chat: Chat) -> None:
    text = "郓城县郓州街道建设路上的下水道堵了好几天"
    chat.say(text, nlu(text, county="郓城县", township="郓州街道", category="城乡建设"))
    assert chat.state.step == "contact"


# ------------------------------------------------ urging or venting during an intake
@pytest.mark.parametrize(
    "vent", ["你们到底管不管！！！", "恁们倒是管不管啊", "能不能快点给办", "急死人了", "到底办不办"]
)
def test_urging_during_an_intake_is_acknowledged_and_never_the_matter(
    chat: Chat, vent: str
) -> None:
    _at_contact(chat)
    matter = slots(chat).matter
    acts = chat.say(vent, nlu(vent, "appeal", confidence=0.5))
    said = texts(acts)
    assert "理解您的心情" in said
    assert not said.startswith("好的")
    assert slots(chat).matter == matter  # nothing added as （补充）
    assert chat.state.step == "contact"
    assert "手机号码" in said  # the open question asked again
    chat.say("孙立新 13853007788")
    assert vent not in slots(chat).matter


@pytest.mark.parametrize("opener", [None, "我想反映一下"])
def test_urging_before_any_matter_asks_what_it_is_about(chat: Chat, opener: str | None) -> None:
    if opener is not None:
        chat.say(opener)
    vent = "你们到底管不管！！！"
    acts = chat.say(vent, nlu(vent, "appeal", confidence=0.5))
    said = texts(acts)
    assert "理解您的心情" in said
    assert "什么问题" in said
    assert "哪里？" not in said  # never "where did it happen?" for an outburst
    text = "单县浮岗镇刘楼村的自来水停了三天了"
    chat.say(text, nlu(text, county="单县", township="浮岗镇", category="城乡建设"))
    assert "自来水停了三天了" in slots(chat).matter
    assert vent not in slots(chat).matter


def test_a_complaint_with_facts_is_still_added_to_the_matter(chat: Chat) -> None:
    _at_contact(chat)
    more = "污水都漫到路上了 小孩上学都没法走"
    chat.say(more)
    assert "漫到路上" in slots(chat).matter


# ----------------------------------------------- a person asked for after an order
@pytest.mark.parametrize(
    "ask",
    ["我想找人工问一下多久能修好", "帮俺转个人工 问问啥时候来人", "能不能找个工作人员说说这个事"],
)
def test_a_person_asked_for_after_the_order_gets_an_agent_with_the_order(
    chat: Chat, ask: str
) -> None:
    _at_contact(chat)
    chat.say("匿名")
    chat.say("确认")
    chat.feed(OrderOpened(number=NUMBER, unit_name="郓城县住建局", deadline=None))
    acts = chat.say(ask, nlu(ask, "appeal", category="城乡建设"))
    assert "handoff" in kinds(acts)
    assert chat.flow != "intake"
    hand = next(a for a in acts if isinstance(a, Handoff))
    assert NUMBER in hand.summary
    flow = chat.state.flow
    assert isinstance(flow, HandoffFlow)
    assert flow.slots.number == NUMBER


def test_no_person_wanted_in_so_many_words_is_no_hand_off(chat: Chat) -> None:
    _at_contact(chat)
    said = "不用给我找工作人员了 匿名就行 你们尽快处理"
    acts = chat.say(said)
    assert "handoff" not in kinds(acts)
    assert chat.flow == "intake"


def test_man_made_things_are_no_request_for_a_person(chat: Chat) -> None:
    text = "小区门口的人工湖臭了 蚊子特别多"
    acts = chat.say(text, nlu(text, category="城乡建设"))
    assert "handoff" not in kinds(acts)
    assert chat.flow == "intake"


# ------------------------------------------------ safety advice first, every channel
def _alarm(text: str, service: str, situation: str | None) -> NluResult:
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        triage=Triage(TriageOutcome.EMERGENCY, "规则匹配", service=service, services=(service,)),
        emergency=Emergency("emergency", (service,), situation, "规则", 0.99, source="rule")
        if situation
        else None,
    )


@pytest.mark.parametrize("channel", ["web", "sms", "wechat", "voice"])
@pytest.mark.parametrize(
    ("said", "service", "situation", "advice"),
    [
        ("闻着一股煤气味 整个楼道都是", "119", "gas", "关闭燃气阀门"),
        ("厨房天然气管子呲呲漏气", "119", None, "关闭燃气阀门"),
        ("俺家楼下那户着火了 烟老大了", "119", "fire", "不要乘"),
        ("工地上有人触电了 倒地上了", "120", "electric", "切断电源"),
        ("有个小孩掉河里了", "110", None, "不要贸然下水"),
    ],
)
def test_the_standard_safety_advice_comes_first_on_every_channel(
    wording: Wording, channel: str, said: str, service: str, situation: str | None, advice: str
) -> None:
    chat = Chat(DialogContext.for_channel(channel, wording, NO_DETAIL), channel=channel)
    acts = chat.say(said, _alarm(said, service, situation))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert advice in transfer.text
    assert transfer.text.index(advice) < transfer.text.index(service)


def test_an_emergency_without_standard_advice_gets_the_number_only(chat: Chat) -> None:
    said = "有人在俺们村口打架 拿着刀"
    acts = chat.say(said, _alarm(said, "110", "violence"))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert transfer.text.startswith("您反映的情况属于紧急事项")


def test_safety_advice_without_an_nlu_result_reads_the_words(chat: Chat) -> None:
    acts = chat.say("俺家煤气泄漏了", None)
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert transfer.text.startswith("请立即关闭燃气阀门")


# ---------------------------------------------- 第十三条(二): the one channel that fits
def _legal(text: str, matched: str) -> NluResult:
    return nlu(text, triage=TriageOutcome.LEGAL_CHANNEL, reason="法定途径").__class__(
        text=text,
        intent=Intent("appeal", 0.9),
        triage=Triage(TriageOutcome.LEGAL_CHANNEL, "法定途径", matched=matched),
    )


@pytest.mark.parametrize(
    ("said", "matched", "channel", "others"),
    [
        ("俺要举报俺们镇上的副镇长收人家的钱 给人批宅基地", "收", "12388", ("法院", "仲裁")),
        ("我要实名举报某局的科长受贿", "受贿", "纪检监察机关", ("仲裁", "信访部门")),
        ("俺跟他的借款官司法院判了 他就是不还", "法院", "受理案件的人民法院", ("12388", "仲裁")),
        (
            "老板不给签合同 俺已经申请劳动仲裁了 能不能快点",
            "仲裁",
            "劳动人事争议仲裁委员会",
            ("12388",),
        ),
        ("我想申请公开一下俺村征地补偿的批复文件", "申请公开", "依申请公开", ("仲裁", "12388")),
        ("上访好几年了 信访局一直没给答复", "上访", "信访部门", ("12388", "仲裁")),
    ],
)
def test_a_legal_channel_answer_names_the_one_channel_that_fits(
    chat: Chat, said: str, matched: str, channel: str, others: tuple[str, ...]
) -> None:
    acts = chat.say(said, _legal(said, matched))
    answer = texts(acts)
    assert channel in answer
    for other in others:
        assert other not in answer
    assert "或信访等法定途径" not in answer  # not the list of every channel
    assert chat.flow == "idle"


def test_a_legal_channel_matter_fitting_no_channel_gets_the_general_answer(chat: Chat) -> None:
    said = "这个事我想走法律程序"
    acts = chat.say(said, _legal(said, "法律程序"))
    assert "法定途径" in texts(acts)


# --------------------------------------- an insult inside an appeal never reaches the unit
@pytest.mark.parametrize(
    ("said", "kept", "gone"),
    [
        ("小区门口的路灯坏了一个多月 你们这帮废物 赶紧给修", "赶紧给修", "废物"),
        ("恁们都是一帮吃干饭的！俺村东头的桥塌了一半 车都过不去", "桥塌了一半", "吃干饭"),
        ("菜市场门口的污水横流好几天了，你们这些骗子，就知道糊弄人", "污水横流", "骗子"),
    ],
)
def test_an_insult_inside_an_appeal_is_warned_and_dropped_from_the_matter(
    chat: Chat, said: str, kept: str, gone: str
) -> None:
    acts = chat.say(said, nlu(said, category="城乡建设", abusive=True))
    assert "flag_abuse" in kinds(acts)
    assert "第十一条" in texts(acts)
    matter = slots(chat).matter
    assert kept in matter
    assert gone not in matter
    assert "  " not in matter
    assert "，，" not in matter


def test_the_matter_keeps_its_words_when_the_insult_is_inside_its_clause() -> None:
    assert without_insulting_clauses("下水道堵了你们这帮废物也不管") == "下水道堵了也不管"
    # a supplement mark stays with what is left of the supplement
    cleaned = without_insulting_clauses("路灯坏了\n（补充）你们都是骗子，天天不管")
    assert cleaned == "路灯坏了\n（补充）天天不管"
    # 垃圾 of an appeal is no insult
    assert without_insulting_clauses("垃圾三天没人清，你们赶紧来") == "垃圾三天没人清，你们赶紧来"


# ------------------------------------------- a service wanted for a family member
@pytest.mark.parametrize(
    "said", ["想给孩子办户口", "俺想替俺娘申请低保", "我要给老人办张老年卡", "打算给闺女补办身份证"]
)
def test_a_service_wanted_for_a_family_member_is_a_question(chat: Chat, said: str) -> None:
    # the classifier reads it as an appeal; wanting a service is asking how it is done
    acts = chat.say(said, nlu(said, "appeal", category="政法"))
    assert chat.flow == "knowledge"
    assert "search_knowledge" in kinds(acts)
    assert "哪里" not in texts(acts)


@pytest.mark.parametrize(
    "said", ["想给孩子办户口 派出所一直不给办", "给俺娘申请低保 跑了好几趟都没批"]
)
def test_a_trouble_with_a_service_for_a_family_member_is_a_matter(chat: Chat, said: str) -> None:
    chat.say(said, nlu(said, "appeal", category="政法"))
    assert chat.flow == "intake"
