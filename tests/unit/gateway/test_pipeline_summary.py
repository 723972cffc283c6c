"""gateway.pipeline.summary: the NLU summary of a turn's record, the stored state read
back, the replies kept for repeats (split out of the handler, issue 16)."""

from __future__ import annotations

import dataclasses
import json

from channels.messages import OutboundMessage
from dialogs import model as dm
from gateway.pipeline import nlu_summary
from gateway.pipeline.summary import dump_replies, load_replies, open_to_repeat, read_state
from nlu.types import (
    Category,
    Entity,
    Intent,
    NluResult,
    Territory,
    Triage,
    TriageOutcome,
)


def _asdict_summary(result: NluResult) -> dict[str, object]:
    """The summary as the handler built it before (``dataclasses.asdict``)."""
    return {
        "intent": result.intent.name,
        "intent_confidence": round(result.intent.confidence, 4),
        "category": dataclasses.asdict(result.category) if result.category else None,
        "triage": dataclasses.asdict(result.triage) if result.triage else None,
        "territory": dataclasses.asdict(result.territory) if result.territory else None,
        "entities": [{"type": e.type, "value": e.masked} for e in result.entities],
        "abusive": result.abusive,
    }


RESULTS = [
    NluResult(text="你好", intent=Intent("greet", 0.987654321)),
    NluResult(
        text="牡丹区某小区停水，电话13812345678",
        intent=Intent("appeal", 0.91),
        category=Category("城乡建设", "供水", 0.8123456, "utility:water", None, "keyword"),
        triage=Triage(TriageOutcome.EMERGENCY, "燃气泄漏", "119", "燃气", ("119", "120"), None),
        territory=Territory(county="牡丹区", township="西城街道", detail="某小区", place="某小区"),
        entities=(Entity("phone", "13812345678", "138****5678", 14, 25),),
        abusive=True,
    ),
    NluResult(
        text="去北京上访",
        intent=Intent("appeal", 0.5),
        triage=Triage(TriageOutcome.LEGAL_CHANNEL, "信访渠道", kind="petition"),
    ),
]


def test_the_summary_is_what_asdict_gave_and_is_json() -> None:
    for result in RESULTS:
        summary = nlu_summary(result)
        assert summary == _asdict_summary(result)
        assert json.loads(json.dumps(summary, ensure_ascii=False)) == json.loads(
            json.dumps(_asdict_summary(result), ensure_ascii=False)
        )
    assert nlu_summary(None) is None


def test_the_summary_masks_entities() -> None:
    summary = nlu_summary(RESULTS[1])
    assert summary is not None
    assert "13812345678" not in json.dumps(summary, ensure_ascii=False)
    assert summary["entities"] == [{"type": "phone", "value": "138****5678"}]


def test_a_stored_state_is_read_back_and_a_broken_one_replaced() -> None:
    state = dm.DialogState()
    assert read_state(state.model_dump_json(), "k") == state
    assert read_state(None, "k") == dm.DialogState()
    assert read_state('{"flow": 12', "k") == dm.DialogState()
    assert open_to_repeat(dm.DialogState())


def test_replies_kept_for_a_repeat_come_back_the_same() -> None:
    replies = [
        OutboundMessage(channel="wechat", account="a", recipient="u", text="您好，请讲"),
        OutboundMessage(channel="wechat", account="a", recipient="u", text="已受理 ①"),
    ]
    kept = dump_replies(replies)
    assert "您好" in kept  # not escaped
    assert load_replies(kept) == replies
    assert load_replies(dump_replies([])) == []


def test_the_claim_marker_follows_the_console_in_place() -> None:
    from gateway.kv import KEYS
    from gateway.kv.store import MemoryStore
    from gateway.pipeline import Pipeline
    from tests.unit.gateway.pipeline_fakes import FakeCases, FakeConsole, context_for, fake_step

    class Marked(FakeConsole):
        def claim_marker(self, conversation_key: str) -> str:
            return KEYS.console_claimed(conversation_key)

    p = Pipeline(
        store=MemoryStore(),
        nlu=None,  # type: ignore[arg-type]
        knowledge=None,
        cases=FakeCases(),
        console=FakeConsole(),
        media=None,
        adapters={},
        step=fake_step,
        context_for=context_for,
    )
    assert p._marker("web:web:u1") == ()
    assert p._marker("web:web:u1") == ()
    p.console = Marked()
    assert p._marker("web:web:u1") == (KEYS.console_claimed("web:web:u1"),)
    assert p._marker("web:web:u2") == (KEYS.console_claimed("web:web:u2"),)
    p.console = None
    assert p._marker("web:web:u1") == ()
