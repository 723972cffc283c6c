"""A safety line for a hazard with nobody in danger now (trial10 N01), then the intake.

A leaning pole, a wire down with nobody near, a loose billboard, a cracked wall, a smell of
gas in the street for days: no emergency (no transfer, no numbers first: the NLU's veto,
``nlu.emergency_veto``, or its worry reading, ``nlu.emergency_appeal.hazard_report``,
took the alarm down, or none was raised), an appeal taken down as usual; but a call-taker
first tells a short line that fits: keep away and keep others away, 95598 for power, the
gas company's emergency line (119 if the smell is strong) for gas.

What fits is read from the citizen's words (the wording table's ``hazard_<kind>`` lists:
a thing and its state in one clause, "电线杆子歪了", "广告牌摇摇晃晃的"); a finding the
NLU took down as a hazard (``NluResult.hazard``: ``"hazard"``, ``"worry"``) with no such
words gets the general line. Ordinary appeals get none. Pure: no I/O.
"""

from __future__ import annotations

import re

from dialogs.context import DialogContext
from dialogs.spoken import fold
from dialogs.state import DialogState, IntakeFlow
from nlu.types import NluResult

__all__ = ["hazard_kind", "hazard_line"]

#: Clauses of a message (a thing and its state are read in one clause).
_CLAUSES = re.compile(r"[^\s，,。！!？?；;、]+")
#: The kinds with a line of their own, in the order a mixed message is read ("water": tap
#: or well water the citizen asks whether to drink: not until tested, trial17).
_KINDS = ("gas", "power", "fall", "water")
#: The NLU's kinds of a hazard with nobody in danger that get the general line at least
#: (``nlu.emergency_veto.vetoed``'s "hazard" and "fixture_gone", a manhole left open;
#: "worry" for a danger told only as a worry).
_NLU_HAZARDS = frozenset({"hazard", "fixture_gone", "worry"})


def _says(clause: str, ctx: DialogContext, key: str) -> bool:
    return any(word in clause for word in ctx.wording.words(key))


def hazard_kind(nlu: NluResult | None, text: str, ctx: DialogContext) -> str | None:
    """The line that fits ``text`` (``"gas"``, ``"power"``, ``"fall"``, ``"water"``,
    ``"general"``), or
    None: no hazard told, or an emergency or a possible one (its own numbers and advice)."""
    if nlu is not None and (nlu.emergency is not None or nlu.triage is not None):
        return None  # an emergency, a possible one or a 第十三条 case: handled on its own
    clauses = _CLAUSES.findall(fold(text))
    for kind in _KINDS:
        # the water and the worry of drinking it are told apart ("自来水黄的 能喝不")
        for clause in [" ".join(clauses)] if kind == "water" else clauses:
            if kind == "gas" and _says(clause, ctx, "hazard_gas"):
                return kind
            thing = kind != "gas" and _says(clause, ctx, f"hazard_{kind}")
            if thing and _says(clause, ctx, f"hazard_{kind}_state"):
                return kind
    if nlu is not None and nlu.hazard in _NLU_HAZARDS:
        return "general"
    return None


def hazard_line(s: DialogState, nlu: NluResult | None, text: str, ctx: DialogContext) -> str | None:
    """The safety line to tell before the intake goes on, or None. Told with the message
    that describes the matter (not with the answer to a later question of the intake)."""
    flow = s.flow
    if isinstance(flow, IntakeFlow) and flow.step != "what":
        return None
    kind = hazard_kind(nlu, text, ctx)
    return None if kind is None else ctx.say(f"hazard_{kind}")
