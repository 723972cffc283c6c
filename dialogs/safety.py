"""Safety advice told first with an emergency (第十三条(一)), on every channel alike.

The situations that have standard advice (gas, fire, electrocution, drowning) are taken
from the NLU's finding (``Emergency.situation``) or, without it, from the citizen's words
(the wording table's ``safety_<situation>`` lists); the advice itself is the wording
table's ``safety_<situation>`` text (short on SMS and voice). Other situations get none:
the emergency sentence already says to keep safe.
"""

from __future__ import annotations

from dialogs.context import DialogContext
from dialogs.spoken import fold
from nlu.types import NluResult

__all__ = ["SITUATIONS", "safety_advice"]

# in the order a mixed message is read: a gas explosion is gas, a fire from a wire is
# electrocution's advice (cut the power) only when someone is shocked
SITUATIONS: tuple[str, ...] = ("gas", "electric", "drowning", "fire")
# the NLU's situations (config/nlu/emergency.yml) that share a standard advice
_ALIASES = {
    "gas": "gas",
    "fire": "fire",
    "electric": "electric",
    "drowning": "drowning",
}


def situation_of(nlu: NluResult | None, text: str, ctx: DialogContext) -> str | None:
    """The situation with standard advice: the NLU's, else the citizen's words."""
    found = nlu.emergency if nlu is not None else None
    if found is not None and found.situation in _ALIASES:
        return _ALIASES[found.situation]
    said = fold(text)
    for situation in SITUATIONS:
        if any(word in said for word in ctx.wording.words(f"safety_{situation}")):
            return situation
    return None


def safety_advice(nlu: NluResult | None, text: str, ctx: DialogContext) -> str:
    """The advice to give before the number ("" when the situation has none)."""
    situation = situation_of(nlu, text, ctx)
    if situation is None or f"safety_{situation}" not in ctx.wording.texts:
        return ""
    return ctx.say(f"safety_{situation}")
