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


def _bare_alarm(text: str, source: str, **kw: object) -> NluResult:
    """The NLU's alarm on a text, with nothing else found but what ``kw`` gives."""
    return replace(
        nlu(text, **kw),  # type: ignore[arg-type]
        triage=Triage(TriageOutcome.EMERGENCY, "可能有危险", service="119", services=("119",)),
        emergency=Emergency("emergency", ("119",), "fire", "可能有危险", 0.97, source=source),
    )


def test_a_model_alarm_on_a_bare_answer_is_out_of_context(chat: Chat) -> None:
    """A name and phone, or a place, given as the answer describe no danger: the model's
    alarm on them (scored 0.94-0.98 on "刘志刚 151…", "李村镇赵王河边上") is not the
    citizen's report, and the intake goes on without a number or a safety line."""
    text = "东明县渔沃街道的自来水发黄 有股怪味"
    chat.say(text, nlu(text, county="东明县", township="渔沃街道", category="城乡建设"))
    assert chat.state.step == "contact"
    acts = chat.say("郑秀兰 13953002468", _bare_alarm("郑秀兰 13953002468", "model"))
    assert not any(isinstance(a, Transfer) for a in acts)
    assert "119" not in texts(acts)
    assert chat.state.step == "confirm"
    where = Chat(chat.ctx)
    where.say(LAMP, nlu(LAMP, category="城乡建设"))
    answer = "成武县天宫庙镇西关桥头"
    acts = where.say(answer, _bare_alarm(answer, "model", county="成武县", township="天宫庙镇"))
    assert not any(isinstance(a, Transfer) for a in acts)
    assert where.state.step == "contact"


def test_an_answer_that_describes_a_danger_is_still_transferred(chat: Chat) -> None:
    text = "东明县渔沃街道的自来水发黄 有股怪味"
    chat.say(text, nlu(text, county="东明县", township="渔沃街道", category="城乡建设"))
    rule = chat.say("郑秀兰 13953002468", _bare_alarm("郑秀兰 13953002468", "rule"))
    assert isinstance(rule[0], Transfer)  # the NLU's rules always count
    again = Chat(chat.ctx)
    again.say(text, nlu(text, county="东明县", township="渔沃街道", category="城乡建设"))
    said = "郑秀兰 13953002468 楼下厨房冒黑烟了 好像烧起来了"
    acts = again.say(said, _bare_alarm(said, "model"))
    assert isinstance(acts[0], Transfer)  # more than the answer: the alarm stands


def test_a_model_alarm_on_a_refusal_is_out_of_context_but_not_on_a_yes_with_more(
    chat: Chat,
) -> None:
    text = "东明县渔沃街道的自来水发黄 有股怪味"
    chat.say(text, nlu(text, county="东明县", township="渔沃街道", category="城乡建设"))
    acts = chat.say("俺不留名了", _bare_alarm("俺不留名了", "model"))
    assert not any(isinstance(a, Transfer) for a in acts)
    assert slots(chat).anonymous
    again = Chat(chat.ctx)
    again.say(LAMP, nlu(LAMP, category="城乡建设"))
    said = "对 我家老人刚才晕过去了"
    acts = again.say(said, _bare_alarm(said, "model"))
    assert isinstance(acts[0], Transfer)
