"""Safety advice told first with an emergency (第十三条(一)), on every channel alike.

The situations that have standard advice (gas, fire, electrocution, drowning) are taken
from the NLU's finding (``Emergency.situation``) or, without it, from the citizen's words
(the wording table's ``safety_<situation>`` lists); the advice itself is the wording
table's ``safety_<situation>`` text (short on SMS and voice). Other situations get none:
the emergency sentence already says to keep safe.

The advice must fit what the citizen said (trial8 F21), or none is given: a fire of a
transformer or a wire is kept away from (``fire_electric``), a pan on fire is covered
(``fire_pan``); a wire down with nobody shocked is kept away from (``live_wire``, 95598);
"drowning" with nobody said to be in the water is a person at risk by the
water (``at_risk``: keep them in sight, speak to them), else no advice; a wish to die is
heard with care first (``self_harm``: the 12356 psychological-aid line beside 110); the
same finding about someone the citizen sees (站着个小伙子) is the bystander's advice.
A field, straw-stack or forest fire (``fire_field``) and a vehicle on fire
(``fire_vehicle``) are got away from, never fought alone; domestic violence
(``domestic_violence``) is told the way to safety and the 12338 line of the women's
federation (妇联维权热线) beside 110 (fourteenth round).
"""

from __future__ import annotations

import re

from dialogs.context import DialogContext
from dialogs.spoken import fold
from nlu.types import NluResult

__all__ = ["SITUATIONS", "safety_advice"]

# in the order a mixed message is read: a gas explosion is gas, a fire from a wire is
# electrocution's advice (cut the power) only when someone is shocked
SITUATIONS: tuple[str, ...] = ("gas", "electric", "drowning", "fire", "domestic_violence")
# the NLU's situations (config/nlu/emergency.yml) that share a standard advice
_ALIASES = {
    "gas": "gas",
    "fire": "fire",
    "electric": "electric",
    "drowning": "drowning",
    "domestic_violence": "domestic_violence",
}


#: Someone else at risk (the citizen reports them): no care words addressed to the citizen.
_SOMEONE_ELSE = re.compile(
    r"有人|有个|一个人|他|她|那人|那个人"
    # someone seen there (trial9 F21: "楼顶上站着个小伙子"): a stranger, by who they are
    r"|[站坐蹲躺趴]着(?:一)?个|小伙|姑娘|男的|女的|老头|老太|大爷|大娘|小孩|年轻人|学生|妇女"
    r"|(?:老公|老婆|对象|儿子|闺女|女儿|孩子|哥|姐|弟|妹|爹|娘|爸|妈|朋友|同事|邻居)"
    r"(?:说|发|在|要|站|蹲|坐|一直|关机|不接|留)"
)


def situation_of(nlu: NluResult | None, text: str, ctx: DialogContext) -> str | None:
    """The situation with standard advice: the NLU's, else the citizen's words."""
    found = nlu.emergency if nlu is not None else None
    said = fold(text)
    if found is not None and found.situation == "self_harm":
        if _SOMEONE_ELSE.search(said) is None:
            return "self_harm"  # the citizen's own despair: care first
        return "at_risk" if _says(said, ctx, "at_risk") else None
    if found is not None and found.situation in _ALIASES:
        return _fitting(_ALIASES[found.situation], said, ctx)
    for situation in SITUATIONS:
        if _says(said, ctx, situation):
            return _fitting(situation, said, ctx)
    return None


def _says(said: str, ctx: DialogContext, key: str) -> bool:
    """True when ``said`` holds one of the wording table's ``safety_<key>`` words."""
    return any(word in said for word in ctx.wording.words(f"safety_{key}"))


def _fitting(situation: str, said: str, ctx: DialogContext) -> str | None:
    """The advice that fits ``situation`` as the citizen told it (None: none fits)."""
    if situation == "fire":
        for special in ("fire_pan", "fire_electric", "fire_vehicle", "fire_field"):
            if _says(said, ctx, special):
                return special
    if situation == "electric" and not _says(said, ctx, "electric"):
        # a wire down, nobody shocked (trial9 F21): keep away, 95598; no shock first aid
        return "live_wire" if _says(said, ctx, "fire_electric") else None
    if situation == "drowning" and not _says(said, ctx, "in_water"):
        # nobody said to be in the water: a person at risk by the water, or no advice
        return "at_risk" if _says(said, ctx, "at_risk") else None
    return situation


def safety_advice(nlu: NluResult | None, text: str, ctx: DialogContext) -> str:
    """The advice to give before the number ("" when the situation has none)."""
    situation = situation_of(nlu, text, ctx)
    if situation is None or f"safety_{situation}" not in ctx.wording.texts:
        return ""
    return ctx.say(f"safety_{situation}")
