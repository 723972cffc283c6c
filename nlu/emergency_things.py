"""An object that fell, leans or broke, told with nobody hurt (trial13 Q01 Q02 Q08).

"俺们村桥边上那个牌子倒了", "桥头那个限高杆也歪倒了", "电线杆子往路这边歪了", "俺们村里的路让
大车轧坏了": the detector's words ("桥边" of someone at a bridge's edge, "倒"/"歪" of a person
collapsing, "轧" of someone run over) belong to the object here. The citizen reports a
facility to clear or repair, no person hurt or in crisis: no emergency, no numbers; the
dialogue may still give a safety line that fits the object's words (a pole leaning over a
road: keep away, ``dialogs/hazards.py``).

Read by clauses: each object with its state ("牌子…倒了", "限高架让车撞歪了") is blanked,
and so are the places it stands beside ("桥边", "河边"); what is left must tell no person, no
harm to a body, no fire, gas, water, crime, crowd or vehicle in danger, and the object
is not live ("站牌带电"); an object hit by a vehicle is one hit some time ago
("消防栓让车撞歪了 一直往外滋水", trial14 T02), not just now ("刚让车撞了"). A road is
wrecked (轧坏, 压烂), never fallen. "墙倒了砸着人了", "树倒了压住车里有人",
"电线杆倒了电线冒火花", "有人从桥上跳下去了" stay emergencies. A span with a person
inside ("路上有个人被车撞倒了") is no object's state. Words:
``config/nlu/emergency_veto.yml`` (``object``, ``object_state``, ``road``, ``road_state``,
``object_place``, ``object_live``, ``object_person``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.emergency_concepts import concepts
from nlu.emergency_veto import alternation

#: Concepts of a person, a body hurt, an agent of danger or a cry for help: told beside
#: an object's state, the text is no longer a facility only.
_SOMEONE_OR_DANGER = frozenset(
    {
        "person",
        "vulnerable",
        "harm",
        "bodily",
        "immobile",
        "symptom",
        "help",
        "fire",
        "blaze",
        "alight",
        "smoke",
        "smoke_now",
        "smoke_filled",
        "gas",
        "gas_name",
        "violence",
        "crime",
        "selfharm",
        "farewell",
        "in_water",
        "buried",
        "buried_someone",
        "beneath",
        "inside",
        "shocked",
        "chemical",
        "chem_strong",
        "drank_poison",
        "flood",
        "vehicle",
        "trapped",
        "stranded",
        "on_ledge",
        "menace",
        "missing",
        "gone",
        "fall",
        "crowd",
        "crush",
        "crowd_crush",
        "hissing",
        "leaking",
        "gas_source",
    }
)
#: Concepts that may not stand inside an object's span: a person there is no object, a gas
#: pipe dug through or a fire is a danger whatever broke ("把燃气管挖断了").
_NOT_AN_OBJECT = frozenset(
    {
        "person",
        "vulnerable",
        "buried_someone",
        "beneath",
        "bodily",
        "gas",
        "gas_name",
        "gas_source",
        "fire",
        "blaze",
        "alight",
        "chemical",
        "chem_strong",
    }
)
#: A collision told as just now (an object hit some time ago has none of them).
_JUST = re.compile(r"刚|正在|这会儿|才将|眼下")
#: What separates clauses, and what may stand between an object and its state.
_GAP = r"[^\s，,。！!？?；;、]{0,8}?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alt = alternation

    state = f"{alt('object')}{_GAP}{alt('object_state')}|{alt('road')}{_GAP}{alt('road_state')}"
    blocks = f"{alt('object_live')}|{alt('object_person')}"
    return re.compile(state), re.compile(alt("object_place")), re.compile(blocks)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def object_only(text: str) -> bool:
    """True when ``text`` tells an object fallen, leaning or broken and nothing else of
    danger: no person, no harm to a body, no fire, gas, water, crime or vehicle beside it
    (see the module)."""
    states, places, blocks = _patterns()
    if blocks.search(text):
        return False  # "站牌带电": live to the touch; "马路上倒了个人": a person told bare
    rest = text
    found = hit = False
    for m in states.finditer(text):
        if not concepts(m.group(0)).isdisjoint(_NOT_AN_OBJECT):
            continue  # "路上有个人被车撞倒了": a person in the span
        if text[max(0, m.start() - 1) : m.start()] == "从":
            continue  # "从树上掉下来": someone fell from it
        rest = _blank(rest, m.start(), m.end())
        found = True
        hit = hit or "撞" in m.group(0)
    if not found:
        return False
    for m in places.finditer(rest):
        rest = _blank(rest, m.start(), m.end())
    if hit and ("just" in concepts(text) or _JUST.search(text)):
        return False  # "消防栓刚让车撞歪了": a collision just now, the driver maybe still there
    return concepts(rest).isdisjoint(_SOMEONE_OR_DANGER)
