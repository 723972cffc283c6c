"""The dialogue acts of the development table acts_dev11.yml (issue 12), row by row:
refusals of name / phone / both worded any way (这个可不能留名, 号码就算了, 不想让单位知道
是谁反映的), withdrawals (来水了 不用了), complaints in question form (交了暖气费屋里冰凉
这算啥事) and the negatives of each (物业连电话都不留, 我算了算 多收了两百)."""

from __future__ import annotations

import pytest

from nlu import questions, refusals, withdrawal
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.acts_rows import Row, load_rows, problems

ROWS = load_rows("acts_dev11")


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.group}-{i}" for i, r in enumerate(ROWS)])
def test_dev_row(engine: EmbeddedEngine, row: Row) -> None:
    assert problems(row, engine.parse(row.text)) == [], row.text


@pytest.mark.parametrize(
    ("text", "declined"),
    [
        # object first, negation first, both named, identity, fear of being known
        ("号码就算了", ("phone",)),
        ("俺叫啥就别问了", ("name",)),
        ("别写我名儿", ("name",)),
        ("名字电话都不留", ("name", "phone")),
        ("我的身份不能暴露", ("name", "phone")),
        ("这个可不能留名 叫村里知道了还了得", ("name", "phone")),
        ("别让他们知道是我举报的", ("name", "phone")),
        ("回访电话就别打了", ("phone",)),
        # a name refused, a phone offered in the next clause
        ("名字就免了 电话你们有", ("name",)),
        # somebody else's refusal told in a matter, or no refusal at all
        ("物业连个电话都不留", ()),
        ("客服不提供电话", ()),
        ("孩子上学学校不给报名", ()),
        ("医院不给挂号", ()),
        ("夜里骑车一不留神就掉下去了", ()),
        ("可以留名 我不怕", ()),
        # a bare refusal answers whatever was asked; a bare "no" is not one
        ("不想给", ("any",)),
        ("不", ()),
        ("不对", ()),
    ],
)
def test_refusal_parts(text: str, declined: tuple[str, ...]) -> None:
    assert refusals.declined(text) == declined


def test_a_refusal_is_never_a_name(engine: EmbeddedEngine) -> None:
    result = engine.parse("俺不敢留名 那伙人可横")
    assert result.first("name") is None
    assert result.act == "deny"
    assert set(result.declined) == {"name", "phone"}


@pytest.mark.parametrize(
    ("text", "withdrawn"),
    [
        ("来水了 不用了", True),
        ("已经修好了就不用报了", True),
        ("你们别管了", True),
        ("帮我把这个撤了", True),
        ("这单作废", True),
        # left to the dialogue: its meaning is the question's
        ("不用了", False),
        # the problem gone is no withdrawal on its own; a third party's words are not
        # the citizen's; something cancelled for the citizen is a matter; a question
        ("已经修好了", False),
        ("物业一直不管", False),
        ("他们说不用管", False),
        ("村里把俺的补贴取消了", False),
        ("我的工单撤销了吗", False),
        ("我算了一下 多交了三百", False),
    ],
)
def test_withdrawal_parts(text: str, withdrawn: bool) -> None:
    assert withdrawal.withdrawn(text) is withdrawn


def test_a_refusal_of_contact_is_no_cancel(engine: EmbeddedEngine) -> None:
    result = engine.parse("电话算了吧")
    assert result.act == "deny"
    assert result.declined == ("phone",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # paid and not served, or paid and asking for one's money back: a complaint
        ("暖气费都交了 屋里才十二度 咋回事", "matter"),
        ("办了年卡 店关门了 找谁退钱", "matter"),
        # a rule broken, asked back; unreason reproached; fraud
        ("不是不让在路边烧烤吗 天天有人烤到半夜", "matter"),
        ("这是个啥理", "matter"),
        ("农资店卖假化肥 谁管", "matter"),
        # a negation stated is no question (the intent model decides); bought and useless
        # is a complaint
        ("一点用没有", None),
        ("买的药一点用没有", "matter"),
        # paying is no grievance on its own; a procedure stays a question
        ("交了暖气费 发票在哪开", "question"),
        ("共享单车乱停放找谁", "question"),
        ("工伤赔偿找哪个部门", "question"),
    ],
)
def test_question_or_complaint_parts(text: str, kind: str | None) -> None:
    assert questions.reading(text) == kind
