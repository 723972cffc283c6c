"""What the dialogue does with words that are no whole matter (trial17; the words:
:mod:`dialogs.fragments`).

* talk about the conversation (「俺想拉呱拉呱」, 「有人没」, 「接着说」): a short answer, then the
  open question again (the intake under way goes on where it was, nothing of it lost);
* a place word alone (「门口」) before any matter: it is the place, the matter is asked for;
* a thing alone given to "where?" after a place word alone (「门口」 / 「路灯」): the matter's;
* 「还有一个事」 at the read-back: the matter read back is filed first, the other one is taken
  down after it as an order of its own (never added to the first);
* 「俺之前反映过 还没人管」 with no order number and no matter (第十三条(三)): the earlier
  order is looked for (its number, or the phone left with it), for 催办.
"""

from __future__ import annotations

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.fragments import chatter
from dialogs.intake import reask, start_intake
from dialogs.model import Reply, UserMessage
from dialogs.reading import Reading
from dialogs.resume import back_to_intake
from dialogs.state import (
    DialogState,
    IdleFlow,
    IntakeFlow,
    KnowledgeFlow,
    ProgressFlow,
)
from dialogs.urge_earlier import earlier_urged, start_urge

__all__ = ["chatter_turn", "talk_turn"]


def chatter_turn(s: DialogState, ev: UserMessage, r: Reading, ctx: DialogContext) -> Actions | None:
    """The answer to talk about the conversation itself, then the open question again;
    None when ``r`` is something else."""
    if ev.files or ev.location is not None or r.phone is not None or r.name is not None:
        return None
    if r.order_number is not None or r.fixes or r.cancel:
        return None
    key = chatter(r.plain)
    if key is None:
        return None
    flow = s.flow
    if key == "chatter_go_on" and isinstance(flow, (ProgressFlow, KnowledgeFlow)):
        if isinstance(flow, ProgressFlow) and flow.slots.resume is not None:
            return back_to_intake(s, flow, ctx)  # the query dropped, the appeal goes on
        return None
    if isinstance(flow, IntakeFlow):
        if flow.step == "submitting":
            return []
        told = flow.step != "what" or bool(flow.slots.matter)
        if key == "chatter_wait":
            return [Reply(text=ctx.say("chatter_wait"))]  # the question stays open
        if not told and key == "chatter_tell":
            return reask(s, flow, ctx)  # "俺想说道说道" to "what is it?": asked again
        if not told and key == "chatter_here":
            return [Reply(text=ctx.say("chatter_here_intake")), *reask(s, flow, ctx)]
        if not told:
            return [Reply(text=ctx.say(key))]  # it asks for the matter
        # no answer to the question asked, and no refusal of it: not counted as one
        # (:func:`dialogs.intake_questions.no_loop`)
        flow.slots.same_asks = max(flow.slots.same_asks - 1, 0)
        lead = {
            "chatter_go_on": "resume_intake",
            "chatter_here": "chatter_here_intake",
            "chatter_tell": "chatter_go_on",
            "chatter_chat": "chatter_chat_intake",
        }[key]
        return [Reply(text=ctx.say(lead)), *reask(s, flow, ctx)]
    if not isinstance(flow, IdleFlow):
        return None
    if key in ("chatter_chat", "chatter_go_on"):
        return [Reply(text=ctx.say(key))]
    if r.small_talk:
        return None  # "在吗" alone: the welcome (dispatch)
    if key == "chatter_tell":
        return start_intake(s, ev, None, ctx)  # "俺想说道说道": what is it?
    return [Reply(text=ctx.say("welcome_again"))]  # "等一下", "忙不忙": whenever ready


def talk_turn(s: DialogState, ev: UserMessage, r: Reading, ctx: DialogContext) -> Actions | None:
    """Talk about the conversation answered (:func:`chatter_turn`), or an earlier appeal
    urged without its number while no matter is under way (:func:`start_urge`); None for
    anything else."""
    told = chatter_turn(s, ev, r, ctx)
    if told is not None:
        return told
    flow = s.flow
    fresh = isinstance(flow, IdleFlow) or (
        isinstance(flow, IntakeFlow) and flow.step == "what" and not flow.slots.matter
    )
    if fresh and not ev.files and s.memory.told_order is None and earlier_urged(r):
        return start_urge(s, r, ctx)
    return None
