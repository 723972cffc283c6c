"""Kinds seen in the fresh7 set: a refusal of the contact without the word 匿名 (an
answer that opens with 不想说 / 没必要留 and only asks the matter to be handled); the phone
refused and no call back wanted at all (不用回访) is anonymity even with a surname; a
degree word (那么大, 这么多) is no question; a rhetorical question (咋可能用这么多水) or
nothing working (咋着也不中) is a matter to file; no income (没收入) is no confiscation."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import OpenWorkOrder, SearchKnowledge
from dialogs.reading import read
from dialogs.wording import Wording
from nlu.questions import reading
from nlu.types import Intent, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

OPENING = "牡丹区 西城街道 阳光小区 路灯坏了"


def at(text: str, county: str, township: str, detail: str) -> NluResult:
    territory = Territory(county=county, township=township, detail=detail)
    return NluResult(text=text, intent=Intent("appeal", 0.8), territory=territory)


def _at_contact(since_ctx: DialogContext) -> Chat:
    chat = Chat(since_ctx)
    chat.say(OPENING, at(OPENING, "牡丹区", "西城街道", "阳光小区"))
    acts = chat.say("不知道", nlu("不知道", "unknown", confidence=0.1))
    assert "手机号码" in texts(acts), texts(acts)
    return chat


# ---------------------------------------- a refusal that opens the answer, no 匿名
@pytest.mark.parametrize(
    "answer",
    [
        "俺不想说 恁直接查他们就中",  # fresh7 f7-035
        "没必要留吧俺就是说一下",  # fresh7 f7-039
        "不想说 你们去处理就行了",
        "没必要吧 我就是反映个情况",
        "用不着留 恁看着办就中",
        "我不愿意说 你们管管就行",
        "这个就不告诉你们了 赶紧修吧",
    ],
)
def test_a_refusal_opening_the_answer_is_anonymity(since_ctx: DialogContext, answer: str) -> None:
    chat = _at_contact(since_ctx)
    acts = chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    sl = slots(chat)
    assert sl.anonymous, texts(acts)
    # nothing added to it (the place said before it is 发生地点's, trial10 N15)
    assert sl.matter == "路灯坏了"
    assert "联系方式：匿名" in texts(acts)
    assert "手机号码" not in texts(acts)
    assert "联系电话" not in texts(acts)


@pytest.mark.parametrize(
    "answer",
    ["我叫王秀英 不想说电话", "不想留电话 俺叫张国强", "张三 13853001234 不想说太多"],
)
def test_a_name_or_a_phone_beside_the_refusal_is_kept(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    sl = slots(chat)
    assert not sl.anonymous
    assert sl.name or sl.phone


# ------------------------------------ the phone refused and no call back wanted
@pytest.mark.parametrize(
    "answer",
    [
        "俺姓宋 电话就不给了 不用回访",  # fresh7 f7-036
        "我姓李 电话不留了 不用回电",
        "免贵姓王 号码就算了 别联系我",
        "俺是老周 手机不给了 不需要回复",
    ],
)
def test_no_call_back_with_the_phone_refused_is_anonymity(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    acts = chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    sl = slots(chat)
    assert sl.anonymous, texts(acts)
    assert "联系方式：匿名" in texts(acts)
    assert "电话" not in sl.matter
    assert "回" not in sl.matter
    acts = chat.say("确认", nlu("确认", "affirm"))
    draft = next(a for a in acts if isinstance(a, OpenWorkOrder)).draft
    assert draft.anonymous
    assert draft.contact_name is None
    assert draft.contact_phone is None


# ------------------------------------------ a degree word is no question's 么
@pytest.mark.parametrize(
    "text",
    [
        "晚上广场舞放到十点多 音响开那么大 孩子没法写作业",  # fresh7 f7-111
        "楼下烧烤摊烟这么大 窗户都不敢开",
        "工地的灯那么亮 一晚上照着卧室",
    ],
)
def test_a_degree_word_is_no_question(wording: Wording, text: str) -> None:
    r = read(text, nlu(text, "appeal"), wording)
    assert not r.question
    chat = Chat(DialogContext.for_channel("web", wording))
    acts = chat.say(text, nlu(text, "appeal"))
    assert not any(isinstance(a, SearchKnowledge) for a in acts)
    assert chat.flow == "intake"


# ------------------------- a question form that complains, and one that asks
@pytest.mark.parametrize(
    "text",
    [
        "俺家水表这个月走了四十多个字 俺家就俩老人 咋可能用这么多水",  # fresh7 f7-109
        "俺庄那电老是一会来一会不来的 咋着也不中 恁给俺说说中不中",  # fresh7 f7-116
        "燃气表一个月走了两百多块 怎么可能用这么多",
        "水压太低 咋弄也不行 能给看看不",
        "这个月电费三百多 俺家白天都没人 咋会用这么多电",
        "楼道灯修了好几次 怎么整都不管用 到底啥情况",
    ],
)
def test_a_rhetorical_question_is_a_matter(text: str) -> None:
    assert reading(text) == "matter"


@pytest.mark.parametrize(
    "text",
    [
        "俺娘一个人在家 没收入 能申请低保不 咋申请",  # fresh7 f7-049
        "家里没收入 能办低保吗",
        "没收入的老人怎么申请养老补贴",
        "失业了没收入 医保还能续交吗",
    ],
)
def test_no_income_asked_about_is_a_question(text: str) -> None:
    assert reading(text) == "question"


def test_confiscation_still_complains() -> None:
    assert reading("城管把俺的三轮车没收了 凭啥不给") == "matter"
    assert reading("俺的电动车被没收了 咋要回来") == "matter"


# ------------------------------ a thing named alone, what happened to it next
@pytest.mark.parametrize(
    ("thing", "what"),
    [
        ("俺村那条路", "坑坑洼洼的 下雨全是泥 电动车都骑不过去"),  # fresh7 f7-004
        ("小区门口那个井盖", "丢了好几天了 晚上看不见容易掉进去"),
        ("俺们楼后面那条沟", "臭得很 蚊子一堆一堆的"),
        ("咱村东头那座桥", "栏杆断了两根 小孩走着危险"),
    ],
)
def test_a_thing_named_alone_is_the_subject_of_the_matter(
    ctx: DialogContext, thing: str, what: str
) -> None:
    chat = Chat(ctx)
    chat.say("你好", nlu("你好", "greet"))
    # as the shipped NLU reads it: an appeal whose words are an address entity
    chat.say(thing, nlu(thing, "appeal", entities=(("address", thing),)))
    chat.say(what, nlu(what, "appeal"))
    sl = slots(chat)
    assert sl.matter.startswith(thing), sl.matter
    assert sl.matter.endswith(what), sl.matter


def test_a_place_named_alone_then_a_whole_matter_keeps_the_matter(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    chat.say("牡丹区西城街道", at("牡丹区西城街道", "牡丹区", "西城街道", ""))
    chat.say("路灯坏了一个月了", nlu("路灯坏了一个月了", "appeal"))
    assert slots(chat).matter == "路灯坏了一个月了"
