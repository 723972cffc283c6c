"""How an emergency number is named to the citizen and on the record (第十三条(一)).

119 answers fires and every other rescue (someone trapped, in the water, under what fell, a
chemical leak, a snake in a home). It is named 「火警」 only when the reason of the alarm tells
a fire or gas (a smoke, a blaze, an explosion); any other rescue is 「消防救援」, the
service's own name. The dialogue (:func:`dialogs.common.named`) and the dispatch desk
(:mod:`casebridge.emergency.desk`) name it by this one rule, from the reason the NLU wrote
(``nlu.emergency_numbers`` writes the fire into the reason whenever it tells 119 for one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FIRE = "火警"
RESCUE = "消防救援"

#: Words of a fire or gas in a reason ("涉及火情", "疑似燃气泄漏或爆炸", "起火危险").
_FIRE_WORDS = re.compile(r"火|燃气|煤气|天然气|液化气|沼气|爆炸|浓烟|冒烟")


def tells_fire(reason: str) -> bool:
    """True when ``reason`` tells a fire or gas (the cases 119 is 「火警」)."""
    return _FIRE_WORDS.search(reason) is not None


def named(service: str, names: Mapping[str, str], reason: str = "") -> str:
    """The name of ``service`` for an alarm given for ``reason``: 119 「火警」 for a fire or
    gas, 「消防救援」 otherwise (no reason known: the service's own name); the other numbers
    as ``names`` (the caller's table) names them."""
    if service == "119":
        return FIRE if tells_fire(reason) else RESCUE
    return names.get(service, service)
