"""第十三条(五): the centre asked to have a penalty undone through connections (违章给俺消了,
俺表哥在局里) is persuaded, never filed, and no model alarm outranks it; a complaint about
a penalty or a question about one's own record stays an appeal (fresh7 f7-095)."""

from __future__ import annotations

import pytest

from nlu.triage import other_triage, request_over_emergency
from nlu.types import TriageOutcome


@pytest.mark.parametrize(
    "text",
    [
        "俺的车有六个违章 恁跟交警说一声给俺消了呗 俺表哥在局里",  # fresh7 f7-095
        "罚款三千 能不能帮俺免了 俺舅舅在局里",
        "我有三个违章 你们给交警队说说帮我删掉",
        "扣的分能不能帮我撤了 我同学在交警队上班",
        "俺表哥在交警队 恁跟他说说把俺那罚单免了",
    ],
)
def test_a_penalty_undone_by_favour_is_persuaded(text: str) -> None:
    found = other_triage(text)
    assert found is not None
    assert found.outcome == TriageOutcome.UNLAWFUL, found
    assert found.kind == "evade"
    # a model alarm on the same words ("局里") gives way to the request
    assert request_over_emergency(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "违章停车的太多了 你们管管",
        "我的违章记录是不是错了 明明没闯红灯 能帮我查查吗",
        "城管罚了俺五百块 凭啥 一个卖菜的",
        "俺表哥在局里上班 说这个事归你们管 路灯坏了半个月了",
    ],
)
def test_a_penalty_complained_of_is_no_favour(text: str) -> None:
    found = other_triage(text)
    assert found is None or found.kind != "evade", found
