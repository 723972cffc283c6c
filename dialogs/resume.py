"""Back to what a lookup interrupted, and the ways out of a prompt (moved from
``dialogs.lookups``).

A progress query or a policy question asked in the middle of an intake ends with the
intake going on at the step it left, nothing of it lost; "谢谢" or "算了" leaves a prompt.
"""

from __future__ import annotations

from dialogs.common import Actions, go_idle
from dialogs.context import DialogContext
from dialogs.intake import reask
from dialogs.model import Reply
from dialogs.reading import Reading
from dialogs.state import DialogState, IntakeFlow, IntakeSlots, IntakeStep, ProgressFlow

__all__ = ["back_to_intake", "leave", "restore_intake", "resume_at"]


def leave(s: DialogState, r: Reading, ctx: DialogContext) -> Actions | None:
    """The ways out of a prompt: thanks, cancel; ``None`` for anything else."""
    flow = s.flow
    if (r.thanks or r.cancel) and isinstance(flow, ProgressFlow) and flow.slots.resume:
        return back_to_intake(s, flow, ctx)  # the query dropped, the appeal kept
    if r.thanks:
        go_idle(s)
        return [Reply(text=ctx.say("thanks_reply"))]
    if r.cancel:
        go_idle(s)
        return [Reply(text=ctx.say("flow_left"))]
    return None


def back_to_intake(s: DialogState, flow: ProgressFlow, ctx: DialogContext) -> Actions:
    """Back to the intake a progress query interrupted, its open question again."""
    return resume_at(s, flow.slots.facts or IntakeSlots(), flow.slots.resume or "what", ctx)


def restore_intake(s: DialogState, flow: ProgressFlow) -> None:
    """The interrupted intake active again, silently (the message is read in it)."""
    facts = flow.slots.facts or IntakeSlots()
    s.flow = IntakeFlow(step=flow.slots.resume or "what", slots=facts.model_copy(deep=True))
    s.memory.offered = []


def resume_at(s: DialogState, facts: IntakeSlots, step: IntakeStep, ctx: DialogContext) -> Actions:
    """The intake of ``facts`` active again at ``step``, its open question asked again."""
    intake = IntakeFlow(step=step, slots=facts.model_copy(deep=True))
    s.flow = intake
    s.memory.offered = []
    return [Reply(text=ctx.say("resume_intake")), *reask(s, intake, ctx)]
