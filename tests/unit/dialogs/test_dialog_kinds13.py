"""Thirteenth round (trial9 N01 N10 N11 N12, F21): an emergency answer never loses the
citizen's ordinary matter (the intake goes on with it, the numbers told first); a third
person at risk gets the bystander's advice, not care words aimed at the reporter; a wire
down with nobody shocked is kept away from (95598), not a shock's first aid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from dialogs.model import OpenWorkOrder, Transfer
from dialogs.state import IntakeFlow, IntakeSlots, Place, ProgressFlow, ProgressSlots
from nlu.types import Category, Emergency, Intent, NluResult, Territory, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots, texts


def _alarm(
    text: str,
    services: tuple[str, ...],
    situation: str,
    beside: str | None = None,
    county: str | None = None,
    category: str = "城乡建设",
) -> NluResult:
    found = NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        category=Category(category, None, 0.8, "department:住建"),
        triage=Triage(TriageOutcome.EMERGENCY, "规则", service=services[0], services=services),
        emergency=Emergency("emergency", services, situation, "规则", 0.99, source="rule"),
        territory=Territory(county=county) if county else None,
        has_matter=True,
    )
    return found if beside is None else replace(found, beside=beside)


def _transfer_text(acts: Sequence[object]) -> str:
    return next(a for a in acts if isinstance(a, Transfer)).text


# ------------------------------------------------------ F21: the advice fits the person
@pytest.mark.parametrize(
    "said",
    [
        "楼顶上站着个小伙子 在边上来回走 看着不对劲",  # trial9 F21
        "天台边上坐着个姑娘 一直在哭",
        "河边有个老头来回转悠 看着像想不开",
        "桥栏杆外面站着个女的 喊她也不理",
    ],
)
def test_someone_else_at_risk_gets_the_bystanders_advice(chat: Chat, said: str) -> None:
    text = _transfer_text(chat.say(said, _alarm(said, ("110", "120"), "self_harm")))
    assert "留意对方" in text
    assert "您不是一个人" not in text
    assert text.index("留意对方") < text.index("110")


@pytest.mark.parametrize(
    "said",
    [
        "路边电线掉地上了 还冒火星子",  # trial9 F21
        "刮大风把电线刮断了 耷拉在路上 还噼里啪啦响",
        "村口的高压线断了一根 垂到地上了",
    ],
)
def test_a_wire_down_with_nobody_shocked_is_kept_away_from(chat: Chat, said: str) -> None:
    text = _transfer_text(chat.say(said, _alarm(said, ("119",), "electric")))
    assert "95598" in text
    assert "远离" in text
    assert "触电人员" not in text


@pytest.mark.parametrize(
    "said",
    ["有人被电打了 躺地上不动了", "俺爹摸电线触电了 手还粘着"],
)
def test_someone_shocked_keeps_the_first_aid(chat: Chat, said: str) -> None:
    text = _transfer_text(chat.say(said, _alarm(said, ("120",), "electric")))
    assert "切断电源" in text


# -------------------------------------------- the matter kept after an emergency answer
def _place(text: str, county: str) -> NluResult:
    return nlu(text, "appeal", county=county)


def _to_order(chat: Chat, place: str, county: str) -> OpenWorkOrder:
    acts = chat.say(place, _place(place, county))
    said = texts(acts)
    assert "具体说说" not in said, said
    for answer in ("匿名", "确认"):
        acts = chat.say(answer, nlu(answer, "deny" if answer == "匿名" else "affirm"))
        order = [a for a in acts if isinstance(a, OpenWorkOrder)]
        if order:
            return order[0]
    acts = chat.say("确认", nlu("确认", "affirm"))
    order = [a for a in acts if isinstance(a, OpenWorkOrder)]
    assert order, texts(acts)
    return order[0]


# the alarms classified as the trained NLU classifies them (农村农业, 政法: not the
# matter's 城乡建设): another event, not more of the matter (trial11 N05 keeps more words
# of the same matter, classified like it)
@pytest.mark.parametrize(
    ("matter", "alarm", "services", "situation", "place", "county", "kept", "category"),
    [
        (
            "小区停电一下午了 冰箱里的东西都坏了",
            "不好了 俺家楼道里着火了",
            ("119",),
            "fire",
            "牡丹区 西城街道 阳光小区",
            "牡丹区",
            "停电",
            "农村农业",
        ),
        (
            "村口的路让大车轧得坑坑洼洼",
            "有人打起来了 动刀子了",
            ("110",),
            "violence",
            "曹县 普连集镇 郭楼村",
            "曹县",
            "坑坑洼洼",
            "政法",
        ),
    ],
)
def test_an_emergency_during_an_intake_keeps_the_intake(
    chat: Chat,
    matter: str,
    alarm: str,
    services: tuple[str, ...],
    situation: str,
    place: str,
    county: str,
    kept: str,
    category: str,
) -> None:
    chat.say(matter, nlu(matter, "appeal", category="城乡建设"))
    assert slots(chat).matter
    acts = chat.say(alarm, _alarm(alarm, services, situation, category=category))
    transfer = next(a for a in acts if isinstance(a, Transfer))
    assert acts[0] is transfer  # the numbers first, before any question
    assert services[0] in transfer.text
    assert isinstance(chat.state.flow, IntakeFlow)
    assert kept in slots(chat).matter
    order = _to_order(chat, place, county)
    assert kept in order.draft.text
    assert alarm not in order.draft.text


@pytest.mark.parametrize(
    ("said", "beside", "services", "situation", "place", "county", "kept"),
    [
        (
            "小区停电一下午了 俺爹被困在电梯里了",
            "小区停电一下午了",
            ("119",),
            "trapped",
            "牡丹区 西城街道 阳光小区",
            "牡丹区",
            "停电",
        ),
        (
            "路口的红绿灯坏了三天了 刚才两辆车撞一块了 有人流血",
            "路口的红绿灯坏了三天了",
            ("122", "120"),
            "traffic",
            "郓城县 唐塔街道 水浒路口",
            "郓城县",
            "红绿灯",
        ),
    ],
)
def test_an_emergency_beside_a_matter_goes_on_with_the_matter(
    chat: Chat,
    said: str,
    beside: str,
    services: tuple[str, ...],
    situation: str,
    place: str,
    county: str,
    kept: str,
) -> None:
    acts = chat.say(said, _alarm(said, services, situation, beside=beside))
    assert isinstance(acts[0], Transfer)
    assert services[0] in acts[0].text
    assert isinstance(chat.state.flow, IntakeFlow)
    assert kept in slots(chat).matter
    order = _to_order(chat, place, county)
    assert kept in order.draft.text


@pytest.mark.parametrize(
    "said",
    ["俺爹喝了农药了 快来人啊", "有人掉河里了 在水里扑腾"],
)
def test_an_emergency_alone_starts_no_intake(chat: Chat, said: str) -> None:
    acts = chat.say(said, _alarm(said, ("120",), "poison"))
    assert isinstance(acts[0], Transfer)
    assert not isinstance(chat.state.flow, IntakeFlow)


def test_an_emergency_during_a_lookup_resumes_the_paused_intake(chat: Chat) -> None:
    """An intake paused by a progress lookup is not lost to an emergency either."""
    facts = IntakeSlots(matter="楼道的灯坏了半个月了", place=Place(county="单县"))
    paused = ProgressFlow(step="number", slots=ProgressSlots(facts=facts, resume="contact"))
    chat.state = chat.state.model_copy(update={"flow": paused})
    said = "楼下有人打架 动刀子了"
    acts = chat.say(said, _alarm(said, ("110",), "violence"))
    assert isinstance(acts[0], Transfer)
    assert isinstance(chat.state.flow, IntakeFlow)
    assert chat.state.flow.step == "contact"
    assert "楼道的灯" in slots(chat).matter
    assert len(acts) > 2  # the contact question asked again after the numbers
