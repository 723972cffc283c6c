"""Branch n12 (issue 12, fresh8): the dialogue kinds its failures showed.

- f8-098, f8-027: the contact refused with a reason first and the citizen's own
  unwillingness last ("孩子还在那上学 俺不敢留", "怕打击报复 不能留"): anonymous, never
  the contact question again (it looped until the harness gave up).
- f8-024: a month before 开学 goes with it ("时间说错了 是九月开学就这样" corrects 开学).
- f8-037: a soft cancel opening the message with the matter said resolved ("哦不用了不用了
  物业已经来修了谢谢啊") withdraws the intake.
- f8-015: a phone and a surname given first ("俺电话150… 姓宋") leave no 「俺 姓」 in the matter.
- f8-014: a place pointed at alone ("开发区长江路这边") is no matter, whatever category the
  NLU guessed from the road; the description that follows is the matter, not a time.
- f6-007, f6-018: a refusal word of the matter (一分不给 … 打电话也不接, 一不留神) made the
  intake anonymous without asking; f8-054: no answer wanted ("不用回复 就是提个建议") to
  "name and phone?" is anonymous (it looped).
"""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import RecordDisposition
from nlu.refusals import declined
from nlu.types import Category, Intent, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

OPENING = "牡丹区 南城街道 和平小区 楼下饭店油烟太大"


def _at_contact(ctx: DialogContext) -> Chat:
    chat = Chat(ctx)
    where = Territory(county="牡丹区", township="南城街道", detail="和平小区")
    chat.say(OPENING, NluResult(text=OPENING, intent=Intent("appeal", 0.8), territory=where))
    acts = chat.say("不知道", nlu("不知道", "unknown", confidence=0.1))
    assert "手机号码" in texts(acts), texts(acts)
    return chat


@pytest.mark.parametrize(
    "answer",
    [
        "孩子还在那上学 俺不敢留",  # f8-098
        "俺怕打击报复 不能留",  # f8-027
        "俺就住他家对门 实在不方便",
        "他们都认识俺 俺可不敢说",
        "老板是俺亲戚 不想留了",
    ],
)
def test_a_reason_then_an_unwillingness_refuses_the_contact(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    asked = since_ctx.say("ask_contact")
    said = NluResult(text=answer, intent=Intent("appeal", 0.6), declined=declined(answer))
    acts = chat.say(answer, said)
    sl = slots(chat)
    assert sl.anonymous, texts(acts)
    assert (sl.phone, sl.name) == (None, None)
    assert asked not in texts(acts)
    assert answer not in sl.matter


@pytest.mark.parametrize("answer", ["他们不让说", "老人都不敢出门了", "晚上吵得孩子睡不着"])
def test_a_description_at_the_contact_question_is_no_refusal(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    chat.say(answer, nlu(answer, "appeal", confidence=0.6))
    assert not slots(chat).anonymous


def _at_read_back(ctx: DialogContext, since: str) -> Chat:
    chat = Chat(ctx)
    where = Territory(county="巨野县", township="麒麟镇", detail="中心小学门口")
    opening = "巨野县麒麟镇中心小学门口天天堵车"
    chat.say(opening, NluResult(text=opening, intent=Intent("appeal", 0.8), territory=where))
    chat.say(since, nlu(since, "unknown", confidence=0.1))
    phone = "13583066129"
    acts = chat.say(phone, nlu(phone, "unknown", entities=(("phone", phone),)))
    assert "核对" in texts(acts), texts(acts)
    return chat


@pytest.mark.parametrize(
    ("fix", "since"),
    [
        ("时间说错了 是九月开学就这样", "九月开学"),  # f8-024
        ("时间不对 是去年冬天就这样了", "去年冬天"),
        ("开始时间说错了 是国庆以后就这样", "国庆"),
    ],
)
def test_the_time_corrected_with_its_value_at_the_read_back(
    since_ctx: DialogContext, fix: str, since: str
) -> None:
    chat = _at_read_back(since_ctx, "开学以后")
    acts = chat.say(fix, nlu(fix, "unknown", confidence=0.1))
    said = texts(acts)
    assert "核对" in said, said
    assert since in (slots(chat).since or ""), slots(chat).since


@pytest.mark.parametrize(
    "said",
    [
        "哦不用了不用了物业已经来修了谢谢啊",  # f8-037, a voice transcript
        "噢 那不用了 社区的人刚才过来弄好了",
        "算了吧 师傅已经修好了 谢谢",
        "不需要了 下午就通了",
    ],
)
def test_a_soft_cancel_with_the_matter_resolved_withdraws_the_intake(
    ctx: DialogContext, said: str
) -> None:
    chat = Chat(ctx)
    opening = "俺们小区的下水道堵了"
    acts = chat.say(opening, nlu(opening, "appeal"))
    assert "哪里" in texts(acts) or "县区" in texts(acts), texts(acts)
    acts = chat.say(said, nlu(said, "unknown", confidence=0.1))
    assert RecordDisposition(disposition="withdrawn", reason="citizen_cancelled") in acts, acts
    assert chat.flow != "intake"


@pytest.mark.parametrize("said", ["不用了 修了也没用 又堵了", "算了 物业来修了 还是不行"])
def test_a_soft_cancel_with_the_matter_still_there_is_no_cancel(
    ctx: DialogContext, said: str
) -> None:
    chat = Chat(ctx)
    opening = "俺们小区的下水道堵了"
    chat.say(opening, nlu(opening, "appeal"))
    acts = chat.say(said, nlu(said, "unknown", confidence=0.1))
    assert RecordDisposition(disposition="withdrawn", reason="citizen_cancelled") not in acts


@pytest.mark.parametrize(
    ("first", "phone", "surname"),
    [
        ("俺电话15053078841 姓宋", "15053078841", "宋"),  # f8-015
        ("俺手机13953012345 姓刘", "13953012345", "刘"),
        ("我电话 18653001234 姓马", "18653001234", "马"),
    ],
)
def test_a_contact_given_first_leaves_nothing_of_it_in_the_matter(
    ctx: DialogContext, first: str, phone: str, surname: str
) -> None:
    chat = Chat(ctx)
    # the NLU guesses a matter and a category in it (as it did in f8-015)
    chat.say(first, nlu(first, "appeal", category="商贸旅游", entities=(("phone", phone),)))
    matter = "俺家门口下水道堵了 污水往外冒"
    chat.say(matter, nlu(matter, "appeal", category="城乡建设"))
    sl = slots(chat)
    assert sl.matter == matter, sl.matter
    assert sl.phone == phone
    assert surname in (sl.name or ""), sl.name


@pytest.mark.parametrize(
    ("first", "county", "road", "matter"),
    [
        # f8-014
        ("开发区长江路这边", "菏泽经济技术开发区", "长江路", "有个工地天天拉土 也不盖 尘土飞扬哩"),
        ("高新区人民路那块", "菏泽高新技术产业开发区", "人民路", "路边的垃圾桶满了 臭烘烘的没人清"),
        ("牡丹区中华路那一片", "牡丹区", "中华路", "夜里大货车跑得飞快 轰隆隆的睡不着"),
    ],
)
def test_a_place_pointed_at_first_is_no_matter(
    ctx: DialogContext, first: str, county: str, road: str, matter: str
) -> None:
    chat = Chat(ctx)
    where = Territory(county=county, detail=road, road=road)
    # the NLU guesses a category from the road alone (as it did in f8-014)
    guess = Category("交通运输", "建设管理", 0.14, "department:交通")
    said = NluResult(text=first, intent=Intent("appeal", 0.9), territory=where, category=guess)
    acts = chat.say(first, said)
    assert slots(chat).matter == "", slots(chat).matter
    assert "什么" in texts(acts) or "情况" in texts(acts) or "问题" in texts(acts), texts(acts)
    chat.say(matter, nlu(matter, "appeal", category="环境保护"))
    sl = slots(chat)
    assert sl.matter == matter, sl.matter
    assert sl.since is None
    assert sl.place is not None
    assert sl.place.county == county


@pytest.mark.parametrize(
    "opening",
    [
        # f6-007: 不给 refuses the wages, 电话 is the boss's
        "俺在工地上干了八个月 老板欠俺们的工钱一分不给 打电话也不接",
        "装修公司收了定金 活干一半跑了 钱一分不给退 打他手机关机",
        # f6-018: 一不留神 withholds nothing
        "人行道上的井盖没了 夜里一不留神就掉下去了",
        "小区门口的台阶坏了 老人一不留神就崴了脚",
    ],
)
def test_a_refusal_word_of_the_matter_is_no_refusal_of_the_contact(
    ctx: DialogContext, opening: str
) -> None:
    chat = Chat(ctx)
    said = nlu(opening, "appeal", county="牡丹区", category="城乡建设")
    acts = chat.say(opening, said)
    sl = slots(chat)
    assert not sl.anonymous
    assert "手机号码" in texts(acts) or "哪里" in texts(acts), texts(acts)


@pytest.mark.parametrize("answer", ["电话就不留了", "不想留电话 怕麻烦", "号码 不方便给"])
def test_a_contact_word_with_its_refusal_is_still_anonymous(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_contact(since_ctx)
    chat.say(answer, NluResult(text=answer, intent=Intent("deny", 0.8), declined=declined(answer)))
    assert slots(chat).anonymous


@pytest.mark.parametrize(
    "answer",
    ["不用回复 就是提个建议", "不需要答复 俺就是说一声", "甭给俺回话了 反映一下就中"],  # f8-054
)
def test_no_answer_wanted_refuses_the_contact(since_ctx: DialogContext, answer: str) -> None:
    chat = _at_contact(since_ctx)
    said = NluResult(text=answer, intent=Intent("appeal", 0.6), declined=declined(answer))
    acts = chat.say(answer, said)
    assert slots(chat).anonymous, texts(acts)
