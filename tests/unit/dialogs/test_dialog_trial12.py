"""Trial12 kinds in the dialogue (P03 P04 P09 P13 P14): a question about the channel is
answered, never the matter; a problem told at the place question is the matter's; a name
or a phone told at the place question is the contact's; words about the contact never
enter the matter; a person asked for in everyday words; a phone with a wrong digit count
is said to be wrong, and no order goes out without a phone unless it is 匿名."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.model import Handoff, LookupOrder, OrderFound, RecordEvaluation
from dialogs.state import IdleFlow, IntakeFlow
from dialogs.wording import Wording
from nlu.types import Intent, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts


def _appeal(text: str) -> NluResult:
    return nlu(text, "appeal", category="城乡建设")


def _at(text: str, county: str, township: str | None = None) -> NluResult:
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        territory=Territory(county=county, township=township),
    )


def _to_contact(chat: Chat) -> None:
    chat.say("俺们小区门口有个烧烤摊天天闹到半夜", _appeal("俺们小区门口有个烧烤摊天天闹到半夜"))
    chat.say("牡丹区 南城街道", _at("牡丹区 南城街道", "牡丹区", "南城街道"))
    assert isinstance(chat.state.flow, IntakeFlow)
    assert chat.state.flow.step == "contact"


# ------------------------------------------------- P03: a question about the channel
@pytest.mark.parametrize(
    "asked",
    [
        "有人吗 恁这能反映事儿不",  # trial12 P03
        "恁能看见俺发的消息不",  # trial12 P03
        "你们能收到我的消息吗",
        "喂 能听到吗",
        "这里可以投诉吗",
    ],
)
def test_a_channel_question_is_answered_and_is_no_matter(chat: Chat, asked: str) -> None:
    said = texts(chat.say(asked))
    assert "能收到" in said
    assert isinstance(chat.state.flow, IdleFlow)
    chat.say("俺们村的路灯全坏了 黑咕隆咚的", _appeal("俺们村的路灯全坏了 黑咕隆咚的"))
    assert slots(chat).matter == "俺们村的路灯全坏了 黑咕隆咚的"


def test_a_voice_not_understood_asked_about_is_said_so(chat: Chat) -> None:
    chat.say("我要反映个问题")
    said = texts(chat.say("俺刚才发的语音恁听见了没"))  # trial12 P03 (no transcript)
    assert "语音已收到" in said
    assert "文字" in said
    assert not slots(chat).matter


@pytest.mark.parametrize("asked", ["恁能看见俺发的消息不", "我发的图片你们收到了吗"])
def test_a_channel_question_during_an_intake_keeps_the_question_open(
    chat: Chat, asked: str
) -> None:
    chat.say("路灯坏了", _appeal("路灯坏了"))
    said = texts(chat.say(asked))
    assert "能收到" in said
    assert "哪里" in said
    assert slots(chat).matter == "路灯坏了"


@pytest.mark.parametrize(
    "told",
    [
        "俺们村的路灯全坏了 黑咕隆咚的",  # trial12 P03
        "路灯全坏了 黑咕隆咚的",
        "下水道堵死了 臭得不行",
    ],
)
def test_a_problem_told_at_the_place_question_is_no_address(chat: Chat, told: str) -> None:
    chat.say("俺想反映个事", nlu("俺想反映个事", "appeal"))
    chat.say("村里的事", _appeal("村里的事"))
    chat.say(told)
    chat.say("鄄城县 什集镇 孙楼村", _at("鄄城县 什集镇 孙楼村", "鄄城县", "什集镇"))
    sl = slots(chat)
    address = sl.place.address() or ""
    assert "坏" not in address
    assert "堵" not in address
    assert "黑" not in address
    assert told.split()[0] in sl.matter


# -------------------------------------------- P04: a name at the place-detail question
@pytest.fixture
def detail_chat(wording: Wording) -> Chat:
    return Chat(DialogContext.for_channel("web", wording, Thresholds(order_turns=0)))


@pytest.mark.parametrize("name", ["王秀芝", "周建华", "孙德福", "欧阳春梅"])
def test_a_lone_name_at_the_detail_question_is_the_contact(detail_chat: Chat, name: str) -> None:
    chat = detail_chat
    chat.say("俺们胡同口的下水道堵了", _appeal("俺们胡同口的下水道堵了"))
    asked = texts(chat.say("定陶区", _at("定陶区", "定陶区")))
    assert "具体在哪个" in asked
    again = texts(chat.say(name))  # trial12 P04
    assert "具体在哪个" in again
    sl = slots(chat)
    assert sl.name == name
    assert name not in (sl.place.address() or "")
    again = texts(chat.say("13853007711"))  # the phone told early too: the same
    assert "具体在哪个" in again
    sl = slots(chat)
    assert sl.phone == "13853007711"
    assert "1385300" not in (sl.place.address() or "")
    back = texts(chat.say("滨河街道 幸福小区", _at("滨河街道 幸福小区", "定陶区", "滨河街道")))
    assert f"联系方式：{name} 138****7711" in back


# --------------------------------------------- P09: words about the contact, no matter
@pytest.mark.parametrize(
    ("said", "name", "phone"),
    [
        ("俺姓马 电话打错了 不是 算了 电话是13853009900", "马", "13853009900"),  # P09
        ("俺不留名 电话13853002233 有事打这个", None, "13853002233"),  # P09
        ("名字不方便说 手机号是13853001357", None, "13853001357"),  # P09
        ("不想留名字 有事就打这个号 13853002244", None, "13853002244"),
        ("号码刚才写错了 是13853001368 俺叫刘芳", "刘芳", "13853001368"),
    ],
)
def test_words_about_the_contact_never_enter_the_matter(
    chat: Chat, said: str, name: str | None, phone: str
) -> None:
    _to_contact(chat)
    chat.say(said)
    sl = slots(chat)
    assert sl.matter == "俺们小区门口有个烧烤摊天天闹到半夜"
    assert sl.phone == phone
    assert sl.name == name


def test_a_matter_beside_the_contact_is_still_added(chat: Chat) -> None:
    _to_contact(chat)
    chat.say("俺叫刘芳 13853001368 还有 烟熏得窗户都不敢开")
    assert "烟熏得窗户都不敢开" in slots(chat).matter


# ------------------------------------------------ P13: a person asked in everyday words
@pytest.mark.parametrize(
    "said",
    ["恁这不管用 俺要跟人说话", "俺要跟人说话", "让个真人跟俺说", "找个人跟俺聊聊吧"],
)
def test_a_colloquial_request_for_a_person_queues_for_an_agent(chat: Chat, said: str) -> None:
    _to_contact(chat)
    chat.say("张三 13853001357")
    acts = chat.say(said)  # trial12 P13, at the read-back
    assert "handoff" in kinds(acts)
    handed = next(a for a in acts if isinstance(a, Handoff))
    assert handed.reason == "citizen_request"
    assert "（补充）" not in texts(acts)


def test_talking_it_out_with_someone_is_no_request_for_a_person(chat: Chat) -> None:
    chat.say("楼上邻居天天半夜吵 俺要找他说理", _appeal("楼上邻居天天半夜吵 俺要找他说理"))
    assert isinstance(chat.state.flow, IntakeFlow)


# ------------------------------------------------------ P14: a phone miscounted
@pytest.mark.parametrize(
    "said",
    [
        "李秀英 ６１３８５３００８８１１",  # trial12 P14: 12 digits, full width
        "李秀英 电话1385300881",  # 10 digits
        "李秀英 138 5300 88111",  # 12 digits, spaced
    ],
)
def test_a_phone_with_a_wrong_digit_count_is_said_to_be_wrong(chat: Chat, said: str) -> None:
    _to_contact(chat)
    told = texts(chat.say(said))
    assert "号码位数不对" in told
    sl = slots(chat)
    assert sl.name == "李秀英"
    assert sl.phone is None
    assert chat.state.step == "contact"
    back = texts(chat.say("１３８５３００８８１１"))
    assert "请您核对" in back
    assert "李秀英 138****8811" in back


def test_no_read_back_without_a_phone_unless_anonymous(chat: Chat) -> None:
    _to_contact(chat)
    # the name alone is an answer: the phone asked next (trial17 33), then the same name
    # again is no phone: asked once more, then the appeal said to be anonymous
    assert "联系电话" in texts(chat.say("李秀英"))
    assert "联系电话" in texts(chat.say("李秀英"))
    back = texts(chat.say("李秀英"))
    assert "按匿名受理" in back
    assert "联系方式：匿名" in back
    assert slots(chat).anonymous


# ------------------------------------------------ P10: the matter corrected as meant
@pytest.mark.parametrize(
    ("matter", "fix", "meant"),
    [
        (
            "俺们小区门口那家烧烤摊天天闹到半夜",
            "不对 不是烧烤摊 是个KTV 天天唱到后半夜",  # trial12 P10
            "俺们小区门口那家KTV天天唱到后半夜",
        ),
        (
            "俺们小区路灯坏了",
            "不对 不是路灯 是红绿灯 小区门口路口的红绿灯",  # trial12 P10
            "俺们小区门口路口的红绿灯坏了",
        ),
        ("楼下那个饭店天天半夜吵", "不是饭店 是个酒吧 每天半夜放歌", "楼下那个酒吧每天半夜放歌"),
        ("楼下的井盖丢了", "不是井盖 是雨水箅子 楼下路边的雨水箅子", "楼下路边的雨水箅子丢了"),
    ],
)
def test_a_corrected_matter_reads_as_meant(chat: Chat, matter: str, fix: str, meant: str) -> None:
    _to_contact_with(chat, matter)
    chat.say("张三 13853001357")
    back = texts(chat.say(fix))
    assert slots(chat).matter == meant
    assert f"诉求内容：{meant}" in back


def _to_contact_with(chat: Chat, matter: str) -> None:
    chat.say(matter, _appeal(matter))
    chat.say("牡丹区 南城街道", _at("牡丹区 南城街道", "牡丹区", "南城街道"))


# ------------------------------------- P15: dissatisfaction after the progress is told
_NUMBER = "HZ20261203-000012"


def _progress_told(chat: Chat) -> None:
    acts = chat.say(f"查询{_NUMBER} 4455")
    assert any(isinstance(a, LookupOrder) for a in acts)
    found = OrderFound(
        found=True, number=_NUMBER, state="closed", state_label="已办结", result="已清理完毕"
    )
    told = texts(chat.feed(found))
    assert "已清理完毕" in told


@pytest.mark.parametrize(
    "said",
    [
        "俺想反映一下 这个处理结果俺不满意",  # trial12 P15
        "这个答复俺不认可",
        "恁这处理结果不行 垃圾还是没人清",
        "办的结果俺不满意 根本没解决",
    ],
)
def test_dissatisfaction_after_the_progress_is_that_orders(chat: Chat, said: str) -> None:
    _progress_told(chat)
    acts = chat.say(said)
    rated = [a for a in acts if isinstance(a, RecordEvaluation)]
    assert len(rated) == 1
    assert rated[0].number == _NUMBER
    assert rated[0].satisfaction == "unsatisfied"
    handed = next(a for a in acts if isinstance(a, Handoff))
    assert _NUMBER in handed.summary
    assert not isinstance(chat.state.flow, IntakeFlow)
    assert "哪里" not in texts(acts)


def test_a_new_matter_after_the_progress_is_a_new_appeal(chat: Chat) -> None:
    _progress_told(chat)
    said = "还有个事 俺们村路灯坏了 黑咕隆咚的"
    acts = chat.say(said, _appeal(said))
    assert not any(isinstance(a, RecordEvaluation) for a in acts)
    assert isinstance(chat.state.flow, IntakeFlow)
