"""A chat held by an agent: the bot stays silent, yet a contact the citizen types there is
kept in the session, so the console's prefill and order offer it (trial12 P16: 「俺叫赵红梅
电话是 139 5300 7722 恁看着登记吧」 after the takeover).

The contact goes where the console reads the appeal (:func:`dialogs.state.appeal_facts`):
the intake's slots, the knowledge flow's facts, or the hand-off's facts (made when
missing, with the hand-off's question as the matter, as ``appeal_facts`` reads it).
"""

from __future__ import annotations

from dialogs.context import DialogContext
from dialogs.reading import read
from dialogs.state import (
    DialogState,
    HandoffFlow,
    HandoffSlots,
    IntakeFlow,
    IntakeSlots,
    KnowledgeFlow,
)
from nlu.types import NluResult

__all__ = ["note_contact"]


def note_contact(s: DialogState, text: str, nlu: NluResult | None, ctx: DialogContext) -> None:
    """Keep the name and phone ``text`` gives (read as an answer to the contact question)
    in the appeal's facts of ``s``; nothing else of the message is taken (the agent
    reads it). A refusal ("不留名") changes nothing: the agent asks and decides."""
    if not text.strip():
        return
    r = read(text, nlu, ctx.wording, expecting="contact")
    if r.phone is None and r.name is None:
        return
    flow = s.flow
    if isinstance(flow, IntakeFlow):
        facts = flow.slots
    elif isinstance(flow, KnowledgeFlow):
        facts = flow.slots.facts
    elif isinstance(flow, HandoffFlow):
        if flow.slots.facts is None:
            flow.slots.facts = IntakeSlots(matter=flow.slots.query or "")
        facts = flow.slots.facts
    else:  # claimed while idle (or in a lookup): the contact still reaches the agent
        facts = IntakeSlots()
        s.flow = HandoffFlow(slots=HandoffSlots(reason="agent_held", facts=facts))
    if r.phone is not None:
        facts.phone = r.phone
        facts.phone_refused = False
        facts.anonymous = False
    if r.name is not None:
        facts.name = r.name
        facts.anonymous = False
