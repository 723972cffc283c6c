"""Issue 12: each answer understood in its context (split openings, corrections, the
read-back's many wordings, refusals, cancel, what is known never asked again)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dialogs.context import DialogContext
from dialogs.model import OpenWorkOrder, RecordDisposition, Reply
from dialogs.state import IdleFlow, IntakeFlow
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts

LAMP = "我家楼下路灯坏了，晚上黑乎乎的"


def to_read_back(chat: Chat, phone: str = "13853001234") -> None:
    """A matter with its place, then a contact: the read-back is on screen."""
    chat.say(LAMP, nlu(LAMP, county="牡丹区", township="西城街道", category="城乡建设"))
    acts = chat.say(f"王芳 {phone}")
    assert chat.state.step == "confirm", texts(acts)


def draft_of(acts: Sequence[object]) -> OpenWorkOrder:
    assert len(acts) == 1, acts
    assert isinstance(acts[0], OpenWorkOrder), acts
    return acts[0]


# ------------------------------------------------------------------ split openings
APPEAL_OPENERS = ["俺要投诉个事", "我想反映一件事情", "咱来说个情况", "反映个事儿"]


@pytest.mark.parametrize(
    "opener", ["在吗", "在不在", "你好", "喂喂", "有人吗？", "有人没", "还在吗"]
)
def test_small_talk_is_never_the_matter(chat: Chat, opener: str) -> None:
    acts = chat.say(opener, nlu(opener, "greet", confidence=0.4))
    assert isinstance(chat.state.flow, IdleFlow)
    assert "有什么可以帮您" in texts(acts)
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert slots(chat).matter == LAMP


def test_a_question_opener_waits_for_what_follows(chat: Chat) -> None:
    acts = chat.say("问一下", nlu("问一下", "ask_info", confidence=0.6))
    assert isinstance(chat.state.flow, IdleFlow)
    assert "请讲" in texts(acts)
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert slots(chat).matter == LAMP  # "问一下" is not the content


def test_an_appeal_opener_asks_what_happened(chat: Chat) -> None:
    acts = chat.say("我要反映个问题", nlu("我要反映个问题", "appeal", confidence=0.7))
    assert chat.state.step == "what"
    assert slots(chat).matter == ""
    assert "具体说说" in texts(acts)


@pytest.mark.parametrize("opener", APPEAL_OPENERS)
def test_an_appeal_opener_in_any_wording_is_no_matter(chat: Chat, opener: str) -> None:
    acts = chat.say(opener, nlu(opener, "appeal", confidence=0.6))
    assert chat.state.step == "what"
    assert slots(chat).matter == ""
    assert "具体说说" in texts(acts)


@pytest.mark.parametrize("opener", ["俺想问个事儿", "想打听个事", "我咨询个问题"])
def test_a_question_opener_in_any_wording_waits(chat: Chat, opener: str) -> None:
    acts = chat.say(opener, nlu(opener, "ask_info", confidence=0.6))
    assert isinstance(chat.state.flow, IdleFlow)
    assert "请讲" in texts(acts)


def test_the_address_first_is_the_place_not_the_matter(chat: Chat) -> None:
    where = "牡丹区西城街道阳光小区"
    acts = chat.say(where, nlu(where, county="牡丹区", township="西城街道", category="城乡建设"))
    assert slots(chat).matter == ""
    assert slots(chat).place.county == "牡丹区"
    assert chat.state.step == "what"
    assert "具体说说" in texts(acts)
    acts = chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert slots(chat).matter == LAMP
    assert chat.state.step == "contact"  # the place is known: never asked


def test_an_answer_to_the_place_question_does_not_join_the_matter(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    where = "牡丹区丹阳街道阳光小区3号楼"
    chat.say(where, nlu(where, county="牡丹区", township="丹阳街道", category="城乡建设"))
    assert slots(chat).matter == LAMP
    assert slots(chat).place.address() == "牡丹区丹阳街道阳光小区3号楼"


def test_more_description_at_the_place_question_is_added_not_taken_for_a_place(
    chat: Chat,
) -> None:
    chat.say("老板跑了", nlu("老板跑了", category="劳动和社会保障"))
    chat.say("欠我们八个人两个月工资", nlu("欠我们八个人两个月工资"))
    assert "工资" in slots(chat).matter
    assert not slots(chat).place.known
    assert chat.state.step == "where"


# ------------------------------------------------------------- known, never asked
def test_several_facts_in_any_order_in_one_message(chat: Chat) -> None:
    text = "电话13853001470，地址曹县磐石街道阳光路，有个下水井盖没了一个多星期了"
    acts = chat.say(text, nlu(text, county="曹县", township="磐石街道", category="城乡建设"))
    assert chat.state.step == "confirm", texts(acts)
    sl = slots(chat)
    assert sl.phone == "13853001470"
    assert sl.since == "一个多星期"
    assert "井盖" in sl.matter
    assert "13853001470" not in sl.matter


def test_since_told_in_the_first_message_is_never_asked(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)  # a centre that does ask "since when?"
    text = "小区门口的路灯坏了一个多月了"
    acts = chat.say(text, nlu(text, county="牡丹区", category="城乡建设"))
    assert slots(chat).since == "一个多月"
    assert chat.state.step == "contact"
    assert "什么时候" not in texts(acts)


def test_a_night_time_is_not_since_when(chat: Chat) -> None:
    text = "楼下烧烤摊每天晚上十点以后还在吵"
    chat.say(text, nlu(text, county="牡丹区", entities=(("time", "晚上十点"),)))
    assert slots(chat).since is None


def test_four_turns_to_an_order_by_default(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.say("牡丹区西城街道", nlu("牡丹区西城街道", county="牡丹区", township="西城街道"))
    chat.say("李明 13953001234")
    assert kinds(chat.say("确认")) == ["open_work_order"]


# ---------------------------------------------------------------------- corrections
def test_no_and_the_new_place_in_one_message(chat: Chat) -> None:
    to_read_back(chat)
    fix = "不对 地点是定陶区滨河街道"
    acts = chat.say(fix, nlu(fix, "deny", county="定陶区", township="滨河街道"))
    assert chat.state.step == "confirm"
    assert "定陶区滨河街道" in texts(acts)
    assert slots(chat).matter == LAMP  # the correction is not added to the matter
    assert draft_of(chat.say("对")).draft.county == "定陶区"


@pytest.mark.parametrize(
    "fix",
    ["地点改成定陶区滨河街道", "地址不对，应该是定陶区滨河街道", "位置错了 改为定陶区滨河街道"],
)
def test_place_corrected_at_the_read_back(chat: Chat, fix: str) -> None:
    to_read_back(chat)
    chat.say(fix, nlu(fix, county="定陶区", township="滨河街道"))
    draft = draft_of(chat.say("确认提交")).draft
    assert draft.county == "定陶区"
    assert "滨河街道" in (draft.address or "")


@pytest.mark.parametrize(
    "fix", ["电话打错了 是13853002222", "手机号写错了，应该是13853002222", "电话改成13853002222"]
)
def test_phone_corrected_at_any_point(chat: Chat, fix: str) -> None:
    to_read_back(chat, phone="13853001111")
    acts = chat.say(fix)
    assert "138****2222" in texts(acts)
    assert draft_of(chat.say("没问题")).draft.contact_phone == "13853002222"


def test_a_correction_during_the_intake(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.say("牡丹区南城街道", nlu("牡丹区南城街道", county="牡丹区", township="南城街道"))
    fix = "不是南城街道，是西城街道"
    chat.say(fix, nlu(fix, county="牡丹区", township="西城街道"))
    assert slots(chat).place.township == "西城街道"


@pytest.mark.parametrize(
    ("fix", "since"), [("时间改成上个月", "上个月"), ("开始时间不对，应该是去年冬天", "去年冬天")]
)
def test_since_corrected_at_the_read_back(chat: Chat, fix: str, since: str) -> None:
    to_read_back(chat)
    acts = chat.say(fix)
    assert chat.state.step == "confirm"
    assert since in texts(acts)
    assert draft_of(chat.say("对")).draft.since == since


def test_yes_with_a_correction_applies_it_and_reads_back(chat: Chat) -> None:
    to_read_back(chat)
    acts = chat.say("对，不过电话改成13853007701")
    assert chat.state.step == "confirm"
    assert "138****7701" in texts(acts)


@pytest.mark.parametrize(
    "yes",
    [
        "确认",
        "确认提交",
        "对的",
        "没问题",
        "可以",
        "提交吧",
        "好的",
        "1",
        "OK提交吧",
        "没错就这样",
        "好 麻烦了",
        "行 谢谢你们",
        "可以 辛苦了",
    ],
)
def test_the_read_back_accepts_yes_in_many_wordings(chat: Chat, yes: str) -> None:
    to_read_back(chat)
    draft_of(chat.say(yes))


@pytest.mark.parametrize(
    "no", ["不对", "修改", "需要修改", "有错", "2", "有点问题", "时间不对", "地址写错了"]
)
def test_a_plain_no_asks_what_to_change(chat: Chat, no: str) -> None:
    to_read_back(chat)
    acts = chat.say(no)
    assert chat.state.step == "amend"
    assert "修改" in texts(acts)
    # "确认" while modifying submits; it is never added to the matter
    draft = draft_of(chat.say("确认")).draft
    assert "确认" not in draft.text


def test_the_quick_reply_label_is_understood(chat: Chat) -> None:
    to_read_back(chat)
    draft_of(chat.say("确认提交"))


# ------------------------------------------------------------ refusals and cancel
@pytest.mark.parametrize("refusal", ["不用留电话了 匿名吧", "个人信息就不透露了"])
def test_refusing_contact_at_the_read_back(chat: Chat, refusal: str) -> None:
    to_read_back(chat)
    acts = chat.say(refusal)
    assert chat.state.step == "confirm"  # not taken as "modify"
    assert "匿名" in texts(acts)
    draft = draft_of(chat.say("确认")).draft
    assert draft.anonymous is True
    assert draft.contact_phone is None


@pytest.mark.parametrize("refusal", ["不用留电话", "电话就不留了", "号码别留了"])
def test_refusing_the_phone_at_the_read_back_keeps_the_name(chat: Chat, refusal: str) -> None:
    """Not leaving a phone is not anonymity (trial8 F11): the name said stays."""
    to_read_back(chat)
    acts = chat.say(refusal)
    assert chat.state.step == "confirm"  # not taken as "modify"
    assert "王芳（未留电话）" in texts(acts)
    draft = draft_of(chat.say("确认")).draft
    assert draft.anonymous is False
    assert draft.contact_name == "王芳"
    assert draft.contact_phone is None


@pytest.mark.parametrize("refusal", ["匿名", "不想留", "不方便", "不想透露", "算了不留了"])
def test_refusing_contact_when_asked(chat: Chat, refusal: str) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    acts = chat.say(refusal)
    assert slots(chat).anonymous is True, texts(acts)
    assert slots(chat).name is None  # a refusal is never a name
    assert chat.state.step == "confirm"


@pytest.mark.parametrize("said", ["名字不留了 电话可以留", "不留名字 手机可以给你们"])
def test_refusing_the_name_but_offering_the_phone_is_no_anonymity(chat: Chat, said: str) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    acts = chat.say(said)
    assert slots(chat).anonymous is False
    assert slots(chat).name is None
    assert "电话" in texts(acts)  # the phone is asked for


def test_refusing_the_name_only_keeps_asking_the_phone(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    acts = chat.say("名字就不说了")
    assert slots(chat).anonymous is False
    assert slots(chat).name is None
    assert "电话" in texts(acts)


@pytest.mark.parametrize(
    "cancel", ["算了 还是不提交了", "不提交了", "取消", "撤销吧 不弄了", "撤了吧", "这个作废吧"]
)
def test_cancel_at_the_read_back(chat: Chat, cancel: str) -> None:
    to_read_back(chat)
    acts = chat.say(cancel)
    assert kinds(acts) == ["reply", "record_disposition"]
    assert acts[1] == RecordDisposition(disposition="withdrawn", reason="citizen_cancelled")
    assert isinstance(chat.state.flow, IdleFlow)


@pytest.mark.parametrize("cancel", ["算了不用了", "算了", "不用了"])
def test_cancel_at_a_question(chat: Chat, cancel: str) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    assert chat.state.step == "where"
    acts = chat.say(cancel)
    assert "取消" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)


def test_thanks_mid_intake_asks_the_open_question_again(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, county="东明县", category="城乡建设"))
    assert chat.state.step == "contact"
    acts = chat.say("谢谢你们", nlu("谢谢你们", "thank"))
    assert "还没有提交" in texts(acts)
    assert "联系" in texts(acts)  # the contact question again
    assert slots(chat).contact_asks == 1  # a repeat, not another ask
    chat.say("翟 13853100145")
    assert chat.state.step == "confirm"


def test_consulting_not_complaining_leaves_the_intake(chat: Chat) -> None:
    chat.say("我要反映个问题", nlu("我要反映个问题"))
    text = "我不是投诉 就是想问问灵活就业人员怎么交公积金"
    acts = chat.say(text, nlu(text, "ask_info"))
    assert kinds(acts) == ["search_knowledge"]
    assert "公积金" in acts[0].query  # type: ignore[union-attr]


def test_no_nlu_still_takes_the_appeal_down(chat: Chat) -> None:
    acts = chat.say("小区门口的井盖丢了，很危险", None)
    assert isinstance(chat.state.flow, IntakeFlow)
    assert chat.state.step == "where"
    chat.say("就在牡丹区和平小区门口", None)
    assert slots(chat).place.detail == "牡丹区和平小区门口"
    assert isinstance(acts[0], Reply)


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("王芳 13853001234", "王芳"),
        ("我姓李，电话138 5300 1234", "李"),
        ("叫我小王就行 电话幺三八五三零零一二三四", "小王"),
        ("电话１３８５３００１２３４", None),
        ("+86 138-5300-1234 张伟", "张伟"),
        ("13853001234 王先生", "王先生"),
    ],
)
def test_contact_answers_in_many_forms(chat: Chat, answer: str, name: str | None) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    acts = chat.say(answer)
    sl = slots(chat)
    assert sl.phone == "13853001234", texts(acts)
    assert sl.name == name
    assert sl.matter == LAMP  # the contact answer is not added to the matter


def test_not_a_but_b_keeps_only_b(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    chat.say("牡丹区南城街道", nlu("牡丹区南城街道", county="牡丹区", township="南城街道"))
    chat.say("汪 13853100112")
    fix = "不是南城街道，是西城街道的华英小区"
    # an NLU that resolves the first township it sees: the correction still wins
    acts = chat.say(fix, nlu(fix, county="牡丹区", township="南城街道"))
    address = slots(chat).place.address() or ""
    assert "西城街道" in address, texts(acts)
    assert "南城街道" not in address
    assert slots(chat).place.county == "牡丹区"
