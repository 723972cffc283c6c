"""Eighth round of conversations a citizen can finish (issue 12, fresh4 and trial 5): a
matter told in pieces, the progress of an earlier order asked in words, the name and the
matter corrected, the same text sent again within a minute (trial5 F17), thanks for a
finished order, full-width order numbers, the channel identity instead of the last four,
ways out of a progress query, a question the knowledge base cannot answer asked again,
and long texts read in bounded time (trial5 F02)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    FindOrders,
    FlagAbuse,
    Handoff,
    KnowledgeFound,
    LookupOrder,
    OrderFound,
    OrderOpened,
    RecordDisposition,
    Reply,
    SearchKnowledge,
)
from dialogs.reading import read
from dialogs.wording import Wording
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts


def _at_confirm(chat: Chat, contact: str = "李卫红 13675301234") -> None:
    text = "孩子学校让交资料费 一学期三百多"
    chat.say(text, nlu(text, category="教育文体"))
    where = "东明县城关街道第二实验小学"
    chat.say(where, nlu(where, county="东明县", township="城关街道"))
    chat.say(contact)
    assert chat.state.step == "confirm"


# --------------------------------------------------------------- a matter in pieces
@pytest.mark.parametrize(
    ("first", "rest", "words"),
    [
        ("俺们楼上", "天天往楼下扔垃圾 还有烟头 衣裳都烧了个洞", "扔垃圾"),
        ("俺家对门", "天天半夜剁饺子馅 吵得睡不着", "剁饺子馅"),
        ("小区后头那块空地", "有人烧塑料 味儿呛得很", "烧塑料"),
    ],
)
def test_a_matter_told_in_pieces_is_joined(chat: Chat, first: str, rest: str, words: str) -> None:
    """ "那个" / "俺们楼上" / "天天往楼下扔垃圾…": who or where first, what after it; the
    order holds the whole, never the first piece alone."""
    chat.say("那个")
    chat.say(first)
    chat.say(rest, nlu(rest, category="城乡建设"))
    assert chat.flow == "intake"
    matter = slots(chat).matter
    assert words in matter, matter
    assert first[:2] in matter, matter


@pytest.mark.parametrize(
    ("drop", "new"),
    [
        ("刚才那个不说了 俺要反映的是楼道灯坏了一个月了", "楼道灯坏了"),
        ("算了那个事不提了 我想说另一个事 小区门口的井盖没了", "井盖没了"),
    ],
)
def test_a_new_matter_after_the_old_one_is_dropped_replaces_it(
    chat: Chat, drop: str, new: str
) -> None:
    text = "楼下超市天天放喇叭 吵死了"
    chat.say(text, nlu(text, category="环境保护"))
    assert chat.state.step == "where"
    chat.say(drop, nlu(drop, category="城乡建设"))
    assert chat.flow == "intake"
    matter = slots(chat).matter
    assert new in matter
    assert "喇叭" not in matter
    assert "不说了" not in matter
    assert "不提了" not in matter


# ------------------------------------------- progress in words before any (二) referral
@pytest.mark.parametrize(
    "said",
    [
        "俺想查查俺那个工单到哪一步了",
        "帮我看看我那个单子办到哪一步了",
        "俺前几天反映的那个事 现在到啥程度了",
    ],
)
def test_progress_asked_in_words_is_told_before_a_disclosure_referral(
    chat: Chat, said: str
) -> None:
    """The NLU may read "查…到哪一步" as government information (第十三条(二)); the
    citizen asks for their own order's progress (第九条): their orders are found, no
    referral to 依申请公开."""
    chat.say("在吗")
    acts = chat.say(
        said,
        nlu(said, "ask_info", triage=TriageOutcome.LEGAL_CHANNEL, reason="政府信息公开"),
    )
    assert any(isinstance(a, FindOrders) for a in acts)
    assert not any(isinstance(a, RecordDisposition) for a in acts)
    assert "信息公开" not in texts(acts)


# ------------------------------------------------- the name corrected at the read-back
@pytest.mark.parametrize(
    ("fix", "name"),
    [
        ("名字写错了 是李伟红 伟大的伟", "李伟红"),
        ("不对 名字是李玉红", "李玉红"),
        ("姓名错了 应该是李卫宏", "李卫宏"),
        ("不是李卫红 是李维红", "李维红"),
    ],
)
def test_the_name_corrected_at_the_read_back_is_taken(chat: Chat, fix: str, name: str) -> None:
    _at_confirm(chat)
    matter = slots(chat).matter
    acts = chat.say(fix)
    assert slots(chat).name == name
    assert slots(chat).matter == matter
    assert chat.state.step == "confirm"  # read back again with the right name
    assert name in texts(acts)


# ------------------------------------------------------ the matter corrected mid-intake
@pytest.mark.parametrize(
    ("first", "fix", "right", "wrong"),
    [
        ("十字路口的路灯坏了", "哎说错了 不是路灯 是红绿灯 不亮了", "红绿灯", "路灯坏了"),
        ("小区的下水道堵了", "说错了 不是下水道 是自来水管子漏水", "自来水管子", "下水道堵了"),
        ("楼下饭店噪音太大", "不对 不是噪音 是油烟 熏得没法开窗", "油烟", "噪音太大"),
    ],
)
def test_the_matter_corrected_mid_intake_is_the_matter(
    chat: Chat, first: str, fix: str, right: str, wrong: str
) -> None:
    chat.say(first, nlu(first, category="城乡建设"))
    assert chat.state.step == "where"
    chat.say(fix, nlu(fix, category="城乡建设"))
    matter = slots(chat).matter
    assert right in matter, matter
    assert wrong not in matter, matter
    assert "说错" not in matter
    assert "不对" not in matter
    assert chat.state.step == "where"


# ---------------------------------------- the same text again within a minute (F17)
@pytest.mark.parametrize("text", ["路灯坏了", "小区门口的井盖没了", "下水道堵了"])
def test_the_same_text_sent_again_within_a_minute_is_no_abuse(chat: Chat, text: str) -> None:
    """Trial5 F17: a citizen sending the same short appeal again (impatient, a bad
    network) is told it was received and asked the open question; never the 第十一条
    warning, never a pause of the bot."""
    acts = chat.say(text, nlu(text, category="城乡建设"))
    step = chat.state.step
    for _ in range(3):
        chat.at -= timedelta(seconds=5)  # 5 s apart
        acts = chat.say(text, nlu(text, category="城乡建设"))
        assert not any(isinstance(a, FlagAbuse) for a in acts)
        assert "第十一条" not in texts(acts)
        assert chat.ctx.say("said_again").split("，")[0] in texts(acts)
    assert chat.state.throttled_until is None
    assert chat.flow == "intake"
    assert chat.state.step == step
    assert slots(chat).matter == text


@pytest.mark.parametrize("place", ["定陶区陈集镇一家服装厂 叫宏达制衣", "郓城县张营镇那个砖厂"])
def test_the_same_answer_to_a_question_asked_again_is_an_answer(
    wording: Wording, place: str
) -> None:
    """The spot asked after a place (the village, estate or road), the citizen gives the
    same place again within a minute: an answer (the intake goes on), never "no need to
    send it again" with the same question in a loop."""
    chat = Chat(DialogContext.for_channel("web", wording))  # the spot is asked
    text = "厂里天天让加班到半夜 不给加班费"
    chat.say(text, nlu(text, category="劳动和社会保障"))
    county = place[:3]
    chat.say(place, nlu(place, county=county))
    acts = chat.say(place, nlu(place, county=county))
    assert chat.ctx.say("said_again") not in texts(acts)
    assert chat.state.step == "contact"


def test_the_same_text_over_minutes_is_still_warned(chat: Chat) -> None:
    """The 第十一条 rule for identical messages stands when they are not a quick
    re-send: the same words again and again over minutes."""
    found = []
    for _ in range(3):
        chat.at += timedelta(seconds=90)
        found += chat.say("你们到底管不管啊")
    assert any(isinstance(a, FlagAbuse) for a in found)


# ------------------------------------------------------ thanks for a finished order
@pytest.mark.parametrize(
    "said",
    [
        "上回说的路灯修好了 谢谢",
        "上次反映的下水道弄好了 多谢",
        "之前投诉的噪音解决了 谢谢你们",
        "俺上回报的那个井盖给盖上了 谢谢恁",
    ],
)
def test_thanks_for_a_finished_order_is_no_new_appeal(chat: Chat, said: str) -> None:
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert chat.flow == "idle"
    assert chat.ctx.say("thanks_reply") in texts(acts)
    assert not any(isinstance(a, (FindOrders, LookupOrder)) for a in acts)


# ------------------------------- full-width numbers; the channel identity is the proof
@pytest.mark.parametrize(
    "said",
    [
        "查询ＨＺ２０２６０３０２－０００１２３",
        "俺的单号是ＨＺ20260302-000123 办到哪了",
        "帮我查一下ｈｚ２０２６０３０２－０００１２３",
    ],
)
def test_a_full_width_order_number_is_looked_up_by_the_channel_identity(
    chat: Chat, said: str
) -> None:
    """The number in full-width letters and digits is the number; the chat that filed it
    is its proof, so the last four are asked only when the gateway finds it is not."""
    acts = chat.say(said)
    looked = [a for a in acts if isinstance(a, LookupOrder)]
    assert looked
    assert looked[0].number == "HZ20260302-000123"
    assert looked[0].own
    assert "后四位" not in texts(acts)
    acts = chat.feed(OrderFound(found=False, number="HZ20260302-000123"))
    assert "后四位" in texts(acts)
    acts = chat.say("1234")
    looked = [a for a in acts if isinstance(a, LookupOrder)]
    assert looked
    assert looked[0].phone_last4 == "1234"
    assert not looked[0].own
    acts = chat.feed(OrderFound(found=True, number="HZ20260302-000123", state_label="办理中"))
    assert "办理中" in texts(acts)


def test_an_order_of_the_same_chat_is_told_without_the_last_four(chat: Chat) -> None:
    chat.say("查询HZ20260302-000124")
    acts = chat.feed(OrderFound(found=True, number="HZ20260302-000124", state_label="已派单"))
    assert "已派单" in texts(acts)
    assert chat.flow == "idle"


# --------------------------------------------------------- ways out of a progress query
def _menu_progress(chat: Chat) -> None:
    """The welcome's menu, then its third item (查询工单进度): the number is asked."""
    chat.say("你好", nlu("你好", "greet"))
    chat.say("3")
    assert chat.flow == "progress"


@pytest.mark.parametrize("leave", ["算了", "不查了", "算了 不用了"])
def test_a_progress_query_from_the_menu_can_be_left(chat: Chat, leave: str) -> None:
    _menu_progress(chat)
    assert chat.flow == "progress"
    acts = chat.say(leave)
    assert chat.flow == "idle"
    assert "单号" not in texts(acts)
    assert "后四位" not in texts(acts)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("算了不查了 俺再反映个新的 楼下饭店半夜往下水道倒油 都堵了", "倒油"),
        ("不用查了 我想说另一个事 小区门口的路灯不亮了", "路灯不亮"),
    ],
)
def test_a_new_matter_after_a_progress_query_is_taken_down(
    chat: Chat, said: str, words: str
) -> None:
    chat.say("查询HZ20260302-000125")
    chat.feed(OrderFound(found=True, number="HZ20260302-000125", state_label="已派单"))
    acts = chat.say(said, nlu(said, category="城乡建设"))
    assert chat.flow == "intake", texts(acts)
    assert words in slots(chat).matter
    for w in ("算了", "不查了", "不用查了", "另一个事", "新的"):
        assert w not in slots(chat).matter


def test_a_new_matter_while_the_number_is_asked_is_taken_down(chat: Chat) -> None:
    _menu_progress(chat)
    said = "不查了 俺要反映个事 楼下饭店往下水道倒油"
    chat.say(said, nlu(said, category="城乡建设"))
    assert chat.flow == "intake"
    assert "倒油" in slots(chat).matter


# ----------------------------------------------------- a knowledge-base miss, asked again
def test_a_question_not_found_asked_again_is_no_loop(chat: Chat) -> None:
    """ "不是投诉 就想问问" during an intake: the matter is the question's subject; not
    found, the intake goes on; the same question again is never searched in a loop nor
    warned as abuse: an agent or the window is offered."""
    text = "医保卡的芯片坏了 刷不出来"
    chat.say(text, nlu(text, category="劳动和社会保障"))
    ask = "俺不是要投诉谁 就想问问咋换个新的"
    acts = chat.say(ask, nlu(ask, "ask_info"))
    search = [a for a in acts if isinstance(a, SearchKnowledge)]
    assert search
    assert "医保卡" in search[0].query
    chat.feed(KnowledgeFound(answers=()))
    for _ in range(3):
        chat.at += timedelta(seconds=61)  # not a quick re-send (those are said again)
        acts = chat.say(ask, nlu(ask, "ask_info"))
        assert not any(isinstance(a, (SearchKnowledge, FlagAbuse)) for a in acts)
        if any(isinstance(a, Handoff) for a in acts):
            break
        assert "人工" in texts(acts)


# ---------------------------------- the citizen's own records: a question, not (二)
@pytest.mark.parametrize(
    "said",
    [
        "我想看看我社保一共交了几年了 在哪能查到",
        "俺想查查俺的公积金账户里还有多少钱 去哪查",
        "我的医保缴费记录在哪能打印",
    ],
)
def test_how_to_look_up_ones_own_records_is_answered_online(chat: Chat, said: str) -> None:
    """Looking up one's own contributions is a public service asked how (第十二条:
    answered online first), not government information to apply for (第十三条(二))."""
    acts = chat.say(
        said,
        nlu(said, "ask_info", triage=TriageOutcome.LEGAL_CHANNEL, reason="政府信息公开"),
    )
    assert any(isinstance(a, SearchKnowledge) for a in acts)
    assert not any(isinstance(a, RecordDisposition) for a in acts)


def test_government_documents_are_still_referred(chat: Chat) -> None:
    said = "我要查看县里征地补偿的文件 他们不给看"
    acts = chat.say(
        said, nlu(said, "appeal", triage=TriageOutcome.LEGAL_CHANNEL, reason="政府信息公开")
    )
    assert RecordDisposition(disposition="referred", reason="政府信息公开") in acts


# ------------------------------------------------------------ a contact refused, heard
@pytest.mark.parametrize(
    "said", ["这个就不用了吧", "不告诉你们了 反正你们也不打电话", "就免了吧", "那个不用了"]
)
def test_a_contact_refused_in_other_words_is_heard_the_first_time(chat: Chat, said: str) -> None:
    text = "小区门口的路灯坏了"
    chat.say(text, nlu(text, category="城乡建设"))
    where = "牡丹区西城街道长江路幸福小区"
    chat.say(where, nlu(where, county="牡丹区", township="西城街道"))
    assert chat.state.step == "contact"
    chat.say(said)
    assert slots(chat).anonymous
    assert chat.state.step == "confirm"  # not asked for a phone again
    assert slots(chat).matter == text


# ------------------------------------------------------------- "robot or human?"
@pytest.mark.parametrize(
    "said",
    ["你是机器人还是真人啊", "你们这是人工还是自动回复", "我是在跟机器人聊天吗", "对面是真人吗"],
)
def test_robot_or_human_is_answered_not_handed_over(chat: Chat, said: str) -> None:
    """Asking what answers is no request for a person: the bot says what it is and how
    to reach one; a person is queued only when asked for."""
    acts = chat.say(said)
    assert not any(isinstance(a, Handoff) for a in acts)
    assert "智能" in texts(acts)
    assert "转人工" in texts(acts)
    assert chat.flow == "idle"
    acts = chat.say("转人工", nlu("转人工", "ask_human"))
    assert any(isinstance(a, Handoff) for a in acts)


def test_robot_or_human_during_an_intake_keeps_the_intake(chat: Chat) -> None:
    text = "菜市场门口天天堵车"
    chat.say(text, nlu(text, category="交通运输"))
    acts = chat.say("你是机器人吧")
    assert not any(isinstance(a, Handoff) for a in acts)
    assert chat.flow == "intake"
    assert chat.state.step == "where"
    assert "哪" in texts(acts)  # the open question again
    assert slots(chat).matter == text


# ------------------------------------------------------ "请讲" asks a question
@pytest.mark.parametrize("style", ["rich", "short"])
def test_go_on_after_an_opener_asks_what(wording: Wording, style: str) -> None:
    said = wording.say("ask_go_on", style)  # type: ignore[arg-type]
    assert said.rstrip().endswith("？"), said


def test_a_question_opener_gets_a_question(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    acts = chat.say("咨询个事")
    assert [a for a in acts if isinstance(a, Reply)]
    assert texts(acts).rstrip().endswith("？")


# --------------------------------------------------- long texts in bounded time (F02)
@pytest.mark.parametrize("unit", ["一", "两", "幺三九", "二零", "不对", "〇"])
def test_a_long_text_of_numerals_is_read_in_bounded_time(wording: Wording, unit: str) -> None:
    text = unit * (4999 // len(unit))
    started = time.process_time()
    read(text, None, wording, expecting="confirm")
    read(text, None, wording, expecting="place")
    read(text, None, wording)
    assert time.process_time() - started < 0.6


def test_facts_at_the_ends_of_a_long_text_are_still_read(wording: Wording) -> None:
    filler = "情况就是这样，" * 400
    r = read("电话13853001234 " + filler + "从上个月开始", None, wording)
    assert r.phone == "13853001234"
    assert r.since is not None
    assert "上个月" in r.since


def test_an_order_opened_after_pieces_keeps_them(chat: Chat) -> None:
    """The whole matter reaches the order (the receipt follows the read-back)."""
    chat.say("俺们村口")
    rest = "那个桥的栏杆断了一截 小孩上学天天走"
    chat.say(rest, nlu(rest, category="城乡建设"))
    chat.say("曹县青堌集镇", nlu("曹县青堌集镇", county="曹县", township="青堌集镇"))
    chat.say("匿名")
    assert "栏杆" in slots(chat).matter
    assert "村口" in slots(chat).matter
    acts = chat.say("确认")
    assert kinds(acts) == ["open_work_order"]
    chat.feed(OrderOpened(number="HZ20260302-000126", unit_name="曹县住建局", deadline=None))
