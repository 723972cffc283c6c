"""Twelfth round (trial9 N02 N05 N07 N08 F01 F11 F12 F13): an answer goes to the slot it
is, not to the slot asked for. A place or a place corrected at "since when?" is a place
(开始时间 left 未说明); a time corrected is the time, whole (去年秋天); a time said out of
turn is read as the time question reads it; a name beside a refused phone is kept; a
refusal inside the first message keeps its words; an opener in any wording asks what
it is about; an earlier appeal's missing news is a progress query."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import FindOrders
from dialogs.reading import read
from dialogs.state import IntakeFlow
from dialogs.wording import Wording
from nlu.refusals import declined
from nlu.types import Intent, NluResult, Territory
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts


def at(
    text: str,
    county: str | None = None,
    township: str | None = None,
    detail: str | None = None,
    intent: str = "appeal",
    confidence: float = 0.8,
) -> NluResult:
    """An NluResult with the territory as the shipped NLU gives it."""
    territory = Territory(county=county, township=township, detail=detail)
    return NluResult(
        text=text,
        intent=Intent(intent, confidence),
        territory=territory if county or township or detail else None,
    )


OPENING = "牡丹区 西城街道 阳光小区 路灯坏了"
MATTER = "路灯坏了"  # the place said before it is 发生地点's (trial10 N15)


def _at_since(since_ctx: DialogContext) -> Chat:
    """A chat asked "since when?" after a matter told with its place."""
    chat = Chat(since_ctx)
    acts = chat.say(OPENING, at(OPENING, "牡丹区", "西城街道", "阳光小区"))
    assert "什么时候开始" in texts(acts)
    return chat


def _at_contact(chat: Chat) -> None:
    """Answer "since when?" with "不知道" so that the contact is asked."""
    acts = chat.say("不知道", nlu("不知道", "unknown", confidence=0.1))
    assert "手机号码" in texts(acts), texts(acts)


# ------------------------------------- N02 F12: a place answering "since when?"
@pytest.mark.parametrize(
    ("answer", "county", "township", "want_county", "want_township"),
    [
        ("牡丹区", "牡丹区", None, "牡丹区", "西城街道"),  # trial9 N02
        ("说错了 是东城街道 不是西城街道", "牡丹区", "东城街道", "牡丹区", "东城街道"),  # F12
        ("地方说错了 是北城街道", "牡丹区", "北城街道", "牡丹区", "北城街道"),
        ("不对 是东城街道", None, "东城街道", "牡丹区", "东城街道"),
        ("不是牡丹区 是定陶区", "定陶区", None, "定陶区", None),
    ],
)
def test_a_place_answering_since_when_is_a_place_never_the_time(
    since_ctx: DialogContext,
    answer: str,
    county: str | None,
    township: str | None,
    want_county: str,
    want_township: str | None,
) -> None:
    """What answers "since when?" is a time only if it says one: a county or a place
    corrected goes to the place, and 开始时间 stays 未说明. A county alone is not asked
    again; a correction is said back and the time asked once more (trial17 02)."""
    chat = _at_since(since_ctx)
    acts = chat.say(answer, at(answer, county, township))
    sl = slots(chat)
    assert sl.since is None, sl.since
    assert sl.place.county == want_county
    if want_township is not None:
        assert sl.place.township == want_township
    asked_again = "什么时候开始" in texts(acts)
    assert asked_again == (answer != "牡丹区"), texts(acts)
    if asked_again:
        acts = chat.say("记不清了", nlu("记不清了", "dont_know"))
        assert "什么时候开始" not in texts(acts)  # asked once more, not a third time
    acts = chat.say("匿名", nlu("匿名", "deny"))
    said = texts(acts)
    assert "开始时间：未说明" in said, said
    assert answer not in said.split("开始时间：")[1]


@pytest.mark.parametrize(
    ("answer", "phone", "name"),
    [
        ("俺姓王 13853001234", "13853001234", "王"),
        ("孙立强 13953006677", "13953006677", "孙立强"),
    ],
)
def test_a_contact_answering_since_when_is_the_contact(
    since_ctx: DialogContext, answer: str, phone: str, name: str
) -> None:
    chat = _at_since(since_ctx)
    chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    sl = slots(chat)
    assert sl.since is None
    assert (sl.phone, sl.name) == (phone, name)


@pytest.mark.parametrize("answer", ["上个月开始的", "从去年冬天就这样", "打从过完年就这样了"])
def test_a_time_answering_the_contact_question_is_the_time(
    since_ctx: DialogContext, answer: str
) -> None:
    chat = _at_since(since_ctx)
    _at_contact(chat)
    chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    sl = slots(chat)
    assert sl.since
    assert sl.since in answer
    assert sl.name is None
    assert sl.phone is None
    assert not sl.anonymous


def test_a_place_answering_the_contact_question_is_the_place(since_ctx: DialogContext) -> None:
    chat = _at_since(since_ctx)
    _at_contact(chat)
    answer = "牡丹区 西城街道 阳光小区 5号楼"
    chat.say(answer, at(answer, "牡丹区", "西城街道", "阳光小区5号楼"))
    sl = slots(chat)
    assert sl.name is None
    assert sl.since == "未说明"
    assert "5号楼" in (sl.place.address() or "")


# --------------------------------------------- N08: a time corrected, kept whole
@pytest.mark.parametrize(
    ("answer", "since"),
    [
        ("不对 是去年秋天的事", "去年秋天"),  # trial9 N08
        ("不对 是前年冬天的事", "前年冬天"),
        ("说错了 是今年开春那会儿", "今年开春"),
        ("不对 是去年十月的事", "去年十月"),
        ("不是上个月 是去年十月", "去年十月"),  # the right value, not the wrong one
        ("时间说错了 不是前天 是上周三", "上周三"),
        ("不对 是上个月十五号开始的", "上个月十五号"),  # the day of the month kept
        ("不对，是半个月了 不是一个礼拜", "半个月"),  # the right value said first
    ],
)
@pytest.mark.parametrize("where", ["since", "contact", "confirm"])
def test_a_time_corrected_is_the_time_whole_never_an_addition(
    since_ctx: DialogContext, answer: str, since: str, where: str
) -> None:
    """ "不对 是去年秋天的事" at the time question, the contact question or the read-back:
    开始时间 is the whole expression, and nothing is added to the matter."""
    chat = _at_since(since_ctx)
    if where in ("contact", "confirm"):
        _at_contact(chat)
    if where == "confirm":
        acts = chat.say("匿名", nlu("匿名", "deny"))
        assert "请您核对" in texts(acts)
    chat.say(answer, nlu(answer, "appeal", category="城乡建设", confidence=0.7))
    sl = slots(chat)
    assert sl.since == since
    assert sl.matter == MATTER, sl.matter  # the opening's matter, nothing added


# ---------------------------------------- N05: one parser, asked or out of turn
TIMES = [
    ("从今年开春", "今年开春"),  # trial9 N05
    ("去年就这样", "去年"),
    ("今年夏天开始的", "今年夏天"),
    ("打从去年冬天就这样", "去年冬天"),
    ("从上个月中旬", "上个月中旬"),
    ("自打过完年", "过完年"),
    ("从前年秋天起", "前年秋天"),
]


@pytest.mark.parametrize(("answer", "since"), TIMES)
def test_a_time_reads_the_same_asked_or_out_of_turn(
    wording: Wording, answer: str, since: str
) -> None:
    found = {
        expecting: read(answer, None, wording, expecting=expecting).since
        for expecting in ("since", "contact", "place")
    }
    assert set(found.values()) == {since}, found


@pytest.mark.parametrize(("answer", "since"), TIMES[:4])
def test_a_time_said_at_the_contact_question_is_kept(
    since_ctx: DialogContext, answer: str, since: str
) -> None:
    chat = Chat(since_ctx)
    opening = "俺们庄上那个坑塘臭得不行"
    chat.say(opening, at(opening, "鄄城县", "旧城镇", "李楼村"))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    flow.slots.since_asked = True  # the time question was not asked: the contact is
    chat.state = chat.state.model_copy(update={"flow": flow})
    acts = chat.say("好的", nlu("好的", "affirm"))
    assert "手机号码" in texts(acts), texts(acts)
    chat.say(answer, nlu(answer, "unknown", confidence=0.1))
    chat.say("俺姓孔 13853001188", nlu("俺姓孔 13853001188", "unknown", confidence=0.1))
    assert slots(chat).since == since


# -------------------------------------- F11: a refused phone with a name keeps it
@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("手机号就算了吧 俺是张国强", "张国强"),  # trial9 F11
        ("电话就免了 我姓刘", "刘"),
        ("号码不方便 叫我王师傅就行", "王师傅"),
        ("手机就不留了 俺是李秀英", "李秀英"),
        ("电话甭留了 俺叫赵大山", "赵大山"),
    ],
)
def test_a_refused_phone_keeps_the_name_given(
    since_ctx: DialogContext, answer: str, name: str
) -> None:
    chat = _at_since(since_ctx)
    _at_contact(chat)
    refused = NluResult(text=answer, intent=Intent("deny", 0.8), declined=declined(answer))
    acts = chat.say(answer, refused)
    sl = slots(chat)
    assert (sl.name, sl.phone, sl.anonymous) == (name, None, False)
    assert f"{name}（未留电话）" in texts(acts)


# --------------------------------- N07: a refusal in the first message, words kept
@pytest.mark.parametrize(
    ("opening", "matter"),
    [
        ("俺不留名 也不留电话 你们就说管不管吧 小区门口的路灯坏了", "小区门口的路灯坏了"),
        ("我不留名字 也不留手机 楼下饭店油烟太大了", "楼下饭店油烟太大了"),
        ("号码就不给了 也不给电话 村口的桥塌了一块", "村口的桥塌了一块"),
    ],
)
def test_a_refusal_in_the_first_message_never_loses_a_word(
    chat: Chat, opening: str, matter: str
) -> None:
    """The matter keeps the citizen's words (or the refusal clause whole), never a
    sentence with a word cut out of it."""
    chat.say(opening, nlu(opening, "appeal", category="城乡建设"))
    sl = slots(chat)
    assert sl.anonymous
    assert matter in sl.matter
    head = sl.matter[: sl.matter.index(matter)].split()
    said = opening[: opening.index(matter)].split()
    assert all(clause in said for clause in head), (head, said)


# --------------------------------------------- F01: openers in any wording
@pytest.mark.parametrize(
    "opener",
    [
        "俺寻思跟恁说个事儿",  # trial9 F01
        "俺寻思跟恁反映个情况",
        "俺想跟恁们唠唠个事儿",
        "有个事想麻烦恁们",
        "恁好 俺来说个事儿哈",
    ],
)
def test_an_opener_without_content_asks_what_it_is_about(
    chat: Chat, wording: Wording, opener: str
) -> None:
    acts = chat.say(opener, nlu(opener, "appeal", category="城乡建设"))
    assert texts(acts) == wording.say("ask_what", "rich")
    assert not slots(chat).matter


@pytest.mark.parametrize("opener", ["俺有点事想问问恁", "俺有个事儿想打听打听", "想跟您请教个问题"])
def test_an_asking_opener_is_no_question_looked_up(chat: Chat, opener: str) -> None:
    """ "俺有点事想问问恁": a question is coming; never a knowledge search of the opener
    ("暂未查到…") nor an intake of it."""
    acts = chat.say(opener, nlu(opener, "ask_info", confidence=0.6))
    assert [a.type for a in acts] == ["reply"], acts
    assert "请讲" in texts(acts)
    assert not isinstance(chat.state.flow, IntakeFlow)


@pytest.mark.parametrize(
    ("said", "matter"),
    [
        ("俺寻思跟恁说个事儿 俺们村的路让大车轧坏了", "俺们村的路让大车轧坏了"),
        ("有个事想麻烦恁们 楼上天天往下扔垃圾", "楼上天天往下扔垃圾"),
    ],
)
def test_an_opener_before_the_matter_leaves_the_matter(chat: Chat, said: str, matter: str) -> None:
    chat.say(said, nlu(said, "appeal", category="城乡建设"))
    assert slots(chat).matter == matter


# ------------------------------ F13: an earlier appeal's missing news is a query
@pytest.mark.parametrize(
    "said",
    [
        "上回打12345说的那个事 咋还没信儿",  # trial9 F13
        "上个月在网上反映的那个事 到现在还没个回音",
        "俺之前打热线说的下水道 咋到现在还没动静",
        "上次打电话报的路灯 怎么还不来修",
        "前些天留言反映的噪音 一直没人给个说法",
    ],
)
def test_news_of_an_earlier_appeal_asked_is_a_progress_query(chat: Chat, said: str) -> None:
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设", confidence=0.7))
    assert acts == [FindOrders()], texts(acts)


@pytest.mark.parametrize(
    "said",
    [
        "俺家楼道的灯坏了 咋还没人修",  # no earlier appeal: a matter
        "上回说的下水道修好了 这次是路灯坏了",  # the earlier one done, a new one told
    ],
)
def test_a_new_matter_is_no_progress_query(chat: Chat, said: str) -> None:
    acts = chat.say(said, nlu(said, "appeal", category="城乡建设", confidence=0.7))
    assert not any(isinstance(a, FindOrders) for a in acts)
    assert chat.state.flow.name in ("intake", "knowledge")
