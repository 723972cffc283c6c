"""第十三条 (四)-(六) of a known kind (``Triage.kind``, nlu/triage_kinds.py): the answer states
the kind's own rule and consequence, courteously, and no order is taken."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.model import RecordDisposition
from nlu.triage_kinds import kind_specs
from nlu.types import Triage
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, texts

CASES = [
    ("帮我把隔壁那家的狗毒死", "harm_animal", "persuaded", "治安管理处罚法"),
    ("欠钱不还 我想把他关在屋里", "confine", "persuaded", "非法拘禁"),
    ("这个号码是谁的 告诉我机主", "personal", "explained", "个人信息保护法"),
    ("对手公司投标报了多少 透露一下", "trade", "explained", "反不正当竞争法"),
    ("政府给我介绍个对象吧", "private_help", "rejected", "不予受理"),
]


@pytest.mark.parametrize(("text", "kind", "disposition", "rule"), CASES)
def test_a_known_kind_is_answered_with_its_rule(
    chat: Chat, text: str, kind: str, disposition: str, rule: str
) -> None:
    spec = kind_specs()[kind]
    found = Triage(spec.outcome, spec.reason, None, f"{kind}:{text}", (), kind)
    acts = chat.say(text, replace(nlu(text), triage=found))
    assert kinds(acts) == ["reply", "record_disposition"]
    said = texts(acts)
    assert rule in said
    assert said.startswith("您好")  # a greeting
    assert said.count("。") >= 2  # whole sentences
    assert acts[1] == RecordDisposition(disposition=disposition, reason=spec.reason)
    assert chat.flow == "idle"  # no intake started


def test_a_finding_without_a_kind_keeps_the_general_answer(chat: Chat) -> None:
    spec = kind_specs()["personal"]
    found = Triage(spec.outcome, "涉及他人个人信息", None, "rule")
    acts = chat.say("查一下他的住址", replace(nlu("查一下他的住址"), triage=found))
    assert "个人信息保护法" not in texts(acts)
    assert "他人个人信息" in texts(acts)


@pytest.mark.parametrize(
    ("kind", "told"),
    [("disclosure", "政府信息公开"), ("court", "人民法院"), ("corruption", "12388")],
)
def test_a_legal_channel_of_a_known_kind_names_that_channel(
    chat: Chat, kind: str, told: str
) -> None:
    text = "俺想要县里当初批的那个文件 上哪要去"  # no channel word of its own
    spec = kind_specs()[kind]
    found = Triage(spec.outcome, spec.reason, None, f"{kind}:{text}", (), kind)
    acts = chat.say(text, replace(nlu(text), triage=found))
    assert told in texts(acts)
    assert acts[1] == RecordDisposition(disposition="referred", reason=spec.reason)
