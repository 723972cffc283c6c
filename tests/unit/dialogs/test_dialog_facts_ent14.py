"""The readers of one message's facts (trial12 kinds: P05, P19 and the places round).

* names: 「联系人写王桂兰」, 「我姓孙 叫孙德福」, 「俺是孙德福」, 「俺是老孙家的 孙德福」 (whose
  or where from said between 俺是 and the name), a bare 「叫X」 only after a pause; never a
  name from 「恁帮俺叫个救护车吧」 (「个救护车」, trial12 P05) nor from 「名字就不留了」;
* since when: 「一个来月」, 「一个来星期」 (about a month, a week); 「前几天」 kept whole (it
  was 「几天」); 「一年比一年涨」 tells no start (it was 「一年」); a time not said, or not
  known, is None in the order (it was the placeholder 「未说明」, trial12 P19);
* places: a company by its registered name (xx商贸有限公司) is who the matter is about,
  not the spot, unless given as the place; 对过 / 斜对面 / 对门 answers are places.
"""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import OpenWorkOrder
from dialogs.reading import read
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts

MATTER = "俺们村没水吃 自来水一直不来"
WHERE = "单县 莱河镇 孙楼村"


def _at_confirm(chat: Chat) -> None:
    chat.say(MATTER, nlu(MATTER, category="城乡建设"))
    chat.say(WHERE, nlu(WHERE, county="单县", township="莱河镇"))
    chat.say("13953008811")
    assert chat.state.step == "confirm", chat.state.step


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("联系人写王桂兰", "王桂兰"),
        ("我姓孙 叫孙德福", "孙德福"),
        ("俺是孙德福", "孙德福"),
        ("俺是老孙家的 孙德福", "孙德福"),  # whose, then the name after 的
        # fresh wordings of the same kinds
        ("俺是东头老王家的，王秀云", "王秀云"),
        ("我姓刘 叫刘桂芝", "刘桂芝"),
        ("叫马文华", "马文华"),  # 叫 opening the message: after a pause
    ],
)
def test_a_name_at_the_read_back(ctx: DialogContext, said: str, name: str) -> None:
    chat = Chat(ctx)
    _at_confirm(chat)
    acts = chat.say(said)
    assert slots(chat).name == name
    assert slots(chat).matter == MATTER  # nothing of it added to the matter
    assert "补充" not in texts(acts)


@pytest.mark.parametrize(
    "said",
    [
        "恁帮俺叫个救护车吧 俺手抖得拨不了号 俺在曹县 青菏街道 万福小区6号楼",  # P05
        "俺叫了个车把老人送医院了",
        "快 叫车来",  # who is sent for
        "名字就不留了",
    ],
)
@pytest.mark.parametrize("expecting", ["matter", "contact", "confirm"])
def test_no_name_from_calling_for_help_or_a_refusal(
    wording: Wording, said: str, expecting: str
) -> None:
    assert read(said, None, wording, expecting=expecting).name is None  # type: ignore[arg-type]


def test_a_bare_called_name_needs_a_pause(wording: Wording) -> None:
    assert read("13853001234 叫王桂兰", None, wording, expecting="matter").name == "王桂兰"
    assert read("你去叫王桂兰", None, wording, expecting="matter").name is None


@pytest.mark.parametrize(
    ("said", "since"),
    [
        ("俺们小区门口的路灯坏了一个来月了", "一个来月"),
        ("楼道里的灯一个来星期不亮了", "一个来星期"),
        ("俺爹前几天坐120救护车去医院 收了六百多", "前几天"),  # P19: not 「几天」
        ("水管三天前就开始漏了", "三天前"),
        ("前两个月开始物业就不管垃圾了", "前两个月"),
        ("这三天水龙头放出来的水黄乎乎的", "三天"),  # a duration after 这 stays one
    ],
)
def test_since_when_is_read_whole(wording: Wording, said: str, since: str) -> None:
    assert read(said, None, wording, expecting="matter").since == since


@pytest.mark.parametrize(
    "said",
    [
        "物业费一年比一年涨 服务还越来越差",  # P19: not 「一年」
        "村里的路一天不如一天 坑越来越多",
        "这厂子一年到头都在排黑烟",
    ],
)
def test_a_comparison_over_time_is_no_start(wording: Wording, said: str) -> None:
    assert read(said, None, wording, expecting="matter").since is None


@pytest.mark.parametrize("since_answer", [None, "不知道"])
def test_a_missing_time_is_none_in_the_order(
    since_ctx: DialogContext, since_answer: str | None
) -> None:
    chat = Chat(since_ctx)
    chat.say(MATTER, nlu(MATTER, county="单县", category="城乡建设"))
    if since_answer is not None:
        chat.say(since_answer)
    chat.say("孙德福 13953008811")
    if chat.state.step != "confirm":
        chat.say("不知道")
    assert chat.state.step == "confirm", chat.state.step
    acts = chat.say("确认")
    draft = next(a.draft for a in acts if isinstance(a, OpenWorkOrder))
    assert draft.since is None  # never the placeholder 「未说明」 as data


def test_a_time_said_reaches_the_order(since_ctx: DialogContext) -> None:
    chat = Chat(since_ctx)
    chat.say(MATTER, nlu(MATTER, county="单县", category="城乡建设"))
    chat.say("一个来星期了")
    chat.say("孙德福 13953008811")
    acts = chat.say("确认")
    draft = next(a.draft for a in acts if isinstance(a, OpenWorkOrder))
    assert draft.since == "一个来星期"


@pytest.mark.parametrize(
    ("said", "county", "company"),
    [
        ("牡丹区恒通商贸有限公司拖欠俺三个月工资", "牡丹区", "恒通商贸有限公司"),
        ("定陶区华丰商贸有限公司欠俺货款不给", "定陶区", "华丰商贸有限公司"),
        ("曹县的鑫源实业集团卖假化肥", "曹县", "鑫源实业集团"),
    ],
)
def test_a_trade_named_company_is_no_spot(
    wording: Wording, said: str, county: str, company: str
) -> None:
    result = nlu(said, county=county, category="劳动社保")
    place = read(said, result, wording, expecting="matter").place
    assert place is not None
    assert place.county == county
    assert not place.detail or company not in place.detail


def test_a_trade_named_company_given_as_the_place_is_kept(wording: Wording) -> None:
    said = "牡丹区万福街道 恒通商贸有限公司"
    result = nlu(said, county="牡丹区", township="万福街道")
    place = read(said, result, wording, expecting="place").place
    assert place is not None
    assert place.detail == "恒通商贸有限公司"


@pytest.mark.parametrize("spot", ["超市斜对面", "学校对过", "卫生院对门"])
def test_facing_words_answer_where(wording: Wording, spot: str) -> None:
    place = read(spot, None, wording, expecting="place").place
    assert place is not None
    assert place.detail == spot
