"""A matter outside Heze (第十三条(六)): the NLU names where it is (``place_outside``);
the citizen is told courteously that this hotline serves Heze and where to turn (the
12345 hotline of that place), and no order is opened."""

from __future__ import annotations

from dialogs.common import Actions, go_idle
from dialogs.context import DialogContext
from dialogs.model import RecordDisposition, Reply
from dialogs.state import DialogState, IntakeFlow
from nlu.types import NluResult


def outside_heze(
    s: DialogState, nlu: NluResult | None, has_matter: bool, ctx: DialogContext
) -> Actions | None:
    """The answer for a matter the NLU places outside Heze, None otherwise: said with a
    matter, or as the answer to "where?" of an intake with no county of Heze yet."""
    place = nlu.place_outside if nlu is not None else None
    if not place:
        return None
    flow = s.flow
    if isinstance(flow, IntakeFlow):
        if flow.slots.place.county or flow.step not in ("what", "where"):
            return None  # a Heze county is known: another place named is not where it is
    elif not has_matter:
        return None
    go_idle(s)
    return [
        Reply(text=ctx.say("place_outside", place=place)),
        RecordDisposition(disposition="rejected", reason=f"事发地在{place}，不属菏泽市行政区域"),
    ]
