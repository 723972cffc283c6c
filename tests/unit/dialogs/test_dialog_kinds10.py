"""Tenth round (the fresh2 development set's dialogue kinds): "since when?" asked of an
appeal that went quickly (the matter and the place told at once), never at the cost of a
fifth turn; and an answer to "since when?" worded as a question is the answer, not a
policy question for the knowledge base."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.model import SearchKnowledge
from dialogs.reading import read
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

# the default centre, without the village/estate question (tested in
# test_dialog_place_detail.py): "since when?" only while there is room for it
QUICK = Thresholds(ask_place_detail=False)


@pytest.fixture
def web(wording: Wording) -> Chat:
    return Chat(DialogContext.for_channel("web", wording, QUICK))


@pytest.mark.parametrize(
    ("opening", "county", "answer", "since"),
    [
        ("单县园艺街道 菜市场后头的下水道堵了 污水漫到路上", "单县", "俩月了", "俩月"),
        ("定陶区天中街道 有家烧烤摊 油烟直往俺家窗户里灌", "定陶区", "打从入夏就这样", "入夏"),
        ("郓城县唐塔街道 十字路口的红绿灯不亮", "郓城县", "大概一个礼拜", "一个礼拜"),
    ],
)
def test_since_is_asked_of_a_matter_told_with_its_place_at_once(
    web: Chat, wording: Wording, opening: str, county: str, answer: str, since: str
) -> None:
    """The matter and the place in the first message: since when, the contact and the
    read-back still make four turns, so since when is asked (and recorded)."""
    acts = web.say(opening, nlu(opening, county=county, category="城乡建设"))
    assert texts(acts) == wording.say("ask_since", "rich")
    acts = web.say(answer, nlu(answer))
    assert since in (slots(web).since or "")
    assert texts(acts) == wording.say("ask_contact", "rich")
    acts = web.say("周立新 13853001789", nlu("周立新 13853001789"))
    assert "请您核对" in texts(acts)
    assert web.n == 3  # the fourth turn confirms


def test_since_is_not_asked_when_it_would_cost_a_fifth_turn(web: Chat, wording: Wording) -> None:
    """The place asked for first: the contact and the read-back fill the four turns, so
    since when is left to the read-back, which shows it for correction."""
    matter = "小区里的健身器材坏了好些 螺丝都松了 孩子玩着危险"
    acts = web.say(matter, nlu(matter, category="城乡建设"))
    assert slots(web).place.county is None  # the place is asked first
    acts = web.say("巨野县凤凰街道", nlu("巨野县凤凰街道", county="巨野县"))
    assert texts(acts) == wording.say("ask_contact", "rich")
    assert slots(web).since_asked is False


def test_since_is_asked_on_sms_where_the_number_is_the_contact(wording: Wording) -> None:
    """On SMS the number writes back: no contact question, so since when fits after the
    place was asked."""
    chat = Chat(DialogContext.for_channel("sms", wording, QUICK), "sms", phone="13905301234")
    matter = "村里的自来水一股怪味 烧开了也有"
    chat.say(matter, nlu(matter, category="城乡建设"))
    acts = chat.say("成武县伯乐街道", nlu("成武县伯乐街道", county="成武县"))
    assert texts(acts) == wording.say("ask_since", "short")
    acts = chat.say("半个多月", nlu("半个多月"))
    assert "半个" in (slots(chat).since or "")
    assert "无误回1" in texts(acts) or "核对" in texts(acts)


def test_since_said_in_the_matter_is_never_asked(web: Chat, wording: Wording) -> None:
    opening = "牡丹区东城街道 小区的电梯坏了快一个月了 老人上下楼太难"
    acts = web.say(opening, nlu(opening, county="牡丹区", category="城乡建设"))
    assert texts(acts) == wording.say("ask_contact", "rich")
    assert "一个月" in (slots(web).since or "")


def test_a_centre_may_turn_the_quick_since_question_off(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds(order_turns=0)))
    opening = "东明县城关街道 建设路上的井盖丢了 晚上看不见"
    acts = chat.say(opening, nlu(opening, county="东明县", category="城乡建设"))
    assert wording.say("ask_since", "rich") not in texts(acts)


@pytest.mark.parametrize(
    ("answer", "since"),
    [
        ("好几年了 一直没人管啊", "好几年"),
        ("打从去年冬天就这样 能不能快点", "去年冬天"),
        ("一直都这样吗 反正俺搬来就这样", "一直"),
    ],
)
def test_an_answer_to_since_worded_as_a_question_is_the_answer(
    since_ctx: DialogContext, wording: Wording, answer: str, since: str
) -> None:
    """The NLU reads "…啊？" as asking for information; asked since when, a message that
    tells a time is that answer, never a question for the knowledge base."""
    chat = Chat(since_ctx)
    matter = "曹县磐石街道 广场的音响天天放到半夜"
    acts = chat.say(matter, nlu(matter, county="曹县", category="环境保护"))
    assert texts(acts) == wording.say("ask_since", "rich")
    acts = chat.say(answer, nlu(answer, "ask_info"))
    assert not any(isinstance(a, SearchKnowledge) for a in acts), acts
    assert since in (slots(chat).since or "")
    assert texts(acts) == wording.say("ask_contact", "rich")


@pytest.mark.parametrize("refusal", ["匿名", "不想透露", "保密"])
def test_a_refusal_of_contact_answering_which_estate_is_no_place(
    wording: Wording, refusal: str
) -> None:
    """「匿名」 to "which village, estate or road?": the contact refused, the place as it
    was (it had been read back as 「成武县匿名」)."""
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds(order_turns=0)))
    opening = "成武县 俺们小区的垃圾好几天没人收了 臭得不行"
    chat.say(opening, nlu(opening, county="成武县", category="城乡建设"))
    assert chat.state.flow.step == "where"  # the estate is asked
    before = slots(chat).place
    acts = chat.say(refusal, nlu(refusal))
    assert slots(chat).place == before
    assert slots(chat).anonymous is True
    place_line = next(x for x in texts(acts).splitlines() if x.startswith("发生地点"))
    assert refusal not in place_line, place_line


@pytest.mark.parametrize("word", ["确认", "好的", "对"])
def test_a_control_word_answering_since_when_is_no_time(
    since_ctx: DialogContext, wording: Wording, word: str
) -> None:
    """「确认」 to "since when?" (typed ahead, a habit of the read-back): no start time,
    the question not asked again; "不知道" still records the time as unknown."""
    chat = Chat(since_ctx)
    opening = "鄄城县古泉街道 马路中间有个大坑 电动车过不去"
    chat.say(opening, nlu(opening, county="鄄城县", category="城乡建设"))
    assert chat.state.flow.step == "since"
    acts = chat.say(word, nlu(word))
    assert slots(chat).since is None
    assert texts(acts) == wording.say("ask_contact", "rich")
    unknown = Chat(since_ctx)
    unknown.say(opening, nlu(opening, county="鄄城县", category="城乡建设"))
    unknown.say("不知道", nlu("不知道"))
    assert slots(unknown).since == wording.say("summary_unknown", "rich")


@pytest.mark.parametrize(
    ("first", "since"),
    [
        ("打从大前天开始的", "大前天"),
        ("自打入冬就这样了", "入冬"),
        ("从上礼拜起", "上礼拜"),
    ],
)
def test_since_told_before_the_matter_is_no_part_of_the_matter(
    chat: Chat, wording: Wording, first: str, since: str
) -> None:
    """Since when said first, the matter after it: the time is recorded, the matter is
    the description alone (it had been 「从…开始的（补充）…」), and "what?" is asked."""
    # the NLU guesses a category for any text, a time alone included
    acts = chat.say(first, nlu(first, category="城乡建设"))
    assert since in (slots(chat).since or "")
    assert slots(chat).matter == ""
    assert texts(acts) == wording.say("ask_what", "rich")
    matter = "对面饭店的排风扇整夜响 吵得睡不着"
    chat.say(matter, nlu(matter, category="环境保护"))
    assert slots(chat).matter == matter
    assert since in (slots(chat).since or "")


@pytest.mark.parametrize(
    ("correction", "phone"),
    [
        ("手机号打错了 应该是13853009876", "13853009876"),
        ("哦 号码写错了 是15165301234", "15165301234"),
    ],
)
def test_a_phone_corrected_in_its_own_message_adds_nothing_to_the_matter(
    wording: Wording, correction: str, phone: str
) -> None:
    """The words of a correction (「手机号打错了 应该是」), said while the estate or road is
    asked, are no description (they had been kept as 「（补充）手机号打错了 应该是」)."""
    said = read(correction, nlu(correction, category="科技与信息产业"), wording, expecting="place")
    assert said.phone == phone
    assert said.matter == ""
    assert said.place is None


def test_a_county_corrected_inside_the_answer_to_where_adds_nothing_to_the_matter(
    chat: Chat,
) -> None:
    """「单县时楼镇 哦不是 是曹县韩集镇刘庄村」 answering "where?": the place is the
    corrected one, and neither the wrong county nor the correction joins the matter."""
    matter = "村里的大喇叭天天早上五点就响"
    chat.say(matter, nlu(matter, category="环境保护"))
    answer = "单县时楼镇 哦不是 是曹县韩集镇刘庄村"
    chat.say(answer, nlu(answer, county="曹县", township="韩集镇"))
    assert slots(chat).matter == matter
    assert slots(chat).place.county == "曹县"


@pytest.mark.parametrize("opener", ["求恁个事儿", "找你们办个事", "打扰了 想劳驾您个事"])
def test_a_favour_asked_before_the_matter_is_no_part_of_it(
    chat: Chat, wording: Wording, opener: str
) -> None:
    """「想麻烦你们个事」 and its kin open a conversation: what is it about is asked, and
    the description that follows is the whole matter (no 「（补充）」 after the opener)."""
    acts = chat.say(opener, nlu(opener, category="城乡建设"))
    assert texts(acts) == wording.say("ask_what", "rich")
    matter = "楼下的修车铺天天在人行道上喷漆 味儿大得很"
    chat.say(matter, nlu(matter, category="环境保护"))
    assert slots(chat).matter == matter
