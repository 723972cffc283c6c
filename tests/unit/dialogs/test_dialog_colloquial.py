"""Colloquial and dialect answers (issue 12, second round): yes and no by meaning at the
read-back and elsewhere, a matter dropped mid-intake, times and names said in speech,
a short piece at the place question, a matter outside Heze, a surname or title only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.reading import read
from dialogs.wording import Wording
from nlu.types import NluResult
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts
from tests.unit.dialogs.test_dialog_understanding import draft_of, to_read_back


# ------------------------------------------------------------------ yes and no by meaning
@pytest.mark.parametrize(
    "yes",
    [
        "中",
        "中中",
        "中 就这么着吧 谢谢恁啊",
        "行吧就这样",
        "妥了",
        "没毛病",
        "可以的",
        "嗯呐",
        "成 那就这么办",
        "得嘞 麻烦恁了",
        "中嘞 没啥问题",
        "好好好 辛苦师傅",
        "就这么着",
        "嗯 对头",
    ],
)
def test_yes_in_any_colloquial_wording_submits(chat: Chat, yes: str) -> None:
    to_read_back(chat)
    draft = draft_of(chat.say(yes)).draft
    assert "中" not in draft.text
    assert "行" not in draft.text


@pytest.mark.parametrize("no", ["不中", "不行", "不行啊", "那可不中", "不太对", "不成"])
def test_a_negated_yes_is_no(chat: Chat, no: str) -> None:
    to_read_back(chat)
    acts = chat.say(no)
    assert "OpenWorkOrder" not in kinds(acts)
    assert chat.state.step == "amend"


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("中中中", True),
        ("那就这样吧 谢谢", True),
        ("不中啊", False),
        ("没错 就它了", True),
        ("对 就是这么回事", True),
        ("不是这个意思", False),
        ("中 不过电话改成13800000000", None),  # a correction: not a bare yes
        ("是我家楼下", None),  # a sentence, not an answer
    ],
)
def test_assent_is_read_by_its_parts(wording: Wording, text: str, yes: bool | None) -> None:
    r = read(text, None, wording, expecting="confirm")
    if yes is None:
        assert r.yes is not True or r.fix
    else:
        assert r.yes is yes


# ------------------------------------------------------------------ times said in speech
@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("俺们庄从夜儿个后晌就没水了 锅都刷不成", "夜儿个后晌"),
        ("昨晚上在西站坐的黑车 多要了俺五十", "昨晚上"),
        ("从十一月初就开始挖路 挖了也不填", "十一月初"),
        ("上个月中旬开始 楼道灯就不亮", "上个月中旬"),
        ("打从中秋节开始 隔壁天天半夜打牌", "中秋节"),
        ("水管子漏水都仨月了 没人管", "仨月"),
        ("以前半个钟头一班 这俩月老是等不来车", "俩月"),
        ("前天晚上在饭店吃饭 回来拉了三天肚子", "前天晚上"),
        ("从上上个月开始 楼下饭馆半夜卸货", "上上个月"),
        ("楼顶漏水个把月了 一下雨就往下滴", "个把月"),
        ("俺村的路挖开小半年了 也没人填", "小半年"),
        ("窨井盖丢了十来天了", "十来天"),
        ("打入秋就开始断断续续停水", "入秋"),
        ("前些天开始 小区门口天天堵车", "前些天"),
        ("打上上礼拜就开始了 天天这样", "上上礼拜"),
    ],
)
def test_a_time_said_in_speech_is_since_when(wording: Wording, text: str, since: str) -> None:
    assert read(text, None, wording).since == since


@pytest.mark.parametrize("text", ["十月份换的表 一个月多交一百多", "三月底交的房"])
def test_a_month_by_name_is_no_duration(wording: Wording, text: str) -> None:
    since = read(text, None, wording).since
    assert since is None or "月份" in since or "月底" in since or "个月" in since


def test_since_when_as_the_answer_in_dialect(wording: Wording) -> None:
    assert read("夜来后晌", None, wording, expecting="since").since == "夜来后晌"
    assert read("这礼拜三开始的", None, wording, expecting="since").since == "这礼拜三"


# ------------------------------------------------------------------ names
def test_a_surname_then_the_full_name_is_the_full_name(wording: Wording) -> None:
    text = "单县北城街道菜市场门口污水横流 俺姓吴 吴秀芝 电话13705301234"
    r = read(text, None, wording)
    assert r.name == "吴秀芝"
    assert "姓吴" not in r.matter
    assert "吴秀芝" not in r.matter
    assert "污水" in r.matter


def test_the_nlus_surname_only_is_kept_as_said(wording: Wording) -> None:
    from nlu.types import Entity, Intent, NluResult

    for text, title, want in (
        ("免贵 钱 13705301234", None, "钱"),
        ("钱大姐 13705301234", "大姐", "钱大姐"),
    ):
        said = NluResult(
            text="x",
            intent=Intent("appeal", 0.9),
            entities=(Entity("name", "钱", "钱", 0, 1, surname_only=True, title=title),),
        )
        assert read(text, said, wording, expecting="contact").name == want


# ------------------------------------------------------------------ a matter dropped
@pytest.mark.parametrize(
    "turn",
    [
        "停车那个事算了 人家已经挪走了 俺要说的是楼下饭店的油烟 天天往俺家窗户里灌",
        "这个不说了 说另一个事 楼下饭店的油烟天天往俺家窗户里灌",
        "算了 俺想反映的是楼下饭店的油烟 天天往窗户里灌",
    ],
)
def test_a_dropped_matter_leaves_the_content(chat: Chat, turn: str) -> None:
    first = "俺想反映一下小区门口乱停车的事"
    chat.say(first, nlu(first, category="城乡建设"))
    assert "停车" in slots(chat).matter
    chat.say(turn)
    assert "停车" not in slots(chat).matter
    assert "油烟" in slots(chat).matter
    assert chat.flow == "intake"
    chat.say("牡丹区东城街道锦绣华庭", nlu("x", county="牡丹区", township="东城街道"))
    chat.say("匿名")
    draft = draft_of(chat.say("中")).draft
    assert "停车" not in draft.text
    assert "油烟" in draft.text


def test_a_dropped_matter_with_nothing_after_it_cancels(chat: Chat) -> None:
    first = "俺想反映一下小区门口乱停车的事"
    chat.say(first, nlu(first, category="城乡建设"))
    chat.say("停车那个事就不说了")
    assert chat.flow == "idle"


def test_thanks_for_an_earlier_fix_is_no_matter(chat: Chat) -> None:
    acts = chat.say("谢谢恁们上回帮俺们把下水道修好了")
    assert chat.flow == "idle"
    assert "不客气" in texts(acts)
    said = "这回还有个事 村头的变压器嗡嗡响了半个月了"
    chat.say(said, nlu(said, category="城乡建设"))
    assert slots(chat).matter == "村头的变压器嗡嗡响了半个月了"  # "这回还有个事" is no matter


# ------------------------------------------------------------------ a place corrected
@pytest.mark.parametrize(
    "fix", ["说错了 不是人民路 是和平路菜市场门口", "不对 不是人民路 是和平路菜市场门口"]
)
def test_a_street_corrected_as_not_a_but_b_at_any_step(chat: Chat, fix: str) -> None:
    text = "郓城县唐塔街道人民路菜市场门口的下水道堵了 污水漫到路上"
    chat.say(text, nlu(text, county="郓城县", township="唐塔街道", category="城乡建设"))
    assert chat.state.step == "contact"
    chat.say(fix)
    place = slots(chat).place
    assert "和平路" in (place.address() or "")
    assert "人民路" not in (place.address() or "")
    assert place.county == "郓城县"
    assert "说错" not in slots(chat).matter
    assert "不对" not in slots(chat).matter


def test_a_place_corrected_with_said_wrong_after_it(wording: Wording) -> None:
    r = read("地址改成巨野县凤凰街道青年路 刚才说错了", None, wording, expecting="contact")
    assert r.place is not None
    assert r.place.detail is not None
    assert "说错" not in r.place.detail


# ------------------------------------------------------------------ a kind of place
@pytest.mark.parametrize(
    ("piece", "kind"),
    [("物业", "小区"), ("幼儿园", "幼儿园"), ("俺们村里", "村"), ("那个超市", "超市")],
)
def test_a_kind_of_place_at_where_asks_which_one_without_an_apology(
    wording: Wording, piece: str, kind: str
) -> None:
    from dialogs.context import DialogContext

    chat = Chat(DialogContext.for_channel("web", wording))
    text = "门口的下水道天天往外冒水 走路都得绕着"
    chat.say(text, nlu(text, category="城乡建设"))
    acts = chat.say(piece)
    assert "抱歉" not in texts(acts)
    assert f"哪个{kind}" in texts(acts)
    assert "县区" in texts(acts)
    answer = "巨野县麒麟镇"
    chat.say(f"{answer}新华路口", nlu(answer, county="巨野县", township="麒麟镇"))
    assert slots(chat).place.county == "巨野县"
    assert chat.state.step == "contact"


# ------------------------------------------------------------------ the same matter again
def test_a_repeat_found_with_the_phone_during_the_intake_tells_the_progress(
    chat: Chat,
) -> None:
    """第十三条(三): the pipeline finds the matter among the orders left with the phone
    given now (a new web session); the intake ends, no second order, the progress is
    looked up with that phone."""
    from dialogs.model import LookupOrder, RecordDisposition
    from nlu.types import TriageOutcome

    text = "电梯还是坏的 物业拖着不修"
    chat.say(text, nlu(text, county="鄄城县", category="城乡建设"))
    assert chat.state.step == "contact"
    said = "韩梅 13953001377"
    found = nlu(said, triage=TriageOutcome.REPEAT, reason="与工单HZ20261201-000001为同一事项")
    assert found.triage is not None
    found = replace(found, triage=replace(found.triage, matched="HZ20261201-000001"))
    acts = chat.say(said, found)
    assert "OpenWorkOrder" not in kinds(acts)
    assert any(isinstance(a, RecordDisposition) and a.disposition == "duplicate" for a in acts)
    lookups = [a for a in acts if isinstance(a, LookupOrder)]
    assert lookups
    assert lookups[0].number == "HZ20261201-000001"
    assert lookups[0].phone_last4 == "1377"
    assert chat.flow == "progress"


# ------------------------------------------------------------------ a matter outside Heze
def _outside(text: str, place: str, category: str | None = None) -> NluResult:
    return replace(nlu(text, category=category), place_outside=place)


def test_a_matter_outside_heze_is_told_where_to_turn_and_no_order(chat: Chat) -> None:
    from dialogs.model import RecordDisposition

    text = "俺在开封市龙亭区住 小区门口的路灯坏了半个月了"
    acts = chat.say(text, _outside(text, "河南省开封市龙亭区", category="城乡建设"))
    said = texts(acts)
    assert "河南省开封市龙亭区" in said
    assert "12345" in said
    assert "区号" in said
    assert "OpenWorkOrder" not in kinds(acts)
    assert any(isinstance(a, RecordDisposition) and a.disposition == "rejected" for a in acts)
    assert chat.flow == "idle"


def test_the_answer_to_where_outside_heze_ends_the_intake(chat: Chat) -> None:
    text = "楼上天天半夜蹦迪 吵得睡不着"
    chat.say(text, nlu(text, category="城乡建设"))
    assert chat.state.step == "where"
    answer = "济宁市任城区的"
    acts = chat.say(answer, _outside(answer, "山东省济宁市任城区"))
    assert "济宁市任城区" in texts(acts)
    assert chat.flow == "idle"


def test_another_place_named_once_the_heze_county_is_known_changes_nothing(chat: Chat) -> None:
    text = "单县北城街道楼上天天半夜蹦迪 吵得睡不着"
    chat.say(text, nlu(text, county="单县", township="北城街道", category="城乡建设"))
    assert chat.state.step == "contact"
    answer = "俺是济宁人 电话13705301234"
    chat.say(answer, _outside(answer, "山东省济宁市"))
    assert chat.flow == "intake"
    assert slots(chat).phone == "13705301234"


def test_a_correction_wins_over_the_nlus_address_of_the_wrong_street(chat: Chat) -> None:
    text = "郓城县唐塔街道人民路菜市场门口的下水道堵了 污水漫到路上"
    chat.say(text, nlu(text, county="郓城县", township="唐塔街道", category="城乡建设"))
    fix = "弄错了 不是人民路 是和平路菜市场门口"
    chat.say(fix, nlu(fix, entities=(("address", "人民路"),)))
    assert "和平路" in (slots(chat).place.address() or "")
    assert "人民路" not in (slots(chat).place.address() or "")


# ------------------------------------------------------------------ a cancel word in a matter
@pytest.mark.parametrize(
    "text",
    [
        "俺家的低保今年咋给取消了 俺家老头子瘫在床上好几年了",
        "村里把俺的种粮补贴撤销了 也不说为啥",
        "俺孩子的学籍被撤销了 学校一直不给个说法",
    ],
)
def test_a_cancel_word_inside_a_description_is_the_matter(chat: Chat, text: str) -> None:
    acts = chat.say(text, nlu(text, category="民政"))
    # taken down, or first searched as a question (the question-vs-appeal decision is
    # not this test's): never "cancelled"
    assert chat.flow in ("intake", "knowledge")
    assert "欢迎随时留言" not in texts(acts)


@pytest.mark.parametrize(
    "text",
    [
        "算了 还是不提交了",
        "撤销吧",
        "不用提交了 俺自己去办",
        "算了算了 不反映了 怕单位领导知道了以后找俺麻烦",
    ],
)
def test_cancelling_in_few_words_still_cancels(chat: Chat, text: str) -> None:
    to_read_back(chat)
    chat.say(text)
    assert chat.flow == "idle"


# ------------------------------------------------------------------ who acted is no place
def test_a_company_that_acted_on_the_citizen_is_not_the_place(wording: Wording) -> None:
    from nlu.types import Territory

    text = "巨野县凤凰街道 供暖公司这个月给俺家把暖气阀门关了 也不说为啥"
    said = replace(
        nlu(text, category="城乡建设"),
        territory=Territory(county="巨野县", township="凤凰街道", detail="供暖公司"),
    )
    r = read(text, said, wording)
    assert r.place is not None
    assert r.place.township == "凤凰街道"
    assert r.place.detail is None  # the spot is still to be asked
    shop = "巨野县凤凰街道 福满家超市门口天天堆着烂菜叶子"
    at_shop = replace(
        nlu(shop, category="城乡建设"),
        territory=Territory(county="巨野县", township="凤凰街道", detail="福满家超市门口"),
    )
    found = read(shop, at_shop, wording).place
    assert found is not None
    assert found.detail == "福满家超市门口"


# ------------------------------------------------------------------ a spot without a name
@pytest.mark.parametrize("spot", ["小区门口", "楼下", "村口路边", "楼道里面"])
def test_a_spot_without_a_name_gets_the_spot_asked(wording: Wording, spot: str) -> None:
    from dialogs.context import DialogContext
    from dialogs.intake import specific
    from dialogs.state import Place

    assert not specific(Place(county="成武县", township="文亭街道", detail=spot))
    assert specific(Place(county="成武县", township="文亭街道", detail=f"东方{spot}"))
    # a township the NLU did not know, then the spot without a name
    assert not specific(Place(county="成武县", detail=f"伯乐街道{spot}"))
    chat = Chat(DialogContext.for_channel("web", wording))
    text = f"成武县文亭街道 {spot}天天有人烧垃圾 呛得慌"
    acts = chat.say(text, nlu(text, county="成武县", township="文亭街道", category="环境保护"))
    assert chat.state.step == "where"
    assert "小区、路段" in texts(acts)  # the village, estate or road, nothing else


def test_a_when_inside_the_nlus_place_detail_is_no_part_of_the_place(wording: Wording) -> None:
    from nlu.types import Entity, Territory

    text = "鄄城县古泉街道 从前几天开始 俺们楼后头的工地半夜打桩"
    said = replace(
        nlu(text, category="城乡建设"),
        territory=Territory(county="鄄城县", township="古泉街道", detail="从前几天开始俺们楼后头"),
        entities=(Entity("since", "从前几天开始", "从前几天开始", 8, 14),),
    )
    place = read(text, said, wording).place
    assert place is not None
    assert place.detail == "俺们楼后头"


def test_a_dialect_no_with_a_correction_applies_it(chat: Chat) -> None:
    to_read_back(chat)
    chat.say("不中 电话写错了 是13853001299")
    assert slots(chat).phone == "13853001299"
    assert chat.state.step == "confirm"


def test_the_full_name_after_the_surname_replaces_it_at_the_read_back(chat: Chat) -> None:
    text = "牡丹区西城街道 路灯坏了好几天了"
    chat.say(text, nlu(text, county="牡丹区", township="西城街道", category="城乡建设"))
    chat.say("俺姓冯 电话15853001777")
    assert slots(chat).name == "冯"
    chat.say("全名叫冯玉梅")
    assert slots(chat).name == "冯玉梅"
    assert "冯玉梅" not in slots(chat).matter
    assert chat.state.step == "confirm"


@pytest.mark.parametrize(
    "text", ["上次反映的下水道的问题解决了 可是这回又堵了 臭得很", "下水道的问题解决了吗"]
)
def test_a_solved_problem_said_in_passing_drops_nothing(wording: Wording, text: str) -> None:
    r = read(text, None, wording, expecting="place")
    assert not r.cancel
    assert "matter" not in r.fixes
    assert "下水道" in r.matter


@pytest.mark.parametrize("text", ["周一到周五天天早上堵在路口", "星期五天天晚上广场舞放到十点"])
def test_a_weekday_is_no_duration(wording: Wording, text: str) -> None:
    assert read(text, None, wording).since is None


# ------------------------------------------------------------------ yes and no elsewhere
@pytest.mark.parametrize(
    ("said", "solved"),
    [("中了 明白了 谢谢恁", True), ("妥了", True), ("不中", False), ("不行啊", False)],
)
def test_solved_or_not_in_dialect_after_an_online_answer(
    chat: Chat, said: str, solved: bool
) -> None:
    from dialogs.model import KnowledgeFound, RecordDisposition
    from nlu.types import KnowledgeAnswer

    q = "居住证咋办啊"
    chat.say(q, nlu(q, "ask_info"))
    answer = KnowledgeAnswer(
        entry_id="kb-9",
        title="居住证办理",
        answer="携带身份证到派出所办理。",
        source_unit="菏泽市公安局",
        updated="2026-01-05",
        score=0.8,
    )
    chat.feed(KnowledgeFound(answers=(answer,)))
    acts = chat.say(said)
    done = [a for a in acts if isinstance(a, RecordDisposition)]
    if solved:
        assert done
        assert done[0].disposition == "answered_online"
    else:
        assert not done
        assert chat.flow == "intake"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我是老孟 孟凡军 13853001234", "孟凡军"),
        ("俺是刘楼的刘振海 13953001283", "刘振海"),
        ("李村镇 13853001234", None),  # a place, never a name
    ],
)
def test_the_name_among_other_words_of_the_contact_answer(
    wording: Wording, text: str, name: str | None
) -> None:
    assert read(text, None, wording, expecting="contact").name == name


def test_a_name_refused_with_a_phone_given(wording: Wording) -> None:
    r = read("名字就不说了 电话13853001285", None, wording, expecting="contact")
    assert r.phone == "13853001285"
    assert r.name is None
    assert r.name_refused
    assert not r.anonymous


@pytest.mark.parametrize("piece", ["就在俺家楼下", "镇上", "县城里", "菏泽学院门口"])
def test_a_place_without_a_county_at_where_gets_the_county_asked_plainly(
    wording: Wording, piece: str
) -> None:
    from dialogs.context import DialogContext

    chat = Chat(DialogContext.for_channel("web", wording))
    text = "天天晚上有人放鞭炮 吵得睡不着"
    chat.say(text, nlu(text, category="城乡建设"))
    acts = chat.say(piece)
    assert "抱歉" not in texts(acts)
    assert "哪个县区" in texts(acts)
    acts = chat.say("不清楚")
    assert "抱歉" in texts(acts)  # asked a third time: now the apology and the list


def test_a_question_about_the_citizens_own_household_asks_the_village(wording: Wording) -> None:
    """A question that became an appeal (nothing found, the citizen asks to file) asks only
    the county, unless it is about the citizen's own household or village: the township's
    office must find the family."""
    from dialogs.context import DialogContext
    from dialogs.model import KnowledgeFound

    chat = Chat(DialogContext.for_channel("web", wording))
    q = "俺家的残疾人补贴今年咋不发了"
    chat.say(q, nlu(q, "ask_info", county="郓城县", category="民政"))
    acts = chat.feed(KnowledgeFound(answers=()))
    assert chat.flow == "knowledge"  # nothing found: told where to ask, filed on request
    acts = chat.say("登记转办", nlu("登记转办", "other"))
    assert chat.flow == "intake"
    assert chat.state.step == "where"
    assert "村" in texts(acts)  # the village, not only the county
