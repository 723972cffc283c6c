"""Trial13 kinds in the dialogue (Q03 Q04 Q05 Q07, trial12 P01 P11 P18 leftovers): talk
about the service itself is answered and is never the matter nor a knowledge search; a
problem told at the place question is the matter's, with its place; several contact
edits in one message (the last four corrected, the name dropped) never make the appeal
anonymous; a supplement's 「还有」 is no part of it and a building number is the place's;
a name after 匿名 is taken; a supplement at the read-back never re-routes the order; a
follow-up the knowledge entry does not answer is told so, not given the entry again."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import KnowledgeFound, OpenWorkOrder, SearchKnowledge
from dialogs.state import DialogState, IdleFlow, IntakeFlow, IntakeSlots, KnowledgeFlow
from nlu.types import Category, Intent, KnowledgeAnswer, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts


def _appeal(text: str, category: str = "城乡建设") -> NluResult:
    return nlu(text, "appeal", category=category)


def _at(text: str, county: str, township: str | None = None) -> NluResult:
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        territory=Territory(county=county, township=township),
    )


# ------------------------------------------ Q03 Q04: talk about the service itself
@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("恁这个网页能给政府反映问题不", "能收到"),  # trial13 Q03
        ("在网上能反映问题吗", "能收到"),
        ("这个公众号能举报不", "能收到"),
        ("微信上能给领导反映事儿不", "能收到"),
        ("这是12345不 恁管事儿不", "这里是菏泽12345"),  # trial13 Q04
        ("这是不是市长热线", "这里是菏泽12345"),
        ("你好 是政府的网站吗", "这里是菏泽12345"),
        ("恁们管用不", "这里是菏泽12345"),
        ("这能办事儿不", "这里是菏泽12345"),
        ("恁这能听懂俺说话不", "能明白您的意思"),  # trial13 Q04
        ("俺说话恁能听懂不", "能明白您的意思"),
        ("能说方言不", "能明白您的意思"),
        ("恁这能看懂俺打的字不", "能明白您的意思"),
    ],
)
def test_talk_about_the_service_is_answered_never_searched_nor_the_matter(
    chat: Chat, asked: str, said: str
) -> None:
    acts = chat.say(asked, nlu(asked, "ask_info"))  # read as a question, it would be searched
    assert said in texts(acts)
    assert "请直接说" in texts(acts)
    assert not any(isinstance(a, SearchKnowledge) for a in acts)
    assert isinstance(chat.state.flow, IdleFlow)
    told = "俺们楼下天天有人乱倒建筑垃圾"
    chat.say(told, _appeal(told))
    assert slots(chat).matter == told


@pytest.mark.parametrize(
    "said", ["这里可以投诉物业吗", "能不能派人来看看", "这是俺家门口的路灯 坏了三天了"]
)
def test_a_matter_or_question_beside_the_service_words_is_no_service_talk(
    chat: Chat, said: str
) -> None:
    acts = chat.say(said, _appeal(said))
    assert "请直接说" not in texts(acts)


def test_urging_is_no_question_about_the_service(chat: Chat) -> None:
    chat.say("路灯坏了", _appeal("路灯坏了"))
    acts = chat.say("你们到底管不管")
    assert "这里是菏泽12345" not in texts(acts)


def test_service_talk_during_an_intake_keeps_the_question_open(chat: Chat) -> None:
    chat.say("俺们小区的路灯坏了", _appeal("俺们小区的路灯坏了"))
    acts = chat.say("这是12345不")
    assert "这里是菏泽12345" in texts(acts)
    assert "哪里" in texts(acts)
    assert slots(chat).matter == "俺们小区的路灯坏了"


@pytest.mark.parametrize("taken", ["恁这个网页能给政府反映问题不", "村里的事", "俺们小区的事儿"])
def test_a_problem_at_the_place_question_replaces_what_was_no_matter(
    chat: Chat, taken: str
) -> None:
    # a matter taken down that is no matter (a question about the service; only where
    # it is about): the problem told next is the matter (trial13 Q03)
    chat.state = DialogState(flow=IntakeFlow(step="where", slots=IntakeSlots(matter=taken)))
    told = "俺们楼下天天有人乱倒建筑垃圾"
    chat.say(told, _appeal(told))
    assert slots(chat).matter == told


def test_no_placeholder_swallows_a_subject(chat: Chat) -> None:
    chat.state = DialogState(flow=IntakeFlow(step="where", slots=IntakeSlots(matter="物业的事")))
    chat.say("天天不收垃圾 臭得不行", _appeal("天天不收垃圾 臭得不行"))
    assert slots(chat).matter.startswith("物业的事")


# ------------------------------------- a problem and a place in one answer to "where?"
@pytest.mark.parametrize(
    ("told", "kept"),
    [
        ("俺们楼下天天有人乱倒建筑垃圾", "建筑垃圾"),  # trial13 Q03
        ("小区门口天天晚上有人烧烤", "烧烤"),
        ("俺们村头老是有人烧秸秆", "烧秸秆"),
        ("胡同口有人乱堆杂物", "乱堆杂物"),
    ],
)
def test_a_problem_told_at_the_place_question_is_never_lost(
    chat: Chat, told: str, kept: str
) -> None:
    chat.say("路灯不亮了", _appeal("路灯不亮了"))
    chat.say(told, _appeal(told))
    chat.say("巨野县 永丰街道 麟州小区", _at("巨野县 永丰街道 麟州小区", "巨野县", "永丰街道"))
    sl = slots(chat)
    assert kept in sl.matter
    assert sl.matter.startswith("路灯不亮了")
    assert kept not in (sl.place.address() or "")


@pytest.mark.parametrize(
    ("told", "road"),
    [
        ("新华路的路灯坏了", "新华路"),  # trial12 leftover
        ("人民路上的井盖丢了", "人民路"),
        ("青年路那个广告牌歪了", "青年路"),
    ],
)
def test_the_place_and_the_matter_in_one_answer_are_both_kept(
    chat: Chat, told: str, road: str
) -> None:
    chat.say("俺想反映个事", nlu("俺想反映个事", "appeal"))
    chat.say("村里的事", _appeal("村里的事"))
    chat.say(told, nlu(told, "appeal", category="城乡建设", entities=(("address", road),)))
    sl = slots(chat)
    assert sl.matter == told
    assert road in (sl.place.address() or "")


def test_the_fuller_words_of_the_same_matter_replace_it(chat: Chat) -> None:
    chat.say("路灯坏了", _appeal("路灯坏了"))
    told = "新华路的路灯坏了"
    chat.say(told, nlu(told, "appeal", category="城乡建设", entities=(("address", "新华路"),)))
    sl = slots(chat)
    assert sl.matter == told
    assert "（补充）" not in sl.matter


# ------------------------------------------- Q05: several contact edits in one message
def _read_back_with(chat: Chat, contact: str) -> None:
    chat.say("俺们小区门口的路灯坏了", _appeal("俺们小区门口的路灯坏了"))
    chat.say("牡丹区 南城街道 和平小区", _at("牡丹区 南城街道 和平小区", "牡丹区", "南城街道"))
    back = texts(chat.say(contact))
    assert "请您核对" in back


@pytest.mark.parametrize(
    "edit",
    [
        "电话号码说错了 后四位是6734 名字也别写了",  # trial13 Q05
        "尾号改成6734 名字不用写了",
        "号码后四位应该是六七三四，名字就别留了",
        "手机号最后四位是6734 名字甭写了",
    ],
)
def test_the_last_four_corrected_and_the_name_dropped_is_never_anonymous(
    chat: Chat, edit: str
) -> None:
    _read_back_with(chat, "蒋春生 13953106733")
    back = texts(chat.say(edit))
    sl = slots(chat)
    assert sl.phone == "13953106734"
    assert sl.name is None
    assert not sl.anonymous
    assert "联系方式：139****6734" in back
    assert "匿名" not in back.split("联系方式：")[1].split("\n")[0]
    assert sl.matter == "俺们小区门口的路灯坏了"


@pytest.mark.parametrize("edit", ["后四位是6734", "电话尾号应该是6734"])
def test_the_last_four_alone_corrects_the_phone(chat: Chat, edit: str) -> None:
    _read_back_with(chat, "蒋春生 13953106733")
    back = texts(chat.say(edit))
    assert "联系方式：蒋春生 139****6734" in back
    assert slots(chat).matter == "俺们小区门口的路灯坏了"


def test_the_last_four_without_a_number_asks_the_whole_number(chat: Chat) -> None:
    _read_back_with(chat, "匿名")
    asked = texts(chat.say("后四位是6734"))
    assert "完整的手机号码" in asked
    assert slots(chat).phone is None
    back = texts(chat.say("13953106734"))
    assert "联系方式：139****6734" in back


def test_the_name_dropped_keeps_the_phone(chat: Chat) -> None:
    _read_back_with(chat, "蒋春生 13953106733")
    back = texts(chat.say("名字也别写了"))
    assert "联系方式：139****6733" in back
    assert not slots(chat).anonymous


# ------------------------------------------ Q07: a supplement's lead, a building number
@pytest.mark.parametrize(
    ("said", "added"),
    [
        ("还有 晚上那边黑乎乎的老人走路都摔过", "晚上那边黑乎乎的老人走路都摔过"),  # Q07
        ("另外，楼道灯也不亮了", "楼道灯也不亮了"),
        ("对了 路边的井盖也松了", "路边的井盖也松了"),
        ("还有就是 晚上老有人在那喝酒", "晚上老有人在那喝酒"),
    ],
)
def test_a_supplement_is_added_without_its_connective(chat: Chat, said: str, added: str) -> None:
    _read_back_with(chat, "匿名")
    back = texts(chat.say(said, _appeal(said)))
    assert f"（补充）{added}" in back
    assert "（补充）还有" not in back


def test_a_sentence_that_opens_with_youren_keeps_it(chat: Chat) -> None:
    _read_back_with(chat, "匿名")
    said = "还有人天天在那烧垃圾"
    back = texts(chat.say(said, _appeal(said)))
    assert "（补充）还有人天天在那烧垃圾" in back


@pytest.mark.parametrize(
    ("said", "part"),
    [
        ("还有 俺家是5号楼2单元501", "5号楼2单元501"),  # trial13 Q07
        ("另外 是12号楼后边", "12号楼后边"),
        ("3单元402", "3单元402"),
    ],
)
def test_a_building_number_at_the_read_back_extends_the_place(
    chat: Chat, said: str, part: str
) -> None:
    _read_back_with(chat, "匿名")
    back = texts(chat.say(said))
    sl = slots(chat)
    assert sl.matter == "俺们小区门口的路灯坏了"
    assert (sl.place.address() or "").endswith(part)
    assert "（补充）" not in back


@pytest.mark.parametrize(
    ("said", "spot"),
    [
        ("还有 晚上那边老人走路都摔过", "晚上那边老人走路"),  # the NLU's span of a supplement
        ("还有 新华路那边的路灯也不亮", "新华路"),
    ],
)
def test_a_spot_inside_a_supplement_never_replaces_the_place(
    chat: Chat, said: str, spot: str
) -> None:
    _read_back_with(chat, "匿名")
    back = texts(
        chat.say(said, nlu(said, "appeal", category="城乡建设", entities=(("address", spot),)))
    )
    sl = slots(chat)
    assert sl.place.address() == "牡丹区南城街道和平小区"
    assert f"（补充）{said.removeprefix('还有 ')}" in back


@pytest.mark.parametrize(
    ("said", "spot"),
    [
        ("在人民路128号那边", "人民路128号"),
        ("地点是和平小区东门 不是南门", "和平小区东门"),  # fresh7 f7-032's kind
    ],
)
def test_a_place_said_as_such_at_the_read_back_is_still_one(
    chat: Chat, said: str, spot: str
) -> None:
    _read_back_with(chat, "匿名")
    chat.say(said, nlu(said, "appeal", entities=(("address", spot),)))
    assert spot in (slots(chat).place.address() or "")
    assert slots(chat).matter == "俺们小区门口的路灯坏了"


# --------------------------------------------------- a name after 匿名 (trial12 P01)
@pytest.mark.parametrize(
    ("said", "name"), [("还有 俺叫刘大妮", "刘大妮"), ("对了 俺叫王建设", "王建设")]
)
def test_a_name_after_anonymous_is_taken(chat: Chat, said: str, name: str) -> None:
    _read_back_with(chat, "匿名")
    back = texts(chat.say(said))
    sl = slots(chat)
    assert sl.name == name
    assert not sl.anonymous
    assert f"联系方式：{name}（未留电话）" in back
    assert "（补充）" not in back


# ----------------------------------------- P11: a supplement never re-routes the order
def test_a_supplement_at_the_read_back_does_not_lead_the_order(chat: Chat) -> None:
    matter = "俺们小区门口那家KTV天天唱到后半夜"
    chat.say(matter, _appeal(matter, "环境保护"))
    chat.say("牡丹区 南城街道 和平小区", _at("牡丹区 南城街道 和平小区", "牡丹区", "南城街道"))
    chat.say("张秀兰 13853001122")
    more = "还有 那个KTV门口的车把消防通道都堵了"
    chat.say(more, _appeal(more, "应急管理"))
    acts = chat.say("确认")
    order = next(a for a in acts if isinstance(a, OpenWorkOrder))
    assert order.draft.lead_text == matter  # what the unit is chosen by
    assert order.draft.category_level1 == "环境保护"
    assert "消防通道" in order.draft.text


def test_a_matter_in_pieces_before_the_read_back_is_led_by_all_of_it(chat: Chat) -> None:
    chat.say("俺在高新区一个服装厂干活", _appeal("俺在高新区一个服装厂干活"))
    chat.say("老板欠俺们三个月的工资了", _appeal("老板欠俺们三个月的工资了", "劳动和社会保障"))
    chat.say("牡丹区 南城街道", _at("牡丹区 南城街道", "牡丹区", "南城街道"))
    chat.say("匿名")
    acts = chat.say("确认")
    order = next(a for a in acts if isinstance(a, OpenWorkOrder))
    assert order.draft.lead_text is None  # the whole text, as before


# --------------------------- P18: a follow-up the knowledge entry does not answer
_ID_CARD = (
    "可到户籍所在地或全省任一派出所户籍窗口换领、补领居民身份证，现场采集照片和指纹，"
    "费用按规定收取。"
)


def _answer(entry: str = "hj-002", title: str = "居民身份证换领补领") -> KnowledgeFound:
    found = KnowledgeAnswer(
        entry_id=entry,
        title=title,
        answer=_ID_CARD,
        source_unit="菏泽市公安局",
        updated="2025-01-01",
        score=0.8,
        category=Category("政法", "户籍管理", 0.9, "department:公安"),
    )
    return KnowledgeFound(answers=(found,))


def _asked(chat: Chat) -> None:
    q = "身份证丢了 咋补办啊"
    acts = chat.say(q, nlu(q, "ask_info"))
    assert kinds(acts) == ["search_knowledge"]
    assert "居民身份证换领补领" in texts(chat.feed(_answer()))


@pytest.mark.parametrize(
    ("follow", "missing"),
    [
        ("在哪儿办 要带啥", "所需材料"),  # trial12 P18
        ("要带啥材料", "所需材料"),
        ("多久能拿到", "办理时限"),
        ("那具体咋弄", "您追问的内容"),
    ],
)
def test_a_follow_up_the_entry_does_not_answer_is_told_so(
    chat: Chat, follow: str, missing: str
) -> None:
    _asked(chat)
    acts = chat.say(follow, nlu(follow, "ask_info"))
    search = next(a for a in acts if isinstance(a, SearchKnowledge))
    assert "身份证" in search.query  # a follow-up without a subject: searched with it
    said = texts(chat.feed(_answer()))
    assert f"没有写到{missing}" in said
    assert _ID_CARD not in said  # not the same entry again
    assert "转人工" in said
    assert "登记转办" in said
    flow = chat.state.flow
    assert isinstance(flow, KnowledgeFlow)
    assert flow.step == "unfound"
    filed = texts(chat.say("登记"))
    assert "登记" in filed
    assert "身份证" in slots(chat).matter


def test_a_follow_up_the_entry_does_answer_points_at_it(chat: Chat) -> None:
    _asked(chat)
    acts = chat.say("在哪儿办", nlu("在哪儿办", "ask_info"))
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    said = texts(chat.feed(_answer()))
    assert "已经写到" in said
    assert "解决" in said


def test_a_follow_up_with_its_own_subject_finds_its_own_entry(chat: Chat) -> None:
    _asked(chat)
    q = "临时身份证在哪办"
    acts = chat.say(q, nlu(q, "ask_info"))
    assert SearchKnowledge(query=q) in acts
    said = texts(chat.feed(_answer("hj-003", "临时居民身份证")))
    assert "关于“临时居民身份证”" in said


# ------------------------------------- P22: "use this number" where none is shown
def _at_contact(chat: Chat) -> None:
    chat.say("俺们小区门口的路灯坏了", _appeal("俺们小区门口的路灯坏了"))
    asked = texts(
        chat.say("牡丹区 南城街道 和平小区", _at("牡丹区 南城街道 和平小区", "牡丹区", "南城街道"))
    )
    assert "姓名和手机号码" in asked


@pytest.mark.parametrize(
    "said", ["电话就用俺这个号吧", "就打我这个手机", "俺叫张秀兰 就用这个号码联系俺"]
)
def test_this_number_on_the_web_is_said_to_be_unseen(chat: Chat, said: str) -> None:
    _at_contact(chat)
    told = texts(chat.say(said))
    assert "看不到您的手机号码" in told
    assert "还请留下一个联系电话" not in told
    assert chat.state.step == "contact"
    back = texts(chat.say("13853001122"))
    assert "138****1122" in back
    if "张秀兰" in said:
        assert slots(chat).name == "张秀兰"


def test_this_number_by_sms_is_the_senders(sms_ctx: DialogContext) -> None:
    chat = Chat(sms_ctx, channel="sms", phone="+8613853001122")
    chat.say("俺们小区门口的路灯坏了", _appeal("俺们小区门口的路灯坏了"))
    chat.say("牡丹区 南城街道 和平小区", _at("牡丹区 南城街道 和平小区", "牡丹区", "南城街道"))
    told = texts(chat.say("电话就用俺这个号吧"))
    assert "看不到" not in told
    assert slots(chat).contact_phone == "13853001122"
