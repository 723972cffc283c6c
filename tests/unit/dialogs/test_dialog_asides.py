"""Trial 3 (issue 12): what is no matter to file, and what an intake survives.

An opener said again gets a short prompt (F31); "file it again" after the receipt is
the receipt (F18); the hotline's own staff complained about go to the duty staff (F51);
a named office's staff complained about is a staff complaint to that office (F52); a
progress query, a "which office?" question or talk about the conversation during an
intake is answered and the intake goes on, nothing of it lost (F39, F40).
"""

from __future__ import annotations

import pytest

from dialogs.model import (
    KnowledgeFound,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    OrderOpened,
    SearchKnowledge,
)
from dialogs.state import IdleFlow, IntakeFlow, ProgressFlow
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, not_theirs, slots, texts

NUMBER = "HZ20260302-000031"
OTHER = "HZ20260215-000204"


# ------------------------------------------------------------------ F31: openers again
@pytest.mark.parametrize(
    ("first", "again"), [("在吗", "在不在"), ("你好", "喂喂"), ("喂", "有人没")]
)
def test_an_opener_said_again_gets_a_short_prompt_not_the_welcome(
    chat: Chat, first: str, again: str
) -> None:
    welcome = texts(chat.say(first))
    assert "菏泽12345" in welcome
    acts = chat.say(again)
    said = texts(acts)
    assert said
    assert said != welcome
    assert "菏泽12345" not in said  # no second greeting
    assert len(said) < len(welcome)
    assert all(not getattr(a, "quick_replies", ()) for a in acts)
    # the menu still answers by its number
    acts = chat.say("1")
    assert chat.flow == "intake"


def test_the_welcome_is_said_in_full_again_after_a_conversation(chat: Chat) -> None:
    chat.say("你好")
    chat.say("小区门口的垃圾堆了一个礼拜没人清", nlu("小区门口的垃圾堆了一个礼拜没人清"))
    chat.say("算了 不反映了")
    assert isinstance(chat.state.flow, IdleFlow)
    assert "菏泽12345" in texts(chat.say("你好"))


# ------------------------------------------------------------- F18: file it again
def _filed(chat: Chat) -> None:
    chat.say(
        "牡丹区丹阳街道书香苑小区的暖气一直不热",
        nlu("牡丹区丹阳街道书香苑小区的暖气一直不热", county="牡丹区", category="城乡建设"),
    )
    chat.say("孙立 13953001234")
    assert chat.state.step == "confirm"
    assert any(isinstance(a, OpenWorkOrder) for a in chat.say("确认"))
    chat.feed(OrderOpened(number=NUMBER, unit_name="菏泽市牡丹区住房和城乡建设局", deadline=None))
    assert isinstance(chat.state.flow, IdleFlow)


@pytest.mark.parametrize(
    "again",
    [
        "把刚才那个问题再报一遍",
        "我刚才那个投诉再帮我提交一下",
        "刚刚的事重新登记一下吧",
        "能不能再提交一次",
        "那个诉求再给我提交一下",
    ],
)
def test_file_it_again_after_the_receipt_is_the_receipt(chat: Chat, again: str) -> None:
    _filed(chat)
    acts = chat.say(again, nlu(again, "appeal"))
    assert NUMBER in texts(acts)
    assert "无需重复提交" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)
    assert "哪里" not in texts(acts)


def test_a_new_matter_after_the_receipt_is_still_taken_down(chat: Chat) -> None:
    _filed(chat)
    text = "再反映一个问题 楼道里的灯也坏了"
    chat.say(text, nlu(text, "appeal"))
    assert chat.flow == "intake"
    assert "楼道" in slots(chat).matter


# -------------------------------------------------- F51: the hotline's own staff
@pytest.mark.parametrize(
    "complaint", ["你们话务员把我电话挂了", "12345的接线员说话太冲", "热线的客服态度不好 爱答不理"]
)
def test_the_hotlines_own_staff_complained_about_go_to_the_duty_staff(
    chat: Chat, complaint: str
) -> None:
    chat.say("投诉")  # an opener: what is the matter?
    assert chat.flow == "intake"
    assert not slots(chat).matter
    acts = chat.say(complaint, nlu(complaint, "complain_staff"))
    assert "handoff" in kinds(acts)
    assert any(getattr(a, "reason", "") == "hotline_service" for a in acts)
    assert "哪里" not in texts(acts)


def test_another_bodys_customer_service_is_a_matter(chat: Chat) -> None:
    text = "燃气公司的客服态度太差 报修三天没人来"
    acts = chat.say(text, nlu(text))
    assert "handoff" not in kinds(acts)
    assert chat.flow == "intake"


# ------------------------------------------------------ F52: a named office's staff
@pytest.mark.parametrize(
    ("said", "county", "unit_type"),
    [
        (
            "郓城县行政审批局那个办事员故意刁难我 材料都齐了就是不给办",
            "郓城县",
            "department:行政审批",
        ),
        ("曹县人社局窗口的工作人员上班时间玩手机 叫了半天不理人", "曹县", "department:人社"),
        ("单县派出所的民警态度恶劣 办个户口让我来回跑", "单县", "department:公安"),
    ],
)
def test_a_named_offices_staff_complained_about_is_a_staff_complaint_to_that_office(
    chat: Chat, said: str, county: str, unit_type: str
) -> None:
    # the classifier's category points elsewhere (人社 for 住建 …): the office decides
    acts = chat.say(said, nlu(said, "appeal", county=county, category="劳动和社会保障"))
    sl = slots(chat)
    assert sl.order_type == "staff_complaint"
    assert sl.category is not None
    assert sl.category.unit_type == unit_type
    assert sl.place.county == county
    # the office is the place: no township or road asked for a government office
    assert chat.state.step == "contact", texts(acts)
    chat.say("匿名")
    acts = chat.say("确认")
    draft = next(a.draft for a in acts if isinstance(a, OpenWorkOrder))
    assert draft.order_type == "staff_complaint"
    assert draft.unit_type == unit_type
    assert draft.county == county


def test_a_staff_complaint_after_the_opener_names_its_office(chat: Chat) -> None:
    chat.say("我要投诉")
    said = "定陶区住建局的工作人员办事拖拉 跑了四趟还没办成"
    chat.say(said, nlu(said, "appeal", county="定陶区", category="劳动和社会保障"))
    sl = slots(chat)
    assert sl.order_type == "staff_complaint"
    assert sl.category is not None
    assert sl.category.unit_type == "department:住建"


def test_a_matter_that_only_mentions_an_office_stays_an_appeal(chat: Chat) -> None:
    said = "住建局门口的路灯坏了一个月了"
    chat.say(said, nlu(said, county="牡丹区", category="城乡建设"))
    assert slots(chat).order_type == "appeal"


# ------------------------------------------- F39, F40: asides in the middle of an intake
def _at_contact(chat: Chat) -> str:
    text = "东明县城关街道黄河路农贸市场门口天天有人摆摊占道"
    chat.say(text, nlu(text, county="东明县", township="城关街道", category="城乡建设"))
    assert chat.state.step == "contact"
    return slots(chat).matter


def test_a_progress_query_during_an_intake_is_answered_and_the_intake_goes_on(
    chat: Chat,
) -> None:
    matter = _at_contact(chat)
    acts = chat.say(f"帮我查一下{OTHER}", nlu(f"帮我查一下{OTHER}", "ask_progress"))
    acts = not_theirs(chat, acts)  # not filed from this chat: the last four asked
    assert isinstance(chat.state.flow, ProgressFlow)
    assert "后四位" in texts(acts)
    acts = chat.say("5678")
    assert any(isinstance(a, LookupOrder) and a.phone_last4 == "5678" for a in acts)
    acts = chat.feed(
        OrderFound(found=True, number=OTHER, state_label="办理中", unit_name="东明县交通运输局")
    )
    assert OTHER in texts(acts)
    assert "办理中" in texts(acts)
    # back to the intake at the same step, nothing lost, the open question again
    assert isinstance(chat.state.flow, IntakeFlow)
    assert chat.state.step == "contact"
    assert slots(chat).matter == matter
    assert "匿名" in texts(acts)  # the contact asked again
    chat.say("周建华 13853007777")
    assert chat.state.step == "confirm"
    assert slots(chat).phone == "13853007777"


def test_an_order_not_found_during_an_intake_keeps_the_intake(chat: Chat) -> None:
    matter = _at_contact(chat)
    not_theirs(chat, chat.say(f"查询{OTHER}", nlu(f"查询{OTHER}", "ask_progress")))
    chat.say("无")
    acts = chat.feed(OrderFound(found=False, number=OTHER))
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == matter
    assert "匿名" in texts(acts)  # the contact asked again


@pytest.mark.parametrize("go_on", ["刚才说的那个摆摊的事咱继续", "刚才那个事接着说", "继续登记吧"])
def test_talk_about_the_conversation_is_no_part_of_the_matter(chat: Chat, go_on: str) -> None:
    matter = _at_contact(chat)
    chat.say(f"查询{OTHER}", nlu(f"查询{OTHER}", "ask_progress"))
    # not the last four: the query is left, the intake read the message
    acts = chat.say(go_on, nlu(go_on, "appeal"))
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == matter
    assert chat.state.step == "contact"
    assert "匿名" in texts(acts)  # the contact asked again
    # also without a query before it
    acts = chat.say(go_on, nlu(go_on, "appeal"))
    assert slots(chat).matter == matter


def test_which_office_during_an_intake_is_answered_and_the_question_asked_again(
    chat: Chat,
) -> None:
    matter = _at_contact(chat)
    said = "这个事该找哪个单位负责啊"
    acts = chat.say(said)
    assert "派转" in texts(acts)
    assert "匿名" in texts(acts)  # the contact asked again
    assert slots(chat).matter == matter
    assert chat.state.step == "contact"


def test_which_office_asked_as_a_policy_question_is_searched_then_answered(chat: Chat) -> None:
    matter = _at_contact(chat)
    said = "请问电梯坏了归哪个部门管？"
    acts = chat.say(said, nlu(said, "ask_info"))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    acts = chat.feed(KnowledgeFound(answers=()))
    assert "派转" in texts(acts)
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == matter
    assert chat.state.step == "contact"


# ---------------------------------------- F01: the item named after 修改 (other words)
@pytest.mark.parametrize(
    ("wrong", "asked"), [("手机号填错了", "电话"), ("名字写得不对", "姓名"), ("位置弄错了", "地点")]
)
def test_the_item_named_after_amend_is_asked_by_name(chat: Chat, wrong: str, asked: str) -> None:
    text = "巨野县麒麟镇前王庄村的自来水停了三天了"
    chat.say(text, nlu(text, county="巨野县", township="麒麟镇"))
    chat.say("孟凡军 13853006789")
    assert chat.state.step == "confirm"
    first = texts(chat.say("需要修改"))
    second = texts(chat.say(wrong))
    assert second != first
    assert asked in second
    assert chat.state.step == "amend"


# --------------------------------------------- F05, F41: insults in everyday words
@pytest.mark.parametrize("insult", ["俺想骂街", "你们就是一帮吃干饭的", "恁们这些骗子", "真想骂娘"])
def test_an_insult_alone_gets_the_notice_and_is_no_matter(chat: Chat, insult: str) -> None:
    # the NLU did not find it abusive: the dialogue's own reading does
    acts = chat.say(insult, nlu(insult, "appeal", category="城乡建设"))
    assert "flag_abuse" in kinds(acts)
    assert "第十一条" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)
    assert "哪里" not in texts(acts)


def test_an_insult_inside_an_appeal_is_warned_and_the_appeal_kept(chat: Chat) -> None:
    said = "你们这群骗子 俺村东头的桥塌了一半了 没人管"
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert "flag_abuse" in kinds(acts)
    assert chat.flow == "intake"
    assert "桥塌" in slots(chat).matter


@pytest.mark.parametrize(
    "appeal",
    ["小区的垃圾三天没人清了", "俺娘被电话里的骗子骗了两千块", "隔壁喝醉了就要骂人 吵得睡不着"],
)
def test_garbage_and_fraudsters_in_an_appeal_are_no_insult(chat: Chat, appeal: str) -> None:
    acts = chat.say(appeal, nlu(appeal, "appeal", category="城乡建设"))
    assert "flag_abuse" not in kinds(acts)
    assert chat.flow == "intake"


def test_the_order_filed_here_asked_after_during_a_new_intake_keeps_the_intake(
    chat: Chat,
) -> None:
    _filed(chat)
    matter = _at_contact(chat)
    said = "对了 俺上午反映的那个暖气的事办得咋样了"
    acts = chat.say(said, nlu(said, "ask_progress"))
    assert any(isinstance(a, LookupOrder) and a.number == NUMBER for a in acts)
    acts = chat.feed(OrderFound(found=True, number=NUMBER, state_label="已派单"))
    assert NUMBER in texts(acts)
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == matter
    assert chat.state.step == "contact"
