"""Property, not a person (trial14 T03 T10): an appeal about a vehicle or a door blocked in,
or about property a known party took away, told in the detector's words.

* **blocked in**: "有个车天天锁在俺家车库门口 堵着俺的车出不去" — "锁在", "堵着", "出不去" are
  words of someone shut in, but here the one who cannot get out is a vehicle, and what is
  blocked is a garage, a gate, a door: a parking appeal (kind ``"blocked_in"``);
* **taken by a known party**: "物业给俺把锁剪了 车也推走了", "城管把俺的三轮车拉走了",
  "交警把俺的车拖走了": "剪锁", "推走" are a thief's words, but the one who took it is named
  (物业, 城管, 交警, 房东, 单位 ...): a dispute to register, not a theft going on (kind
  ``"taken_by_party"``).

Each span of the kind (the vehicle stuck, the door blocked, the vehicle parked or locked
somewhere, the party and what it did) is blanked; what is left must tell no person shut in,
ill, hurt or in danger, no fire, gas or water, no violence, no thief. "俺被锁在屋里出不去了
着火了", "孩子反锁在车里", "电梯里困着人", "俺的电动车刚让人偷了", "有人在撬俺家门" stay
emergencies. Words: ``config/nlu/emergency_veto.yml`` (``blocked_place``, ``block``,
``parked``, ``party``, ``party_act``, ``thief``). Pure functions, no I/O but the cached
lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.emergency_concepts import concepts
from nlu.emergency_veto import alternation, someone_in_trouble

#: Concepts that, left once the kind's spans are blanked, tell someone or something in
#: danger: the property is no longer the whole matter.
_DANGER = frozenset(
    {
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
        "beating",
        "crime",
        "theft_now",
        "stolen",
        "intrusion",
        "stranger",
        "menace",
        "selfharm",
        "farewell",
        "in_water",
        "flood",
        "buried",
        "buried_someone",
        "beneath",
        "inside",
        "shocked",
        "chemical",
        "chem_strong",
        "drank_poison",
        "trapped",
        "stranded",
        "held",
        "on_ledge",
        "missing",
        "gone",
        "abducted",
        "fall",
        "crush",
        "crowd_crush",
        "hissing",
        "leaking",
        "stopped",
        "motorway",
        "reckless",
        "chaos",
        "animal",
        "wild_animal",
        "attacking",
    }
)
#: Concepts of a person the kind's span may not hold ("把俺孩子锁在车里了").
_SOMEONE = frozenset({"vulnerable", "beneath", "buried_someone", "bodily", "held", "abducted"})
#: What stops a vehicle getting out (as in ``nlu.emergency_veto``'s ``vehicle_stuck``).
_STUCK = (
    r"(?:出不去|出不来|进不去|进不来|过不去|开不出去|开不进来|开不出来|开不进去|挪不出来"
    r"|倒不出来)"
)
#: A collision: whatever is blocked, an accident is told.
_COLLISION = re.compile(r"撞|追尾|翻车|侧翻|刮倒|碾")
#: Within one clause.
_GAP = r"[^\s，,。！!？?；;]"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alt = alternation

    vehicle = r"车(?:子|辆)?"
    garage = r"(?:车库门|车库|车位|车棚)"
    place, block, parked = alt("blocked_place"), alt("block"), alt("parked")
    # what tells that the one blocked in is a vehicle: 俺的车出不去, 出不去车, 堵着俺的车,
    # 车库门口让人堵了
    core = "|".join(
        (
            rf"{vehicle}(?:都|也|就|根本|还)?{_STUCK}|{_STUCK}了?车",
            rf"{block}{_GAP}{{0,6}}?(?:{garage}|{vehicle})(?:口|门口)?(?:都|也|就)?{_STUCK}?",
            rf"{garage}(?:口|门口)?(?:让|被|叫|给)?{_GAP}{{0,6}}?{block}",
        )
    )
    # what else such an appeal tells: the door blocked (大门被堵上了), the vehicle left at
    # a door or in a garage (车天天锁在俺家车库门口)
    extra = "|".join(
        (
            rf"{place}(?:口|门口)?(?:让|被|叫|给)?{_GAP}{{0,6}}?{block}",
            rf"{vehicle}{_GAP}{{0,4}}?{parked}{_GAP}{{0,4}}?{place}(?:口|门口|里|里头|里边)?",
        )
    )
    taken = rf"{alt('party')}{_GAP}{{0,10}}?{alt('party_act')}"
    return re.compile(core), re.compile(extra), re.compile(taken), re.compile(alt("thief"))


def _rest(text: str, pattern: re.Pattern[str]) -> str | None:
    """``text`` with each span of ``pattern`` blanked, or None when there is none or one
    holds a person."""
    rest, found = text, False
    for m in pattern.finditer(text):
        if not concepts(m.group(0)).isdisjoint(_SOMEONE):
            return None  # "把孩子锁在车里": a person in the span
        rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
        found = True
    return rest if found else None


def _calm(text: str, rest: str) -> bool:
    c = concepts(rest)
    return c.isdisjoint(_DANGER) and not someone_in_trouble(text, concepts(text))


def property_kind(text: str) -> str | None:
    """``"blocked_in"`` or ``"taken_by_party"`` when ``text`` tells property of that kind
    and nothing else of danger (see the module), otherwise None."""
    core, extra, taken, thief = _patterns()
    if thief.search(text) or _COLLISION.search(text):
        return None  # "让人偷了", "有人在撬": a thief; "俩车撞一块了堵死了": an accident
    rest = _rest(text, taken)
    if rest is not None:
        # the property the party took may have been parked or blocked somewhere too
        rest = _rest(rest, extra) or rest
        return "taken_by_party" if _calm(text, rest) else None
    rest = _rest(text, core)
    if rest is not None:
        rest = _rest(rest, extra) or rest
        return "blocked_in" if _calm(text, rest) else None
    return None
