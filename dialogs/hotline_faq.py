"""A question about the hotline itself answered from its own entries (issue 12, trial17).

「你们几点上班」, 「能投诉啥」, 「12345是干啥的」, 「打12345要钱吗」 (:mod:`nlu.hotline_questions`)
are searched in the knowledge base with the hotline named, so the answer is one of
config/knowledge/rexian.yml (《菏泽市12345政务服务便民热线条例》第二条、第八条 ...): never an
intake of the question as a matter, never a unit's office hours. Asked in the middle of an
intake, the intake goes on at its open question once the answer is given.
"""

from __future__ import annotations

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.lookups import start_knowledge
from dialogs.model import DialogState
from dialogs.reading import Reading
from dialogs.state import IdleFlow, IntakeFlow, KnowledgeFlow
from nlu.hotline_questions import hotline_query, hotline_topic

__all__ = ["hotline_question"]


def hotline_question(s: DialogState, r: Reading, ctx: DialogContext) -> Actions | None:
    """The knowledge search of a message that only asks about the hotline, else None."""
    topic = hotline_topic(r.plain)
    if r.order_number is not None or r.phone is not None or topic is None:
        return None
    query = hotline_query(r.text, topic)
    flow = s.flow
    if isinstance(flow, IdleFlow | KnowledgeFlow):
        return start_knowledge(s, query, ctx)
    if isinstance(flow, IntakeFlow) and flow.step != "submitting":
        resume = flow.step if flow.slots.matter or flow.step != "what" else None
        return start_knowledge(s, query, ctx, facts=flow.slots, resume=resume)
    return None
