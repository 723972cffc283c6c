"""A county alone is enough to dispatch, not to find the spot: the intake asks once which
township, village, estate or road (``Thresholds.ask_place_detail``), as a call-taker does
when the citizen says only "郓城县" or "俺村东头"; a named road, estate, village or a
shared point is never asked again."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.intake import specific
from dialogs.state import Place
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

LAMP = "路灯坏了好几天了，晚上黑乎乎的"


@pytest.fixture
def web(wording: Wording) -> DialogContext:
    return DialogContext.for_channel("web", wording)  # the default thresholds


@pytest.mark.parametrize(
    ("place", "found"),
    [
        (Place(county="郓城县"), False),
        (Place(county="郓城县", detail="郓城县"), False),
        (Place(county="曹县", township="普连集镇", detail="曹县普连集镇的"), False),
        (Place(county="郓城县", detail="俺村东头"), False),
        (Place(county="单县", detail="俺们小区"), False),
        (Place(county="东明县", village="俺们村", detail="东明县俺们村"), False),
        (Place(county="牡丹区", detail="我家楼下"), False),
        (Place(county="巨野县", township="永丰街道", detail="金山路中段"), True),
        (Place(county="郓城县", township="南赵楼镇", village="小刘庄"), True),
        (Place(latitude=35.2, longitude=115.4), True),
    ],
)
def test_what_a_unit_could_find(place: Place, found: bool) -> None:
    assert specific(place) is found


def test_a_county_alone_gets_one_question_for_the_spot(web: DialogContext) -> None:
    chat = Chat(web)
    text = "郓城县 俺家那片这几天夜里老停电"
    acts = chat.say(text, nlu(text, county="郓城县"))
    assert chat.state.step == "where"
    assert "具体在哪个乡镇" in texts(acts)
    answer = "郓城县南赵楼镇小刘庄"
    chat.say(answer, nlu(answer, county="郓城县", township="南赵楼镇"))
    assert "小刘庄" in (slots(chat).place.address() or "")
    assert chat.state.step == "contact"


def test_the_spot_is_asked_once_even_without_an_answer(web: DialogContext) -> None:
    chat = Chat(web)
    chat.say(LAMP, nlu(LAMP))
    chat.say("郓城县", nlu("郓城县", county="郓城县"))
    assert chat.state.step == "where"
    chat.say("不知道", nlu("不知道"))
    assert chat.state.step == "contact"  # asked once, never again
    assert slots(chat).place.county == "郓城县"


def test_a_named_place_is_not_asked_again(web: DialogContext) -> None:
    chat = Chat(web)
    chat.say(LAMP, nlu(LAMP))
    answer = "巨野县永丰街道金山路中段"
    chat.say(answer, nlu(answer, county="巨野县", township="永丰街道"))
    assert chat.state.step == "contact"


def test_an_empty_message_at_the_spot_question_asks_it_again(web: DialogContext) -> None:
    chat = Chat(web)
    text = "郓城县 俺家那片这几天夜里老停电"
    first = chat.say(text, nlu(text, county="郓城县"))
    again = chat.say("", None)
    assert texts(again) == texts(first)
    assert chat.state.step == "where"


def test_a_county_corrected_keeps_the_village_and_drops_the_wrong_one(
    web: DialogContext,
) -> None:
    """The county corrected ("不对，是单县浮岗镇 不是成武县"): the wrong county named after
    不是 is not the place, and the village said before stays."""
    chat = Chat(web)
    text = "成武县浮岗镇张楼村的垃圾堆成山了 臭得不行"
    chat.say(text, nlu(text, county="成武县", township="浮岗镇"))
    chat.state.flow.slots.place = Place(  # type: ignore[union-attr]
        county="成武县", township="浮岗镇", village="张楼村"
    )
    fix = "不对，是单县浮岗镇 不是成武县"
    chat.say(fix, nlu(fix, county="单县", township="浮岗镇"))
    place = slots(chat).place
    assert place.address() == "单县浮岗镇张楼村"
    assert "成武县" not in (place.address() or "")


@pytest.mark.parametrize(
    ("answer", "county", "township", "words"),
    [
        # a village without 村 that the NLU's territory does not name
        ("成武县白浮图镇前李庄", "成武县", "白浮图镇", "前李庄"),
        # a company, a shop or a site as the place
        ("定陶区马集镇鑫源面粉厂", "定陶区", "马集镇", "鑫源面粉厂"),
        ("巨野县永丰街道华泰超市门口", "巨野县", "永丰街道", "华泰超市门口"),
    ],
)
def test_the_citizens_words_after_the_territory_stay_in_the_address(
    web: DialogContext, answer: str, county: str, township: str, words: str
) -> None:
    """The NLU's address span may stop at the township ("成武县白浮图镇"): the rest of
    what the citizen said is the detail, and no level is written twice."""
    chat = Chat(web)
    chat.say(LAMP, nlu(LAMP))
    territory_only = county + township
    chat.say(
        answer,
        nlu(answer, county=county, township=township, entities=(("address", territory_only),)),
    )
    place = slots(chat).place
    assert place.detail == words
    assert place.address() == answer
    assert chat.state.step == "contact"  # the spot is known: not asked for again


@pytest.mark.parametrize("premises", ["宏发机械配件店", "菏泽宏发机械配件销售有限公司"])
def test_a_named_company_or_shop_alone_is_a_place_and_only_the_county_is_asked(
    web: DialogContext, premises: str
) -> None:
    chat = Chat(web)
    text = "老板拖欠我们三个月工资了"
    chat.say(text, nlu(text))
    acts = chat.say(premises, nlu(premises))
    assert slots(chat).place.detail == premises
    assert slots(chat).matter == text
    assert "县区" in texts(acts)  # the county is still missing
    chat.say("东明县", nlu("东明县", county="东明县"))
    assert slots(chat).place.address() == "东明县" + premises
    assert chat.state.step == "contact"


def test_a_level_said_under_another_name_is_not_written_twice(web: DialogContext) -> None:
    chat = Chat(web)
    chat.say(LAMP, nlu(LAMP))
    answer = "高新区万福办事处"
    result = nlu(
        answer,
        county="菏泽高新技术产业开发区",
        township="万福街道",
        entities=(("address", answer),),
    )
    chat.say(answer, result)
    assert slots(chat).place.address() == "菏泽高新技术产业开发区万福街道"


@pytest.mark.parametrize("answer", ["曹县 具体哪儿俺也说不上来", "曹县的 具体位置不清楚"])
def test_not_knowing_the_spot_is_neither_place_nor_matter(web: DialogContext, answer: str) -> None:
    chat = Chat(web)
    chat.say(LAMP, nlu(LAMP))
    chat.say(answer, nlu(answer, county="曹县"))
    sl = slots(chat)
    assert sl.place.county == "曹县"
    assert sl.place.address() == "曹县"
    assert sl.matter == LAMP


@pytest.mark.parametrize(
    ("village", "elsewhere"),
    [("前王庄村", "核桃园镇"), ("张庄", "田庄镇"), ("李楼村", "大义镇")],
)
def test_a_village_named_after_the_township_keeps_the_township_said(
    web: DialogContext, village: str, elsewhere: str
) -> None:
    """trial3 F11: "巨野县麒麟镇", then (asked the spot) "前王庄村": the gazetteer placed a
    namesake village in another township and the order went to 核桃园镇. A township the
    citizen said stays unless they name another."""
    chat = Chat(web)
    text = "俺家门口的下水道堵了，污水漫到路上了"
    chat.say(text, nlu(text, category="城乡建设"))
    chat.say("巨野县麒麟镇", nlu("巨野县麒麟镇", county="巨野县", township="麒麟镇"))
    chat.say(village, nlu(village, county="巨野县", township=elsewhere))
    place = slots(chat).place
    assert place.township == "麒麟镇"
    assert elsewhere not in (place.address() or "")
    assert village in (place.address() or "")


def test_a_township_named_again_replaces_the_one_said_before(web: DialogContext) -> None:
    chat = Chat(web)
    text = "俺家门口的下水道堵了，污水漫到路上了"
    chat.say(text, nlu(text, category="城乡建设"))
    chat.say("巨野县麒麟镇", nlu("巨野县麒麟镇", county="巨野县", township="麒麟镇"))
    said = "核桃园镇前王庄村"
    chat.say(said, nlu(said, county="巨野县", township="核桃园镇"))
    assert slots(chat).place.township == "核桃园镇"


@pytest.mark.parametrize(
    ("said", "county", "spot"),
    [
        ("成武县伯乐街道的菜市场门口天天堵车", "成武县", "菜市场门口"),
        ("单县三中门口天天有人摆摊卖菜", "单县", "三中门口"),
        ("巨野县新华路的路灯坏了好几天了", "巨野县", "新华路"),
    ],
)
def test_the_spot_said_with_the_matter_is_kept_and_not_asked_again(
    web: DialogContext, said: str, county: str, spot: str
) -> None:
    """trial3 F32: the first message named the street office and the spot, the NLU knew
    only the county: the spot was dropped, asked for again, and the order went out with
    「成武县」 alone."""
    chat = Chat(web)
    acts = chat.say(said, nlu(said, county=county, category="城乡建设"))
    place = slots(chat).place
    assert spot in (place.address() or "")
    assert "堵车" not in (place.address() or "")
    assert "摆摊" not in (place.address() or "")
    assert "坏了" not in (place.address() or "")
    assert "在哪" not in texts(acts)
    assert "村（社区）" not in texts(acts)
