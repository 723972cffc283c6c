"""Dialogue acts the dialogue manager relies on (issue 12): consult vs appeal vs small
talk, affirm/deny/cancel, refusals; each row stands for its kind."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine


@pytest.mark.parametrize(
    ("text", "act", "has_matter"),
    [
        # openers carry no matter: they must never become the appeal's content
        ("在吗", "small_talk", False),
        ("你好", "small_talk", False),
        ("问一下", "small_talk", False),
        ("您好，请问一下", "small_talk", False),
        ("喂 在不在", "small_talk", False),
        # consultations, with or without the question itself
        ("社保卡丢了 咋补办啊", "consult", True),
        ("我不是投诉 就是想问问", "consult", False),
        ("咨询一下", "consult", False),
        ("公积金提取需要什么材料", "consult", True),
        ("孩子上小学去哪报名", "consult", True),
        ("身份证过期了在哪换", "consult", True),
        # appeals, also when phrased as a question
        ("暖气不热，屋里冻死了", "appeal", True),
        ("小区门口的路灯坏了一个多月了怎么没人管", "appeal", True),
        ("我家停水两天了，啥时候来水", "appeal", True),
        # answers
        ("是的", "affirm", False),
        ("对，就这样", "affirm", False),
        ("不对", "deny", False),
        ("算了 还是不提交了", "cancel", False),
        ("算了不用了", "cancel", False),
        ("不反映了，撤销吧", "cancel", False),
        ("先不提交了", "cancel", False),
        ("谢谢", "thank", False),
        ("转人工", "human", False),
    ],
)
def test_acts(engine: EmbeddedEngine, text: str, act: str, has_matter: bool) -> None:
    result = engine.parse(text)
    assert (result.act, result.has_matter) == (act, has_matter), result.intent


def test_cancel_inside_a_matter_is_not_a_cancel(engine: EmbeddedEngine) -> None:
    result = engine.parse("社区把我家的低保取消了，也没有通知原因")
    assert result.act == "appeal"
    assert result.has_matter


@pytest.mark.parametrize(
    ("text", "declined"),
    [
        ("名字就不留了", ("name",)),
        ("不用留电话", ("phone",)),
        ("匿名", ("name", "phone")),
        ("不留了", ("any",)),
        ("电话就不留了，名字也保密", ("name", "phone")),
        ("我叫张伟", ()),
    ],
)
def test_refusals(engine: EmbeddedEngine, text: str, declined: tuple[str, ...]) -> None:
    result = engine.parse(text)
    assert result.declined == declined
    assert result.first("name") is None or not declined


def test_a_refusal_is_an_answer_not_an_appeal(engine: EmbeddedEngine) -> None:
    result = engine.parse("名字就不留了")
    assert result.act == "deny"
    assert not result.has_matter
    assert result.category is None
