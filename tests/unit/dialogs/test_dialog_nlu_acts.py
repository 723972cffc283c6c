"""The dialogue uses the NLU's dialogue acts, refusals, since/recurring spans and
emergency levels (issue 11's fields) when present; keyword lists cover their absence."""

from __future__ import annotations

from dataclasses import replace

from dialogs.context import DialogContext, Thresholds
from dialogs.model import Transfer
from dialogs.state import IdleFlow
from dialogs.wording import Wording
from nlu.types import Emergency, Entity, NluResult, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts

LAMP = "我家楼下路灯坏了，晚上黑乎乎的"


def test_a_refusal_the_nlu_recognised(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, county="牡丹区", category="城乡建设"))
    said = "这个就算了吧"  # no refusal word of ours; the NLU says the phone is declined
    chat.say(said, replace(nlu(said, "deny"), declined=("phone",)))
    assert slots(chat).anonymous is True


def test_cancel_by_the_nlus_act(chat: Chat) -> None:
    chat.say(LAMP, nlu(LAMP, category="城乡建设"))
    said = "那我不弄了哈"
    acts = chat.say(said, replace(nlu(said, "cancel"), act="cancel"))
    assert "取消" in texts(acts)
    assert isinstance(chat.state.flow, IdleFlow)


def test_since_and_recurring_spans(chat: Chat) -> None:
    text = "楼下烧烤摊每天晚上十一点以后还在吵，从开始供暖就这样"
    result = replace(
        nlu(text, county="牡丹区", category="环境保护"),
        entities=(
            Entity("recurring", "每天晚上十一点以后", "每天晚上十一点以后", 5, 14),
            Entity("since", "从开始供暖", "从开始供暖", 20, 25),
        ),
    )
    chat.say(text, result)
    assert slots(chat).since in ("开始供暖", "从开始供暖")


def test_every_number_of_an_emergency_is_told(chat: Chat) -> None:
    text = "有人打架 有人流了好多血"
    result = replace(
        nlu(text),
        triage=Triage(
            TriageOutcome.EMERGENCY, "斗殴且有人受伤", service="110", services=("110", "120")
        ),
    )
    acts = chat.say(text, result)
    assert isinstance(acts[0], Transfer)
    assert acts[0].service == "110"
    assert "110" in acts[0].text
    assert "120" in acts[0].text


def test_a_borderline_danger_gets_the_safety_line_and_the_dialogue_goes_on(chat: Chat) -> None:
    text = "小区里的井盖没了，晚上看不清怕有人掉下去"
    result = replace(
        nlu(text, county="牡丹区", category="城乡建设"),
        emergency=Emergency("borderline", ("110", "120"), "fall", "可能有危险", 0.4),
    )
    acts = chat.say(text, result)
    assert kinds(acts)[0] == "reply"
    assert "110" in texts(acts)
    assert slots(chat).matter == text
    assert chat.state.step == "contact"


def _alarm(text: str, source: str, score: float) -> NluResult:
    return replace(
        nlu(text, county="牡丹区", category="城乡建设"),
        triage=Triage(TriageOutcome.EMERGENCY, "可能有危险", service="110", services=("110",)),
        emergency=Emergency("emergency", ("110",), "violence", "可能有危险", score, source=source),
    )


def test_an_alarm_of_the_nlus_rules_is_always_transferred(chat: Chat) -> None:
    text = "楼道灯坏了好几天了，晚上有人打架"
    acts = chat.say(text, _alarm(text, "rule", 0.99))
    assert isinstance(acts[0], Transfer)


def test_an_unsure_model_alarm_tells_the_number_and_keeps_the_appeal(chat: Chat) -> None:
    text = "我们楼道的灯全都不亮了 摸黑上下楼"
    acts = chat.say(text, _alarm(text, "model", 0.29))
    assert not any(isinstance(a, Transfer) for a in acts)
    assert "110" in texts(acts)  # the number at once, as a safety line
    assert slots(chat).matter == text  # the appeal goes on
    sure = Chat(chat.ctx)
    acts = sure.say(text, _alarm(text, "model", 0.95))
    assert isinstance(acts[0], Transfer)


def test_a_centre_may_transfer_every_alarm(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("web", wording, Thresholds(model_alarm_min_score=0.0)))
    text = "我们楼道的灯全都不亮了 摸黑上下楼"
    acts = chat.say(text, _alarm(text, "model", 0.29))
    assert isinstance(acts[0], Transfer)
