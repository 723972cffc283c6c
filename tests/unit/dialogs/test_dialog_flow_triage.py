"""Flow tests of 第十三条 outcomes (emergency, triage, a repeated matter) and of abuse."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    RecordDisposition,
    Transfer,
)
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, not_theirs, slots, texts

APPEAL = "我家小区门口的路灯坏了一个多星期，晚上走路很不安全"


# ----------------------------------------------------------------- 第十三条 outcomes
@pytest.mark.parametrize(
    ("service", "number"), [("110", "110"), ("119", "119"), ("120", "120"), ("122", "122")]
)
def test_emergency_first_even_mid_intake(chat: Chat, service: str, number: str) -> None:
    chat.say(APPEAL, nlu(APPEAL))
    acts = chat.say(
        "快来人", nlu("快来人", triage=TriageOutcome.EMERGENCY, service=service, reason="紧急")
    )
    assert isinstance(acts[0], Transfer)
    assert acts[0].service == service
    assert number in acts[0].text
    assert "立即拨打" in acts[0].text
    # the numbers first; the intake under way goes on with its matter (trial9 N01 N11)
    assert kinds(acts)[:2] == ["transfer", "record_disposition"]
    assert chat.flow == "intake"
    assert "路灯" in slots(chat).matter


def test_emergency_without_nlu_uses_keywords(chat: Chat) -> None:
    acts = chat.say("楼道里着火了", None)
    assert isinstance(acts[0], Transfer)
    assert acts[0].service == "119"


def test_emergency_overrides_throttle(chat: Chat) -> None:
    chat.state = chat.state.model_copy(update={"throttled_until": T0 + timedelta(hours=1)})
    acts = chat.say("有人持刀", nlu("有人持刀", triage=TriageOutcome.EMERGENCY, service="110"))
    assert acts[0].type == "transfer"


TRIAGE_TABLE = [
    (TriageOutcome.LEGAL_CHANNEL, "referred", "受理案件的人民法院"),  # the court, named
    (TriageOutcome.SECRET_PRIVACY, "explained", "个人信息"),
    (TriageOutcome.UNLAWFUL, "persuaded", "法律"),
    (TriageOutcome.UNACCEPTABLE, "rejected", "不予受理"),
]


@pytest.mark.parametrize(("outcome", "disposition", "phrase"), TRIAGE_TABLE)
def test_triage_outcomes(chat: Chat, outcome: TriageOutcome, disposition: str, phrase: str) -> None:
    text = "这件事我已经起诉到法院了，请热线帮我催一下"
    acts = chat.say(text, nlu(text, triage=outcome, reason="不属于行政管理事项"))
    assert kinds(acts) == ["reply", "record_disposition"]
    assert phrase in texts(acts)
    assert acts[1] == RecordDisposition(disposition=disposition, reason="不属于行政管理事项")
    assert chat.flow == "idle"


def test_repeat_matter_tells_progress(chat: Chat) -> None:
    text = "HZ20260301-000009 这个路灯的事又来问一下"
    acts = chat.say(
        text,
        nlu(
            text,
            triage=TriageOutcome.REPEAT,
            reason="同一诉求",
            entities=(("order_no", "HZ20260301-000009"),),
        ),
    )
    assert kinds(acts)[:2] == ["record_disposition", "reply"]
    assert chat.flow == "progress"
    not_theirs(chat, acts)  # looked up by the chat's identity first; not its own
    assert chat.state.step == "phone"


# ----------------------------------------------------------------------------- abuse
def test_repeated_identical_messages_warn_then_throttle(chat: Chat) -> None:
    chat.say("你们到底管不管啊")
    chat.say("你们到底管不管啊")
    acts = chat.say("你们到底管不管啊")
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert "第十一条" in texts(acts)
    assert acts[1].kind == "repeat"  # type: ignore[union-attr]
    acts = chat.say("你们到底管不管啊")
    assert kinds(acts) == ["flag_abuse", "reply", "handoff"]
    assert chat.state.throttled_until is not None
    assert chat.say("你们到底管不管啊") == []  # throttled: silent (the turn is still recorded)


def test_insult_with_genuine_appeal_is_still_taken_down(chat: Chat) -> None:
    text = "你们这帮废物！巨野县我家门口的下水道堵了半个月了"
    acts = chat.say(text, nlu(text, abusive=True, county="巨野县", category="城乡建设"))
    assert kinds(acts)[:2] == ["reply", "flag_abuse"]
    assert acts[1].kind == "insult"  # type: ignore[union-attr]
    assert chat.flow == "intake"
    assert "下水道" in slots(chat).matter


def test_pure_insult_is_warned_and_not_an_appeal(chat: Chat) -> None:
    acts = chat.say("废物", nlu("废物", "unknown", abusive=True))
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert chat.flow == "idle"


def test_threat_is_its_own_kind(chat: Chat) -> None:
    acts = chat.say("再不办我让你们好看", None)
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert acts[1].kind == "threat"  # type: ignore[union-attr]


def test_flooding(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    flagged = []
    for i in range(14):
        chat.at = T0 + timedelta(seconds=i * 2) - timedelta(seconds=10)
        acts = chat.say(f"第{i}条消息内容")
        flagged += [a for a in acts if a.type == "flag_abuse"]
    assert flagged
    assert flagged[0].kind == "flood"


@pytest.mark.parametrize(
    "text", ["我想骂人 你们都是废物", "你们这帮骗子 一群饭桶", "你们是垃圾！白痴！"]
)
def test_an_insult_in_several_words_is_warned_and_not_an_appeal(chat: Chat, text: str) -> None:
    """trial3 F05: the NLU gave the insult a category and its length passed the check,
    so 「我想骂人 你们都是废物」 got the warning and then 「请问这件事发生在哪里？」."""
    acts = chat.say(text, nlu(text, abusive=True, category="城乡建设"))
    assert kinds(acts) == ["reply", "flag_abuse"]
    assert chat.flow == "idle"
    assert "在哪" not in texts(acts)
