"""Fourth round of conversations a citizen can finish (issue 12, fresh3 and trial 3):
goods bought in a shop complained about, a new matter after an earlier order, the county
corrected in any wording, a road's name never cut, contact facts out of the matter, a
service wanted for oneself, a dialect greeting."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import LookupOrder, OrderOpened, RecordDisposition, SearchKnowledge
from dialogs.placenames import county_in, names_county
from dialogs.reading import read
from dialogs.wording import Wording
from nlu.types import Category, Entity, Intent, NluResult, Territory, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts


def _placed(
    text: str, county: str | None, township: str | None = None, detail: str | None = None
) -> NluResult:
    """An NLU result with a territory and its detail, as the NLU gives for an address."""
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        category=Category("城乡建设", None, 0.8, "department:住建"),
        territory=Territory(county=county, township=township, detail=detail),
    )


# ------------------------------------------------------ goods bought in a shop (fresh3)
@pytest.mark.parametrize(
    ("said", "spot", "words"),
    [
        ("在药店买的感冒药是过期的 都过期俩月了", "药店", "感冒药是过期的"),
        ("在县城家电商场买的冰箱用了三天就不制冷", "县城家电商场", "不制冷"),
        ("在集上的种子店买的玉米种 出来的苗稀稀拉拉", "集上的种子店", "玉米种"),
    ],
)
def test_goods_bought_in_a_shop_are_the_matter_and_the_shop_the_place(
    chat: Chat, said: str, spot: str, words: str
) -> None:
    """A description that opens with where it was bought ("在…店买的…") is a complaint
    about goods: the whole sentence is the matter, the shop the place (never the whole
    message taken for an address, leaving no matter to file)."""
    acts = chat.say(said, nlu(said, "appeal", category="商贸旅游"))
    assert chat.flow == "intake"
    assert words in slots(chat).matter
    assert slots(chat).place.detail == spot
    assert "具体说说" not in texts(acts)  # the matter is not asked again
    assert chat.state.step == "where"  # the county (and which shop) is asked


def test_an_address_after_a_cue_is_still_the_whole_place(wording: Wording) -> None:
    r = read("就在幸福小区5号楼", None, wording, expecting="place")
    assert r.place is not None
    assert r.place.detail == "幸福小区5号楼"
    assert r.matter == ""


# ------------------------------------------------ a new matter after an earlier order
@pytest.mark.parametrize(
    ("said", "new"),
    [
        ("之前反映的下水道已经弄好了，这次是楼道里的灯全不亮了", "楼道里的灯全不亮了"),
        ("上回投诉的噪音解决了 谢谢恁 今天要说的是门口的垃圾堆好几天没人清", "门口的垃圾堆"),
        ("俺上次报的路灯给修好了 还有个事 村口的桥栏杆断了一截", "桥栏杆断了一截"),
    ],
)
def test_a_new_matter_after_an_earlier_order_is_a_new_intake_of_that_matter(
    chat: Chat, said: str, new: str
) -> None:
    """The earlier matter said to be solved, then another one: the new one alone is the
    matter (no earlier words that the repeat check would take for the same matter)."""
    first = "牡丹区南城街道和平路的路灯坏了"
    chat.say(first, nlu(first, county="牡丹区", township="南城街道", category="城乡建设"))
    chat.say("王敏 13853002468")
    chat.say("确认")
    chat.feed(OrderOpened(number="HZ20260302-000301", unit_name="牡丹区城管局", deadline=None))
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert chat.flow == "intake"
    assert new in slots(chat).matter
    for old in ("之前反映", "上回投诉", "上次报的", "修好了", "解决了", "弄好了"):
        assert old not in slots(chat).matter
    assert "工单HZ" not in texts(acts)


def test_a_new_matter_is_no_repeat_of_the_order_it_says_was_done(chat: Chat) -> None:
    """The repeat check (第十三条(三)) finds the earlier order in the words about it; the
    citizen said it was done and told another matter: an intake of the new one, neither
    the earlier order's progress nor its number looked up."""
    said = "上次反映的下水道已经弄好了 这次是小区东门口的路灯不亮了"
    number = "HZ20260302-000302"
    found = NluResult(
        text=said,
        intent=Intent("appeal", 0.9),
        category=Category("城乡建设", None, 0.8, "department:住建"),
        triage=Triage(TriageOutcome.REPEAT, f"与工单{number}为同一事项", matched=number),
        entities=(Entity("order_no", number, number, 0, 0),),
    )
    acts = chat.say(said, found)
    assert chat.flow == "intake"
    assert "下水道" not in slots(chat).matter
    assert "路灯不亮" in slots(chat).matter
    assert not any(isinstance(a, (LookupOrder, RecordDisposition)) for a in acts)


def test_the_same_matter_going_on_is_not_a_new_one(wording: Wording) -> None:
    """ "解决了 可是这回又堵了": the same matter again, read whole."""
    said = "下水道的问题解决了 可是这回又堵了"
    r = read(said, None, wording)
    assert r.matter == said
    assert "matter" not in r.fixes


# ------------------------------------------- the county corrected (fresh3, trial3 F03)
def _at_confirm(chat: Chat) -> None:
    text = "俺们小区门口的路灯坏了一排"
    chat.say(text, nlu(text, category="城乡建设"))
    where = "郓城县郓州街道幸福小区"
    chat.say(where, nlu(where, county="郓城县", township="郓州街道"))
    chat.say("耿军 13562005555")
    assert chat.state.step == "confirm"


@pytest.mark.parametrize(
    "fix",
    [
        "不对不对 不是郓城 是巨野 巨野县麒麟镇幸福小区",
        "不对 不是郓城县 是巨野县麒麟镇幸福小区",
        "错了 不是郓城县是巨野县麒麟镇幸福小区",
    ],
)
def test_a_county_corrected_at_the_read_back_replaces_the_county(chat: Chat, fix: str) -> None:
    """The NLU names the first county of the sentence (the wrong one): the county named
    after the correction is the one kept, nothing of the wrong one left in the address."""
    _at_confirm(chat)
    matter = slots(chat).matter
    acts = chat.say(fix, _placed(fix, "郓城县"))
    place = slots(chat).place
    assert place.county == "巨野县"
    address = place.address() or ""
    assert "郓城" not in address
    assert "幸福小区" in address
    assert slots(chat).matter == matter  # a correction is never matter
    assert "巨野县" in texts(acts)  # read back again with the right county


@pytest.mark.parametrize(
    ("fix", "nlu_county"),
    [
        ("说错了，应该是成武县", "成武县"),
        ("刚才说错了 是成武县的", "成武县"),
        ("我说错了 不是单县是成武县", "单县"),
        ("哦不对 成武县", "成武县"),
        ("搞错了，在成武县", "成武县"),
    ],
)
def test_a_county_corrected_at_the_spot_question_adds_nothing(
    chat: Chat, fix: str, nlu_county: str
) -> None:
    """Trial3 F03 in other words: the county corrected while the spot is asked replaces
    the county, keeps the township's village, and neither the correction's words nor the
    wrong county reach the matter or the address."""
    text = "俺们村的自来水停了三天了"
    chat.say(text, nlu(text, category="城乡建设"))
    chat.say("做饭都得去邻村挑水")
    chat.say("单县浮岗镇刘楼村", nlu("单县浮岗镇刘楼村", county="单县", township="浮岗镇"))
    matter = slots(chat).matter
    chat.say(fix, _placed(fix, nlu_county))
    place = slots(chat).place
    assert place.county == "成武县"
    assert slots(chat).matter == matter
    address = place.address() or ""
    for word in ("单县", "说错", "不对", "错了", "应该"):
        assert word not in address, address


def test_counties_are_known_by_their_short_names() -> None:
    assert county_in("不是成武 是单县东城街道") == "成武县"
    assert county_in("是单县东城街道") == "单县"
    assert county_in("就在经开区长江路") == "菏泽经济技术开发区"
    assert county_in("牡丹路上的井盖") is None  # a road named after a county is no county
    assert names_county("郓城县", "不是郓城")
    assert not names_county("郓城县", "不是鄄城")


# --------------------------------------------------- a road's name never cut (fresh3)
@pytest.mark.parametrize(
    ("said", "county", "township", "cut", "whole"),
    [
        ("东明县城关街道人民路上的井盖丢了", "东明县", "城关街道", "人民", "人民路"),
        ("俺们郓城县随官屯镇中心街上那个排水沟堵死了", "郓城县", "随官屯镇", "中心", "中心街"),
        ("曹县磐石街道青年大街路面塌了个坑", "曹县", "磐石街道", "青年", "青年大街"),
    ],
)
def test_a_road_cut_short_by_the_nlu_keeps_its_kind(
    chat: Chat, said: str, county: str, township: str, cut: str, whole: str
) -> None:
    """fresh3: the NLU's detail ends inside the road's name (中心 of 中心街上): the kind of
    road the citizen said right after it is kept."""
    chat.say(said, _placed(said, county, township, cut))
    assert slots(chat).place.detail == whole


def test_an_estate_before_a_street_lamp_is_not_made_a_road(chat: Chat) -> None:
    said = "牡丹区西城街道幸福小区路灯不亮"
    chat.say(said, _placed(said, "牡丹区", "西城街道", "幸福小区"))
    assert slots(chat).place.detail == "幸福小区"


# -------------------------------------------- contact facts out of the matter (F06)
@pytest.mark.parametrize(
    ("said", "matter"),
    [
        (
            "电话13953001234身份证号371702198503154321反映村里修路占了俺家地",
            "身份证号371702198503154321反映村里修路占了俺家地",
        ),
        (
            "我叫王建国，手机：13953001234，身份证37170219850315432X，小区物业乱收费",
            "身份证37170219850315432X，小区物业乱收费",
        ),
        (
            "身份证号 3717 0219 8503 1543 21 电话 139 5300 1234 俺反映工资被拖欠",
            "身份证号 3717 0219 8503 1543 21 俺反映工资被拖欠",
        ),
    ],
)
def test_contact_facts_leave_the_matter_cleanly(wording: Wording, said: str, matter: str) -> None:
    """Trial3 F06: the phone goes with the words that lead it, the name with its 我叫, the
    separators close up (no 「，，」), and an ID number stays whole, never half."""
    r = read(said, None, wording)
    assert r.phone == "13953001234"
    assert r.matter == matter
    assert "，，" not in r.matter


def test_an_id_number_with_the_contact_is_no_matter(wording: Wording) -> None:
    r = read("我叫赵六 电话13953001234 身份证371702198503154321", None, wording)
    assert (r.name, r.phone) == ("赵六", "13953001234")
    assert r.matter == ""


# --------------------------------------------------- a service for oneself (F07)
@pytest.mark.parametrize("said", ["我要办居住证", "俺想补办个身份证", "我想申请公租房"])
def test_a_service_wanted_for_oneself_is_a_question(chat: Chat, said: str) -> None:
    """Trial3 F07: even when the NLU reads it as an appeal, a service wanted is asked
    how it is done (the knowledge base), never "where did it happen?"."""
    acts = chat.say(said, nlu(said, "appeal", category="政法"))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    assert "哪里" not in texts(acts)


def test_a_trouble_with_a_service_is_still_a_matter(chat: Chat) -> None:
    said = "我要办居住证 派出所一直不给办"
    acts = chat.say(said, nlu(said, "appeal", category="政法"))
    assert chat.flow == "intake"
    assert "search_knowledge" not in kinds(acts)


# ------------------------------------------------------- a dialect greeting (F47)
@pytest.mark.parametrize("hello", ["恁好", "恁好啊", "恁们好", "您好呀"])
def test_a_dialect_greeting_is_trimmed_like_nihao(ctx: DialogContext, hello: str) -> None:
    chat = Chat(ctx)
    said = f"{hello} 俺庄上的路灯夜儿个黑了就木亮 恁能给俺拾掇拾掇不"
    chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert slots(chat).matter.startswith("俺庄上的路灯"), slots(chat).matter


# ------------------------------------------ when it happened is no part of where (fresh2)
def test_a_time_the_nlu_took_into_the_place_is_left_out_and_an_unnamed_shop_asked(
    wording: Wording,
) -> None:
    """ "前天中午在曹县磐石街道一家饭馆吃的…": the NLU's detail opens with when it
    happened; the place is the premises, and "一家饭馆" names no one place a unit could
    find: the road or estate is asked."""
    chat = Chat(DialogContext.for_channel("web", wording))  # the spot is asked
    said = "前天中午在曹县磐石街道一家饭馆吃的羊肉汤 回来就拉肚子 这家店得查查"
    chat.say(said, _placed(said, "曹县", "磐石街道", "前天中午在一家饭馆"))
    assert slots(chat).place.detail == "一家饭馆"
    assert slots(chat).since == "前天中午"
    assert chat.state.step == "where"  # which road or estate
    chat.say("青年路上的老马羊汤馆")
    assert "青年路" in (slots(chat).place.address() or "")
