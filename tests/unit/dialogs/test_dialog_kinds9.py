"""Ninth round (trial7 F02, F03, F04): a place given over several messages keeps the
estate and the building; a surname alone is the surname, never 「姓李」; a control word
(确认, 对, 好的, 没了, 不用了) answering a slot question is never slot content; a phone
tied to another person (老板, 房东, 物业 …) is part of the matter, not the contact."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.facts import place_text
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts


@pytest.fixture
def detail_chat(wording: Wording) -> Chat:
    """A centre that asks for the village, estate or road (the default)."""
    return Chat(DialogContext.for_channel("web", wording, Thresholds()))


def _where(place: object) -> str:
    return "".join(getattr(place, k) or "" for k in ("county", "township", "village", "detail"))


# ------------------------------------------------------------ F02: a place in pieces
@pytest.mark.parametrize(
    ("county", "town", "spot", "estate", "building"),
    [
        ("牡丹区", "丹阳街道", "丹阳街道 万达广场旁边的 锦绣华城小区", "锦绣华城小区", "12号楼"),
        ("东明县", "城关街道", "城关街道 人民医院对面的 幸福家园小区", "幸福家园小区", "3号楼"),
        ("曹县", "磐石街道", "磐石街道 汽车站后边的 阳光花园", "阳光花园", "5号楼2单元"),
    ],
)
def test_a_place_over_several_messages_keeps_the_estate_and_the_building(
    detail_chat: Chat, county: str, town: str, spot: str, estate: str, building: str
) -> None:
    """Trial7 F02: 「在牡丹区」「丹阳街道 万达广场旁边的 锦绣华城小区」「12号楼」: the
    estate (not only the landmark beside it) and the building are the place."""
    chat = detail_chat
    matter = "楼上天天半夜装修 电钻声吵得孩子睡不着"
    chat.say(matter, nlu(matter, category="城乡建设"))
    chat.say(f"在{county}", nlu(f"在{county}", county=county))
    chat.say(spot, nlu(spot, county=county, township=town))
    where = _where(slots(chat).place)
    assert estate in where, where
    chat.say(building)
    where = _where(slots(chat).place)
    assert estate in where, where
    assert building in where, where
    assert where.startswith(county + town), where
    acts = chat.say("李 13853007788")
    back = texts(acts)
    assert estate in back, back
    assert building in back, back


@pytest.mark.parametrize(
    "answer",
    [
        "李 身份证372901198503154321 手机 一三八五三零零七七八八",
        "姓李 13853007788",
        "免贵姓李 13853007788",
        "我姓李，电话13853007788",
        "李 13853007788",
    ],
)
def test_a_surname_alone_is_never_stored_as_xing_li(chat: Chat, answer: str) -> None:
    """Trial7 F02: the contact name 「姓李」 for 「李 …手机…」: the surname (李, or
    李先生/女士 when the citizen said which), never the word 姓 with it."""
    text = "楼上天天半夜装修 吵得孩子睡不着"
    chat.say(text, nlu(text, category="城乡建设"))
    where = "牡丹区丹阳街道锦绣华城小区"
    chat.say(where, nlu(where, county="牡丹区", township="丹阳街道"))
    acts = chat.say(answer)
    name = slots(chat).name
    assert name is not None
    assert name.startswith("李"), name
    assert "姓" not in name, name
    assert "姓李" not in texts(acts)
    assert slots(chat).phone == "13853007788"


@pytest.mark.parametrize(
    ("said", "name"), [("我姓赵", "赵"), ("免贵姓钱", "钱"), ("赵女士", "赵女士")]
)
def test_a_surname_said_alone_to_the_name_question(chat: Chat, said: str, name: str) -> None:
    text = "楼上天天半夜装修 吵得孩子睡不着"
    chat.say(text, nlu(text, category="城乡建设"))
    where = "牡丹区丹阳街道锦绣华城小区"
    chat.say(where, nlu(where, county="牡丹区", township="丹阳街道"))
    chat.say(said)
    assert slots(chat).name == name


# --------------------------------------------- F03: a control word is no slot content
_CONTROL = ("确认", "对", "好的", "没了", "不用了", "是的", "没有了")


@pytest.mark.parametrize("word", _CONTROL)
def test_a_control_word_to_the_detail_question_after_a_correction_is_no_place(
    detail_chat: Chat, word: str
) -> None:
    """Trial7 F03: 「地点改成曹县普连集镇」 → 「请问具体在哪个村…？」 → 「确认」: the
    read-back came with 「曹县普连集镇确认」. The place stays 曹县普连集镇."""
    chat = detail_chat
    first = "曹县 庄寨镇 桐木加工厂 拖欠工资三个月了"
    chat.say(first, nlu(first, county="曹县", township="庄寨镇", category="劳动保障"))
    chat.say("我叫刘红 手机18653001234")
    assert chat.state.step == "confirm"
    fix = "地点改成曹县普连集镇"
    chat.say(fix, nlu(fix, county="曹县", township="普连集镇"))
    acts = chat.say(word)
    where = _where(slots(chat).place)
    assert where == "曹县普连集镇", where
    back = texts(acts)
    assert f"普连集镇{word}" not in back, back


@pytest.mark.parametrize("word", _CONTROL)
def test_a_control_word_to_a_slot_question_is_no_content(detail_chat: Chat, word: str) -> None:
    """The same kind before any read-back: 「好的」 to "which village or estate?" or to
    "your name and phone?" is neither a place, a name nor a matter."""
    chat = detail_chat
    text = "路灯坏了好几天了 晚上黑乎乎的"
    chat.say(text, nlu(text, category="城乡建设"))
    chat.say("在牡丹区", nlu("在牡丹区", county="牡丹区"))
    assert chat.state.step == "where"
    chat.say(word)
    sl = slots(chat)
    assert word not in _where(sl.place), sl.place
    assert word not in sl.matter
    chat.say("新华路")
    chat.say(word)
    sl = slots(chat)
    assert sl.name is None or word not in sl.name
    assert word not in _where(sl.place)
    assert word not in sl.matter


def test_place_text_of_a_control_word_is_not_used_as_a_place(detail_chat: Chat) -> None:
    assert place_text("在牡丹区") == "牡丹区"  # the helper still reads a place
    chat = detail_chat
    text = "小区门口的井盖没了"
    chat.say(text, nlu(text, category="城乡建设"))
    acts = chat.say("确认")
    assert chat.state.step == "where", texts(acts)
    assert slots(chat).place.detail in (None, "小区门口"), slots(chat).place


# -------------------------------------------------------- F04: another person's phone
@pytest.mark.parametrize(
    ("text", "other"),
    [
        (
            "曹县 庄寨镇 桐木加工厂 拖欠工资三个月了 老板叫王建军 电话139 5300 1111",
            "13953001111",
        ),
        ("房东不退押金 房东电话13853001234 在牡丹区西城街道", "13853001234"),
        ("小区物业不给修电梯 物业的电话是13705301234", "13705301234"),
        ("装修师傅收了钱不来干活 他电话15953005678", "15953005678"),
    ],
)
def test_a_phone_of_another_person_is_part_of_the_matter(chat: Chat, text: str, other: str) -> None:
    """Trial7 F04: the boss's number was read back as the citizen's contact."""
    acts = chat.say(text, nlu(text, category="劳动保障"))
    sl = slots(chat)
    assert sl.phone is None, sl.phone
    digits = "".join(c for c in sl.matter if c.isdigit())
    assert other in digits, sl.matter
    if sl.place.resolved:
        assert chat.state.step == "contact", texts(acts)
    chat.say("我叫刘红 手机18653001234")
    assert slots(chat).phone == "18653001234"


@pytest.mark.parametrize(
    "text",
    [
        "老板拖欠工资三个月了 我的电话18653001234",
        "房东不退押金 有事联系我 18653001234",
        "物业不修电梯 打这个18653001234就行",
        "工钱被拖欠三个月了 联系人：王师傅 电话18653001234",
        "我是开饭店的老板 电话18653001234 门口的下水道堵了",
    ],
)
def test_the_citizens_own_phone_beside_another_person_is_the_contact(chat: Chat, text: str) -> None:
    chat.say(text, nlu(text, category="劳动保障"))
    assert slots(chat).phone == "18653001234"


def test_another_persons_phone_then_the_citizens_own(chat: Chat) -> None:
    text = "老板叫王建军 电话13953001111 拖欠工资三个月了 我的电话18653001234"
    chat.say(text, nlu(text, category="劳动保障"))
    sl = slots(chat)
    assert sl.phone == "18653001234"
    assert "13953001111" in sl.matter
